/* SPDX-License-Identifier: MIT */
/* Public entry points that solve: the baseline at model creation, and counterfactuals. A
 * counterfactual is first attempted directly from the starting point; if that stalls (very
 * large shocks can leave the region where the fixed-point iteration contracts), the shock is
 * applied along a path in adaptive steps (continuation), each step starting from the previous
 * step's solution. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "model/model_internal.h"
#include "model/model_setup.h"
#include "model/workspace.h"
#include "solve/solver.h"

/* Smallest continuation step before giving up. */
#define MIN_STEP (1.0 / 4096.0)
/* Map evaluations one Newton-Krylov attempt may use. */
#define NEWTON_BUDGET 2500
/* A finite stand-in for an embargo's infinite trade cost on the way to it. */
#define EMBARGO_PATH 1e12

static void record_policy(tw_equilibrium *eq, const tw_policy *p)
{
    size_t nij = (size_t)p->d.n * p->d.n * p->d.j;
    memcpy(eq->tariff, p->tariff, nij * sizeof(double));
    memcpy(eq->export_tax, p->export_tax, nij * sizeof(double));
    memcpy(eq->iceberg, p->iceberg, nij * sizeof(double));
    memcpy(eq->quota_holder, p->quota_rent, nij);
}

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

/* The starting policy of a solve: the one eq was solved for, or today's. */
static void start_policy(const tw_model *m, const tw_equilibrium *eq, tw_policy *out)
{
    size_t nij = (size_t)m->d.n * m->d.n * m->d.j;
    if (eq && eq->solved) {
        memcpy(out->tariff, eq->tariff, nij * sizeof(double));
        memcpy(out->export_tax, eq->export_tax, nij * sizeof(double));
        memcpy(out->iceberg, eq->iceberg, nij * sizeof(double));
    } else {
        tw_policy_copy(out, m->base_policy);
    }
}

static void path_policy(const tw_policy *from, const tw_policy *to, double s, tw_policy *out)
{
    size_t nij = (size_t)to->d.n * to->d.n * to->d.j;
    for (size_t k = 0; k < nij; k++) {
        out->tariff[k] = interp_rate(from->tariff[k], to->tariff[k], s);
        out->export_tax[k] = interp_rate(from->export_tax[k], to->export_tax[k], s);
        out->iceberg[k] = interp_cost(from->iceberg[k], to->iceberg[k], s);
    }
    /* Quotas hold in full along the path (their wedges are unknowns, not interpolated). */
    memcpy(out->quota, to->quota, nij * sizeof(double));
    memcpy(out->quota_rent, to->quota_rent, nij);
}

/* One attempt at the current coefficients: the accelerated fixed-point iteration, then, if it
 * stalls, Newton-Krylov from the best point it reached. */
/* 1 if every country's income at the last evaluated point is positive: a solution with
 * negative final spending is not a valid economy, and continuation must not pass through it. */
static int spending_positive(const tw_model *m)
{
    for (int n = 0; n < m->d.n; n++)
        if (!(m->ws->income[n] > 0.0))
            return 0;
    return 1;
}

static int attempt(tw_model *m, double *z, int budget, tw_solver_report *r)
{
    int start = r->iterations;
    if (tw_solver_iterate(m, z, budget, &r->iterations, &r->residual, &r->restarts))
        return spending_positive(m);
    int left = budget - (r->iterations - start);
    if (left > NEWTON_BUDGET)
        left = NEWTON_BUDGET; /* leave the rest to continuation */
    if (left <= 0)
        return 0;
    r->newton++;
    return tw_solver_newton(m, z, left, &r->iterations, &r->residual) && spending_positive(m);
}

/* Solves for policy p from state z (overwritten with the solution or best point). */
static int solve_with_continuation(tw_model *m, const tw_policy *p, const tw_policy *from,
                                   double *z, tw_solver_report *r, tw_equilibrium *scratch)
{
    m->diag_country = -1;
    int budget = m->opt.max_iterations;
    tw_model_coeffs(m, p);
    if (attempt(m, z, budget, r))
        return 1;
    /* Continuation: restart from the original point and walk along the path. */
    size_t M = tw_model_state_size(m);
    double direct_res = r->residual;
    memcpy(m->ws->zkeep, z, M * sizeof *z);
    double *zs = m->ws->zpath, *zt = m->ws->zprev;
    memcpy(zs, m->ws->zstart, M * sizeof *zs);
    double s = 0.0, h = 0.5;
    while (s < 1.0 && r->iterations < budget) {
        double s1 = fmin(1.0, s + h);
        path_policy(from, p, s1, m->path_policy);
        tw_model_coeffs(m, s1 >= 1.0 ? p : m->path_policy);
        memcpy(zt, zs, M * sizeof *zt);
        r->steps++;
        if (attempt(m, zt, budget - r->iterations, r)) {
            memcpy(zs, zt, M * sizeof *zs);
            s = s1;
            h = fmin(2.0 * h, 0.5);
        } else {
            h *= 0.25;
            if (h < MIN_STEP)
                break;
        }
    }
    if (s > 0.0 && s < 1.0) {
        /* Diagnosis from the last policy on the path that did solve: the country whose spending
         * had fallen furthest relative to its value added (see finish()). */
        path_policy(from, p, s, m->path_policy);
        tw_model_coeffs(m, m->path_policy);
        tw_model_map(m, zs, NULL, scratch);
        for (int n = 0; n < m->d.n; n++) {
            double q = scratch->income[n] / (scratch->w_hat[n] * m->wl[n]);
            if (m->diag_country < 0 || q < m->diag_ratio) {
                m->diag_country = n;
                m->diag_ratio = q;
            }
        }
        m->diag_share = s;
    }
    tw_model_coeffs(m, p);
    double *cand = s >= 1.0 ? zs : zt;
    double res = tw_model_map(m, cand, NULL, NULL);
    /* Return the better of the direct attempt's best point and where continuation ended. */
    if (res < direct_res || !isfinite(direct_res)) {
        memcpy(z, cand, M * sizeof *z);
        r->residual = res;
    } else {
        memcpy(z, m->ws->zkeep, M * sizeof *z);
        r->residual = direct_res;
    }
    return r->residual <= m->opt.tolerance;
}

static tw_status finish(tw_model *m, const double *z, int converged, tw_equilibrium *eq,
                        tw_solver_report *r, double t0, tw_solver_report *out, tw_error *err)
{
    double res = tw_model_map(m, z, NULL, eq);
    r->residual = res;
    r->converged = converged && res <= m->opt.tolerance;
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
                return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                               "no valid equilibrium: the equations solve with negative final "
                               "spending for %s (%.3g%% of its value added)%s",
                               m->w->country_code[n],
                               100.0 * eq->income[n] / (eq->w_hat[n] * m->wl[n]),
                               m->opt.deficits == TW_DEFICITS_FIXED
                                   ? "; its trade surplus is held fixed while its exports "
                                     "collapse. Try --deficits zero or proportional"
                                   : "");
            }
        return TW_OK;
    }
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
    int worst = m->diag_country;
    if (m->opt.deficits == TW_DEFICITS_FIXED && worst >= 0 && m->diag_ratio < 0.25 &&
        m->d_base[worst] < 0)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "no equilibrium found (residual %.3g after %d iterations). With %.0f%% "
                       "of the shock applied, %s's spending had fallen to %.1f%% of its value "
                       "added: its trade surplus is held at its baseline value while its "
                       "exports collapse, which the fixed-deficit closure may make impossible. "
                       "Try --deficits zero or proportional",
                       res, r->iterations, 100.0 * m->diag_share, m->w->country_code[worst],
                       100.0 * m->diag_ratio);
    return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                   "the solver stopped after %d iterations%s with residual %.3g, above the "
                   "tolerance %.3g: no result is reported",
                   r->iterations, r->steps ? " of continuation" : "", res, m->opt.tolerance);
}

tw_status tw_model_create(const tw_world *w, const tw_solver_options *opts, tw_model **out,
                          tw_error *err)
{
    tw_error_clear(err);
    if (!w || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_model_create: NULL argument");
    tw_model *m;
    tw_status st = tw_model_setup(w, opts, &m, err);
    if (st)
        return st;
    /* The baseline: today's policy with the closure's deficits, starting from the data. With
     * consistent data and fixed deficits the data already solve it (residual ~ 1e-15). */
    double t0 = tw_clock_seconds();
    tw_solver_report r = {0};
    tw_model_quotas_prepare(m, m->base_policy); /* none: cannot fail */
    double *z = m->ws->zstart;
    tw_model_state_from(m, NULL, z);
    record_policy(m->base, m->base_policy);
    tw_model_coeffs(m, m->base_policy);
    int ok = tw_solver_iterate(m, z, m->opt.max_iterations, &r.iterations, &r.residual,
                               &r.restarts);
    st = finish(m, z, ok, m->base, &r, t0, NULL, err);
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

tw_status tw_model_solve(tw_model *m, const tw_policy *p, tw_equilibrium *eq,
                         tw_solver_report *rep, tw_error *err)
{
    tw_error_clear(err);
    if (!m || !p || !eq)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_model_solve: NULL argument");
    tw_status st = tw_policy_validate(m, p, err);
    if (st)
        return st;
    double t0 = tw_clock_seconds();
    tw_solver_report r = {0};
    /* Quotas extend the state: collect them (and grow the workspace) before the state is
     * written. */
    st = tw_model_quotas_prepare(m, p);
    if (st)
        return tw_fail(err, st, NULL, 0, 0, NULL, "out of memory");
    start_policy(m, eq, m->from_policy);
    double *z = m->ws->z0;
    tw_model_state_from(m, eq, z); /* warm start from eq if it holds a solution */
    memcpy(m->ws->zstart, z, tw_model_state_size(m) * sizeof *z);
    record_policy(eq, p);
    int ok = solve_with_continuation(m, p, m->from_policy, z, &r, eq);
    return finish(m, z, ok, eq, &r, t0, rep, err);
}
