# SPDX-License-Identifier: MIT
# Bands of runs and briefs (tw_run, tw_brief with draws) against the program's
# `run|brief --draws N --seed S --json`: the same draws for the same seed, so the
# "uncertainty" text is the program's byte for byte (the library writes both), and the data
# frames hold its numbers. Few draws (3) on cp1993 keep it cheap.

war_yaml <- function() {
  y <- tempfile(fileext = ".yaml")
  writeLines(c("title: a US-Mexico war", "world: cp1993", "baseline: 2025-01-01",
               "players: [USA, MEX]", "watch: [CAN]", "events:",
               "  - date: 2025-02-01", "    label: war",
               "    tariffs: [{importers: USA, exporters: MEX, add: 20%}]",
               "  - date: 2025-03-01", "    label: retaliation",
               "    tariffs: [{importers: MEX, exporters: USA, add: 20%}]"), y)
  y
}

test_that("run bands are the command line's (cp1993, 3 draws, seed 4)", {
  need_tree()
  y <- war_yaml()
  ref <- run_cli("run", y, "--draws", "3", "--seed", "4", "--threads", "2", "--json")
  expect_equal(ref$status, 0L)
  cli <- cli_parts(ref$out)
  t <- tw_run(y, warn = FALSE, draws = 3, seed = 4, threads = 2)
  expect_identical(no_seconds(attr(t, "json")), no_seconds(cli$point))
  b <- t$bands
  expect_s3_class(b, "tradewar_run_bands")
  expect_identical(b$json, cli$uncertainty)
  expect_identical(c(b$draws, b$failed), c(3L, 0L))
  f <- b$real_income
  expect_identical(names(f), c("step", "date", "branch", "group", "field", "point", "p5",
                               "p50", "p95"))
  expect_identical(unique(f$group), c("USA", "MEX", "CAN", "World"))
  u <- tradewar:::.tw_document(cli$uncertainty)
  last <- f[f$step == 2L & f$group == "MEX", ]
  expect_identical(last$p50, u$steps$real_income_pct[[2]]$MEX$p50)
  expect_true(last$p95 > last$p5)
  # another seed moves the draws, not the point
  t2 <- tw_run(y, warn = FALSE, draws = 3, seed = 5, threads = 2)
  expect_identical(t2$bands$real_income$point, f$point)
  expect_false(identical(t2$bands$real_income$p50, f$p50))
})

test_that("brief bands are the command line's (cp1993, 3 draws, seed 4)", {
  need_tree()
  y <- war_yaml()
  ref <- run_cli("brief", y, "--draws", "3", "--seed", "4", "--threads", "2", "--json")
  expect_equal(ref$status, 0L)
  cli <- cli_parts(ref$out)
  b <- tw_brief(y, draws = 3, seed = 4, threads = 2)$bands
  expect_s3_class(b, "tradewar_brief_bands")
  expect_identical(b$json, cli$uncertainty)
  expect_identical(unique(b$countries$name), c("USA", "MEX", "CAN"))
  expect_identical(unique(b$partners$partner), c("MEX", "CAN", "others", "USA"))
  expect_true(all(c("real_income_pct", "cost_per_household_usd") %in% b$countries$field))
})

test_that("bad draw options are usage errors before any solve", {
  y <- if (nzchar(src)) war_yaml() else "us_china_2025"
  expect_error(tw_run(y, draws = 0), "draws expects")
  expect_error(tw_brief(y, draws = 3, design = "sobol"), "design expects")
  expect_error(tw_run(y, draws = 2, theta_se = 3), "theta_se must be")
})
