library(testthat)
library(tradewar)
test_check("tradewar")
