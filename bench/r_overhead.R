# SPDX-License-Identifier: MIT
# Overhead of the R package over the C solve, on the NAFTA case (cp1993, deficits zero).
# Usage (from the source tree, after the build): R_LIBS=build/r-lib Rscript bench/r_overhead.R [N]
# Prints the medians over N solves (default 31) of the wall time of tw_solve and of the C
# solve inside it (the document's solver.seconds: tw_model_solve alone), and their difference:
# what R adds (applying the shock file, writing the document, reading it into data frames).
library(tradewar)
n <- if (length(commandArgs(TRUE))) as.integer(commandArgs(TRUE)[1]) else 31L
m <- tw_model(tw_world_load("cp1993"), deficits = "zero")
shock <- "data/cp1993/nafta_2005.csv"
invisible(tw_solve(m, shock = shock)) # warm-up
total <- solver <- numeric(n)
for (k in seq_len(n)) {
  t0 <- proc.time()[["elapsed"]]
  r <- tw_solve(m, shock = shock)
  total[k] <- proc.time()[["elapsed"]] - t0
  solver[k] <- r$solver$seconds
}
cat(sprintf("NAFTA on cp1993, %d solves, medians: tw_solve %.1f ms, C solve %.1f ms, R adds %.1f ms (%.0f%%)\n",
            n, 1000 * median(total), 1000 * median(solver),
            1000 * median(total - solver), 100 * median(total - solver) / median(solver)))
