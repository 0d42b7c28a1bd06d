/* SPDX-License-Identifier: MIT */
/* `tradewar world show`: what a world holds. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar world show [--world NAME|DIR] [--elasticities SET] [--json]\n"
          "\n"
          "Describes a world: its countries, sectors and trade elasticities, the elasticity\n"
          "sets it offers, carved sectors and CES input nests, totals, and what loading had to\n"
          "repair (renormalised shares, final-demand residuals set to zero), and how far the\n"
          "solved baseline (the equilibrium every result is measured against) is from the\n"
          "data, with the bilateral flows where they differ most.\n"
          "\n"
          "  --world NAME|DIR     shipped world (icio2022, icio2022re, cp1993) or a dir. (default\n"
          "                       icio2022)\n"
          "  --elasticities SET   use another trade-elasticity set of the world\n"
          "  --json               machine-readable output: name, year, unit, countries\n"
          "                       [{code,name,value_added,deficit}], sectors\n"
          "                       [{code,name,theta,goods[,carved_from][,input_elasticity,\n"
          "                       nested_inputs]}], elasticity_sets, checks (data repairs;\n"
          "                       the solved baseline against the data: relative gaps,\n"
          "                       baseline_largest_flow_gaps [{exporter,importer,data,\n"
          "                       baseline,gap_pct}])\n",
          out);
}

/* The solved baseline (the model's equilibrium at today's tariffs, which every result is
 * measured against) against the data, and the bilateral flows where they differ most. */
static void print_checks(const tw_world *w, const tw_baseline_checks *c)
{
    printf("Solved baseline vs data (fixed deficits): value added differs by at most %.2g%% "
           "(%s), absorption by at most %.2g%% (%s), one flow by at most %.2g%%",
           100.0 * c->value_added_gap, tw_world_country_code(w, c->value_added_country),
           100.0 * c->absorption_gap, tw_world_country_code(w, c->absorption_country),
           100.0 * c->flow_gap);
    if (c->flow_sector >= 0 && c->flow_gap > TW_BASELINE_TOLERANCE)
        printf(" (%s->%s %s)", tw_world_country_code(w, c->flow_exporter),
               tw_world_country_code(w, c->flow_importer),
               tw_world_sector_code(w, c->flow_sector));
    printf("\n");
    if (tw_baseline_checks_pass(c)) {
        printf("The solved baseline reproduces the data (every gap within %g).\n\n",
               TW_BASELINE_TOLERANCE);
        return;
    }
    printf("The solved baseline is NOT the data: %ld of %ld flows differ by more than %g "
           "(together %.2f%% of all flows); results are measured against the solved baseline.\n",
           c->flows_over_tolerance, c->flows, TW_BASELINE_TOLERANCE, 100.0 * c->flow_gap_share);
    printf("Largest gaps, bilateral flows over all sectors (%s, at the border):\n",
           tw_world_unit(w));
    printf("%-8s %-8s %14s %16s %14s %9s\n", "exporter", "importer", "data", "solved baseline",
           "difference", "diff%");
    for (int t = 0; t < c->ntop; t++) {
        const tw_flow_gap *g = &c->top[t];
        printf("%-8s %-8s %14.6g %16.6g %+14.6g %+9.2f\n", tw_world_country_code(w, g->exporter),
               tw_world_country_code(w, g->importer), g->data, g->baseline, g->baseline - g->data,
               g->data > 0 ? 100.0 * (g->baseline / g->data - 1.0) : 0.0);
    }
    printf("\n");
}

int tw_cli_world(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? TW_EXIT_USAGE : TW_EXIT_OK;
    }
    if (strcmp(argv[1], "show") != 0)
        return tw_cli_usage_error("world", "unknown subcommand '%s' (expected 'show')", argv[1]);
    const char *world = TW_DEFAULT_WORLD, *elast = NULL;
    int json = 0;
    for (int k = 2; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        } else if (strcmp(argv[k], "--json") == 0) {
            json = 1;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--world", &v))) {
            if (r < 0)
                return tw_cli_usage_error("world show", "--world needs a value");
            world = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--elasticities", &v))) {
            if (r < 0)
                return tw_cli_usage_error("world show", "--elasticities needs a value");
            elast = v;
        } else {
            return tw_cli_usage_error("world show", "unknown option '%s'", argv[k]);
        }
    }
    tw_world *w;
    int rc = tw_cli_load_world(world, elast, &w);
    if (rc)
        return rc;
    tw_dims d = tw_world_dims(w);
    const double *va = tw_world_value_added(w), *def = tw_world_deficit(w);
    double max_dev;
    int renorm = tw_world_renormalised(w, &max_dev);
    /* The baseline equilibrium (fixed deficits) against the data: how consistent they are. */
    tw_model *m = NULL;
    tw_error err;
    tw_status mst = tw_model_create(w, NULL, &m, &err);
    tw_baseline_checks chk;
    if (mst == TW_OK && (mst = tw_baseline_checks_compute(m, &chk, &err)) != TW_OK) {
        tw_cli_print_error(&err);
        tw_model_free(m);
        tw_world_free(w);
        return tw_cli_exit_code(mst);
    }
    int clamped = tw_world_final_clamped(w);
    int goods = 0;
    for (int j = 0; j < d.j; j++)
        goods += tw_world_sector_is_goods(w, j);
    double world_va = 0;
    for (int n = 0; n < d.n; n++)
        world_va += va[n];
    if (json) {
        tw_status st = tw_json_write_world(tw_sink_file(stdout), w, mst == TW_OK ? m : NULL,
                                           &err);
        if (st)
            tw_cli_print_error(&err);
        tw_model_free(m);
        tw_world_free(w);
        return tw_cli_exit_code(st);
    }
    printf("World %s", tw_world_name(w));
    if (tw_world_year(w))
        printf(" (%d)", tw_world_year(w));
    printf(": %d economies x %d sectors (%d goods, %d services); values in %s\n", d.n, d.j,
           goods, d.j - goods, tw_world_unit(w));
    if (*tw_world_description(w))
        printf("%s\n", tw_world_description(w));
    printf("Trade elasticities: %s", tw_world_elasticity_set(w));
    if (tw_world_elasticity_set_count(w)) {
        printf(" (sets available:");
        for (int s = 0; s < tw_world_elasticity_set_count(w); s++)
            printf(" %s", tw_world_elasticity_set_name(w, s));
        printf(")");
    }
    printf("\n");
    for (int j = 0; j < d.j; j++)
        if (tw_world_sector_parent(w, j) >= 0)
            printf("Carved sector: %s (%s), out of %s\n", tw_world_sector_code(w, j),
                   tw_world_sector_name(w, j),
                   tw_world_sector_code(w, tw_world_sector_parent(w, j)));
    tw_cli_print_nests(stdout, w, tw_cli_world_sigma, tw_cli_world_nested, w);
    printf("World value added: %.6g %s\n", world_va, tw_world_unit(w));
    printf("Data checks: %d share vector%s renormalised (largest deviation %.2g); %d "
           "final-demand residual%s negative, set to zero\n",
           renorm, renorm == 1 ? "" : "s", max_dev, clamped, clamped == 1 ? "" : "s");
    if (mst == TW_OK)
        print_checks(w, &chk);
    else
        printf("Solved baseline: not found (%s)\n\n", err.message);
    printf("%-8s %-32s %14s %8s %12s\n", "code", "country", "value added", "share%",
           "deficit");
    for (int n = 0; n < d.n; n++)
        printf("%-8s %-32.32s %14.6g %8.2f %12.4g\n", tw_world_country_code(w, n),
               tw_world_country_name(w, n), va[n], 100.0 * va[n] / world_va, def[n]);
    printf("\n%-10s %-48s %8s %s\n", "code", "sector", "theta", "kind");
    for (int j = 0; j < d.j; j++)
        printf("%-10s %-48.48s %8.3f %s\n", tw_world_sector_code(w, j),
               tw_world_sector_name(w, j), tw_world_theta(w, j),
               tw_world_sector_is_goods(w, j) ? "goods" : "services");
    tw_model_free(m);
    tw_world_free(w);
    return TW_EXIT_OK;
}
