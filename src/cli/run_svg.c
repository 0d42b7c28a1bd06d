/* SPDX-License-Identifier: MIT */
/* `tradewar run --svg DIR`: the timeline, the countries at the end of each branch and the
 * sectors of each single-country player, as SVG charts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_out.h"
#include "core/calendar.h"
#include "io/svg.h"

/* At most this many branches are drawn, side by side. */
#define MAX_COLS 6

/* The day number of a step's date (always a valid YYYY-MM-DD), for the charts' x axis. */
static int day_of(const char *date)
{
    int day = 0;
    tw_date_parse(date, &day);
    return day;
}

/* The branches to draw: every branch but "main" when there are forks (their paths include
 * main's steps); main alone otherwise. */
static int drawn_branches(const tw_timeline *t, int *out)
{
    int nb = tw_timeline_branch_count(t), k = 0;
    for (int b = nb > 1 ? 1 : 0; b < nb; b++)
        out[k++] = b;
    return k;
}

/* The drawn branches and what every chart shares. */
typedef struct charts {
    int br[64], nbr;
    const char *titles[MAX_COLS];
    int last[MAX_COLS]; /* the last step of each drawn branch */
    char subtitle[400];
} charts;

/* The timeline's series: per drawn branch, the baseline then each step on its path. */
typedef struct series {
    int npts[MAX_COLS], *xs[MAX_COLS];
    double *tar[MAX_COLS], *inc[MAX_COLS];
    double *inc_lo[MAX_COLS], *inc_hi[MAX_COLS]; /* 5th and 95th percentiles with --draws */
    int nt, ni; /* tariff series (0 or 2) and income series */
    char tnames[2][64];
    const char *tn[2];
    const char *inames[32];
} series;

/* Fills branch b's series of sr; bt0 holds the baseline's pair averages. @return 0 when out of
 * memory (what was allocated is kept in sr, to be freed with the rest), else 1. */
static int branch_series(const run_ctx *c, series *sr, int b, int branch, const double *bt0)
{
    const tw_timeline *t = c->t;
    int nsteps = tw_timeline_steps(t), nt = sr->nt, ni = sr->ni;
    int *path = malloc((size_t)(nsteps + 1) * sizeof *path);
    int n = path ? tw_timeline_branch_path(t, branch, path, nsteps) + 1 : 0;
    sr->npts[b] = n;
    sr->xs[b] = malloc((size_t)(n + 1) * sizeof(int));
    sr->tar[b] = malloc((size_t)(2 * n + 1) * sizeof(double));
    sr->inc[b] = malloc((size_t)(ni * n + 1) * sizeof(double));
    sr->inc_lo[b] = c->draws ? malloc((size_t)(ni * n + 1) * sizeof(double)) : NULL;
    sr->inc_hi[b] = c->draws ? malloc((size_t)(ni * n + 1) * sizeof(double)) : NULL;
    if (!path || !sr->xs[b] || !sr->tar[b] || !sr->inc[b] ||
        (c->draws && (!sr->inc_lo[b] || !sr->inc_hi[b]))) {
        free(path);
        return 0;
    }
    int *xs = sr->xs[b];
    double *tar = sr->tar[b], *inc = sr->inc[b];
    xs[0] = day_of(tw_scenario_baseline_date(c->s));
    if (nt) {
        tar[0] = group_tariff_of(c, bt0, &c->show[0], &c->show[1]);
        tar[n] = group_tariff_of(c, bt0, &c->show[1], &c->show[0]);
    }
    for (int q = 0; q < ni; q++) {
        inc[(size_t)q * n] = 0.0;
        if (c->draws)
            sr->inc_lo[b][(size_t)q * n] = sr->inc_hi[b][(size_t)q * n] = 0.0;
    }
    for (int k = 1; k < n; k++) {
        tw_timeline_step st = tw_timeline_step_get(t, path[k - 1]);
        xs[k] = day_of(st.date);
        if (nt) {
            tar[k] = group_tariff(c, &st, &c->show[0], &c->show[1]);
            tar[n + k] = group_tariff(c, &st, &c->show[1], &c->show[0]);
        }
        for (int q = 0; q < ni; q++) {
            inc[(size_t)q * n + k] = group_real_income(st.results, &c->show[q]);
            if (c->draws) {
                tw_band bd = tw_draws_band(c->draws, path[k - 1] * (c->nshow + 1) + q);
                sr->inc_lo[b][(size_t)q * n + k] = bd.p5;
                sr->inc_hi[b][(size_t)q * n + k] = bd.p95;
            }
        }
    }
    free(path);
    return 1;
}

/* Draws the series into f: 0, or nonzero when writing failed. */
static int draw_timeline(FILE *f, const run_ctx *c, const charts *ch, const series *sr)
{
    tw_svg_timeline spec = {0};
    spec.title = tw_scenario_title(c->s);
    spec.subtitle = ch->subtitle;
    char note[300];
    snprintf(note, sizeof note, "Tariffs: %s. Real income: exact change in I/P%s. Branches "
             "side by side.", tw_tariff_average_label(NULL),
             c->draws ? "; shaded: 5th to 95th percentile over the draws of the trade "
                        "elasticities" : "");
    spec.note = note;
    spec.ncols = ch->nbr;
    spec.col_titles = ch->titles;
    spec.npoints = sr->npts;
    spec.x = (const int *const *)sr->xs;
    int p = 0;
    if (sr->nt) {
        spec.panel[p].ylabel = "average tariff on goods, %";
        spec.panel[p].nseries = 2;
        spec.panel[p].series = sr->tn;
        spec.panel[p].y = (const double *const *)sr->tar;
        p++;
    }
    spec.panel[p].ylabel = "real income change, %";
    spec.panel[p].nseries = sr->ni;
    spec.panel[p].series = sr->inames;
    spec.panel[p].y = (const double *const *)sr->inc;
    tw_svg_bands bands = {0};
    if (c->draws) {
        bands.lo[p] = (const double *const *)sr->inc_lo;
        bands.hi[p] = (const double *const *)sr->inc_hi;
    }
    p++;
    spec.npanels = p;
    return tw_svg_write_timeline_bands(f, &spec, c->draws ? &bands : NULL) != 0;
}

/* timeline.svg: average tariffs between the first two players and real incomes, by date. */
static int write_timeline_chart(const run_ctx *c, const char *dir, const charts *ch)
{
    series sr = {0};
    int ok = 1;
    sr.nt = c->nplayers >= 2 ? 2 : 0;
    sr.tn[0] = sr.tnames[0];
    sr.tn[1] = sr.tnames[1];
    if (sr.nt) {
        snprintf(sr.tnames[0], sizeof sr.tnames[0], "%.20s on %.20s", c->show[0].name,
                 c->show[1].name);
        snprintf(sr.tnames[1], sizeof sr.tnames[1], "%.20s on %.20s", c->show[1].name,
                 c->show[0].name);
    }
    sr.ni = c->nshow < 8 ? c->nshow : 8;
    for (int q = 0; q < sr.ni; q++)
        sr.inames[q] = c->show[q].name;
    /* The baseline's average tariffs [n][i], drawn as the first point of every column. */
    tw_dims dw = tw_world_dims(c->w);
    double *bt0 = calloc((size_t)dw.n * dw.n, sizeof *bt0);
    if (!bt0)
        return TW_EXIT_INTERNAL;
    tw_tariff_average_pairs(c->w, NULL, tw_world_tariffs(c->w), bt0);
    for (int b = 0; b < ch->nbr; b++)
        if (!branch_series(c, &sr, b, ch->br[b], bt0))
            ok = 0;
    free(bt0);
    char path[1200];
    FILE *f = ok ? tw_run_open_in(dir, "timeline.svg", path, sizeof path) : NULL;
    if (f) {
        if (draw_timeline(f, c, ch, &sr))
            ok = 0;
        if (fclose(f))
            ok = 0;
    } else {
        ok = 0;
    }
    for (int b = 0; b < ch->nbr; b++) {
        free(sr.xs[b]);
        free(sr.tar[b]);
        free(sr.inc[b]);
        free(sr.inc_lo[b]);
        free(sr.inc_hi[b]);
    }
    if (!ok) {
        fprintf(stderr, "tradewar: error: writing %s/timeline.svg failed\n", dir);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

/* The last step of each drawn branch into ch->last: 0, or TW_EXIT_INTERNAL. */
static int last_steps(const tw_timeline *t, charts *ch)
{
    int nsteps = tw_timeline_steps(t);
    for (int b = 0; b < ch->nbr; b++) {
        int *pth = malloc((size_t)(nsteps + 1) * sizeof *pth);
        if (!pth)
            return TW_EXIT_INTERNAL;
        int n = tw_timeline_branch_path(t, ch->br[b], pth, nsteps);
        ch->last[b] = n > 0 ? pth[n - 1] : 0;
        free(pth);
    }
    return TW_EXIT_OK;
}

/* countries.svg: final real income of every shown country in each drawn branch. */
static int write_countries_chart(const run_ctx *c, const char *dir, const charts *ch)
{
    const tw_timeline *t = c->t;
    int nbr = ch->nbr, ni = c->nshow < 8 ? c->nshow : 8;
    double vals[32 * MAX_COLS], wlo[32 * MAX_COLS], whi[32 * MAX_COLS];
    const char *labels[32];
    for (int q = 0; q < ni; q++) {
        labels[q] = c->show[q].name;
        for (int b = 0; b < nbr; b++) {
            tw_timeline_step st = tw_timeline_step_get(t, ch->last[b]);
            vals[q * nbr + b] = group_real_income(st.results, &c->show[q]);
            if (c->draws) {
                tw_band bd = tw_draws_band(c->draws, ch->last[b] * (c->nshow + 1) + q);
                wlo[q * nbr + b] = bd.p5;
                whi[q * nbr + b] = bd.p95;
            }
        }
    }
    char gl[MAX_COLS][160];
    const char *gnames[MAX_COLS];
    for (int b = 0; b < nbr; b++) {
        tw_timeline_step st = tw_timeline_step_get(t, ch->last[b]);
        snprintf(gl[b], sizeof gl[b], "%.60s, %s", ch->titles[b], st.date);
        gnames[b] = gl[b];
    }
    char path[1200];
    FILE *f = tw_run_open_in(dir, "countries.svg", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    tw_svg_bars bars = {0};
    bars.title = "Real income at the end of each branch";
    bars.subtitle = ch->subtitle;
    bars.xlabel = tw_scenario_reference_first(c->s) ? "real income change against the first step, %"
                                                    : "real income change against the baseline, %";
    bars.nbars = ni;
    bars.ngroups = nbr;
    bars.labels = labels;
    bars.groups = gnames;
    bars.values = vals;
    if (c->draws)
        bars.note = "Whiskers: 5th to 95th percentile over the draws of the trade elasticities "
                    "(docs/uncertainty.md).";
    int ok = tw_svg_write_bars_whiskers(f, &bars, c->draws ? wlo : NULL,
                                        c->draws ? whi : NULL) == 0;
    ok &= fclose(f) == 0;
    return ok ? TW_EXIT_OK : TW_EXIT_IO;
}

/* sectors-BRANCH.svg: output change of each single-country player, one chart per branch. */
static int write_sector_charts(const run_ctx *c, const char *dir, const charts *ch)
{
    tw_dims d = tw_world_dims(c->w);
    int np = 0, pl[8], ok = 1;
    for (int q = 0; q < c->nplayers && np < 8; q++)
        if (c->show[q].n == 1)
            pl[np++] = q;
    if (!np)
        return TW_EXIT_OK;
    double *sv = malloc((size_t)d.j * np * sizeof *sv);
    const char **sl = malloc((size_t)d.j * sizeof *sl);
    if (!sv || !sl) {
        free(sv);
        free(sl);
        return TW_EXIT_INTERNAL;
    }
    const char *pn[8];
    for (int q = 0; q < np; q++)
        pn[q] = c->show[pl[q]].name;
    char path[1200];
    for (int b = 0; b < ch->nbr && ok; b++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, ch->last[b]);
        for (int j = 0; j < d.j; j++) {
            sl[j] = tw_world_sector_code(c->w, j);
            for (int q = 0; q < np; q++) {
                size_t at = tw_ix_nj(d, c->show[pl[q]].members[0], j);
                sv[(size_t)j * np + q] = tw_pct_change(st.results->output[at], st.results->output_base[at]);
            }
        }
        char name[200], title[300];
        snprintf(name, sizeof name, "sectors-%s.svg", ch->titles[b]);
        for (char *p = name; *p; p++)
            if (*p == ' ' || *p == '/')
                *p = '_';
        snprintf(title, sizeof title, "Gross output by sector: %.60s, %s", ch->titles[b], st.date);
        FILE *f = tw_run_open_in(dir, name, path, sizeof path);
        if (!f) {
            ok = 0;
            break;
        }
        tw_svg_bars sb = {0};
        sb.title = title;
        sb.subtitle = ch->subtitle;
        sb.xlabel = tw_scenario_reference_first(c->s)
                        ? "change in gross output against the first step, % (value, numeraire units)"
                        : "change in gross output against the baseline, % (value, numeraire units)";
        sb.nbars = d.j;
        sb.ngroups = np;
        sb.labels = sl;
        sb.groups = pn;
        sb.values = sv;
        ok = tw_svg_write_bars(f, &sb) == 0;
        ok &= fclose(f) == 0;
    }
    free(sv);
    free(sl);
    return ok ? TW_EXIT_OK : TW_EXIT_IO;
}

int tw_run_write_svgs(const run_ctx *c, const char *dir)
{
    int rc = tw_run_ensure_dir(dir);
    if (rc)
        return rc;
    charts ch;
    ch.nbr = drawn_branches(c->t, ch.br);
    if (ch.nbr > MAX_COLS)
        ch.nbr = MAX_COLS;
    for (int b = 0; b < ch.nbr; b++)
        ch.titles[b] = tw_timeline_branch(c->t, ch.br[b]);
    snprintf(ch.subtitle, sizeof ch.subtitle, "Scenario %s; world %s, %s deficits; baseline %s; "
             "long-run equilibria against %s",
             c->file, tw_world_name(c->w),
             tw_deficit_closure_name(tw_scenario_deficits(c->s)), tw_scenario_baseline_date(c->s),
             tw_scenario_reference_first(c->s) ? "the first step" : "the baseline");
    if ((rc = write_timeline_chart(c, dir, &ch)))
        return rc;
    if ((rc = last_steps(c->t, &ch)))
        return rc;
    if ((rc = write_countries_chart(c, dir, &ch)))
        return rc;
    return write_sector_charts(c, dir, &ch);
}
