# SPDX-License-Identifier: MIT
# Bands of the games (tw_optimal, tw_war, tw_talks, tw_escalate, tw_enforce with draws)
# against the program's `--draws N --seed S --json` on cp1993: the "uncertainty" text is the
# program's byte for byte (the library plays and writes both), and the data frames hold its
# numbers. Two draws keep it cheap.

cli_uncertainty <- function(...) {
  ref <- run_cli(..., "--draws", "2", "--seed", "3", "--threads", "2", "--json")
  expect_equal(ref$status, 0L)
  cli_parts(ref$out)$uncertainty
}

test_that("optimal, war and talks bands are the command line's", {
  need_tree()
  cp <- tree("data", "cp1993")
  m <- tw_model(tw_world_load(cp))
  o <- tw_optimal(m, "USA", draws = 2, seed = 3, threads = 2)
  expect_identical(o$bands$json, cli_uncertainty("optimal", "--world", cp, "--country", "USA"))
  expect_s3_class(o$bands, "tradewar_game_bands")
  p <- o$bands$players
  expect_identical(names(p), c("code", "field", "point", "p5", "p50", "p95"))
  expect_identical(p$field, c("avg_tariff_pct", "real_income_pct"))
  expect_identical(p$p50[2], o$bands$document$players$real_income_pct[[1]]$p50)
  expect_identical(nrow(o$bands$countries), nrow(tw_world_load(cp)$countries))
  expect_identical(names(o$bands$world), c("point", "p5", "p50", "p95"))
  w <- tw_war(m, c("USA", "CHN"), among_players = TRUE, draws = 2, seed = 3, threads = 2)
  expect_identical(w$bands$json, cli_uncertainty("war", "--world", cp, "--players", "USA,CHN",
                                                 "--among-players"))
  t <- tw_talks(m, c("USA", "CHN"), threat = "today", draws = 2, seed = 3, threads = 2)
  expect_identical(t$bands$json, cli_uncertainty("talks", "--world", cp, "--players",
                                                 "USA,CHN", "--threat", "today"))
  expect_identical(unique(t$bands$players$code), c("USA", "CHN"))
})

test_that("escalate and enforce bands are the command line's", {
  need_tree()
  cp <- tree("data", "cp1993")
  m <- tw_model(tw_world_load(cp))
  e <- tw_escalate(m, c("USA", "CHN"), c("tit-for-tat", "best-response"), opening = c(0.1, 0),
                   rounds = 4, draws = 2, seed = 3, threads = 2)
  expect_identical(e$bands$json, cli_uncertainty(
    "escalate", "--world", cp, "--players", "USA,CHN", "--rules", "tit-for-tat,best-response",
    "--opening", "0.1,0", "--rounds", "4"))
  expect_identical(unique(e$bands$tariffs$round), 0:4)
  expect_identical(e$bands$tariffs$date[1], "today")
  expect_identical(nrow(e$bands$end_players), 2L)
  expect_identical(e$bands$rounds_played[["point"]], as.numeric(e$solver$rounds))
  f <- tw_enforce(m, c("USA", "CHN"), agreement = "free-trade", draws = 2, seed = 3,
                  threads = 2)
  expect_identical(f$bands$json, cli_uncertainty("enforce", "--world", cp, "--players",
                                                 "USA,CHN", "--agreement", "free-trade"))
  expect_identical(unique(f$bands$players$field),
                   c("delta_star", "payoff_agree", "payoff_deviate", "payoff_punish"))
})

test_that("bad draw options of a game are usage errors before any solve", {
  need_tree()
  m <- tw_model(tw_world_load(tree("data", "cp1993")))
  expect_error(tw_war(m, c("USA", "CHN"), seed = 3), "go with draws")
  expect_error(tw_optimal(m, "USA", draws = 2, sed = 3), "unknown draw options sed")
  expect_error(tw_enforce(m, c("USA", "CHN"), draws = -1), "draws expects")
})
