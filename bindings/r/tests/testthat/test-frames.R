# SPDX-License-Identifier: MIT
# tw_solve builds its countries, trade and output data frames in C from the library's results;
# they must be identical() to reading them from the solve document (the JSON path), which
# test-solve.R compares with the command line to the last printed digit.

json_path <- function(m, shock) {
  json <- tradewar:::.tw_check(.Call(tradewar:::C_tw_r_solve, m$ptr, shock, shock))
  tradewar:::.tw_empty_warnings(tradewar:::.tw_document(json))
}

same_as_json <- function(m, shock) {
  r <- tw_solve(m, shock = shock, warn = FALSE)
  ref <- json_path(m, shock)
  for (t in c("countries", "trade", "output")) {
    expect_identical(r[[t]], ref[[t]], info = t)
    # Column types too (identical() compares them; stated for the reader of a failure).
    expect_identical(vapply(r[[t]], typeof, ""), vapply(ref[[t]], typeof, ""), info = t)
  }
  # The whole solution, but for the wall times in the solver reports.
  strip <- function(x) {
    x$solver$seconds <- x$baseline_solver$seconds <- 0
    attr(x, "json") <- NULL
    class(x) <- NULL
    x
  }
  class(ref) <- "tradewar_solution"
  expect_identical(strip(r), strip(ref))
  expect_identical(names(r), names(ref))
  r
}

test_that("the C-built tables are the JSON path's (cp1993, NAFTA)", {
  need_tree()
  m <- tw_model(tw_world_load(tree("data", "cp1993")), deficits = "zero")
  r <- same_as_json(m, tree("data", "cp1993", "nafta_2005.csv"))
  expect_equal(dim(r$output), c(31L * 40L, 10L))
  # The document holds nulls (a change from zero trade): NA in both.
  expect_true(anyNA(r$trade$change_pct) || anyNA(r$output$change_pct))
})

test_that("the C-built tables are the JSON path's with nulls everywhere (no change)", {
  need_tree()
  f <- tiny_frames()
  m <- tw_model(tw_world_from_frames(f$countries, f$sectors, f$flows, f$tariffs))
  # A shock that changes nothing: no sector drives anything (top_sector null in every row,
  # a logical NA column as the reader makes it).
  shock <- tempfile(fileext = ".csv")
  on.exit(unlink(shock))
  writeLines(c("importer,exporter,sector,tariff", "HOME,FOR,AGR,5%"), shock)
  r <- same_as_json(m, shock)
  expect_identical(typeof(r$countries$top_sector), "logical")
  # And a real shock on the same world.
  writeLines(c("importer,exporter,sector,tariff", "HOME,FOR,*,30%"), shock)
  r <- same_as_json(m, shock)
  expect_identical(typeof(r$countries$top_sector), "character")
})
