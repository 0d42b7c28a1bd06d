/* SPDX-License-Identifier: MIT */
/* The outputs of a solve under parameter draws (tradewar/solve_draws.h): moved here from the
 * program's solve_draws.c so that bindings get the same bands as `tradewar solve --draws`. */
#include "tradewar/solve_draws.h"

#include "core/error.h"
#include "tradewar/groups.h"
#include "tradewar/shock.h"

static const char *const field_name[TW_SOLVE_DRAWS_FIELDS] = {
    "real_income_pct", "tot_pct", "vot_pct", "welfare_decomp_pct", "real_wage_pct",
    "wage_change_pct", "price_change_pct"};

const char *tw_solve_draws_field_name(int f)
{
    return f >= 0 && f < TW_SOLVE_DRAWS_FIELDS ? field_name[f] : NULL;
}

int tw_solve_draws_country(tw_dims d, int f, int n) { return f * d.n + n; }
int tw_solve_draws_world(tw_dims d) { return TW_SOLVE_DRAWS_FIELDS * d.n; }
int tw_solve_draws_trade(tw_dims d, int n, int i)
{
    return TW_SOLVE_DRAWS_FIELDS * d.n + 1 + n * d.n + i;
}
int tw_solve_draws_outputs(tw_dims d) { return TW_SOLVE_DRAWS_FIELDS * d.n + 1 + d.n * d.n; }

void tw_solve_draws_values(const tw_results *r, double *out)
{
    tw_dims d = r->d;
    for (int n = 0; n < d.n; n++) {
        const tw_country_result *c = &r->country[n];
        const double v[TW_SOLVE_DRAWS_FIELDS] = {c->real_income_pct,    c->tot_pct,
                                                 c->vot_pct,            c->welfare_decomp_pct,
                                                 c->real_wage_pct,      100.0 * (c->wage_hat - 1.0),
                                                 100.0 * (c->price_hat - 1.0)};
        for (int f = 0; f < TW_SOLVE_DRAWS_FIELDS; f++)
            out[tw_solve_draws_country(d, f, n)] = v[f];
    }
    out[tw_solve_draws_world(d)] = r->world_real_income_pct;
    for (int n = 0; n < d.n; n++)
        for (int i = 0; i < d.n; i++) {
            size_t at = (size_t)n * (size_t)d.n + (size_t)i;
            out[tw_solve_draws_trade(d, n, i)] =
                i == n ? 0.0 : tw_pct_change(r->trade[at], r->trade_base[at]);
        }
}

/* Solves policy p (created on m, changed by the caller) into out. */
static tw_status solve_into(const tw_model *m, tw_solver *s, const tw_policy *p, double *out,
                            tw_error *err)
{
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_results *r = tw_results_create(m);
    tw_status st = eq && r ? TW_OK : tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = tw_model_solve(m, s, p, eq, NULL, err);
    if (!st)
        st = tw_results_compute(m, eq, r);
    if (!st)
        tw_solve_draws_values(r, out);
    tw_results_free(r);
    tw_equilibrium_free(eq);
    return st;
}

tw_status tw_solve_draws_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                              tw_error *err)
{
    const char *shock = ctx;
    tw_policy *p = NULL;
    tw_status st = tw_policy_create(m, &p);
    if (!st)
        st = tw_shock_apply_file(m, p, shock, err);
    if (!st)
        st = solve_into(m, s, p, out, err);
    tw_policy_free(p);
    return st;
}

tw_status tw_solve_draws_eval_shock(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                    tw_error *err)
{
    const tw_solve_draws_shock *sh = ctx;
    if (!sh)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_solve_draws_eval_shock: no shock (ctx is NULL)");
    tw_policy *p = NULL;
    tw_status st = tw_policy_create(m, &p);
    if (!st && sh->base)
        tw_policy_copy(p, sh->base);
    if (!st && sh->data && sh->len)
        st = tw_shock_apply_buffer(m, p, sh->name ? sh->name : "shock", sh->data, sh->len, err);
    if (!st)
        st = solve_into(m, s, p, out, err);
    tw_policy_free(p);
    return st;
}
