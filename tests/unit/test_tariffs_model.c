/* SPDX-License-Identifier: MIT */
/* The model's rates of `tradewar tariffs` (src/cli/tariffs_model.c) on the tiny world against a
 * hand computation: the rate after substitution is sum t x F' / sum F' over the pair's goods
 * (and within each sector), with F' the solved equilibrium's import values
 * (tw_counterfactual_flows); the rate in force the same with the baseline flows. */
#include "test_util.h"

#include "cli/tariffs_model.h"

/* Sum over exporters (0: every country but n) of t x weight and of weight, sector j or goods. */
static void hand(tw_dims d, const tw_world *w, const double *t, const double *f, int n,
                 const int *ex, int nex, int j, double *num, double *den)
{
    *num = *den = 0.0;
    for (int s = 0; s < d.j; s++) {
        if ((j >= 0 && s != j) || !tw_world_sector_is_goods(w, s))
            continue;
        for (int i = 0; i < d.n; i++) {
            int in = nex == 0 ? i != n : 0;
            for (int k = 0; k < nex; k++)
                in |= ex[k] == i;
            if (!in || i == n)
                continue;
            size_t at = tw_ix_nij(d, n, i, s);
            *num += t[at] * f[at];
            *den += f[at];
        }
    }
}

static void after_substitution_by_hand(void **state)
{
    (void)state;
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/tests/data/tiny", NULL, &w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    tw_model *m;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    tw_dims d = tw_world_dims(w);
    size_t nij = (size_t)d.n * d.n * d.j;
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    /* Uneven tariffs, so the weights matter: 5% to 45% by pair and sector. */
    double *t = tw_policy_tariffs(p);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                if (i != n)
                    t[at] = 0.05 + 0.4 * (double)((at * 7) % 11) / 10.0;
            }
    tw_equilibrium *eq = tw_equilibrium_create(m);
    assert_ok(tw_test_model_solve(m, p, eq, NULL, &err), &err);
    double *cf = malloc(nij * sizeof *cf);
    assert_ok(tw_counterfactual_flows(m, eq, cf), NULL);

    int home = tw_world_country_index(w, "HOME"), fore = tw_world_country_index(w, "FOR"),
        row = tw_world_country_index(w, "ROW");
    tw_tariffs_pair pairs[3];
    memset(pairs, 0, sizeof pairs);
    for (int q = 0; q < 3; q++) {
        pairs[q].importer = "HOME";
        pairs[q].imp = home;
        pairs[q].exp = -1;
    }
    pairs[0].exp = fore;                   /* one country */
    pairs[1].group[0] = fore;              /* a group */
    pairs[1].group[1] = row;
    pairs[1].n_group = 2;
    /* pairs[2]: the world (no group) */
    tw_tariffs_model tm;
    tw_tariffs_model_init(&tm, w, pairs, 3);
    assert_ok(tw_tariffs_model_observe(&tm, m, 0, p, eq, NULL, &err), &err);
    assert_null(tw_tariffs_model_get(&tm, 1, 0));
    const int *ex[3] = {&fore, pairs[1].group, NULL};
    int nex[3] = {1, 2, 0};
    for (int q = 0; q < 3; q++) {
        const tw_tariffs_model_rate *r = tw_tariffs_model_get(&tm, 0, q);
        assert_non_null(r);
        for (int j = -1; j < d.j; j++) {
            const tw_tariffs_model_rate *x = &r[1 + j];
            if (j >= 0 && !tw_world_sector_is_goods(w, j)) {
                assert_true(isnan(x->after) && isnan(x->in_force));
                continue;
            }
            double num, den;
            hand(d, w, t, cf, home, ex[q], nex[q], j, &num, &den);
            /* 1e-12: the same sums in another order */
            assert_close(x->after, num / den, 1e-12, "after, pair %d sector %d", q, j);
            assert_close(x->value_after, den, 1e-12 * den, "value, pair %d sector %d", q, j);
            hand(d, w, t, tw_world_flows(w), home, ex[q], nex[q], j, &num, &den);
            assert_close(x->in_force, num / den, 1e-12, "in force, pair %d sector %d", q, j);
        }
        /* Substitution moves the weights: the goods totals differ (tariffs are uneven). */
        assert_true(fabs(r[0].after - r[0].in_force) > 1e-6);
    }
    /* Within one sector and one exporter the weights cancel: both rates are the tariff. */
    for (int j = 0; j < d.j; j++)
        if (tw_world_sector_is_goods(w, j)) {
            const tw_tariffs_model_rate *r = tw_tariffs_model_get(&tm, 0, 0);
            assert_close(r[1 + j].after, t[tw_ix_nij(d, home, fore, j)], 1e-15, "sector %d", j);
        }
    /* Steps come in order. */
    assert_int_equal(tw_tariffs_model_observe(&tm, m, 5, p, eq, NULL, &err), TW_ERR_USAGE);
    tw_tariffs_model_free(&tm);
    free(cf);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(after_substitution_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
