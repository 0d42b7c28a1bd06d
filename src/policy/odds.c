/* SPDX-License-Identifier: MIT */
/* Policy uncertainty over a timeline's branches (tradewar/odds.h, docs/uncertainty.md §7). */
#include "tradewar/odds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/error.h"

void tw_branch_odds_free(tw_branch_odds *o)
{
    if (!o)
        return;
    free(o->leaf);
    free(o->prob);
    free(o->day);
    free(o->value);
    free(o->expected);
    free(o->sd);
    free(o->lo);
    free(o->hi);
    free(o->leaf_mean);
    free(o->mean);
    free(o->certainty_equivalent);
    free(o->certainty_value);
    free(o);
}

static int step_day(const tw_timeline *t, int k)
{
    int day = 0;
    tw_date_parse(tw_timeline_step_get(t, k).date, &day);
    return day;
}

int tw_scenario_has_odds(const tw_scenario *s, const tw_timeline *t)
{
    for (int b = 0; b < tw_timeline_branch_count(t); b++)
        if (tw_scenario_branch_odds(s, tw_timeline_branch(t, b), NULL, NULL) == 1)
            return 1;
    return 0;
}

/* Leaves and their probabilities. */
static tw_status leaves(tw_branch_odds *o, const tw_scenario *s, const tw_timeline *t,
                        tw_error *err)
{
    int nb = tw_timeline_branch_count(t);
    double total = 0;
    for (int b = 0; b < nb; b++) {
        const char *name = tw_timeline_branch(t, b);
        int parent_of_other = 0;
        for (int c = 0; c < nb && !parent_of_other; c++) {
            const char *par = NULL;
            if (c != b && tw_scenario_branch_odds(s, tw_timeline_branch(t, c), NULL, &par) >= 0)
                parent_of_other = strcmp(par, name) == 0;
        }
        if (parent_of_other)
            continue;
        double p = 1.0;
        for (const char *x = name; strcmp(x, "main") != 0;) {
            double q;
            const char *par = "main";
            int r = tw_scenario_branch_odds(s, x, &q, &par);
            if (r < 0)
                break;
            if (r == 0)
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "probabilities",
                               "branch '%s' comes from a truce without probabilities: give "
                               "truce.probabilities for every truce on the way to '%s'",
                               x, name);
            p *= q;
            x = par;
        }
        o->leaf[o->n_leaves] = b;
        o->prob[o->n_leaves++] = p;
        total += p;
    }
    if (!(fabs(total - 1.0) <= 1e-9))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "probabilities",
                       "the probabilities of the scenario's %d final branches add up to %.10g, "
                       "not 1 (a truce forks every branch it applies in)", o->n_leaves, total);
    return TW_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Values in force on every leaf at every date. */
static tw_status values(tw_branch_odds *o, const tw_timeline *t, const double *sv)
{
    int ns = tw_timeline_steps(t), Q = o->n_outputs;
    int *path = malloc((size_t)(ns + 1) * sizeof *path);
    o->day = malloc((size_t)(ns + 1) * sizeof *o->day);
    if (!path || !o->day) {
        free(path);
        return TW_ERR_NOMEM;
    }
    for (int k = 0; k < ns; k++)
        o->day[k] = step_day(t, k);
    qsort(o->day, (size_t)ns, sizeof *o->day, cmp_int);
    o->n_dates = 0;
    for (int k = 0; k < ns; k++)
        if (o->n_dates == 0 || o->day[o->n_dates - 1] != o->day[k])
            o->day[o->n_dates++] = o->day[k];
    o->value = malloc((size_t)o->n_leaves * o->n_dates * Q * sizeof *o->value + 1);
    if (!o->value) {
        free(path);
        return TW_ERR_NOMEM;
    }
    for (int b = 0; b < o->n_leaves; b++) {
        int np = tw_timeline_branch_path(t, o->leaf[b], path, ns);
        for (int d = 0, k = -1; d < o->n_dates; d++) {
            while (k + 1 < np && step_day(t, path[k + 1]) <= o->day[d])
                k++;
            for (int q = 0; q < Q; q++)
                o->value[tw_branch_odds_at(o, b, d, q)] =
                    k >= 0 ? sv[(size_t)path[k] * Q + q] : NAN;
        }
    }
    free(path);
    return TW_OK;
}

/* Expected path, spread and range at every date. */
static void moments(tw_branch_odds *o)
{
    int Q = o->n_outputs;
    for (int d = 0; d < o->n_dates; d++)
        for (int q = 0; q < Q; q++) {
            double e = 0, v = 0, lo = INFINITY, hi = -INFINITY;
            for (int b = 0; b < o->n_leaves; b++)
                e += o->prob[b] * o->value[tw_branch_odds_at(o, b, d, q)];
            for (int b = 0; b < o->n_leaves; b++) {
                double x = o->value[tw_branch_odds_at(o, b, d, q)];
                v += o->prob[b] * (x - e) * (x - e);
                if (o->prob[b] > 0) {
                    lo = fmin(lo, x);
                    hi = fmax(hi, x);
                }
            }
            size_t at = (size_t)d * Q + q;
            o->expected[at] = e;
            o->sd[at] = sqrt(v);
            o->lo[at] = lo;
            o->hi[at] = hi;
        }
}

/* Days-weighted means over [fork_day, end_day) and the certainty equivalents. */
static void certainty(tw_branch_odds *o)
{
    int Q = o->n_outputs;
    double g = o->risk_aversion;
    for (int q = 0; q < Q; q++) {
        double m = 0, u = 0;
        for (int b = 0; b < o->n_leaves; b++) {
            double sum = 0, days = 0;
            for (int d = 0; d < o->n_dates; d++) {
                int a = o->day[d] > o->fork_day ? o->day[d] : o->fork_day;
                int z = d + 1 < o->n_dates ? o->day[d + 1] : o->end_day;
                if (z > o->end_day)
                    z = o->end_day;
                double x = o->value[tw_branch_odds_at(o, b, d, q)];
                if (z > a && isfinite(x)) {
                    sum += x * (z - a);
                    days += z - a;
                }
            }
            double lm = days > 0 ? sum / days : NAN;
            o->leaf_mean[(size_t)b * Q + q] = lm;
            double c = 1.0 + lm / 100.0;
            m += o->prob[b] * lm;
            u += o->prob[b] * (g == 1.0 ? log(c) : pow(c, 1.0 - g));
        }
        double ce = g == 1.0 ? exp(u) : pow(u, 1.0 / (1.0 - g));
        o->mean[q] = m;
        o->certainty_equivalent[q] = 100.0 * (ce - 1.0);
        o->certainty_value[q] = m - o->certainty_equivalent[q];
    }
}

tw_status tw_branch_odds_compute(const tw_scenario *s, const tw_timeline *t, int n_outputs,
                                 const double *step_values, double risk_aversion,
                                 tw_branch_odds **out, tw_error *err)
{
    *out = NULL;
    int nb = tw_timeline_branch_count(t), ns = tw_timeline_steps(t);
    if (n_outputs < 1 || !step_values || !(risk_aversion >= 0 && risk_aversion <= 100) ||
        nb < 2)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       nb < 2 ? "the timeline has no fork: nothing is uncertain"
                              : "tw_branch_odds_compute: bad arguments");
    tw_branch_odds *o = calloc(1, sizeof *o);
    if (!o)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    o->n_outputs = n_outputs;
    o->risk_aversion = risk_aversion;
    o->leaf = malloc((size_t)nb * sizeof *o->leaf);
    o->prob = malloc((size_t)nb * sizeof *o->prob);
    tw_status st = o->leaf && o->prob ? leaves(o, s, t, err) : TW_ERR_NOMEM;
    if (!st && values(o, t, step_values))
        st = TW_ERR_NOMEM;
    if (!st) {
        size_t dq = (size_t)o->n_dates * n_outputs + 1;
        o->expected = malloc(dq * sizeof(double));
        o->sd = malloc(dq * sizeof(double));
        o->lo = malloc(dq * sizeof(double));
        o->hi = malloc(dq * sizeof(double));
        o->leaf_mean = malloc(((size_t)o->n_leaves * n_outputs + 1) * sizeof(double));
        o->mean = malloc((size_t)n_outputs * sizeof(double));
        o->certainty_equivalent = malloc((size_t)n_outputs * sizeof(double));
        o->certainty_value = malloc((size_t)n_outputs * sizeof(double));
        if (!o->expected || !o->sd || !o->lo || !o->hi || !o->leaf_mean || !o->mean ||
            !o->certainty_equivalent || !o->certainty_value)
            st = TW_ERR_NOMEM;
    }
    if (st) {
        if (st == TW_ERR_NOMEM)
            tw_fail(err, st, NULL, 0, 0, NULL, "out of memory");
        tw_branch_odds_free(o);
        return st;
    }
    moments(o);
    /* The horizon: from the first step off main to the scenario's end (inclusive). */
    o->fork_day = o->day[o->n_dates - 1];
    for (int k = 0; k < ns; k++)
        if (strcmp(tw_timeline_step_get(t, k).branch, "main") != 0 && step_day(t, k) < o->fork_day)
            o->fork_day = step_day(t, k);
    int end = tw_scenario_end_day(s);
    o->end_day = end >= 0 ? end + 1 : o->day[o->n_dates - 1] + 365;
    if (o->end_day <= o->fork_day)
        o->end_day = o->fork_day + 1;
    certainty(o);
    *out = o;
    return TW_OK;
}
