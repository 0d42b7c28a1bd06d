/* SPDX-License-Identifier: MIT */
/* Public entry points that solve: the baseline at model creation, and counterfactuals. A
 * counterfactual is first attempted directly from the starting point; if that stalls (very
 * large shocks can leave the region where the fixed-point iteration contracts), the shock is
 * applied along a path in adaptive steps (continuation), each step starting from the previous
 * step's solution. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "model/model_internal.h"
#include "model/model_setup.h"
#include "model/workspace.h"
#include "solve/base_cache.h"
#include "solve/memory.h"
#include "solve/solver.h"

/* Smallest continuation step before giving up. */
#define MIN_STEP (1.0 / 4096.0)
/* Map evaluations one Newton-Krylov attempt may use. */
#define NEWTON_BUDGET 2500
/* Failed continuation steps in a row that end a solve past its nominal budget. */
#define PATH_FAILS 3
/* A finite stand-in for an embargo's infinite trade cost on the way to it. */
#define EMBARGO_PATH 1e12

/* Geometric interpolation in (1 + rate) and in trade costs: linear in log kappa, the variable
 * the model is smooth in. */
static double interp_rate(double a, double b, double s)
{
    return exp((1.0 - s) * log1p(a) + s * log1p(b)) - 1.0;
}
static double interp_cost(double a, double b, double s)
{
    if (s >= 1.0)
        return b;
    if (s <= 0.0)
        return a;
    double la = isfinite(a) ? log(a) : log(EMBARGO_PATH);
    double lb = isfinite(b) ? log(b) : log(EMBARGO_PATH);
    return exp((1.0 - s) * la + s * lb);
}

/* The start of a continuation path: the policy an equilibrium was solved for, or today's
 * (export taxes and iceberg hats may be NULL: 0 and 1). */
typedef struct path_from {
    const double *tariff, *export_tax, *iceberg;
} path_from;

static void path_policy(const path_from *from, const tw_policy *to, double s, tw_policy *out)
{
    size_t nij = (size_t)to->d.n * to->d.n * to->d.j;
    for (size_t k = 0; k < nij; k++) {
        out->tariff[k] = interp_rate(from->tariff[k], to->tariff[k], s);
        out->export_tax[k] =
            interp_rate(from->export_tax ? from->export_tax[k] : 0.0, to->export_tax[k], s);
        out->iceberg[k] =
            interp_cost(from->iceberg ? from->iceberg[k] : 1.0, to->iceberg[k], s);
    }
    /* Quotas hold in full along the path (their wedges are unknowns, not interpolated). */
    memcpy(out->quota, to->quota, nij * sizeof(double));
    memcpy(out->quota_rent, to->quota_rent, nij);
    tw_policy_mark(out, to->kinds | (from->export_tax ? TW_POLICY_EXPORT_TAX : 0) |
                            (from->iceberg ? TW_POLICY_ICEBERG : 0));
}

/* One attempt at the current coefficients: the accelerated fixed-point iteration, then, if it
 * stalls, Newton-Krylov from the best point it reached. */
/* 1 if every country's income at the last evaluated point is positive: a solution with
 * negative final spending is not a valid economy, and continuation must not pass through it. */
static int spending_positive(const tw_solver *s)
{
    for (int n = 0; n < s->m->d.n; n++)
        if (!(s->ws->income[n] > 0.0))
            return 0;
    return 1;
}

/* One attempt with a nominal budget and a hard cap (both counted from now). */
static int attempt(tw_solver *s, double *z, int budget, int hard, tw_solver_report *r)
{
    int start = r->iterations;
    if (tw_solver_iterate(s, z, budget, hard, &r->iterations, &r->residual, &r->restarts))
        return spending_positive(s);
    int left = (r->iterations - start < budget ? budget : hard) - (r->iterations - start);
    if (left > NEWTON_BUDGET)
        left = NEWTON_BUDGET; /* leave the rest to continuation */
    if (left <= 0 || s->cancelled)
        return 0;
    r->newton++;
    return tw_solver_newton(s, z, left, &r->iterations, &r->residual) && spending_positive(s);
}

/* Solves for policy p from state z (overwritten with the solution or best point). */
static int solve_with_continuation(tw_solver *sv, const tw_policy *p, const path_from *from,
                                   double *z, tw_solver_report *r, tw_equilibrium *scratch,
                                   tw_status *st)
{
    const tw_model *m = sv->m;
    tw_workspace *ws = sv->ws;
    sv->diag_country = -1;
    int budget = sv->opt.max_iterations, hard = tw_solver_hard_cap(budget);
    tw_model_coeffs(m, ws, p);
    if (attempt(sv, z, budget, hard, r))
        return 1;
    sv->at_solution = 0; /* what follows evaluates the map at other points and policies */
    if (sv->cancelled)
        return 0;
    if (!sv->path_policy && (*st = tw_policy_create(m, &sv->path_policy)) != TW_OK)
        return 0;
    /* Continuation: restart from the original point and walk along the path. */
    size_t M = tw_model_state_size(m, ws);
    double direct_res = r->residual;
    memcpy(ws->zkeep, z, M * sizeof *z);
    double *zs = ws->zpath, *zt = ws->zprev;
    memcpy(zs, ws->zstart, M * sizeof *zs);
    double s = 0.0, h = 0.5;
    /* Past the nominal budget the path goes on, up to the hard cap, only while it advances:
     * fewer than PATH_FAILS steps in a row failed (docs/model.md, "Iteration budget"). */
    int fails = 0;
    while (s < 1.0 && !sv->cancelled &&
           (r->iterations < budget || (fails < PATH_FAILS && r->iterations < hard))) {
        double s1 = fmin(1.0, s + h);
        path_policy(from, p, s1, sv->path_policy);
        tw_model_coeffs(m, ws, s1 >= 1.0 ? p : sv->path_policy);
        memcpy(zt, zs, M * sizeof *zt);
        r->steps++;
        int left = (r->iterations < budget ? budget : hard) - r->iterations;
        if (attempt(sv, zt, left, hard - r->iterations, r)) {
            memcpy(zs, zt, M * sizeof *zs);
            s = s1;
            h = fmin(2.0 * h, 0.5);
            fails = 0;
        } else {
            fails++;
            h *= 0.25;
            if (h < MIN_STEP)
                break;
        }
    }
    if (s > 0.0 && s < 1.0) {
        /* Diagnosis from the last policy on the path that did solve: the country whose spending
         * had fallen furthest relative to its value added (see finish()). */
        path_policy(from, p, s, sv->path_policy);
        tw_model_coeffs(m, ws, sv->path_policy);
        tw_model_map(m, ws, zs, NULL, scratch);
        for (int n = 0; n < m->d.n; n++) {
            double q = scratch->income[n] / (scratch->w_hat[n] * m->wl[n]);
            if (sv->diag_country < 0 || q < sv->diag_ratio) {
                sv->diag_country = n;
                sv->diag_ratio = q;
            }
        }
        sv->diag_share = s;
    }
    tw_model_coeffs(m, ws, p);
    double *cand = s >= 1.0 ? zs : zt;
    double res = tw_model_map(m, ws, cand, NULL, NULL);
    sv->at_solution = 0;
    /* Return the better of the direct attempt's best point and where continuation ended. */
    if (res < direct_res || !isfinite(direct_res)) {
        memcpy(z, cand, M * sizeof *z);
        r->residual = res;
    } else {
        memcpy(z, ws->zkeep, M * sizeof *z);
        r->residual = direct_res;
    }
    return r->residual <= sv->opt.tolerance;
}

/* 1 if some flow out of country c to another country (its exports; into c: imports) is open:
 * traded in the data (Caliendo-Parro hats never create trade) and not embargoed. */
static int trade_open(const tw_model *m, const double *iceberg, int c, int imports)
{
    tw_dims d = m->d;
    for (int j = 0; j < d.j; j++)
        for (int o = 0; o < d.n; o++) {
            if (o == c)
                continue;
            size_t at = imports ? tw_ix_nij(d, c, o, j) : tw_ix_nij(d, o, c, j);
            if (m->pi0[at] > 0.0 && (!iceberg || isfinite(iceberg[at])))
                return 1;
        }
    return 0;
}

static tw_status finish(tw_solver *sv, const double *z, int converged, tw_equilibrium *eq,
                        tw_solver_report *r, double t0, tw_solver_report *out, tw_error *err)
{
    const tw_model *m = sv->m;
    double res;
    if (converged && sv->at_solution) {
        /* The iteration converged at z and the map's intermediates there are in ws: the
         * same quantities and residual as evaluating it again. */
        tw_model_write_equilibrium(m, sv->ws, z, eq);
        res = r->residual;
    } else {
        res = tw_model_map(m, sv->ws, z, NULL, eq);
    }
    sv->at_solution = 0;
    r->residual = res;
    r->converged = converged && res <= sv->opt.tolerance && !sv->cancelled;
    r->seconds = tw_clock_seconds() - t0;
    eq->solved = r->converged;
    eq->report = *r;
    if (out)
        *out = *r;
    if (r->converged) {
        /* A solution of the equations with negative final spending is not an economy. */
        for (int n = 0; n < m->d.n; n++)
            if (!(eq->income[n] > 0.0)) {
                r->converged = 0;
                eq->solved = 0;
                eq->report = *r;
                if (out)
                    *out = *r;
                /* Why: subsidies that cost more than the country earns, or a fixed surplus
                 * that its collapsing exports cannot pay for. */
                double subsidies = -(eq->revenue[n] + eq->xrevenue[n]);
                char why[256] = "";
                if (subsidies > 0)
                    snprintf(why, sizeof why,
                             "; its import and export subsidies cost %.6g %s, more than its "
                             "value added%s can pay for. Check its rates near -100%%",
                             subsidies, tw_world_unit(m->w),
                             m->d_base[n] > 0 ? " and deficit" : "");
                else if (m->opt.deficits == TW_DEFICITS_FIXED && m->d_base[n] < 0)
                    snprintf(why, sizeof why,
                             "; its trade surplus is held fixed while its exports collapse. "
                             "Try --deficits zero or proportional");
                return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                               "no valid equilibrium: the equations solve with negative final "
                               "spending for %s (%.3g%% of its value added)%s",
                               m->w->country_code[n],
                               100.0 * eq->income[n] / (eq->w_hat[n] * m->wl[n]), why);
            }
        return TW_OK;
    }
    if (sv->cancelled)
        return tw_fail(err, TW_ERR_CANCELLED, NULL, 0, 0, NULL,
                       "the solve was cancelled after %d iterations (residual %.3g): no result "
                       "is reported",
                       r->iterations, res);
    if (!isfinite(res))
        return tw_fail(err, TW_ERR_NUMERIC, NULL, 0, 0, NULL,
                       "the equilibrium computation produced a non-finite value after %d "
                       "iterations (a country's income may have turned negative: check for "
                       "import subsidies or export taxes near -100%%)",
                       r->iterations);
    /* Diagnose the common reason: with deficits fixed in numeraire units, a country whose
     * exports collapse cannot keep running its baseline surplus, and its spending is driven
     * towards zero. Continuation shows it: at the last part of the shock that still solved,
     * that country's spending had already fallen far below its value added. */
    int worst = sv->diag_country;
    if (m->opt.deficits == TW_DEFICITS_FIXED && worst >= 0 && sv->diag_ratio < 0.25 &&
        m->d_base[worst] < 0)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "no equilibrium found (residual %.3g after %d iterations). With %.0f%% "
                       "of the shock applied, %s's spending had fallen to %.1f%% of its value "
                       "added: its trade surplus is held at its baseline value while its "
                       "exports collapse, which the fixed-deficit closure may make impossible. "
                       "Try --deficits zero or proportional",
                       res, r->iterations, 100.0 * sv->diag_share, m->w->country_code[worst],
                       100.0 * sv->diag_ratio);
    /* Under the other closures (and for a fixed-deficit country in deficit) spending
     * collapses when subsidies (negative tariffs or export taxes) cost more than the income
     * that pays for them, or when a balanced-trade country can no longer export. */
    if (worst >= 0 && sv->diag_ratio < 0.25)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "no equilibrium found (residual %.3g after %d iterations). With %.0f%% "
                       "of the shock applied, %s's spending had fallen to %.1f%% of its value "
                       "added (deficits %s): %s. Check %s's import subsidies and export "
                       "subsidies (rates near -100%%) and the barriers on its exports",
                       res, r->iterations, 100.0 * sv->diag_share, m->w->country_code[worst],
                       100.0 * sv->diag_ratio, tw_deficit_closure_name(m->opt.deficits),
                       m->opt.deficits == TW_DEFICITS_ZERO
                           ? "with trade balanced, it must pay for its imports with exports, "
                             "and its income cannot cover what it spends"
                       : m->opt.deficits == TW_DEFICITS_PROPORTIONAL
                           ? "its deficit is held at a share of its value added, and its "
                             "income cannot cover what it spends"
                           : "its income cannot cover what it spends",
                       m->w->country_code[worst]);
    /* A country cut off on one side of its trade. */
    for (int c = 0; c < m->d.n; c++) {
        int exports = trade_open(m, eq->iceberg, c, 0), imports = trade_open(m, eq->iceberg, c, 1);
        if (exports != imports)
            return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                           "no equilibrium found (residual %.3g after %d iterations): %s can %s "
                           "but not %s under this policy (every such flow is embargoed or "
                           "absent), and with deficits %s its trade balance may be impossible "
                           "to meet. Leave it at least one open flow each way",
                           res, r->iterations, m->w->country_code[c],
                           exports ? "export" : "import", exports ? "import" : "export",
                           tw_deficit_closure_name(m->opt.deficits));
    }
    /* No country collapsing: the iteration itself gave up. Say what to try. */
    int hard = tw_solver_hard_cap(sv->opt.max_iterations);
    if (r->iterations >= sv->opt.max_iterations)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the solver stopped after %d iterations%s with residual %.3g, above the "
                       "tolerance %.3g: no result is reported. %s; try a larger budget "
                       "(--max-iterations %d), a looser tolerance (--tolerance %.0e), or the "
                       "shock in smaller steps (a scenario with dated events)",
                       r->iterations, r->steps ? " of continuation" : "", res,
                       sv->opt.tolerance,
                       r->iterations >= hard
                           ? "It reached the hard cap of 10 times the budget while still "
                             "converging"
                           : "The budget ran out and the residual was no longer falling fast "
                             "enough to extend it",
                       sv->opt.max_iterations > INT_MAX / 5 ? INT_MAX
                                                            : 5 * sv->opt.max_iterations,
                       fmin(1e-2, 100.0 * sv->opt.tolerance));
    return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                   "the solver stopped after %d iterations%s with residual %.3g, above the "
                   "tolerance %.3g: no result is reported. The residual stopped falling (no "
                   "country's spending collapsed): the shock may have no equilibrium near "
                   "today's; try it in smaller steps (a scenario with dated events), a looser "
                   "tolerance (--tolerance %.0e), or another closure (--deficits)",
                   r->iterations, r->steps ? " of continuation" : "", res, sv->opt.tolerance,
                   fmin(1e-2, 100.0 * sv->opt.tolerance));
}

/* Policies without an equilibrium that are seen without iterating: a country that can sell
 * abroad but not buy (or buy but not sell) while its trade must balance (deficits zero) or
 * keep a deficit of the wrong sign (deficits fixed). In the model every open flow stays
 * positive, so such a country cannot meet its trade balance. @return TW_ERR_NOT_CONVERGED with
 * the reason, or TW_OK. */
static tw_status no_equilibrium(const tw_model *m, const tw_policy *p, int baseline,
                                tw_error *err)
{
    if (m->opt.deficits == TW_DEFICITS_PROPORTIONAL)
        return TW_OK; /* the deficit moves with the world adjustment: nothing certain here */
    for (int c = 0; c < m->d.n; c++) {
        int exports = trade_open(m, p->iceberg, c, 0), imports = trade_open(m, p->iceberg, c, 1);
        if (exports && imports)
            continue;
        double dc = m->d_base[c];
        const char *code = m->w->country_code[c];
        const char *how = baseline ? "in the data" : "under this policy";
        if (m->opt.deficits == TW_DEFICITS_ZERO && exports != imports)
            return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, baseline ? "baseline" : NULL,
                           "no equilibrium: with balanced trade (deficits zero) %s must pay for "
                           "its imports with its exports, but %s it %s; nothing was iterated. "
                           "Try --deficits fixed or proportional",
                           code, how,
                           exports ? "can export and cannot import (every flow into it is "
                                     "embargoed or absent)"
                                   : "can import and cannot export (every flow out of it is "
                                     "embargoed or absent)");
        if (m->opt.deficits == TW_DEFICITS_FIXED &&
            ((!exports && dc < 0) || (!imports && dc > 0)))
            return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, baseline ? "baseline" : NULL,
                           "no equilibrium: with deficits fixed, %s must keep its trade %s of "
                           "%.6g %s, but %s it cannot %s (every such flow is embargoed or "
                           "absent); nothing was iterated. Try --deficits zero or proportional",
                           code, dc < 0 ? "surplus" : "deficit", fabs(dc), tw_world_unit(m->w),
                           how, dc < 0 ? "export" : "import");
    }
    return TW_OK;
}

/* ---- solvers ---- */

tw_status tw_solver_create(const tw_model *m, const tw_solver_options *opts, tw_solver **out,
                           tw_error *err)
{
    tw_error_clear(err);
    if (!m || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_solver_create: NULL argument");
    *out = NULL;
    const tw_solver_options *o = opts ? opts : &m->opt.solver;
    tw_status st = tw_solver_options_check(o, err);
    if (st)
        return st;
    st = tw_memory_check(tw_memory_solver_bytes(m->d, o->anderson_depth), m->opt.memory_limit,
                         m->d, "a solver", err);
    if (st)
        return st;
    tw_solver *s = calloc(1, sizeof *s);
    if (!s)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    s->m = m;
    s->opt = *o;
    s->diag_country = -1; /* no diagnosis until a continuation path has been walked */
    s->depth = o->anderson_depth < 0 ? 0 : o->anderson_depth;
    s->ws = tw_workspace_create(m, s->depth);
    /* The continuation's two policies are made by the first tw_model_solve: a model's
     * baseline solver never needs them (33 bytes per bilateral-sector entry each). */
    if (!s->ws) {
        tw_solver_free(s);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    *out = s;
    return TW_OK;
}

void tw_solver_free(tw_solver *s)
{
    if (!s)
        return;
    tw_workspace_free(s->ws);
    tw_policy_free(s->path_policy);
    free(s);
}

const tw_model *tw_solver_model(const tw_solver *s) { return s->m; }
tw_solver_options tw_solver_get_options(const tw_solver *s) { return s->opt; }

tw_status tw_solver_set_options(tw_solver *s, const tw_solver_options *opts, tw_error *err)
{
    tw_error_clear(err);
    if (!s || !opts)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_solver_set_options: NULL argument");
    tw_status st = tw_solver_options_check(opts, err);
    if (st)
        return st;
    if (opts->anderson_depth > s->depth)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "anderson_depth",
                       "the solver was created with Anderson depth %d and cannot grow to %d: "
                       "create a new solver",
                       s->depth, opts->anderson_depth);
    s->opt = *opts;
    /* The iteration uses the workspace's memory length. */
    s->ws->depth = opts->anderson_depth < 0 ? 0 : opts->anderson_depth;
    return TW_OK;
}

/* ---- the model's baseline and counterfactual solves ---- */

/* Reads a cached baseline state and checks it against the equations with the coefficients in
 * sv's workspace: on success z holds it. @return 1 hit, 0 miss, -1 out of memory. */
static int base_cache_try(tw_solver *sv, const char *path, const uint64_t key[2], double *z,
                          size_t nz, tw_solver_report *r)
{
    double *zc = malloc(nz * sizeof *zc);
    if (!zc)
        return -1;
    tw_solver_report cr = {0};
    int hit = tw_base_cache_load(path, key, zc, nz, &cr);
    if (hit > 0) {
        double res = tw_model_map(sv->m, sv->ws, zc, NULL, NULL);
        hit = res <= sv->opt.tolerance; /* false for NaN too */
        if (hit) {
            memcpy(z, zc, nz * sizeof *z);
            r->iterations = cr.iterations;
            r->restarts = cr.restarts;
        }
    }
    free(zc);
    return hit;
}

tw_status tw_model_create(const tw_world *w, const tw_model_options *opts, tw_model **out,
                          tw_error *err)
{
    tw_error_clear(err);
    if (!w || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_model_create: NULL argument");
    *out = NULL;
    /* Refuse before allocating a world whose arrays cannot fit: the model, the solver of its
     * baseline, and the policy and equilibrium of a first solve. */
    tw_model_options dflt;
    tw_model_options_init(&dflt);
    const tw_model_options *o = opts ? opts : &dflt;
    tw_dims d = tw_world_dims(w);
    tw_status st = tw_memory_check(tw_memory_model_bytes(d) +
                                       tw_memory_solver_bytes(d, o->solver.anderson_depth) +
                                       tw_memory_policy_bytes(d) + tw_memory_equilibrium_bytes(d),
                                   o->memory_limit, d, "the model and a solver", err);
    if (st)
        return st;
    tw_model *m;
    st = tw_model_setup(w, opts, &m, err);
    if (st)
        return st;
    /* Nest overrides were read by the setup and are not kept. */
    m->opt.input_elasticities = NULL;
    m->opt.input_elasticity_count = 0;
    /* The baseline: today's policy with the closure's deficits, starting from the data. With
     * consistent data and fixed deficits the data already solve it (residual ~ 1e-15). The
     * solver used for it is the only one that writes into the model (its baseline). */
    tw_solver *sv;
    st = tw_solver_create(m, NULL, &sv, err);
    if (st) {
        tw_model_free(m);
        return st;
    }
    st = no_equilibrium(m, m->base_policy, 1, err);
    if (st) {
        tw_solver_free(sv);
        tw_model_free(m);
        return st;
    }
    double t0 = tw_clock_seconds();
    tw_solver_report r = {0};
    tw_model_quotas_prepare(m, sv->ws, m->base_policy); /* none: cannot fail */
    double *z = sv->ws->zstart;
    tw_model_state_from(m, sv->ws, NULL, z);
    tw_in_force *f = tw_in_force_create(m->base_policy, 0);
    if (!f) {
        tw_solver_free(sv);
        tw_model_free(m);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    tw_equilibrium_set_in_force(m->base, f);
    tw_model_coeffs(m, sv->ws, m->base_policy);
    /* The baseline cache (solve/base_cache.h): a state that solves the equations afresh to
     * the tolerance replaces the iterations, and gives the same bits as they would. */
    uint64_t bkey[2];
    char bpath[4096];
    size_t nz = tw_model_state_size(m, sv->ws);
    int nests = opts && opts->input_elasticity_count > 0;
    int cacheable = tw_base_cache_key(m, nests, nz, bkey, bpath, sizeof bpath);
    int hit = cacheable ? base_cache_try(sv, bpath, bkey, z, nz, &r) : 0;
    if (hit < 0) {
        tw_solver_free(sv);
        tw_model_free(m);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    int ok = hit ? 1
                 : tw_solver_iterate(sv, z, sv->opt.max_iterations,
                                     tw_solver_hard_cap(sv->opt.max_iterations), &r.iterations,
                                     &r.residual, &r.restarts);
    st = finish(sv, z, ok, m->base, &r, t0, NULL, err);
    if (!st && cacheable && !hit)
        tw_base_cache_store(bpath, bkey, z, nz, &r);
    tw_solver_free(sv);
    /* Later solves start from the world's tariffs: the baseline's policy is not kept. */
    tw_policy_free(m->base_policy);
    m->base_policy = NULL;
    if (st) {
        char msg[sizeof err->message];
        if (err) {
            memcpy(msg, err->message, sizeof msg);
            tw_fail(err, st, NULL, 0, 0, "baseline", "%s", msg);
        }
        tw_model_free(m);
        return st;
    }
    *out = m;
    return TW_OK;
}

tw_model_options tw_model_get_options(const tw_model *m) { return m->opt; }

tw_status tw_model_solve(const tw_model *m, tw_solver *sv, const tw_policy *p, tw_equilibrium *eq,
                         tw_solver_report *rep, tw_error *err)
{
    tw_error_clear(err);
    if (!m || !sv || !p || !eq)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_model_solve: NULL argument");
    if (sv->m != m)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_model_solve: the solver was created for another model");
    tw_status st = tw_policy_validate(m, p, err);
    if (!st)
        st = no_equilibrium(m, p, 0, err);
    if (st) {
        if (rep)
            memset(rep, 0, sizeof *rep);
        return st;
    }
    double t0 = tw_clock_seconds();
    tw_solver_report r = {0};
    sv->cancelled = 0;
    tw_workspace *ws = sv->ws;
    /* Quotas extend the state: collect them (and grow the workspace) before the state is
     * written. */
    st = tw_model_quotas_prepare(m, ws, p);
    /* The result's policy in force; eq's previous one is the path's start if eq was solved. */
    tw_in_force *f = st ? NULL : tw_in_force_create(p, ws->k.nq > 0);
    if (!f) {
        if (rep)
            memset(rep, 0, sizeof *rep);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    double *z = ws->z0;
    tw_model_state_from(m, ws, eq, z); /* warm start from eq if it holds a solution */
    memcpy(ws->zstart, z, tw_model_state_size(m, ws) * sizeof *z);
    tw_in_force *before = eq->in_force;
    path_from from = {m->w->tariff, NULL, NULL}; /* today's policy (tw_policy_create) */
    if (eq->solved)
        from = (path_from){before->tariff, before->export_tax, before->iceberg};
    atomic_fetch_add_explicit(&before->refs, 1, memory_order_relaxed); /* kept for the path */
    tw_equilibrium_set_in_force(eq, f);
    int ok = solve_with_continuation(sv, p, &from, z, &r, eq, &st);
    tw_in_force_release(before);
    if (st) {
        eq->solved = 0;
        if (rep)
            memset(rep, 0, sizeof *rep);
        return tw_fail(err, st, NULL, 0, 0, NULL, "out of memory");
    }
    return finish(sv, z, ok, eq, &r, t0, rep, err);
}
