/* SPDX-License-Identifier: MIT */
/* Example of the library's results and output API, as a web server or a binding would use it:
 * the NAFTA experiment on the cp1993 world, the average tariff of NAFTA on the rest of the
 * world and its real income as a group (tradewar/groups.h), and the solve document
 * (docs/json.md) written into a memory buffer, exactly as `tradewar solve --json` prints it.
 * Build against an installed tradewar:
 *   cc nafta_json.c $(pkg-config --static --cflags --libs tradewar) -o nafta_json
 * Run: ./nafta_json DATA_DIR/cp1993 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tradewar/tradewar.h>

static int fail(const tw_error *err)
{
    char buf[2048];
    tw_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return 1;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/cp1993";
    char shock[1024];
    snprintf(shock, sizeof shock, "%s/nafta_2005.csv", dir);
    tw_error err;
    tw_world *world;
    if (tw_world_load(dir, NULL, &world, &err))
        return fail(&err);
    tw_model_options opts;
    tw_model_options_init(&opts);
    opts.deficits = TW_DEFICITS_ZERO;
    tw_model *model;
    tw_policy *policy;
    tw_solver *solver;
    if (tw_model_create(world, &opts, &model, &err) || tw_policy_create(model, &policy) ||
        tw_shock_apply_file(model, policy, shock, &err) ||
        tw_solver_create(model, NULL, &solver, &err))
        return fail(&err);
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_results *r = tw_results_create(model);
    tw_solver_report report;
    if (!eq || !r || tw_model_solve(model, solver, policy, eq, &report, &err) ||
        tw_results_compute(model, eq, r))
        return fail(&err);

    /* Groups: NAFTA, and everyone else. */
    int nafta[3], n_nafta = 0, rest[64], n_rest = 0, n = tw_world_dims(world).n;
    const char *codes[3] = {"MEX", "CAN", "USA"};
    for (int k = 0; k < 3; k++)
        nafta[n_nafta++] = tw_world_country_index(world, codes[k]);
    for (int c = 0; c < n && n_rest < 64; c++)
        if (c != nafta[0] && c != nafta[1] && c != nafta[2])
            rest[n_rest++] = c;
    tw_tariff_average avg = {0}; /* the default: goods, weighted by baseline imports */
    printf("NAFTA's %s, on the rest of the world: %.2f%%\n", tw_tariff_average_label(&avg),
           100 * tw_tariff_average_group(world, &avg, tw_policy_tariffs_const(policy), nafta,
                                         n_nafta, rest, n_rest));
    printf("NAFTA's real income: %+.4f%%\n", tw_group_real_income_pct(r, nafta, n_nafta));

    /* The solve document into a buffer. */
    tw_solve_document doc = {.model = model, .results = r, .shock = "nafta_2005.csv",
                             .baseline = tw_model_baseline_report(model), .solver = report};
    tw_buffer json = {0};
    if (tw_json_write_solve(tw_sink_buffer(&json), &doc, &err))
        return fail(&err);
    printf("solve document: %zu bytes, starting %.40s\n", json.len, json.data);
    tw_buffer_release(&json);

    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_solver_free(solver);
    tw_policy_free(policy);
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}
