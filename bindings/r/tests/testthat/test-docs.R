# SPDX-License-Identifier: MIT
# docs/r.md: every R block marked <!-- check r --> is run from the source tree and its output
# must be the plain block that follows it.
test_that("the examples of docs/r.md print what the page says", {
  need_tree()
  lines <- readLines(tree("docs", "r.md"))
  marks <- which(lines == "<!-- check r -->")
  expect_gt(length(marks), 0L)
  old <- setwd(src)
  on.exit(setwd(old))
  for (k in marks) {
    expect_identical(lines[k + 1L], "```r")
    end <- k + 1L + which(lines[(k + 2L):length(lines)] == "```")[1]
    code <- lines[(k + 2L):(end - 1L)]
    start <- end + which(lines[(end + 1L):length(lines)] != "")[1]
    expect_identical(lines[start], "```")
    stop_at <- start + which(lines[(start + 1L):length(lines)] == "```")[1]
    expected <- lines[(start + 1L):(stop_at - 1L)]
    env <- new.env(parent = globalenv())
    out <- capture.output(eval(parse(text = code), envir = env))
    expect_identical(out, expected, info = paste("docs/r.md line", k))
  }
})
