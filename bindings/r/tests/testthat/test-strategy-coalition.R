# SPDX-License-Identifier: MIT
# tw_coalition_war and tw_bargain against the command line's --json on ossa2014: the documents
# are the same text, byte for byte, except the wall times; bad arguments are usage errors
# naming the argument. Named to run after test-leaks.R (see test-strategy.R).

ossa <- function() tw_model(tw_world_load(tree("data", "ossa2014")))

same_as_cli <- function(doc, ...) {
  ref <- run_cli(..., "--json", "--quiet")
  expect_equal(ref$status, 0L)
  expect_identical(no_seconds(attr(doc, "json")), no_seconds(ref$out))
}

test_that("tw_coalition_war is the command line's war among coalitions", {
  need_tree()
  m <- ossa()
  x <- tw_coalition_war(m, list(BRIC = c("BRA", "CHN", "IND")), c("USA", "EU"))
  expect_s3_class(x, "tradewar_coalition_war")
  same_as_cli(x, "war", "--world", tree("data", "ossa2014"), "--coalition", "BRIC=BRA,CHN,IND",
              "--players", "USA,EU")
  expect_identical(x$status, "Nash equilibrium found")
  expect_identical(x$coalitions$name, c("BRIC", "USA", "EU"))
  x2 <- tw_coalition_war(m, list(BRIC = c("BRA", "CHN", "IND"), U = "USA"), "all",
                         among_players = TRUE)
  same_as_cli(x2, "war", "--world", tree("data", "ossa2014"), "--coalition", "BRIC=BRA,CHN,IND",
              "--coalition", "U=USA", "--players", "all", "--among-players")
  expect_identical(x2$coalitions$name, c("BRIC", "U", "EU", "JPN", "ROW"))
})

test_that("tw_coalition_war refuses bad coalitions", {
  need_tree()
  m <- ossa()
  bad <- function(msg, ...) expect_error(tw_coalition_war(m, ...), msg, fixed = TRUE,
                                         class = "tradewar_error_usage")
  bad("coalitions$X: country 'CHN' already plays in B",
      list(B = c("BRA", "CHN"), X = c("CHN", "USA")))
  bad("players: country 'CHN' already plays in B", list(B = c("BRA", "CHN")), c("CHN", "USA"))
  bad("at least two players", list(B = c("BRA", "CHN")))
  bad("unknown country 'CHX' (did you mean 'CHN'?)", list(B = c("BRA", "CHX")), "USA")
  bad("the name 'USA' is a country's code", list(USA = "CHN"), "EU")
  bad("a name is 1 to 31", list(`B R` = "BRA"), "USA")
  bad("given twice", list(B = "BRA", B = "CHN"))
  bad("coalitions$B: country 'BRA' is listed twice", list(B = c("BRA", "BRA")), "USA")
  bad("named list", list("BRA"), "USA")
  bad("max_rate", list(B = "BRA"), "USA", max_rate = 0)
})

test_that("tw_bargain is the command line's bargain", {
  need_tree()
  m <- ossa()
  b <- tw_bargain(m, c("USA", "CHN"), list(list("USA", "OSD", 0.5), list("CHN", "ELE", 0.5)))
  expect_s3_class(b, "tradewar_bargain")
  same_as_cli(b, "bargain", "--world", tree("data", "ossa2014"), "--players", "USA,CHN",
              "--control", "USA:OSD:0.5", "--control", "CHN:ELE:0.5")
  expect_true(all(b$players$gain_points > 0))
  b2 <- tw_bargain(m, c("USA", "CHN"), list(list("USA", "OSD", 0.5), list("CHN", "ELE", 0.5)),
                   weights = c(2, 1), grid = 2)
  same_as_cli(b2, "bargain", "--world", tree("data", "ossa2014"), "--players", "USA,CHN",
              "--control", "USA:OSD:0.5", "--control", "CHN:ELE:0.5", "--weights", "2,1",
              "--grid", "2")
  bad <- function(msg, ...) expect_error(tw_bargain(m, ...), msg, fixed = TRUE,
                                         class = "tradewar_error_usage")
  ok <- list(list("USA", "OSD", 0.5))
  bad("controls[1]: exporter JPN is not a player", c("USA", "CHN"), list(list("JPN", "ELE", 0.5)))
  bad("controls[1]: unknown country 'USB' (did you mean 'USA'?)", c("USA", "CHN"),
      list(list("USB", "ELE", 0.5)))
  bad("controls[1]: unknown sector 'ELX'", c("USA", "CHN"), list(list("USA", "ELX", 0.5)))
  bad("controls[1]: sector ELE given twice", c("USA", "CHN"),
      list(list("USA", c("ELE", "ELE"), 0.5)))
  bad("share must be a number above 0 and below 1", c("USA", "CHN"), list(list("USA", "ELE", 1)))
  bad("list(exporter, sectors, share)", c("USA", "CHN"), list("USA:ELE:0.5"))
  bad("1 to 8 controls", c("USA", "CHN"), list())
  bad("grid must be a whole number from 2 to 5", c("USA", "CHN"), ok, grid = 9)
  bad("weights must be 2 numbers > 0", c("USA", "CHN"), ok, weights = c(1, 2, 3))
  bad("at least two country codes", "USA", ok)
})
