# SPDX-License-Identifier: MIT
# ctest's r_testthat: the package's testthat suite against the installed package (R_LIBS).
args <- commandArgs(trailingOnly = TRUE)
library(testthat)
library(tradewar)
res <- test_dir(args[1], reporter = "summary", stop_on_failure = TRUE)
