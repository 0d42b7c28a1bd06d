/* SPDX-License-Identifier: MIT */
/* Example of the library API: Caliendo and Parro's NAFTA experiment on the cp1993 world.
 * Build against an installed tradewar:
 *   cc nafta.c $(pkg-config --cflags --libs tradewar) -Wl,-rpath,LIBDIR -o nafta   (shared)
 *   cc nafta.c $(pkg-config --static --cflags --libs tradewar | sed 's/-ltradewar/-l:libtradewar.a/') \
 *      -o nafta                                                                  (static)
 * Run: ./nafta DATA_DIR/cp1993 */
#include <stdio.h>

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
    opts.deficits = TW_DEFICITS_ZERO; /* CP (2015) Table 2 */
    tw_model *model;
    if (tw_model_create(world, &opts, &model, &err)) /* solves the baseline */
        return fail(&err);
    tw_policy *policy;
    if (tw_policy_create(model, &policy) ||
        tw_shock_apply_file(model, policy, shock, &err))
        return fail(&err);
    tw_solver *solver; /* one per thread; the model is shared */
    if (tw_solver_create(model, NULL, &solver, &err))
        return fail(&err);
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_solver_report report;
    if (tw_model_solve(model, solver, policy, eq, &report, &err))
        return fail(&err);
    tw_results *r = tw_results_create(model);
    tw_results_compute(model, eq, r);
    printf("solved in %d iterations, residual %.1e\n", report.iterations, report.residual);
    const char *nafta[3] = {"MEX", "CAN", "USA"};
    for (int k = 0; k < 3; k++) {
        const tw_country_result *c = &r->country[tw_world_country_index(world, nafta[k])];
        printf("%s welfare %.2f%% (ToT %.2f, VoT %.2f), real wage %.2f%%, real income %.4f%%\n",
               nafta[k], c->welfare_decomp_pct, c->tot_pct, c->vot_pct, c->real_wage_pct,
               c->real_income_pct);
    }
    tw_results_free(r);
    tw_solver_free(solver);
    tw_equilibrium_free(eq);
    tw_policy_free(policy);
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}
