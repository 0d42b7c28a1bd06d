# SPDX-License-Identifier: MIT
# tw_war, tw_talks, tw_enforce, tw_escalate and tw_brief against the command line's --json:
# the documents are the same text, byte for byte, except the wall times.
# Named to run after test-leaks.R, which bounds RSS growth: with this file first, the leak
# test once saw 2.5 MB of growth under a parallel ctest (cause not traced; the loop it measures
# calls none of these functions, and it passed when run alone).

cp1993 <- function() tw_model(tw_world_load(tree("data", "cp1993")))

same_as_cli <- function(doc, ...) {
  ref <- run_cli(..., "--json")
  expect_equal(ref$status, 0L)
  expect_identical(no_seconds(attr(doc, "json")), no_seconds(ref$out))
}

test_that("tw_war is the command line's war document", {
  need_tree()
  m <- cp1993()
  w <- tw_war(m, c("USA", "CHN"))
  expect_s3_class(w, "tradewar_war")
  same_as_cli(w, "war", "--world", tree("data", "cp1993"), "--players", "USA,CHN")
  expect_identical(w$status, "Nash equilibrium found")
  w2 <- tw_war(m, c("USA", "CHN"), among_players = TRUE, method = "best-response")
  same_as_cli(w2, "war", "--world", tree("data", "cp1993"), "--players", "USA,CHN",
              "--among-players", "--method", "best-response")
  expect_error(tw_war(m, "USA"), class = "tradewar_error_usage")
  expect_error(tw_war(m, c("USA", "CHN"), method = "guess"), class = "tradewar_error_usage")
})

test_that("tw_talks is the command line's talks document", {
  need_tree()
  m <- cp1993()
  t <- tw_talks(m, c("USA", "CHN"))
  same_as_cli(t, "talks", "--world", tree("data", "cp1993"), "--players", "USA,CHN")
  expect_true(is.data.frame(t$players) && all(t$players$payoff_deal >= t$players$payoff_threat))
  t2 <- tw_talks(m, c("USA", "CHN"), threat = "today", weights = c(2, 1), delta = 0.8,
                 truce_periods = 5)
  same_as_cli(t2, "talks", "--world", tree("data", "cp1993"), "--players", "USA,CHN",
              "--threat", "today", "--weights", "2,1", "--delta", "0.8", "--truce-periods", "5")
  expect_error(tw_talks(m, c("USA", "CHN"), rule = "fair"), class = "tradewar_error_usage")
  expect_error(tw_talks(m, c("USA", "CHN"), weights = 1), class = "tradewar_error_usage")
  expect_error(tw_talks(m, c("USA", "CHN"), delta = 1), class = "tradewar_error_usage")
})

test_that("tw_enforce is the command line's enforce document", {
  need_tree()
  m <- cp1993()
  for (ag in c("today", "free-trade")) {
    e <- tw_enforce(m, c("USA", "CHN"), agreement = ag, periods = 2, delta = 0.9)
    same_as_cli(e, "enforce", "--world", tree("data", "cp1993"), "--players", "USA,CHN",
                "--agreement", ag, "--periods", "2", "--delta", "0.9")
    expect_true(is.numeric(e$players$delta_star))
  }
  e <- tw_enforce(m, c("USA", "CHN"))
  same_as_cli(e, "enforce", "--world", tree("data", "cp1993"), "--players", "USA,CHN")
  expect_true(is.na(e$players$delta_star[e$players$code == "USA"]))
  expect_error(tw_enforce(m, c("USA", "CHN"), agreement = "never"),
               class = "tradewar_error_usage")
  expect_error(tw_enforce(m, c("USA", "USX")), class = "tradewar_error_usage")
})

test_that("tw_escalate is the command line's escalate document", {
  need_tree()
  m <- cp1993()
  e <- tw_escalate(m, c("USA", "CHN"), "tit-for-tat", opening = c(0.1, 0), rounds = 4,
                   start = "2018-07-06", period_days = 45)
  same_as_cli(e, "escalate", "--world", tree("data", "cp1993"), "--players", "USA,CHN",
              "--rules", "tit-for-tat", "--opening", "0.1,0", "--rounds", "4", "--start",
              "2018-07-06", "--period-days", "45")
  expect_identical(e$end, "round limit")
  e3 <- tw_escalate(m, c("USA", "CHN", "MEX"), c("proportional", "tit-for-tat", "hold"),
                    opening = 0.05, factor = c(1, 0.5, 1), cap = c(0.2, 0, 0),
                    forgive = c(0, 2, 0), rounds = 6)
  same_as_cli(e3, "escalate", "--world", tree("data", "cp1993"), "--players", "USA,CHN,MEX",
              "--rules", "proportional,tit-for-tat,hold", "--opening", "0.05", "--factor",
              "1,0.5,1", "--cap", "0.2,0,0", "--forgive", "0,2,0", "--rounds", "6")
  expect_error(tw_escalate(m, c("USA", "CHN"), "revenge"), class = "tradewar_error_usage")
  expect_error(tw_escalate(m, c("USA", "CHN"), "hold", opening = c(0.1, 0.1, 0.1)),
               class = "tradewar_error_usage")
  expect_error(tw_escalate(m, c("USA", "CHN"), "hold", start = "2018/07/06"),
               class = "tradewar_error_usage")
})

test_that("tw_brief is the command line's brief document", {
  need_tree()
  old <- Sys.getenv("TRADEWAR_DATA")
  Sys.setenv(TRADEWAR_DATA = tree("data"))
  on.exit(Sys.setenv(TRADEWAR_DATA = old))
  b <- tw_brief(tree("scenarios", "us_china_2018_19.yaml"))
  expect_s3_class(b, "tradewar_brief")
  same_as_cli(b, "brief", tree("scenarios", "us_china_2018_19.yaml"))
  expect_true(is.data.frame(b$steps))
  dir <- tempfile("brief")
  dir.create(dir)
  f <- file.path(dir, "tiny.yaml")
  writeLines(c("title: tiny brief", paste("world:", tree("tests", "data", "tiny")),
               "baseline: 2025-01-01", "events:", "  - date: 2025-02-01", "    label: war",
               "    tariffs: [{importers: HOME, exporters: FOR, add: 50%}]"), f)
  same_as_cli(tw_brief(f), "brief", f)
  expect_error(tw_brief(file.path(dir, "missing.yaml")), class = "tradewar_error")
})
