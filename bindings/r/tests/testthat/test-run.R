# SPDX-License-Identifier: MIT
test_that("a scenario run is the command line's timeline document", {
  need_tree()
  yaml <- tempfile(fileext = ".yaml")
  writeLines(c("title: tiny war", paste0("world: ", tree("tests", "data", "tiny")),
               "baseline: 2025-01-01", "players: [HOME, FOR]", "watch: [ROW]", "events:",
               "  - date: 2025-02-01", "    label: war",
               "    tariffs: [{importers: HOME, exporters: FOR, add: 50%}]",
               "  - date: 2025-03-01", "    label: retaliation",
               "    tariffs: [{importers: FOR, exporters: HOME, add: 25%}]"), yaml)
  ref <- run_cli("run", yaml, "--json")
  expect_equal(ref$status, 0L)
  t <- tw_run(yaml, warn = FALSE)
  expect_s3_class(t, "tradewar_timeline")
  expect_identical(no_seconds(attr(t, "json")), no_seconds(ref$out))
  expect_equal(t$title, "tiny war")
  expect_true(is.data.frame(t$steps))
  expect_equal(nrow(t$steps), 2L)
  expect_identical(t$steps$date, c("2025-02-01", "2025-03-01"))
})

test_that("a strategy call is the command line's optimal document", {
  need_tree()
  tiny <- tree("tests", "data", "tiny")
  ref <- run_cli("optimal", "--world", tiny, "--country", "HOME", "--instrument", "sector",
                 "--json")
  expect_equal(ref$status, 0L)
  m <- tw_model(tw_world_load(tiny))
  o <- tw_optimal(m, "HOME", instrument = "sector")
  expect_s3_class(o, "tradewar_optimal")
  expect_identical(no_seconds(attr(o, "json")), no_seconds(ref$out))
  expect_true(is.data.frame(o$countries))
  expect_error(tw_optimal(m, "HOMEE"), class = "tradewar_error_usage")
})

test_that("a scenario by name is looked up in TRADEWAR_SCENARIOS, its world by name in TRADEWAR_DATA", {
  need_tree()
  dir <- tempfile("scenarios")
  dir.create(dir)
  writeLines(c("title: by name", "world: tiny", "baseline: 2025-01-01", "events:",
               "  - date: 2025-02-01", "    label: war",
               "    tariffs: [{importers: HOME, exporters: FOR, add: 50%}]"),
             file.path(dir, "tiny_war.yaml"))
  old <- Sys.getenv(c("TRADEWAR_SCENARIOS", "TRADEWAR_DATA"))
  on.exit(do.call(Sys.setenv, as.list(old)))
  Sys.setenv(TRADEWAR_SCENARIOS = dir, TRADEWAR_DATA = tree("tests", "data"))
  t <- tw_run("tiny-war", warn = FALSE)
  expect_equal(t$world, "tiny")
  expect_equal(nrow(t$steps), 1L)
  expect_error(tw_run("no_such_scenario"), class = "tradewar_error_io")
})
