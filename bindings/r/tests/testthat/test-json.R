# SPDX-License-Identifier: MIT
# The package's reader of the library's JSON documents (src/json_r.c): the shapes it makes,
# and bad text (every truncation and 2,000 random byte changes of a real document) is an R
# error or a value, never a crash.
parse_json <- function(x) .Call(tradewar:::C_tw_r_json_parse, x)

test_that("documents become lists, vectors and data frames", {
  d <- parse_json(paste0('{"a":1.5,"b":"x\\u00e9\\n","c":[1,null,3],"d":[{"k":1,"s":"p"},',
                         '{"k":null,"s":"q"}],"e":[],"f":[true,false],"g":null,',
                         '"h":[{"k":1},{"j":2}],"i":[1,"a"],"big":1.5e-07,"neg":-0.00125}'))
  expect_identical(d$a, 1.5)
  expect_identical(d$b, "x\u00e9\n")
  expect_identical(d$c, c(1, NA, 3))
  expect_identical(d$d, data.frame(k = c(1, NA), s = c("p", "q")))
  expect_identical(d$e, list())
  expect_identical(d$f, c(TRUE, FALSE))
  expect_null(d$g)
  expect_true(is.list(d$h) && !is.data.frame(d$h))
  expect_identical(d$i, list(1, "a"))
  expect_identical(d$big, 1.5e-07)
  expect_identical(d$neg, -0.00125)
})

test_that("bad documents are errors, not crashes", {
  need_tree()
  m <- tw_model(tw_world_load(tree("tests", "data", "tiny")))
  shock <- tempfile(fileext = ".csv")
  writeLines(c("importer,exporter,sector,tariff", "HOME,FOR,goods,0.5"), shock)
  doc <- attr(tw_solve(m, shock, warn = FALSE), "json")
  n <- nchar(doc, type = "bytes")
  for (k in seq(1L, n - 2L, by = 7L))
    expect_error(parse_json(substr(doc, 1L, k)), "not a JSON document")
  set.seed(15)
  bytes <- charToRaw(doc)
  alphabet <- charToRaw("{}[]\",:\\u0123456789.e-+ntfx ")
  for (k in 1:2000) {
    b <- bytes
    at <- sample.int(length(b), 3L)
    b[at] <- sample(alphabet, 3L, replace = TRUE)
    r <- tryCatch(parse_json(rawToChar(b)), error = function(e) e)
    expect_true(inherits(r, "error") || is.list(r) || is.atomic(r))
  }
})
