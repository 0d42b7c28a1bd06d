# SPDX-License-Identifier: MIT
# Uncertainty bands of a solve (tw_solve_draws) against `tradewar solve --draws N --json`.

# The band data frames of the program's "uncertainty" document, in the package's layout.
cli_bands <- function(u) {
  num <- function(x) if (is.null(x)) NA_real_ else x # null (an undefined change): NA
  fields <- setdiff(names(u$countries), "code")
  rows <- list()
  for (n in seq_len(nrow(u$countries)))
    for (f in fields) {
      b <- u$countries[[f]][[n]]
      rows[[length(rows) + 1L]] <- data.frame(code = u$countries$code[n], field = f,
                                              point = num(b$point), p5 = num(b$p5),
                                              p50 = num(b$p50), p95 = num(b$p95),
                                              stringsAsFactors = FALSE)
    }
  band <- function(b) c(point = num(b$point), p5 = num(b$p5), p50 = num(b$p50),
                        p95 = num(b$p95))
  tr <- do.call(rbind, lapply(u$trade$change_pct, band))
  list(countries = do.call(rbind, rows),
       world = band(u$world_real_income_pct),
       trade = data.frame(exporter = u$trade$exporter, importer = u$trade$importer,
                          point = tr[, "point"], p5 = tr[, "p5"], p50 = tr[, "p50"],
                          p95 = tr[, "p95"], stringsAsFactors = FALSE))
}

test_that("bands of a solve are the command line's (cp1993, NAFTA, 8 draws, seed 3)", {
  need_tree()
  shock <- tree("data", "cp1993", "nafta_2005.csv")
  ref <- run_cli("solve", "--world", tree("data", "cp1993"), "--shock", shock,
                 "--deficits", "zero", "--draws", "8", "--seed", "3", "--threads", "2",
                 "--json")
  expect_equal(ref$status, 0L)
  doc <- tradewar:::.tw_document(ref$out)
  m <- tw_model(tw_world_load(tree("data", "cp1993")), deficits = "zero")
  # One thread here, two in the program: the draws do not depend on the number of threads.
  b <- tw_solve_draws(m, shock, draws = 8, seed = 3, threads = 1)
  expect_s3_class(b, "tradewar_bands")
  u <- b$uncertainty
  for (k in c("source", "design", "seed", "correlation", "theta_min", "theta_max",
              "failed", "failed_share"))
    expect_equal(u[[k]], doc$uncertainty[[k]], info = k)
  expect_identical(u$draws, 8L)
  want <- cli_bands(doc$uncertainty)
  rownames(want$countries) <- NULL
  rownames(want$trade) <- NULL
  # Every band to the bit: the program writes doubles that read back exactly.
  expect_identical(u$countries, want$countries)
  expect_identical(u$world_real_income_pct, want$world)
  expect_identical(u$trade, want$trade)
  # An undefined band (a change from zero trade: null in the document) is NA, not NaN.
  expect_true(any(is.na(u$trade$point)))
  expect_false(any(is.nan(u$trade$point)))
  expect_equal(nrow(u$countries), 31L * 7L)
  expect_true(all(u$countries$p5 <= u$countries$p50 & u$countries$p50 <= u$countries$p95))
  expect_equal(nrow(u$failures), 0L)
  expect_identical(names(u$failures), c("draw", "status", "message"))
  # The point is the solve document of `tradewar solve --json`, but for the wall times.
  plain <- run_cli("solve", "--world", tree("data", "cp1993"), "--shock", shock,
                   "--deficits", "zero", "--json")
  expect_identical(no_seconds(attr(b$point, "json")), no_seconds(plain$out))
  expect_identical(b$point$countries, tw_solve(m, shock)$countries)
})

test_that("zero standard errors give zero-width bands at the point estimate", {
  need_tree()
  w <- tw_world_load(tree("data", "cp1993"))
  se <- tempfile(fileext = ".csv")
  on.exit(unlink(se))
  writeLines(c("sector,theta,se", sprintf("%s,%.17g,0", w$sectors$code, w$sectors$theta)), se)
  m <- tw_model(w, deficits = "zero")
  b <- tw_solve_draws(m, tree("data", "cp1993", "nafta_2005.csv"), draws = 5, seed = 9,
                      theta_se = se, threads = 2)
  for (d in list(b$uncertainty$countries, b$uncertainty$trade)) {
    expect_identical(d$p5, d$p50)
    expect_identical(d$p50, d$p95)
    # Each draw is solved from the baseline on a fresh model: the same numbers as the point
    # up to the solver's tolerance (1e-9 in the model's units; 1e-6 in percentage points).
    expect_lt(max(abs(d$p50 - d$point), na.rm = TRUE), 1e-6)
  }
  expect_equal(b$uncertainty$failed, 0L)
})

test_that("bad settings are the command line's errors", {
  need_tree()
  m <- tw_model(tw_world_load(tree("data", "cp1993")))
  shock <- tree("data", "cp1993", "nafta_2005.csv")
  ref <- run_cli("solve", "--world", tree("data", "cp1993"), "--shock", shock,
                 "--draws", "sets", "--json")
  expect_equal(ref$status, 2L)
  e <- tryCatch(tw_solve_draws(m, shock, draws = "sets"), error = identity)
  expect_s3_class(e, "tradewar_error_usage")
  expect_identical(paste0("tradewar: ", conditionMessage(e)), ref$err[1])
  expect_error(tw_solve_draws(m, shock, draws = 0), class = "tradewar_error_usage")
  expect_error(tw_solve_draws(m, shock, draws = 2.5), class = "tradewar_error_usage")
  expect_error(tw_solve_draws(m, shock, design = "sobol"), class = "tradewar_error_usage")
  expect_error(tw_solve_draws(m, shock, draws = 4, theta_se = tempfile()),
               class = "tradewar_error_io")
  f <- tiny_frames()
  tiny <- tw_model(tw_world_from_frames(f$countries, f$sectors, f$flows, f$tariffs))
  expect_error(tw_solve_draws(tiny, shock, draws = 4), class = "tradewar_error_usage")
})
