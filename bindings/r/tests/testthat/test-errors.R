# SPDX-License-Identifier: MIT
# Bad input: R conditions with the command line's file:line:column, field and message.
test_that("a bad shock file is an error with the program's file:line:column", {
  need_tree()
  bad <- tempfile(fileext = ".csv")
  writeLines(c("importer,exporter,sector,tariff", "USA,MEX,AGR,0", "USA,MEXX,AGR,0"), bad)
  ref <- run_cli("solve", "--world", tree("data", "cp1993"), "--shock", bad)
  expect_equal(ref$status, 3L)
  m <- tw_model(tw_world_load(tree("data", "cp1993")))
  e <- tryCatch(tw_solve(m, shock = bad), error = function(e) e)
  expect_s3_class(e, "tradewar_error_input")
  expect_identical(conditionMessage(e), ref$err[1])
  expect_identical(e$file, bad)
  expect_identical(e$line, 3L)
  expect_identical(e$column, 5L)
  expect_identical(e$field, "exporter")
  # The same rows as a data frame: the error names the data frame and its row.
  rows <- utils::read.csv(bad, colClasses = "character")
  e2 <- tryCatch(tw_solve(m, shock = rows), error = function(e) e)
  expect_s3_class(e2, "tradewar_error_input")
  expect_identical(e2$file, "shock")
  expect_identical(e2$row, 2L)
  expect_identical(e2$column, e$column) # read from memory as the file is read
  expect_identical(e2$field, "exporter")
  expect_match(conditionMessage(e2), "^data frame 'shock', row 2: error: exporter: unknown country code 'MEXX' \\(did you mean 'MEX'\\?\\)$")
})

test_that("a bad world file is an error with the program's file:line:column", {
  need_tree()
  dir <- tempfile("world")
  dir.create(dir)
  file.copy(list.files(tree("tests", "data", "tiny"), full.names = TRUE), dir)
  flows <- readLines(file.path(dir, "flows.csv"))
  flows[4] <- sub(",8$", ",-3", flows[4])
  writeLines(flows, file.path(dir, "flows.csv"))
  shock <- tempfile(fileext = ".csv")
  writeLines(c("importer,exporter,sector,tariff", "HOME,FOR,goods,0.5"), shock)
  ref <- run_cli("solve", "--world", dir, "--shock", shock)
  expect_equal(ref$status, 3L)
  e <- tryCatch(tw_world_load(dir), error = function(e) e)
  expect_s3_class(e, "tradewar_error_input")
  expect_identical(conditionMessage(e), ref$err[1])
  expect_identical(e$line, 4L)
  expect_identical(e$field, "value")
  # From data frames: the data frame and row.
  f <- tiny_frames()
  f$flows$value[3] <- -3
  e2 <- tryCatch(do.call(tw_world_from_frames, f), error = function(e) e)
  expect_s3_class(e2, "tradewar_error_input")
  expect_identical(e2$file, "flows")
  expect_identical(e2$row, 3L)
  expect_identical(e2$column, e$column)
  expect_identical(e2$field, "value")
  expect_identical(conditionMessage(e2),
                   sub("^.*flows[.]csv:4:[0-9]+: ", "data frame 'flows', row 3: ", ref$err[1]))
  # Unknown names and options.
  expect_error(tw_world_load("no_such_world"), class = "tradewar_error_io")
  expect_error(tw_model(tw_world_load(dir <- tree("tests", "data", "tiny")),
                        deficits = "sometimes"), class = "tradewar_error_usage")
})

test_that("a bad scenario is an error with the program's file:line:column", {
  need_tree()
  bad <- tempfile(fileext = ".yaml")
  writeLines(c("title: bad", paste0("world: ", tree("tests", "data", "tiny")),
               "baseline: 2025-01-01", "events:", "  - date: 2025-02-01", "    label: x",
               "    tariffs:", "      - {importers: HOME, exporters: FORR, add: 10%}"), bad)
  ref <- run_cli("run", bad)
  expect_equal(ref$status, 3L)
  e <- tryCatch(tw_run(bad), error = function(e) e)
  expect_s3_class(e, "tradewar_error_input")
  expect_identical(conditionMessage(e), ref$err[length(ref$err)])
  expect_identical(e$line, 8L)
  expect_identical(e$field, "events[0].tariffs[0].exporters")
})

test_that("a bare rate above 1 is an R warning with its position", {
  need_tree()
  shock <- tempfile(fileext = ".csv")
  writeLines(c("importer,exporter,sector,tariff", "HOME,FOR,AGR,2"), shock)
  m <- tw_model(tw_world_load(tree("tests", "data", "tiny")))
  ref <- run_cli("solve", "--world", tree("tests", "data", "tiny"), "--shock", shock)
  expect_equal(ref$status, 0L)
  w <- tryCatch(tw_solve(m, shock = shock), warning = function(w) w)
  expect_s3_class(w, "tradewar_warning")
  expect_identical(conditionMessage(w), ref$err[1])
  expect_identical(w$line, 2)
  # The same row as a data frame: the warning names the data frame and its row.
  rows <- utils::read.csv(shock, colClasses = "character")
  w2 <- tryCatch(tw_solve(m, shock = rows), warning = function(w) w)
  expect_s3_class(w2, "tradewar_warning")
  expect_identical(conditionMessage(w2),
                   sub("^.*[.]csv:2:[0-9]+: ", "data frame 'shock', row 1: ", ref$err[1]))
})
