/* SPDX-License-Identifier: MIT */
/* Evaluating a schedule on a date: the rate of every trade line, and trade-weighted averages by
 * sector and in total (schedule.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tariff/schedule_internal.h"

static double line_base_pct(const sched_line *ln)
{
    return ln->value > 0 && ln->duty >= 0 ? 100.0 * ln->duty / ln->value : 0.0;
}

/* Actions in the order that makes "the latest, then the most specific, wins" a plain overwrite:
 * by date, then specificity, then file order. */
typedef struct action_key {
    int date, specificity, index;
} action_key;

static int cmp_action(const void *x, const void *y)
{
    const action_key *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->specificity != b->specificity)
        return a->specificity < b->specificity ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* The rules of tw_sched_state_apply and tw_sched_state_finish on every line at once, with the
 * actions applied in cmp_action order so that a rate is simply overwritten. */
static void evaluate_lines(const tw_schedule *s, const action_key *order, int date, double *rate,
                           uint32_t *exempt, uint32_t *sup, tw_schedule_rates *r)
{
    size_t na = (size_t)s->n_auth;
    for (int i = 0; i < s->n_actions; i++) {
        const sched_action *a = &s->actions[order[i].index];
        if (a->date > date || date >= a->until)
            continue;
        size_t k = (size_t)a->authority;
        for (long m = 0; m < a->n_match; m++) {
            size_t l = (size_t)a->match[m];
            if (a->kind == SCHED_RATE) {
                double x = a->rate;
                if (a->inclusive) {
                    double base = line_base_pct(&s->lines[l]);
                    x = x > base ? x - base : 0.0;
                }
                rate[l * na + k] = x * a->share;
            } else if (a->kind == SCHED_EXEMPT)
                exempt[l] |= (uint32_t)1 << k;
            else
                sup[l * na + k] |= (uint32_t)1 << a->over;
        }
    }
    for (long l = 0; l < s->n_lines; l++) {
        double *x = rate + (size_t)l * na, *part = r->part + (size_t)l * na, total = 0;
        uint32_t dropped = 0;
        for (size_t k = 0; k < na; k++) {
            if ((exempt[l] >> k) & 1u)
                x[k] = 0.0;
            if (x[k] > 0)
                dropped |= sup[(size_t)l * na + k];
        }
        for (size_t k = 0; k < na; k++) {
            part[k] = (dropped >> k) & 1u ? 0.0 : x[k];
            total += part[k];
        }
        r->total[l] = total;
    }
}

tw_status tw_schedule_evaluate(const tw_schedule *s, int date, tw_schedule_rates **out,
                               tw_error *err)
{
    if (!s || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_evaluate: NULL");
    *out = NULL;
    size_t n = (size_t)(s->n_lines ? s->n_lines : 1), na = (size_t)(s->n_auth ? s->n_auth : 1);
    tw_schedule_rates *r = calloc(1, sizeof *r);
    double *rate = calloc(n * na, sizeof *rate);
    uint32_t *exempt = calloc(n, sizeof *exempt), *sup = calloc(n * na, sizeof *sup);
    action_key *order = malloc((size_t)(s->n_actions ? s->n_actions : 1) * sizeof *order);
    if (r) {
        r->part = malloc(n * na * sizeof *r->part);
        r->total = malloc(n * sizeof *r->total);
    }
    if (!r || !rate || !exempt || !sup || !order || !r->part || !r->total) {
        free(rate);
        free(exempt);
        free(sup);
        free(order);
        tw_schedule_rates_free(r);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory for %ld line rates",
                       s->n_lines);
    }
    r->s = s;
    r->date = date;
    r->n_auth = s->n_auth;
    for (int i = 0; i < s->n_actions; i++) {
        order[i].date = s->actions[i].date;
        order[i].specificity = s->actions[i].specificity;
        order[i].index = i;
    }
    qsort(order, (size_t)s->n_actions, sizeof *order, cmp_action);
    evaluate_lines(s, order, date, rate, exempt, sup, r);
    free(rate);
    free(exempt);
    free(sup);
    free(order);
    *out = r;
    return TW_OK;
}

void tw_schedule_rates_free(tw_schedule_rates *r)
{
    if (!r)
        return;
    free(r->part);
    free(r->total);
    free(r);
}

tw_status tw_schedule_line_rate(const tw_schedule *s, const char *importer, const char *exporter,
                                const char *hs, double base_pct, int date, double *parts,
                                double *total, tw_error *err)
{
    if (!s || !importer || !exporter || !hs || !total)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_line_rate: NULL");
    char code[TW_HS_LEN];
    if (tw_sched_parse_code(hs, code))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "hs", "bad HS code '%.20s'", hs);
    sched_state st;
    tw_sched_state_init(&st);
    for (int i = 0; i < s->n_actions; i++) {
        const sched_action *a = &s->actions[i];
        if (strcmp(a->importer, importer) != 0)
            continue;
        int hit = a->all_exporters;
        for (int k = 0; k < a->n_exporters && !hit; k++)
            hit = strcmp(a->exporter[k], exporter) == 0;
        const sched_codes *set = a->list >= 0 ? &s->lists[a->list].codes : &a->inline_codes;
        if (hit && (a->all_products || tw_sched_codes_match(set, code)))
            tw_sched_state_apply(&st, a, date, base_pct);
    }
    *total = tw_sched_state_finish(&st, s->n_auth, parts);
    return TW_OK;
}

tw_status tw_schedule_average_init(const tw_schedule *s, tw_schedule_average *avg, tw_error *err)
{
    if (!s || !avg)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_average_init: NULL");
    memset(avg, 0, sizeof *avg);
    avg->n_sectors = s->n_sectors;
    avg->n_authorities = s->n_auth;
    size_t k = (size_t)(s->n_sectors ? s->n_sectors : 1), a = (size_t)(s->n_auth ? s->n_auth : 1);
    avg->value = calloc(k, sizeof *avg->value);
    avg->baseline_pct = calloc(k, sizeof *avg->baseline_pct);
    avg->additional_pct = calloc(k, sizeof *avg->additional_pct);
    avg->part_pct = calloc(k * a, sizeof *avg->part_pct);
    avg->total_part_pct = calloc(a, sizeof *avg->total_part_pct);
    if (!avg->value || !avg->baseline_pct || !avg->additional_pct || !avg->part_pct ||
        !avg->total_part_pct) {
        tw_schedule_average_free(avg);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    return TW_OK;
}

void tw_schedule_average_free(tw_schedule_average *avg)
{
    if (!avg)
        return;
    free(avg->value);
    free(avg->baseline_pct);
    free(avg->additional_pct);
    free(avg->part_pct);
    free(avg->total_part_pct);
    memset(avg, 0, sizeof *avg);
}

/* Marks the exporters named in a space-separated list; 0 if none is known. */
static int mark_exporters(const tw_schedule *s, const char *list, unsigned char *on)
{
    int any = 0;
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        char code[TW_CODE_LEN];
        if (n < sizeof code) {
            memcpy(code, p, n);
            code[n] = '\0';
            int c = tw_sched_country_find(s, code);
            if (c >= 0) {
                on[c] = 1;
                any = 1;
            }
        }
        p += n;
    }
    return any;
}

tw_status tw_schedule_rates_average(const tw_schedule_rates *r, const char *importer,
                              const char *exporters, tw_schedule_average *avg, tw_error *err)
{
    if (!r || !importer || !avg || !avg->value)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_schedule_rates_average: bad argument");
    const tw_schedule *s = r->s;
    int na = r->n_auth, nk = s->n_sectors;
    if (avg->n_sectors != nk || avg->n_authorities != na)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_schedule_rates_average: avg was made for another schedule");
    int imp = tw_sched_country_find(s, importer);
    int all = !exporters || strcmp(exporters, "all") == 0;
    unsigned char *on = calloc((size_t)(s->n_countries ? s->n_countries : 1), 1);
    if (!on)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!all && !mark_exporters(s, exporters, on)) {
        free(on);
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "exporters",
                       "no trade lines of %s from '%.60s'", importer, exporters);
    }
    memset(avg->value, 0, (size_t)nk * sizeof *avg->value);
    memset(avg->baseline_pct, 0, (size_t)nk * sizeof *avg->baseline_pct);
    memset(avg->additional_pct, 0, (size_t)nk * sizeof *avg->additional_pct);
    memset(avg->part_pct, 0, (size_t)nk * (size_t)na * sizeof *avg->part_pct);
    memset(avg->total_part_pct, 0, (size_t)na * sizeof *avg->total_part_pct);
    double tv = 0, tb = 0, tbv = 0, tadd = 0, unmapped = 0;
    double *bv = calloc((size_t)(nk ? nk : 1), sizeof *bv); /* value of lines with a duty */
    if (!bv) {
        free(on);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (long l = 0; l < s->n_lines; l++) {
        const sched_line *ln = &s->lines[l];
        if (ln->importer != imp || !(all || on[ln->exporter]))
            continue;
        const double *p = r->part + (size_t)l * (size_t)na;
        double v = ln->value;
        tv += v;
        if (ln->duty >= 0) {
            tb += ln->duty;
            tbv += v;
        }
        tadd += v * r->total[l];
        for (int a = 0; a < na; a++)
            avg->total_part_pct[a] += v * p[a];
        int k = ln->sector;
        if (k < 0) {
            unmapped += v;
            continue;
        }
        avg->value[k] += v;
        if (ln->duty >= 0) {
            avg->baseline_pct[k] += ln->duty;
            bv[k] += v;
        }
        avg->additional_pct[k] += v * r->total[l];
        for (int a = 0; a < na; a++)
            avg->part_pct[(size_t)k * (size_t)na + (size_t)a] += v * p[a];
    }
    free(on);
    if (!(tv > 0)) {
        free(bv);
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "importer",
                       "no trade lines of %s from %s", importer, all ? "any exporter" : exporters);
    }
    for (int k = 0; k < nk; k++) {
        double v = avg->value[k];
        double inv = v > 0 ? 1.0 / v : 0.0;
        avg->baseline_pct[k] = bv[k] > 0 ? 100.0 * avg->baseline_pct[k] / bv[k] : NAN;
        avg->additional_pct[k] *= inv;
        for (int a = 0; a < na; a++)
            avg->part_pct[(size_t)k * (size_t)na + (size_t)a] *= inv;
    }
    avg->total_value = tv;
    avg->total_baseline_pct = tbv > 0 ? 100.0 * tb / tbv : NAN;
    free(bv);
    avg->total_additional_pct = tadd / tv;
    for (int a = 0; a < na; a++)
        avg->total_part_pct[a] /= tv;
    avg->unmapped_value = unmapped;
    return TW_OK;
}
