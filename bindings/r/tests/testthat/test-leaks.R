# SPDX-License-Identifier: MIT
# 10,000 create/solve/free cycles (a model on a world from data frames, one solve, the model
# freed) must not grow the process: the resident size after the last cycle may exceed the
# size after the first 1,000 by at most 8 MB, i.e. 900 bytes per cycle. A leak of the model
# (its baseline equilibrium and solver: tens of kB on this world), of a solve's policy,
# equilibrium or results (kB) or of the JSON document (about 5 kB) would grow it by more
# than 40 MB. Linux only (/proc/self/status).
rss_kb <- function() {
  s <- readLines("/proc/self/status")
  as.numeric(sub("^VmRSS:\\s*([0-9]+) kB$", "\\1", s[grepl("^VmRSS:", s)]))
}

test_that("10,000 create/solve/free cycles do not leak", {
  need_tree()
  skip_if_not(file.exists("/proc/self/status"))
  f <- tiny_frames()
  w <- tw_world_from_frames(countries = f$countries, sectors = f$sectors, flows = f$flows,
                            tariffs = f$tariffs, name = "tiny")
  shock <- data.frame(importer = "HOME", exporter = "FOR", sector = "goods", tariff = 0.5)
  cycle <- function(k) {
    m <- tw_model(w)
    r <- tw_solve(m, shock = shock, warn = FALSE)
    tw_free(m)
    r$world_real_income_pct
  }
  first <- vapply(1:1000, cycle, numeric(1))
  gc()
  before <- rss_kb()
  last <- vapply(1001:10000, cycle, numeric(1))
  gc()
  after <- rss_kb()
  message(sprintf("RSS after 1,000 cycles %.0f kB, after 10,000 %.0f kB", before, after))
  expect_lt(after - before, 8 * 1024)
  expect_true(all(c(first, last) == first[1])) # the same answer every time
  # Freed handles refuse use; finalizers of handles left to the collector run once.
  m <- tw_model(w)
  tw_free(m)
  expect_error(tw_solve(m, shock = shock), "freed")
  for (k in 1:200) invisible(tw_model(tw_world_from_frames(countries = f$countries,
                                      sectors = f$sectors, flows = f$flows)))
  gc()
  expect_lt(rss_kb() - after, 8 * 1024)
})
