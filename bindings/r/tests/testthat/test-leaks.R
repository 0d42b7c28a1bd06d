# SPDX-License-Identifier: MIT
# 10,000 create/solve/free cycles: a model on a world from data frames, one solve of a shock
# data frame, the model freed. Two checks:
# - every C world and model the package created is freed (a count kept by the C code returns
#   to where it was), also for models left to the garbage collector;
# - the process stops growing: R's own heap reaches its working size in the first few
#   thousand cycles (measured: the same resident size after 2,000, 4,000, ... 10,000), so
#   the resident size after gc() may grow by at most 6 MB over the last 4,000 cycles (1.5 kB
#   per cycle). Leaking a model (its baseline, solver and workspace: 35 kB each on
#   this world, measured by leaving them unfreed without gc()), a solve's policy,
#   equilibrium and results (a few kB) or its JSON document (5 kB) would grow it by 12 MB or
#   more, twice the limit; without a leak, growth was 0 run alone and once 2.5 MB with other
#   tests running beside it (R's heap placement), which a 2 MB limit failed. Linux only
#   (/proc/self/status).
rss_kb <- function() {
  s <- readLines("/proc/self/status")
  as.numeric(sub("^VmRSS:\\s*([0-9]+) kB$", "\\1", s[grepl("^VmRSS:", s)]))
}
live <- function() .Call(tradewar:::C_tw_r_live)

test_that("10,000 create/solve/free cycles do not leak", {
  need_tree()
  skip_if_not(file.exists("/proc/self/status"))
  f <- tiny_frames()
  w <- tw_world_from_frames(countries = f$countries, sectors = f$sectors, flows = f$flows,
                            tariffs = f$tariffs, name = "tiny")
  gc()
  live0 <- live()
  shock <- data.frame(importer = "HOME", exporter = "FOR", sector = "goods", tariff = 0.5)
  cycle <- function(k) {
    m <- tw_model(w)
    r <- tw_solve(m, shock = shock, warn = FALSE)
    tw_free(m)
    r$world_real_income_pct
  }
  rss <- numeric()
  values <- numeric()
  for (chunk in 1:5) {
    values <- c(values, vapply(1:2000, cycle, numeric(1)))
    gc()
    rss[chunk] <- rss_kb()
  }
  message(sprintf("RSS after 2,000 ... 10,000 cycles: %s kB", paste(rss, collapse = ", ")))
  expect_identical(live(), live0)
  expect_lt(rss[5] - rss[3], 6 * 1024)
  expect_equal(length(values), 10000L)
  expect_true(all(values == values[1])) # the same answer every time
  # Handles left to the garbage collector are freed by their finalizers.
  by_gc <- function(k) {
    m <- tw_model(w)
    if (k %% 100 == 0) gc()
    0
  }
  invisible(vapply(1:2000, by_gc, numeric(1)))
  gc()
  expect_identical(live(), live0)
  # A world lives until its last model is freed, whichever is collected first.
  w2 <- tw_world_from_frames(countries = f$countries, sectors = f$sectors, flows = f$flows)
  m2 <- tw_model(w2)
  rm(w2)
  gc()
  expect_identical(live(), live0 + c(1L, 1L))
  expect_equal(nrow(tw_solve(m2, shock = shock, warn = FALSE)$countries), 3L)
  rm(m2)
  gc()
  expect_identical(live(), live0)
  # A freed handle refuses use.
  m <- tw_model(w)
  tw_free(m)
  expect_error(tw_solve(m, shock = shock), "freed")
})
