# SPDX-License-Identifier: MIT
# Overhead of the R package on the NAFTA case (cp1993, deficits zero).
# Usage (from the source tree, after the build): R_LIBS=build/r-lib Rscript bench/r_overhead.R [N]
# Medians over N rounds (default 31), of the process's CPU time (user + system: on a loaded
# machine wall times mostly measure the wait for a core), of:
#   tw_solve      the R call, end to end;
#   C call        its .Call: shock file, tw_model_solve, tw_results_compute, tw_results_warn
#                 and tw_json_write_solve into memory (what `tradewar solve --json` does after
#                 loading, in the library);
#   C solve       tw_model_solve alone (the document's solver.seconds: wall time);
#   R part        tw_solve minus the C call: building the data frames (countries, trade and
#                 output straight from the results in C, the rest read from the document);
#   JSON path     the same solution with every table read from the document's text (how
#                 tw_solve did it before), end to end, for comparison in the same run.
library(tradewar)
n <- if (length(commandArgs(TRUE))) as.integer(commandArgs(TRUE)[1]) else 31L
m <- tw_model(tw_world_load("cp1993"), deficits = "zero")
shock <- "data/cp1993/nafta_2005.csv"
invisible(tw_solve(m, shock = shock)) # warm-up
cpu <- function() sum(proc.time()[c("user.self", "sys.self")])
wall <- function(expr) {
  t0 <- cpu()
  force(expr)
  cpu() - t0
}
json_path <- function() tradewar:::.tw_document(.Call(tradewar:::C_tw_r_solve, m$ptr, shock, shock))
total <- ccall <- solver <- jpath <- numeric(n)
for (k in seq_len(n)) {
  total[k] <- wall(r <- tw_solve(m, shock = shock))
  ccall[k] <- wall(js <- .Call(tradewar:::C_tw_r_solve, m$ptr, shock, shock))
  jpath[k] <- wall(j <- json_path())
  solver[k] <- r$solver$seconds
}
ms <- function(x) 1000 * median(x)
cat(sprintf(paste0("NAFTA on cp1993, %d rounds, medians: tw_solve %.1f ms = C call %.1f ms ",
                   "(of which C solve %.1f ms) + R part %.1f ms (%.0f%% of the C call)\n"),
            n, ms(total), ms(ccall), ms(solver), ms(total) - ms(ccall),
            100 * (ms(total) - ms(ccall)) / ms(ccall)))
cat(sprintf("JSON path (every table read from the text): %.1f ms = C call + %.1f ms (%.0f%% of the C call)\n",
            ms(jpath), ms(jpath) - ms(ccall), 100 * (ms(jpath) - ms(ccall)) / ms(ccall)))
