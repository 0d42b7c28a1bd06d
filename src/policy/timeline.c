/* SPDX-License-Identifier: MIT */
/* Timelines: walks a plan's events (a scenario bound to a world) in date order, forks a branch
 * for each outcome of an expiring truce, and solves the equilibrium of every dated policy
 * state, each solve warm-started from the step before it (docs/scenario-format.md, "How a
 * timeline is evaluated"). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/error.h"
#include "model/model_internal.h"
#include "model/provenance.h"
#include "tradewar/factors.h"
#include "tradewar/groups.h"
#include "policy/scenario_internal.h"

enum { TOUCH_TARIFF = 1, TOUCH_XTAX = 2, TOUCH_ICEBERG = 4, TOUCH_QUOTA = 8 };

typedef struct step_rec {
    char date[11];
    int branch;
    char *label;
    int parent;
    tw_solver_report rep;
    tw_results *res;
    double *tariff; /* [n][i] */
    double *spec, *mob; /* factor returns [n][j], [n] (tw_timeline_step_factors), or NULL */
} step_rec;

struct tw_timeline {
    step_rec *steps;
    int nsteps, cap;
    char **branches;
    int nbranches;
};

/* The state of one branch while it is walked. */
typedef struct bstate {
    tw_policy *p;
    tw_equilibrium *eq;
    int step;        /* last step of this branch (its solution is in eq) */
    int branch;      /* index into the timeline's branches */
    const char *name; /* outcome name events refer to ("" for main) */
    /* Active truce. */
    int truce;
    int expiry; /* day */
    const sc_event *tev;
    int extended;       /* after an extension the truce only snaps back */
    tw_policy *pre;     /* the policy before the truce */
    unsigned char *touched; /* [j][n][i] TOUCH_* of the truce's changes */
} bstate;

typedef struct ctx {
    const tw_plan *plan;
    const tw_scenario *s; /* the plan's */
    const tw_model *m;
    tw_solver *solver;
    tw_timeline *t;
    tw_error *err;
    size_t nij;
    tw_equilibrium *ref; /* the first step's equilibrium, with reference: first */
    tw_game_solver_fn solve_game; /* for events with a game, or NULL */
    void *game_ctx;
    tw_timeline_step_fn on_step; /* called after each step, or NULL */
    void *step_ctx;
} ctx;

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static void bstate_free(bstate *b)
{
    tw_policy_free(b->p);
    tw_equilibrium_free(b->eq);
    tw_policy_free(b->pre);
    free(b->touched);
    memset(b, 0, sizeof *b);
}

static tw_status bstate_clone(ctx *c, const bstate *src, bstate *dst)
{
    memset(dst, 0, sizeof *dst);
    *dst = *src;
    dst->p = NULL;
    dst->eq = NULL;
    dst->pre = NULL;
    dst->touched = NULL;
    if (tw_policy_create(c->m, &dst->p) || !(dst->eq = tw_equilibrium_create(c->m)))
        goto fail;
    tw_policy_copy(dst->p, src->p);
    if (tw_provenance_copy(dst->p, src->p))
        goto fail;
    tw_equilibrium_copy(dst->eq, src->eq);
    if (src->pre) {
        if (tw_policy_create(c->m, &dst->pre) || !(dst->touched = malloc(c->nij)))
            goto fail;
        tw_policy_copy(dst->pre, src->pre);
        if (tw_provenance_copy(dst->pre, src->pre))
            goto fail;
        memcpy(dst->touched, src->touched, c->nij);
    }
    return TW_OK;
fail:
    bstate_free(dst);
    return nomem(c->err);
}

static int branch_add(ctx *c, const char *name)
{
    tw_timeline *t = c->t;
    char buf[96];
    snprintf(buf, sizeof buf, "%s", name);
    for (int k = 2;; k++) {
        int clash = 0;
        for (int b = 0; b < t->nbranches; b++)
            clash |= strcmp(t->branches[b], buf) == 0;
        if (!clash)
            break;
        snprintf(buf, sizeof buf, "%s (%d)", name, k);
    }
    char **nb = realloc(t->branches, (size_t)(t->nbranches + 1) * sizeof *nb);
    if (!nb)
        return -1;
    t->branches = nb;
    if (!(nb[t->nbranches] = strdup(buf)))
        return -1;
    return t->nbranches++;
}

/* Writes one change (ch, with its cells pc) into policy p; marks the cells in touched if not
 * NULL. */
static tw_status apply_change(ctx *c, const sc_event *e, const sc_change *ch,
                              const pl_change *pc, tw_policy *p, unsigned char *touched)
{
    const tw_model *m = c->m;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    /* The event's position, kept with the entries it sets for errors found at solve time. */
    int src = tw_provenance_source(p, c->s->file, ch->line, ch->col, ch->field);
    if (src < 0)
        return nomem(c->err);
    for (int j = 0; j < d.j; j++) {
        if (!pc->smask[j])
            continue;
        for (int n = 0; n < d.n; n++) {
            if (!pc->imask[n])
                continue;
            for (int i = 0; i < d.n; i++) {
                if (i == n || !pc->emask[i])
                    continue;
                size_t at = tw_ix_nij(d, n, i, j);
                int mark = 0;
                switch (ch->instr) {
                case SC_TARIFF:
                case SC_EXPORT_TAX: {
                    double *v = ch->instr == SC_TARIFF ? &p->tariff[at] : &p->export_tax[at];
                    double nv = ch->add ? *v + ch->value : ch->value;
                    if (!(nv > -1.0))
                        return tw_fail(c->err, TW_ERR_INPUT, c->s->file, ch->line, ch->col,
                                       ch->field,
                                       "on %s this takes the %s of %s on %s, sector %s, to %g, "
                                       "below -1",
                                       e->date, ch->instr == SC_TARIFF ? "tariff" : "export tax",
                                       w->country_code[n], w->country_code[i],
                                       w->sector_code[j], nv);
                    *v = nv;
                    mark = ch->instr == SC_TARIFF ? TOUCH_TARIFF : TOUCH_XTAX;
                    if (ch->instr == SC_EXPORT_TAX)
                        tw_policy_mark(p, TW_POLICY_EXPORT_TAX);
                    break;
                }
                case SC_BAN:
                    p->iceberg[at] = INFINITY;
                    p->quota[at] = INFINITY;
                    mark = TOUCH_ICEBERG | TOUCH_QUOTA;
                    tw_policy_mark(p, TW_POLICY_ICEBERG);
                    break;
                case SC_LIFT:
                    p->iceberg[at] = 1.0;
                    p->quota[at] = INFINITY;
                    mark = TOUCH_ICEBERG | TOUCH_QUOTA;
                    break;
                case SC_ICEBERG:
                    p->iceberg[at] = ch->value;
                    mark = TOUCH_ICEBERG;
                    tw_policy_mark(p, TW_POLICY_ICEBERG);
                    break;
                case SC_QUOTA: {
                    double v0 = tw_equilibrium_border_value(m->base, n, i, j), cap;
                    if (ch->cap_kind == SC_CAP_SHARE) {
                        if (!(v0 > 0))
                            continue; /* nothing flows, nothing to cap */
                        cap = ch->value * v0;
                    } else {
                        cap = ch->cap_kind == SC_CAP_VALUE ? ch->value : v0 - ch->value;
                        if (!(cap > 0))
                            return tw_fail(c->err, TW_ERR_INPUT, c->s->file, ch->line, ch->col,
                                           ch->field,
                                           "the cut %g is not smaller than the baseline flow "
                                           "of %s to %s, sector %s (%g %s)",
                                           ch->value, w->country_code[i], w->country_code[n],
                                           w->sector_code[j], v0, tw_world_unit(w));
                    }
                    if (!isfinite(p->iceberg[at]))
                        p->iceberg[at] = 1.0; /* a quota relaxes a ban */
                    p->quota[at] = cap;
                    p->quota_rent[at] = (unsigned char)ch->rent;
                    mark = TOUCH_QUOTA | TOUCH_ICEBERG;
                    tw_policy_mark(p, TW_POLICY_QUOTA);
                    break;
                }
                }
                if (touched)
                    touched[at] |= (unsigned char)mark;
                static const struct {
                    int touch;
                    tw_prov_kind kind;
                } kinds[] = {{TOUCH_TARIFF, TW_PROV_TARIFF},
                             {TOUCH_XTAX, TW_PROV_EXPORT_TAX},
                             {TOUCH_ICEBERG, TW_PROV_ICEBERG},
                             {TOUCH_QUOTA, TW_PROV_QUOTA}};
                for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
                    if ((mark & kinds[k].touch) &&
                        tw_provenance_mark(p, kinds[k].kind, at, src))
                        return nomem(c->err);
            }
        }
    }
    return TW_OK;
}

static void snap_back(ctx *c, bstate *b)
{
    tw_policy_mark(b->p, b->pre->kinds); /* the pre-truce values come back */
    for (size_t at = 0; at < c->nij; at++) {
        unsigned char t = b->touched[at];
        if (!t)
            continue;
        if (t & TOUCH_TARIFF)
            b->p->tariff[at] = b->pre->tariff[at];
        if (t & TOUCH_XTAX)
            b->p->export_tax[at] = b->pre->export_tax[at];
        if (t & TOUCH_ICEBERG)
            b->p->iceberg[at] = b->pre->iceberg[at];
        if (t & TOUCH_QUOTA) {
            b->p->quota[at] = b->pre->quota[at];
            b->p->quota_rent[at] = b->pre->quota_rent[at];
        }
        tw_provenance_restore(b->p, b->pre, at);
    }
}

static void end_truce(bstate *b)
{
    tw_policy_free(b->pre);
    free(b->touched);
    b->pre = NULL;
    b->touched = NULL;
    b->truce = 0;
    b->tev = NULL;
    b->extended = 0;
}

/* Solves b's policy (warm start from b's equilibrium) and records a step. */
static tw_status add_step(ctx *c, bstate *b, const char *date, const char *label)
{
    tw_timeline *t = c->t;
    if (t->nsteps == t->cap) {
        int cap = t->cap ? 2 * t->cap : 16;
        step_rec *ns = realloc(t->steps, (size_t)cap * sizeof *ns);
        if (!ns)
            return nomem(c->err);
        t->steps = ns;
        t->cap = cap;
    }
    step_rec *r = &t->steps[t->nsteps];
    memset(r, 0, sizeof *r);
    snprintf(r->date, sizeof r->date, "%s", date);
    r->branch = b->branch;
    r->parent = b->step;
    r->label = strdup(label);
    r->res = tw_results_create(c->m);
    r->tariff = malloc((size_t)c->m->d.n * (size_t)c->m->d.n * sizeof(double));
    if (!r->label || !r->res || !r->tariff) {
        free(r->label);
        tw_results_free(r->res);
        free(r->tariff);
        return nomem(c->err);
    }
    t->nsteps++;
    tw_status st = tw_model_solve(c->m, c->solver, b->p, b->eq, &r->rep, c->err);
    if (st) {
        if (c->err) {
            char msg[sizeof c->err->message];
            memcpy(msg, c->err->message, sizeof msg);
            /* An error that names its own position (a policy entry's event) keeps it. */
            if (c->err->line > 0) {
                tw_error at = *c->err;
                tw_fail(c->err, st, at.file, at.line, at.column, at.field,
                        "step %s (%s, branch %s): %s", date, label, t->branches[b->branch], msg);
            } else {
                tw_fail(c->err, st, c->s->file, 0, 0, NULL, "step %s (%s, branch %s): %s",
                        date, label, t->branches[b->branch], msg);
            }
        }
        return st;
    }
    if (c->s->ref_first && !c->ref) {
        if (!(c->ref = tw_equilibrium_create(c->m)))
            return nomem(c->err);
        tw_equilibrium_copy(c->ref, b->eq);
    }
    tw_results_compute_against(c->m, b->eq, c->ref ? c->ref : c->m->base, r->res);
    /* The library's one average tariff (tradewar/groups.h): goods, baseline imports. */
    tw_tariff_average_pairs(c->m->w, NULL, b->p->tariff, r->tariff);
    if (tw_model_has_specific_factors(c->m)) {
        /* Against the reference of the results (docs/model.md §2b). */
        r->spec = malloc((size_t)c->m->d.n * (size_t)c->m->d.j * sizeof(double));
        r->mob = malloc((size_t)c->m->d.n * sizeof(double));
        if (!r->spec || !r->mob || tw_factor_returns(c->m, b->eq, c->ref, r->spec, r->mob))
            return nomem(c->err);
    }
    b->step = t->nsteps - 1;
    if (c->on_step)
        return c->on_step(c->step_ctx, c->m, t->nsteps - 1, b->p, b->eq, r->res, c->err);
    return TW_OK;
}

static int applies(const sc_event *e, const bstate *b)
{
    return !e->branch[0] || strcmp(e->branch, b->name) == 0;
}

static tw_status walk(ctx *c, bstate *b, int k);

/* The truce of b expires on its expiry day: apply its outcome(s). */
static tw_status expire(ctx *c, bstate *b, int k)
{
    char date[11], label[512];
    tw_date_format(b->expiry, date, sizeof date);
    const sc_event *te = b->tev;
    if (b->extended || te->nout == 0) {
        snprintf(label, sizeof label, "%s: truce expires, snapped back", te->label);
        snap_back(c, b);
        end_truce(b);
        tw_status st = add_step(c, b, date, label);
        return st ? st : walk(c, b, k);
    }
    for (int o = 0; o < te->nout; o++) {
        const sc_outcome *out = &te->out[o];
        bstate nb;
        tw_status st = bstate_clone(c, b, &nb);
        if (st)
            return st;
        nb.name = out->name;
        nb.branch = branch_add(c, out->name);
        if (nb.branch < 0) {
            bstate_free(&nb);
            return nomem(c->err);
        }
        switch (out->kind) {
        case SC_SNAP_BACK:
            snprintf(label, sizeof label, "%s: truce expires, snapped back", te->label);
            snap_back(c, &nb);
            end_truce(&nb);
            break;
        case SC_PERMANENT:
            snprintf(label, sizeof label, "%s: truce made permanent", te->label);
            end_truce(&nb);
            break;
        default:
            snprintf(label, sizeof label, "%s: truce extended by %d days", te->label, out->days);
            nb.expiry += out->days;
            nb.extended = 1;
            break;
        }
        st = add_step(c, &nb, date, label);
        if (!st)
            st = walk(c, &nb, k);
        bstate_free(&nb);
        if (st)
            return st;
    }
    return TW_OK;
}

/* Walks branch b from event k on, until its events run out. */
static tw_status walk(ctx *c, bstate *b, int k)
{
    const tw_scenario *s = c->s;
    for (;;) {
        int kk = k;
        while (kk < s->nevents && !applies(&s->events[kk], b))
            kk++;
        int next = kk < s->nevents ? s->events[kk].day : INT_MAX;
        if (b->truce && b->expiry <= s->end_day) {
            /* A new truce on the expiry day supersedes the old one; other events of that day
             * come after the expiry. */
            int superseded = 0;
            for (int q = kk; q < s->nevents && s->events[q].day == b->expiry; q++)
                superseded |= applies(&s->events[q], b) && s->events[q].truce;
            if (b->expiry < next || (b->expiry == next && !superseded))
                return expire(c, b, k);
        }
        if (kk >= s->nevents)
            return TW_OK;
        /* Every applicable event of that day, in file order, makes one step. */
        char label[1024] = "";
        int q = kk;
        for (; q < s->nevents && s->events[q].day == next; q++) {
            const sc_event *e = &s->events[q];
            if (!applies(e, b))
                continue;
            unsigned char *touched = NULL;
            if (e->truce) {
                tw_policy *pre;
                unsigned char *tc = calloc(c->nij, 1);
                if (tw_policy_create(c->m, &pre) || !tc) {
                    tw_policy_free(pre);
                    free(tc);
                    return nomem(c->err);
                }
                tw_policy_copy(pre, b->p);
                if (tw_provenance_copy(pre, b->p)) {
                    tw_policy_free(pre);
                    free(tc);
                    return nomem(c->err);
                }
                if (b->truce) {
                    /* Superseding: the old truce's cells keep their pre-truce values. */
                    tw_policy_mark(pre, b->pre->kinds);
                    for (size_t at = 0; at < c->nij; at++)
                        if (b->touched[at]) {
                            pre->tariff[at] = b->pre->tariff[at];
                            pre->export_tax[at] = b->pre->export_tax[at];
                            pre->iceberg[at] = b->pre->iceberg[at];
                            pre->quota[at] = b->pre->quota[at];
                            pre->quota_rent[at] = b->pre->quota_rent[at];
                            tw_provenance_restore(pre, b->pre, at);
                            tc[at] = b->touched[at];
                        }
                }
                end_truce(b);
                b->truce = 1;
                b->pre = pre;
                b->touched = tc;
                b->tev = e;
                b->expiry = e->day + e->truce_days;
                touched = tc;
            }
            const pl_event *pe = &c->plan->events[q];
            for (int ch = 0; ch < e->nch; ch++) {
                tw_status st = apply_change(c, e, &e->ch[ch], &pe->ch[ch], b->p, touched);
                if (st)
                    return st;
            }
            if (e->game.present) {
                /* The game starts from the policy in force, after the day's earlier changes;
                 * its tariffs stay in force like any other change. */
                const sc_game *g = &e->game;
                if (!c->solve_game)
                    return tw_fail(c->err, TW_ERR_INPUT, s->file, g->line, g->col, g->field,
                                   "this event states a game, which needs a game solver: run "
                                   "the scenario with tw_timeline_run_games (the tradewar "
                                   "program does)");
                tw_status st = c->solve_game(c->game_ctx, c->m, &pe->game, b->p, b->eq, c->err);
                if (st)
                    return st;
            }
            if (label[0])
                strncat(label, "; ", sizeof label - strlen(label) - 1);
            strncat(label, e->label, sizeof label - strlen(label) - 1);
        }
        tw_status st = add_step(c, b, s->events[kk].date, label);
        if (st)
            return st;
        k = q;
    }
}

tw_status tw_timeline_run(const tw_plan *p, const tw_model *m, tw_solver *solver,
                          tw_timeline **out, tw_error *err)
{
    return tw_timeline_run_games(p, m, solver, NULL, NULL, out, err);
}

tw_status tw_timeline_run_games(const tw_plan *p, const tw_model *m, tw_solver *solver,
                                tw_game_solver_fn solve_game, void *game_ctx, tw_timeline **out,
                                tw_error *err)
{
    return tw_timeline_run_observed(p, m, solver, solve_game, game_ctx, NULL, NULL, out, err);
}

tw_status tw_timeline_run_observed(const tw_plan *p, const tw_model *m, tw_solver *solver,
                                   tw_game_solver_fn solve_game, void *game_ctx,
                                   tw_timeline_step_fn on_step, void *step_ctx,
                                   tw_timeline **out, tw_error *err)
{
    tw_error_clear(err);
    *out = NULL;
    if (!p || !m || p->w != m->w)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_timeline_run: the plan is bound to another world than the model's");
    if (!solver || tw_solver_model(solver) != m)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_timeline_run: the solver was not created for this model");
    const tw_scenario *s = p->s;
    tw_timeline *t = calloc(1, sizeof *t);
    if (!t)
        return nomem(err);
    size_t nij = (size_t)m->d.n * (size_t)m->d.n * (size_t)m->d.j;
    ctx c = {p, s, m, solver, t, err, nij, NULL, solve_game, game_ctx, on_step, step_ctx};
    bstate b = {0};
    tw_status st = TW_OK;
    if (branch_add(&c, "main") < 0 || tw_policy_create(m, &b.p) ||
        !(b.eq = tw_equilibrium_create(m)))
        st = nomem(err);
    if (!st) {
        b.step = -1;
        b.name = "";
        st = walk(&c, &b, 0);
    }
    bstate_free(&b);
    tw_equilibrium_free(c.ref);
    if (st) {
        tw_timeline_free(t);
        return st;
    }
    *out = t;
    return TW_OK;
}

void tw_timeline_free(tw_timeline *t)
{
    if (!t)
        return;
    for (int k = 0; k < t->nsteps; k++) {
        free(t->steps[k].label);
        tw_results_free(t->steps[k].res);
        free(t->steps[k].tariff);
        free(t->steps[k].spec);
        free(t->steps[k].mob);
    }
    free(t->steps);
    for (int b = 0; b < t->nbranches; b++)
        free(t->branches[b]);
    free(t->branches);
    free(t);
}

int tw_timeline_steps(const tw_timeline *t) { return t->nsteps; }

tw_timeline_step tw_timeline_step_get(const tw_timeline *t, int k)
{
    const step_rec *r = &t->steps[k];
    tw_timeline_step s;
    memcpy(s.date, r->date, sizeof s.date);
    s.branch = t->branches[r->branch];
    s.label = r->label;
    s.parent = r->parent;
    s.report = r->rep;
    s.results = r->res;
    s.bilateral_tariff = r->tariff;
    return s;
}

int tw_timeline_step_factors(const tw_timeline *t, int k, const double **specific_hat,
                             const double **mobile_wage_hat)
{
    const step_rec *r = &t->steps[k];
    if (specific_hat)
        *specific_hat = r->spec;
    if (mobile_wage_hat)
        *mobile_wage_hat = r->mob;
    return r->spec != NULL;
}

int tw_timeline_branch_count(const tw_timeline *t) { return t->nbranches; }
const char *tw_timeline_branch(const tw_timeline *t, int b) { return t->branches[b]; }

int tw_timeline_branch_path(const tw_timeline *t, int b, int *out, int cap)
{
    int last = -1;
    for (int k = 0; k < t->nsteps; k++)
        if (t->steps[k].branch == b)
            last = k;
    if (b == 0) {
        /* main: the steps before the first fork. */
        int count = 0;
        for (int k = 0; k < t->nsteps && t->steps[k].branch == 0; k++) {
            if (count < cap)
                out[count] = k;
            count++;
        }
        return count;
    }
    int count = 0;
    for (int k = last; k >= 0; k = t->steps[k].parent)
        count++;
    int pos = count;
    for (int k = last; k >= 0; k = t->steps[k].parent)
        if (--pos < cap)
            out[pos] = k;
    return count;
}
