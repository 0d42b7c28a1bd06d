/* SPDX-License-Identifier: MIT */
/* Public entry points that solve: the baseline at model creation, and counterfactuals. */
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "model/model_internal.h"
#include "model/model_setup.h"
#include "model/workspace.h"
#include "solve/solver.h"

static void record_policy(tw_equilibrium *eq, const tw_policy *p)
{
    size_t nij = (size_t)p->d.n * p->d.n * p->d.j;
    memcpy(eq->tariff, p->tariff, nij * sizeof(double));
    memcpy(eq->export_tax, p->export_tax, nij * sizeof(double));
    memcpy(eq->iceberg, p->iceberg, nij * sizeof(double));
    memcpy(eq->quota_holder, p->quota_rent, nij);
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
    tw_model_quotas_prepare(m, m->base_policy); /* none: cannot fail */
    tw_model_coeffs(m, m->base_policy);
    double *z0 = m->ws->zprev;
    tw_model_state_from(m, NULL, z0);
    record_policy(m->base, m->base_policy);
    st = tw_solver_run(m, z0, m->base, NULL, err);
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
    st = tw_model_quotas_prepare(m, p);
    if (st)
        return tw_fail(err, st, NULL, 0, 0, NULL, "out of memory");
    tw_model_coeffs(m, p);
    double *z0 = m->ws->zprev;
    tw_model_state_from(m, eq, z0); /* warm start from eq if it holds a solution */
    record_policy(eq, p);
    return tw_solver_run(m, z0, eq, rep, err);
}
