# SPDX-License-Identifier: MIT
test_that("a solve is the command line's to the last printed digit (cp1993, NAFTA)", {
  need_tree()
  shock <- tree("data", "cp1993", "nafta_2005.csv")
  ref <- run_cli("solve", "--world", tree("data", "cp1993"), "--shock", shock,
                 "--deficits", "zero", "--json")
  expect_equal(ref$status, 0L)
  m <- tw_model(tw_world_load(tree("data", "cp1993")), deficits = "zero")
  r <- tw_solve(m, shock = shock)
  # The whole document, byte for byte, but for the wall times.
  expect_identical(no_seconds(attr(r, "json")), no_seconds(ref$out))
  # The data frames: every numeric column of countries, trade and output against the
  # program's text, and the codes.
  parts <- list(countries = c("countries", "trade"), trade = c("trade", "output"),
                output = c("output", "baseline_solver"))
  for (p in names(parts)) {
    seg <- segment(ref$out, parts[[p]][1], parts[[p]][2])
    df <- r[[p]]
    expect_true(is.data.frame(df))
    for (col in names(df)) {
      if (is.numeric(df[[col]])) {
        tok <- tokens(seg, col)
        expect_equal(length(tok), nrow(df), info = paste(p, col))
        expect_true(same_digits(df[[col]], tok), info = paste(p, col))
      }
    }
  }
  expect_equal(nrow(r$countries), 31L)
  expect_equal(nrow(r$trade), 31L * 30L)
  expect_equal(nrow(r$output), 31L * 40L)
  expect_true(all(c("code", "real_income_pct", "tot_pct", "vot_pct") %in% names(r$countries)))
  expect_identical(r$countries$code, tw_world_load(tree("data", "cp1993"))$countries$code)
  expect_identical(r$shock, shock)
})

test_that("a shipped world by name and a shock as a data frame give the same solve", {
  need_tree()
  withr_env <- Sys.getenv("TRADEWAR_DATA")
  Sys.setenv(TRADEWAR_DATA = tree("data"))
  on.exit(Sys.setenv(TRADEWAR_DATA = withr_env))
  w <- tw_world_load("cp1993")
  expect_equal(w$name, "cp1993")
  expect_equal(nrow(w$countries), 31L)
  expect_equal(nrow(w$sectors), 40L)
  m <- tw_model(w, deficits = "zero")
  shock <- tree("data", "cp1993", "nafta_2005.csv")
  # Read as text, so that the numbers reach the library as the file writes them.
  rows <- utils::read.csv(shock, colClasses = "character")
  a <- tw_solve(m, shock = shock)
  b <- tw_solve(m, shock = rows)
  expect_identical(b$shock, "shock")
  expect_identical(a$countries, b$countries)
  expect_identical(a$trade, b$trade)
  expect_identical(a$output, b$output)
  # Numbers as doubles: written with 17 significant digits, they read back the same.
  rows$tariff <- as.numeric(rows$tariff)
  c <- tw_solve(m, shock = rows)
  expect_equal(c$countries$real_income_pct, a$countries$real_income_pct, tolerance = 1e-12)
})

test_that("a world from data frames solves as the same world from its directory", {
  need_tree()
  f <- tiny_frames()
  w <- tw_world_from_frames(countries = f$countries, sectors = f$sectors, flows = f$flows,
                            tariffs = f$tariffs, name = "tiny")
  expect_equal(w$name, "tiny")
  shock <- tempfile(fileext = ".csv")
  writeLines(c("importer,exporter,sector,tariff", "HOME,FOR,goods,0.5"), shock)
  ref <- run_cli("solve", "--world", tree("tests", "data", "tiny"), "--shock", shock, "--json")
  expect_equal(ref$status, 0L)
  r <- tw_solve(tw_model(w), shock = shock, warn = FALSE)
  expect_identical(no_seconds(attr(r, "json")), no_seconds(ref$out))
  expect_equal(nrow(r$countries), 3L)
})
