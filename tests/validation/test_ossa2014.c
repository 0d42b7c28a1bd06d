/* SPDX-License-Identifier: MIT */
/* Ossa (2014), "Trade Wars and Trade Talks with Data", AER 104(12): the shipped world ossa2014
 * (7 regions x 33 industries, Krugman profits: docs/model.md §2d) against the paper's printed
 * numbers, without political economy. Table 3a: the mean over the seven regions of each
 * region's median optimal (partner-by-industry) tariff is 58.9%. Table 4a, the Nash war with
 * every region setting partner-by-industry tariffs: median Nash tariff about 58%, average
 * welfare change -2.4%, US -2.2%. Tolerances are half a unit of the last printed digit (the
 * paper rounds); 58% is "about", so half a point. Table 4b, the same war with his
 * political-economy weights: average welfare change -3.2%. Also: payoff gradients through the
 * profits block, with and without the political-economy payoff, against central differences on
 * this world. */
#include <stdlib.h>

#include "model/model_internal.h"
#include "test_util.h"

typedef struct ossa {
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *p, *q;
    tw_equilibrium *eq, *eq2;
    tw_dims d;
} ossa;

static void open_ossa_pe(ossa *s, int political)
{
    tw_error err;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/ossa2014", NULL, &s->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    so.political_economy = political;
    assert_ok(tw_model_create(s->w, &so, &s->m, &err), &err);
    assert_ok(tw_game_create(s->m, NULL, &s->g, &err), &err);
    assert_ok(tw_policy_create(s->m, &s->p), NULL);
    assert_ok(tw_policy_create(s->m, &s->q), NULL);
    s->eq = tw_equilibrium_create(s->m);
    s->eq2 = tw_equilibrium_create(s->m);
    s->d = tw_world_dims(s->w);
    assert_ok(tw_test_model_solve(s->m, s->p, s->eq, NULL, &err), &err);
}

static void open_ossa(ossa *s) { open_ossa_pe(s, 0); }

static void close_ossa(ossa *s)
{
    tw_equilibrium_free(s->eq);
    tw_equilibrium_free(s->eq2);
    tw_policy_free(s->p);
    tw_policy_free(s->q);
    tw_game_free(s->g);
    tw_model_free(s->m);
    tw_world_free(s->w);
}

/* Under the sanitizers (TW_TEST_SKIP_SLOW) the games are skipped: minutes each there. */
static void skip_if_slow(void)
{
#ifdef TW_TEST_SKIP_SLOW
    skip();
#endif
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Importer n's tariffs on its partners (all industries) in v; returns how many. */
static size_t tariffs_of(const ossa *s, const tw_policy *p, int n, double *v)
{
    size_t k = 0;
    const double *t = tw_policy_tariffs_const(p);
    for (int j = 0; j < s->d.j; j++)
        for (int i = 0; i < s->d.n; i++)
            if (i != n)
                v[k++] = t[tw_ix_nij(s->d, n, i, j)];
    return k;
}

/* Welfare as the paper reports it: the change in real income I/P (not the government's
 * payoff, which differs with political economy). */
static double real_income_pct(const ossa *s, const tw_equilibrium *eq, int n)
{
    const tw_equilibrium *b = s->m->base;
    return 100.0 * ((eq->income[n] / b->income[n]) / (eq->cpi_hat[n] / b->cpi_hat[n]) - 1.0);
}

static tw_instrument partner_sector(int n)
{
    return (tw_instrument){.country = n, .kind = TW_INSTRUMENT_PARTNER_SECTOR};
}

/* Every region's partner-by-industry Nash tariffs (upper bound `upper`, 0: the default) into
 * s->q and s->eq2; the median tariff (percent) and the average welfare change into *med, *avg. */
static void nash_war(ossa *s, double upper, double *med, double *avg)
{
    tw_error err;
    tw_instrument ins[7];
    for (int n = 0; n < s->d.n; n++) {
        ins[n] = partner_sector(n);
        ins[n].upper = upper;
    }
    tw_war_report rep;
    tw_equilibrium_copy(s->eq2, s->eq);
    assert_ok(tw_game_nash_war(s->g, ins, s->d.n, NULL, NULL, s->p, s->q, s->eq2, NULL, &rep,
                               &err),
              &err);
    assert_true(rep.found);
    double v[7 * 7 * 33];
    size_t k = 0;
    *avg = 0.0;
    for (int n = 0; n < s->d.n; n++) {
        k += tariffs_of(s, s->q, n, v + k);
        double w = real_income_pct(s, s->eq2, n);
        print_message("%s: welfare %+.2f%%\n", tw_world_country_code(s->w, n), w);
        *avg += w / s->d.n;
    }
    *med = 100.0 * median(v, k);
    print_message("median Nash tariff %.2f%%, average welfare %+.3f%%\n", *med, *avg);
}

static void test_table3a_optimal(void **state)
{
    (void)state;
    skip_if_slow();
    ossa s;
    open_ossa(&s);
    tw_error err;
    double v[7 * 33], sum = 0.0;
    for (int n = 0; n < s.d.n; n++) {
        tw_instrument ins = partner_sector(n);
        tw_optimize_report rep;
        tw_equilibrium_copy(s.eq2, s.eq);
        tw_status st = tw_game_best_response(s.g, &ins, NULL, s.p, s.q, s.eq2, &rep, &err);
        /* The optimiser may stop at its evaluation budget at a point whose free derivatives
         * are already below its tolerance: accept that, nothing else. */
        assert_true(st == TW_OK || (st == TW_ERR_NOT_CONVERGED && rep.kkt_residual < 1e-6));
        double med = 100.0 * median(v, tariffs_of(&s, s.q, n, v));
        print_message("%s: median optimal tariff %.2f%%, own welfare %+.2f%%\n",
                      tw_world_country_code(s.w, n), med, real_income_pct(&s, s.eq2, n));
        sum += med;
    }
    assert_close(sum / s.d.n, 58.9, 0.05, "Table 3a: mean of the median optimal tariffs");
    close_ossa(&s);
}

static void test_table4a_nash(void **state)
{
    (void)state;
    skip_if_slow();
    ossa s;
    open_ossa(&s);
    double med, avg;
    nash_war(&s, 0.0, &med, &avg);
    int us = tw_world_country_index(s.w, "USA");
    assert_close(med, 58.0, 0.5, "Table 4a: median Nash tariff");
    assert_close(avg, -2.4, 0.05, "Table 4a: average welfare change");
    assert_close(real_income_pct(&s, s.eq2, us), -2.2, 0.05, "Table 4a: US welfare change");
    close_ossa(&s);
}

/* Table 4b: the same war with Ossa's political-economy weights in the governments' payoffs;
 * welfare (real income) falls by about 3.2% on average. His weights make some tariffs
 * prohibitive (Japan's), so the bound is 1000% (tradewar's default of 200% binds 23 of Japan's
 * tariffs and gives -2.77%; with 1000% or 10000% the war is the same to 0.001 points). */
static void test_table4b_nash_political(void **state)
{
    (void)state;
    skip_if_slow();
    ossa s;
    open_ossa_pe(&s, 1);
    double med, avg;
    nash_war(&s, 10.0, &med, &avg);
    assert_close(avg, -3.2, 0.05, "Table 4b: average welfare change");
    close_ossa(&s);
}

/* d W_country / d t[importer][exporter][sector], adjoint against central differences, at the
 * data (profits shift with every tariff: the gradient goes through the profits block). */
static void check_direction(ossa *s, const char *country, const char *importer,
                            const char *exporter, const char *sector)
{
    tw_error err;
    int c = tw_world_country_index(s->w, country), n = tw_world_country_index(s->w, importer),
        i = tw_world_country_index(s->w, exporter), j = tw_world_sector_index(s->w, sector);
    assert_true(c >= 0 && n >= 0 && i >= 0 && j >= 0);
    size_t nij = (size_t)s->d.n * s->d.n * s->d.j, at = tw_ix_nij(s->d, n, i, j);
    double *grad = calloc(nij, sizeof *grad);
    tw_objective obj = {.country = c};
    tw_adjoint_report rep;
    assert_ok(tw_game_gradient(s->g, s->p, s->eq, &obj, NULL, grad, &rep, &err), &err);
    const double h = 1e-4;
    double w[2];
    for (int k = 0; k < 2; k++) {
        tw_policy_copy(s->q, s->p);
        tw_policy_tariffs(s->q)[at] += k ? h : -h;
        tw_equilibrium_copy(s->eq2, s->eq);
        assert_ok(tw_test_model_solve(s->m, s->q, s->eq2, NULL, &err), &err);
        w[k] = tw_objective_value(s->m, s->eq2, &obj);
    }
    double fd = (w[1] - w[0]) / (2 * h);
    /* Central differences: truncation about h^2 times the third derivative, solves to 1e-12. */
    assert_close(grad[at], fd, 1e-9 + 1e-5 * fabs(fd), "dW_%s / dt[%s][%s][%s]", country,
                 sector, importer, exporter);
    free(grad);
}

static void test_gradients(void **state)
{
    (void)state;
    for (int political = 0; political < 2; political++) {
        ossa s;
        open_ossa_pe(&s, political);
        check_direction(&s, "USA", "USA", "CHN", "ELE");
        check_direction(&s, "CHN", "USA", "CHN", "ELE");
        check_direction(&s, "JPN", "EU", "CHN", "MVH");
        check_direction(&s, "BRA", "BRA", "USA", "B_T");
        check_direction(&s, "JPN", "JPN", "USA", "RIC");
        close_ossa(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradients),
        cmocka_unit_test(test_table3a_optimal),
        cmocka_unit_test(test_table4a_nash),
        cmocka_unit_test(test_table4b_nash_political),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
