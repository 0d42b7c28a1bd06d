/* SPDX-License-Identifier: MIT */
/* The kinds of a policy (tw_policy.kinds, model/model_internal.h): which arrays may differ from
 * their defaults, so that a solve reads only those. The bits are set by the writable accessors,
 * copies and the library's writers (shock files, scenario events); a policy of tariffs only
 * gives the same coefficients, bit for bit, and the same validation errors, word for word, as
 * when every array is read. */
#include "test_util.h"

#include "model/model_internal.h"
#include "model/workspace.h"

typedef tw_test_fixture fixture;

/* The kinds p's contents show: the arrays with some entry other than its default. */
static unsigned kinds_seen(const tw_policy *p)
{
    size_t nij = (size_t)p->d.n * p->d.n * p->d.j;
    unsigned k = 0;
    for (size_t at = 0; at < nij; at++) {
        if (p->export_tax[at] != 0.0 || signbit(p->export_tax[at]))
            k |= TW_POLICY_EXPORT_TAX;
        if (p->iceberg[at] != 1.0)
            k |= TW_POLICY_ICEBERG;
        if (isfinite(p->quota[at]) || p->quota_rent[at])
            k |= TW_POLICY_QUOTA;
    }
    return k;
}

static void accessors_and_copies_mark(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 3, 2, 7, 1, 0, TW_DEFICITS_FIXED);
    assert_int_equal(f.p->kinds, 0); /* today's policy: tariffs only */
    (void)tw_policy_tariffs(f.p);
    (void)tw_policy_export_taxes_const(f.p);
    (void)tw_policy_iceberg_hat_const(f.p);
    (void)tw_policy_quotas_const(f.p);
    assert_int_equal(f.p->kinds, 0);
    (void)tw_policy_export_taxes(f.p);
    assert_int_equal(f.p->kinds, TW_POLICY_EXPORT_TAX);
    tw_policy *q;
    assert_ok(tw_policy_create(f.m, &q), NULL);
    (void)tw_policy_quota_rent(q);
    assert_int_equal(q->kinds, TW_POLICY_QUOTA);
    tw_policy_copy(q, f.p); /* or-ed: q's quota arrays were handed out */
    assert_int_equal(q->kinds, TW_POLICY_QUOTA | TW_POLICY_EXPORT_TAX);
    (void)tw_policy_iceberg_hat(q);
    (void)tw_policy_quotas(q);
    assert_int_equal(q->kinds, TW_POLICY_ALL);
    tw_policy_free(q);
    tw_test_fixture_teardown(&f);
}

/* A shock file's iceberg column marks the iceberg kind; tariff rows mark nothing. */
static void shock_files_mark(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 3, 2, 8, 1, 0, TW_DEFICITS_FIXED);
    char path[300];
    snprintf(path, sizeof path, "%s/shock.csv", f.dir);
    tw_test_write(f.dir, "shock.csv", "importer,exporter,sector,tariff\nC0,C1,*,0.3\n");
    tw_error err;
    assert_ok(tw_shock_apply_file(f.m, f.p, path, &err), &err);
    assert_int_equal(f.p->kinds, 0);
    tw_test_write(f.dir, "shock.csv", "importer,exporter,sector,tariff,tariff_add,iceberg_hat\n"
                                      "C0,C2,S0,,,1.2\n");
    assert_ok(tw_shock_apply_file(f.m, f.p, path, &err), &err);
    assert_int_equal(f.p->kinds, TW_POLICY_ICEBERG);
    assert_int_equal(kinds_seen(f.p) & ~f.p->kinds, 0);
    tw_test_fixture_teardown(&f);
}

/* Coefficients of random tariffs (some unchanged, some -0.0, flows without trade included)
 * read as tariffs only and with every array read: the same bits, the same flags. */
static void tariffs_only_coefficients_are_the_same_bits(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 6, 4, 31, 1, 0, TW_DEFICITS_FIXED);
    tw_dims d = f.d;
    double *t = tw_policy_tariffs(f.p);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                double u = tw_test_draw(31, n, i, j, 9);
                if (i != n && u < 0.5)
                    t[tw_ix_nij(d, n, i, j)] = u < 0.1 ? -0.0 : 2.0 * u - 0.5;
            }
    size_t nij = (size_t)d.n * d.n * d.j;
    tw_workspace *fast = tw_workspace_create(f.m, 0), *full = tw_workspace_create(f.m, 0);
    assert_non_null(fast);
    assert_non_null(full);
    fast->e_dirty = full->e_dirty = 1; /* e rewritten everywhere: compared below */
    assert_int_equal(f.p->kinds, 0);
    tw_model_coeffs(f.m, fast, f.p);
    (void)tw_policy_iceberg_hat(f.p); /* same values, every array read now */
    (void)tw_policy_export_taxes(f.p);
    tw_model_coeffs(f.m, full, f.p);
    assert_memory_equal(fast->k.a, full->k.a, nij * sizeof(double));
    assert_memory_equal(fast->k.b, full->k.b, nij * sizeof(double));
    assert_memory_equal(fast->k.r, full->k.r, nij * sizeof(double));
    assert_memory_equal(fast->k.e, full->k.e, nij * sizeof(double));
    assert_int_equal(fast->k.has_export_tax, full->k.has_export_tax);
    assert_int_equal(fast->e_dirty, full->e_dirty);
    tw_workspace_free(fast);
    tw_workspace_free(full);
    tw_test_fixture_teardown(&f);
}

/* Bad tariffs in a policy of tariffs only: the message is the one of the full checks. */
static void tariffs_only_validation_names_the_same_entry(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 3, 12, 1, 0, TW_DEFICITS_FIXED);
    tw_dims d = f.d;
    const double bad[] = {NAN, -1.0, INFINITY, -INFINITY, 0.2 /* on the diagonal */};
    for (size_t c = 0; c < sizeof bad / sizeof *bad; c++) {
        tw_policy *p;
        assert_ok(tw_policy_create(f.m, &p), NULL);
        int diag = c == 4;
        tw_policy_tariffs(p)[tw_ix_nij(d, 2, diag ? 2 : 1, 1)] = bad[c];
        tw_policy_tariffs(p)[tw_ix_nij(d, 3, 0, 2)] = bad[c]; /* later: not named */
        tw_error e1, e2;
        assert_int_equal(p->kinds, 0);
        assert_int_equal(tw_policy_validate(f.m, p, &e1), TW_ERR_INPUT);
        (void)tw_policy_iceberg_hat(p);
        (void)tw_policy_export_taxes(p);
        (void)tw_policy_quotas(p);
        assert_int_equal(tw_policy_validate(f.m, p, &e2), TW_ERR_INPUT);
        assert_string_equal(e1.message, e2.message);
        tw_policy_free(p);
    }
    tw_test_fixture_teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accessors_and_copies_mark),
        cmocka_unit_test(shock_files_mark),
        cmocka_unit_test(tariffs_only_coefficients_are_the_same_bits),
        cmocka_unit_test(tariffs_only_validation_names_the_same_entry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
