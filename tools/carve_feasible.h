/* SPDX-License-Identifier: MIT */
/* Joint feasibility of a capped transportation problem, for tools/carve_sector: can the new
 * sector's outputs (row sums) and absorptions (column sums) be met by bilateral flows each
 * within its cap? Checking every exporter and importer alone is not enough: a group of exporters
 * may each fit, yet together sell more than the importers they trade with can take. By the
 * max-flow min-cut theorem (Gale 1957, the supply-demand theorem) the problem is feasible if and
 * only if the maximum flow from the exporters to the importers equals the world output; a
 * minimum cut names the group that does not fit. */
#ifndef TW_TOOLS_CARVE_FEASIBLE_H
#define TW_TOOLS_CARVE_FEASIBLE_H

/* Maximum flow of the network source -> exporter i (capacity rows[i]) -> importer n
 * (capacity cap[n * N + i], where edge[n * N + i] is nonzero) -> sink (capacity cols[n]), by
 * Dinic's algorithm in double precision; residual capacities at or below tol count as zero.
 * On return side_exp[i] and side_imp[n] are 1 for the exporters and importers on the source
 * side of a minimum cut (reachable from the source in the residual network), 0 otherwise; the
 * cut's capacity, sum_{i not in S} rows[i] + sum_{i in S, n not in S} cap[n][i] +
 * sum_{n in S} cols[n], equals the maximum flow. rows, cols >= 0, cap >= 0, N >= 1.
 * @return the maximum flow, or a negative number if memory runs out. */
double tt_transport_max_flow(int N, const double *rows, const double *cols, const double *cap,
                             const unsigned char *edge, double tol, unsigned char *side_exp,
                             unsigned char *side_imp);

/* Dies (tt_die, exit status 1) with a message naming the group of exporters whose outputs do
 * not fit jointly, if the flows from exporter i to importer n (pairs where seed[n * N + i] > 0,
 * each at most cap[n * N + i]) cannot meet the row sums rows[i] (outputs) and the column sums
 * cols[n] (absorptions) to a relative 1e-9 of the world output; codes[i] names country i.
 * Prints the maximum flow otherwise. Frees what it allocates before it dies. */
void tt_carve_check_joint(int N, const double *seed, const double *cap, const double *rows,
                          const double *cols, const char *const *codes);

#endif
