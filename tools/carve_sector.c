/* SPDX-License-Identifier: MIT */
/* carve_sector: carves a new sector (for example rare earths) out of a parent sector of a world,
 * following a spec CSV, and writes the new world. The parent keeps what the child does not
 * take, so every total of the parent world is reproduced by parent + child: bilateral flows,
 * output, absorption, value added, intermediate demand, deficits and final demand.
 *
 *   carve_sector --world DIR --spec FILE --out DIR
 *
 * Spec (CSV, header item,country,sector,value; '#' comment lines; docs/data-format.md
 * "Carving a sector"):
 *   code / name / parent        the new sector's code and name, and the sector it comes from
 *   theta                       its trade elasticity (every elasticity set gets it)
 *   input_elasticity            sigma of the CES nest in which its users hold it (default 1)
 *   value_per_unit              multiplies output and absorption rows into the world's money
 *                               unit (default 1), e.g. USD million per tonne
 *   max_carve_share             at most this share of any parent flow goes to the child
 *                               (default 0.5)
 *   description                 world.csv description of the new world
 *   output,COUNTRY,,Q           the child's output in COUNTRY (units of value_per_unit)
 *   absorption,COUNTRY,,Q       pins COUNTRY's absorption of the child (producer prices);
 *                               other countries' absorption follows the users' weights
 *   user,,SECTOR,W              SECTOR uses the child; W > 0 its weight in world absorption
 *
 * Construction (each step is printed to stderr):
 *   1. Y_i = output_i * value_per_unit; V = sum_i Y_i (world output = world absorption).
 *   2. Absorption at producer prices: pinned countries as given; the others share V minus the
 *      pinned total in proportion to u_n = sum_j W_j B_n^j / B^j, where B_n^j is user j's
 *      purchases of the parent in n and B^j its world total: each user's purchases of the child
 *      follow its purchases of the parent, and W_j is its share of world spending on the child
 *      (exactly, when no country is pinned).
 *   3. Bilateral flows F_ni: biproportional fitting (RAS) from the seed Y_i A_n / V on the
 *      pairs where the parent trades, with every flow capped at max_carve_share of the parent's
 *      flow, to row sums Y_i and column sums A_n (to 1e-12), once a maximum flow has shown
 *      that the caps can hold them jointly (carve_feasible.h).
 *   4. Users' input shares: country n's tariff-inclusive absorption X_n = sum_i F_ni (1 + t_ni)
 *      is split across its users in proportion to W_j B_n^j / B^j, so that gamma_n^{child,j} is
 *      a fixed fraction of gamma_n^{parent,j} within a country, taken out of it.
 *   5. The child produces like its parent (same value-added and input shares), pays the
 *      parent's tariffs, and has no final demand (all of it is intermediate). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "balance_io.h"
#include "carve_feasible.h"
#include "carve_sector.h"
#include "tool_util.h"
#include "tradewar/tradewar.h"


static void usage_die(void)
{
    tt_die("usage: carve_sector --world DIR --spec FILE --out DIR");
}

static int country_need(const tw_world *w, const tw_csv *csv, int col)
{
    const char *c = tw_csv_get(csv, col);
    int n = tw_world_country_index(w, c);
    if (n >= 0)
        return n;
    const char *near = tw_world_country_suggest(w, c);
    if (near)
        tt_fail_at(csv, col, "unknown country code '%.40s' (did you mean '%s'?)", c, near);
    tt_fail_at(csv, col, "unknown country code '%.40s'", c);
}

static int sector_need(const tw_world *w, const tw_csv *csv, int col)
{
    const char *c = tw_csv_get(csv, col);
    int j = tw_world_sector_index(w, c);
    if (j >= 0)
        return j;
    const char *near = tw_world_sector_suggest(w, c);
    if (near)
        tt_fail_at(csv, col, "unknown sector code '%.40s' (did you mean '%s'?)", c, near);
    tt_fail_at(csv, col, "unknown sector code '%.40s'", c);
}

static void copy_text(const tw_csv *csv, int col, char *dst, size_t size, int *seen)
{
    const char *v = tw_csv_get(csv, col);
    if (*seen)
        tt_fail_at(csv, col, "given twice");
    if (!*v)
        tt_fail_at(csv, col, "expected a value, found an empty field");
    if (strlen(v) >= size)
        tt_fail_at(csv, col, "too long (at most %zu characters)", size - 1);
    memcpy(dst, v, strlen(v) + 1);
    *seen = 1;
}

static double number_in(const tw_csv *csv, int col, double lo, double hi, int lo_open,
                        const char *what)
{
    double v = tt_num(csv, col);
    if ((lo_open ? !(v > lo) : !(v >= lo)) || v > hi)
        tt_fail_at(csv, col, "expected %s, found '%s'", what, tw_csv_get(csv, col));
    return v;
}

static void read_spec(const char *path, const tw_world *w, spec *s)
{
    static const tw_csv_column cols[] = {
        {"item", 1}, {"country", 1}, {"sector", 1}, {"value", 1}};
    int ix[4];
    tw_error err;
    tw_csv *csv = NULL;
    tw_error_clear(&err);
    if (tw_csv_open(path, &csv, &err) || tw_csv_header(csv, cols, 4, ix, &err)) {
        char buf[1600];
        tw_error_format(&err, buf, sizeof buf);
        tt_die("%s", buf);
    }
    tw_dims d = tw_world_dims(w);
    s->path = path;
    s->sigma = 1.0;
    s->vpu = 1.0;
    s->max_share = 0.5;
    s->output = tt_calloc((size_t)d.n, sizeof(double));
    s->absorb = tt_calloc((size_t)d.n, sizeof(double));
    s->weight = tt_calloc((size_t)d.j, sizeof(double));
    for (int n = 0; n < d.n; n++)
        s->absorb[n] = -1.0;
    unsigned char *out_seen = tt_calloc((size_t)d.n, 1);
    int seen_code = 0, seen_name = 0, seen_parent = 0, seen_desc = 0, seen_sigma = 0,
        seen_vpu = 0, seen_max = 0, nout = 0, nuser = 0;
    while (tt_next(csv)) {
        const char *item = tw_csv_get(csv, ix[0]);
        int scalar = strcmp(item, "output") && strcmp(item, "absorption") && strcmp(item, "user");
        if (scalar && (*tw_csv_get(csv, ix[1]) || *tw_csv_get(csv, ix[2])))
            tt_fail_at(csv, *tw_csv_get(csv, ix[1]) ? ix[1] : ix[2],
                       "item '%s' takes no country or sector", item);
        if (strcmp(item, "code") == 0) {
            copy_text(csv, ix[3], s->code, 17, &seen_code);
            for (const char *c = s->code; *c; c++)
                if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
                    tt_fail_at(csv, ix[3], "expected a code of 1-16 letters, digits, '_' or '-'");
            if (tw_world_sector_index(w, s->code) >= 0)
                tt_fail_at(csv, ix[3], "sector '%s' already exists in the world", s->code);
        } else if (strcmp(item, "name") == 0) {
            copy_text(csv, ix[3], s->name, sizeof s->name, &seen_name);
        } else if (strcmp(item, "description") == 0) {
            copy_text(csv, ix[3], s->description, sizeof s->description, &seen_desc);
        } else if (strcmp(item, "parent") == 0) {
            copy_text(csv, ix[3], s->parent, sizeof s->parent, &seen_parent);
            (void)sector_need(w, csv, ix[3]);
        } else if (strcmp(item, "theta") == 0) {
            if (s->have_theta)
                tt_fail_at(csv, ix[3], "given twice");
            s->theta = number_in(csv, ix[3], 0, 1000, 1, "a trade elasticity > 0 and <= 1000");
            s->have_theta = 1;
        } else if (strcmp(item, "input_elasticity") == 0) {
            if (seen_sigma++)
                tt_fail_at(csv, ix[3], "given twice");
            s->sigma = number_in(csv, ix[3], 0, 20, 0, "an elasticity of substitution in [0, 20]");
        } else if (strcmp(item, "value_per_unit") == 0) {
            if (seen_vpu++)
                tt_fail_at(csv, ix[3], "given twice");
            s->vpu = number_in(csv, ix[3], 0, 1e12, 1, "a value per unit > 0");
        } else if (strcmp(item, "max_carve_share") == 0) {
            if (seen_max++)
                tt_fail_at(csv, ix[3], "given twice");
            s->max_share = number_in(csv, ix[3], 0, 1, 1, "a share in (0, 1]");
        } else if (strcmp(item, "output") == 0 || strcmp(item, "absorption") == 0) {
            if (*tw_csv_get(csv, ix[2]))
                tt_fail_at(csv, ix[2], "item '%s' takes a country, not a sector", item);
            int n = country_need(w, csv, ix[1]);
            double v = number_in(csv, ix[3], 0, 1e15, 0, "a quantity >= 0");
            if (item[0] == 'o') {
                if (out_seen[n]++)
                    tt_fail_at(csv, ix[1], "output of '%s' given twice", tw_csv_get(csv, ix[1]));
                s->output[n] = v;
                nout++;
            } else {
                if (s->absorb[n] >= 0)
                    tt_fail_at(csv, ix[1], "absorption of '%s' given twice",
                               tw_csv_get(csv, ix[1]));
                s->absorb[n] = v;
            }
        } else if (strcmp(item, "user") == 0) {
            if (*tw_csv_get(csv, ix[1]))
                tt_fail_at(csv, ix[1], "item 'user' takes a sector, not a country");
            int j = sector_need(w, csv, ix[2]);
            if (s->weight[j] > 0)
                tt_fail_at(csv, ix[2], "user '%s' given twice", tw_csv_get(csv, ix[2]));
            s->weight[j] = number_in(csv, ix[3], 0, 1e15, 1, "a weight > 0");
            nuser++;
        } else {
            tt_fail_at(csv, ix[0],
                       "unknown item '%.40s': expected code, name, parent, theta, "
                       "input_elasticity, value_per_unit, max_carve_share, description, "
                       "output, absorption or user",
                       item);
        }
    }
    tw_csv_close(csv);
    free(out_seen);
    const char *missing = !seen_code      ? "code"
                          : !seen_name    ? "name"
                          : !seen_parent  ? "parent"
                          : !s->have_theta ? "theta"
                          : !nout         ? "output (at least one country)"
                          : !nuser        ? "user (at least one using sector)"
                                          : NULL;
    if (missing)
        tt_die("%s: the spec has no %s", path, missing);
    if (!seen_desc)
        snprintf(s->description, sizeof s->description, "%s carved out of %s", s->name,
                 s->parent);
}

/* RAS with caps: finds F = min(cap, r_i c_n seed) with given row and column sums. Each half
 * step solves its scale factors exactly by bisection (the sums are monotone in them). */
static double fit_scale(const double *seed, const double *cap, const double *scale, int len,
                        size_t stride_seed, double target)
{
    double lo = 0.0, hi = 1.0;
    for (;;) {
        double sum = 0.0;
        for (size_t k = 0; k < (size_t)len; k++)
            sum += fmin(cap[k * stride_seed], hi * scale[k] * seed[k * stride_seed]);
        if (sum >= target || hi > 1e300)
            break;
        hi *= 2.0;
    }
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi), sum = 0.0;
        for (size_t k = 0; k < (size_t)len; k++)
            sum += fmin(cap[k * stride_seed], mid * scale[k] * seed[k * stride_seed]);
        if (sum < target)
            lo = mid;
        else
            hi = mid;
        if (hi - lo <= 1e-15 * hi)
            break;
    }
    return 0.5 * (lo + hi);
}

/* seed, cap, flow: [n][i] (importer rows) for one sector. */
static void capped_ras(tw_dims d, const double *seed, const double *cap, const double *rows,
                       const double *cols, double *flow, const char *const *codes)
{
    const int N = d.n;
    /* Feasibility: each exporter's and importer's caps must hold its target. (Checked before
     * anything is allocated, so that the error exits leak nothing.) */
    for (int i = 0; i < N; i++) {
        double room = 0.0;
        for (int n = 0; n < N; n++)
            room += seed[tw_ix_ni(d, n, i)] > 0 ? cap[tw_ix_ni(d, n, i)] : 0.0;
        if (rows[i] > room * (1.0 - 1e-12))
            tt_die("%s's output of the new sector (%g) does not fit in the allowed share of its "
                   "parent-sector sales (%g): raise max_carve_share or lower its output",
                   codes[i], rows[i], room);
    }
    for (int n = 0; n < N; n++) {
        double room = 0.0;
        for (int i = 0; i < N; i++)
            room += seed[tw_ix_ni(d, n, i)] > 0 ? cap[tw_ix_ni(d, n, i)] : 0.0;
        if (cols[n] > room * (1.0 - 1e-12))
            tt_die("%s's absorption of the new sector (%g) does not fit in the allowed share of "
                   "its parent-sector purchases (%g): raise max_carve_share",
                   codes[n], cols[n], room);
    }
    /* ... and all of them together (a max-flow condition, carve_feasible.h). */
    tt_carve_check_joint(N, seed, cap, rows, cols, codes);
    double *r = tt_calloc((size_t)N, sizeof(double)), *c = tt_calloc((size_t)N, sizeof(double));
    for (int k = 0; k < N; k++)
        r[k] = c[k] = 1.0;
    double err = INFINITY;
    int it;
    for (it = 0; it < 5000 && err > 1e-12; it++) {
        /* rows: exporter i, over importers n (stride N) */
        for (int i = 0; i < N; i++)
            if (rows[i] > 0)
                r[i] = fit_scale(seed + i, cap + i, c, N, (size_t)N, rows[i]);
            else
                r[i] = 0.0;
        for (int n = 0; n < N; n++)
            if (cols[n] > 0)
                c[n] = fit_scale(seed + tw_ix_ni(d, n, 0), cap + tw_ix_ni(d, n, 0), r, N, 1,
                                 cols[n]);
            else
                c[n] = 0.0;
        err = 0.0;
        for (int i = 0; i < N; i++) {
            double sum = 0.0;
            for (int n = 0; n < N; n++)
                sum += fmin(cap[tw_ix_ni(d, n, i)], r[i] * c[n] * seed[tw_ix_ni(d, n, i)]);
            if (rows[i] > 0)
                err = fmax(err, fabs(sum / rows[i] - 1.0));
        }
    }
    if (err > 1e-12) {
        free(r);
        free(c);
        tt_die("the bilateral flows could not be fitted to the outputs and absorptions within "
               "the caps (relative error %.3g after %d rounds; they fit jointly, but only with "
               "flows at zero or at their caps): raise max_carve_share or lower the outputs",
               err, it);
    }
    for (int n = 0; n < N; n++)
        for (int i = 0; i < N; i++)
            flow[tw_ix_ni(d, n, i)] =
                fmin(cap[tw_ix_ni(d, n, i)], r[i] * c[n] * seed[tw_ix_ni(d, n, i)]);
    tt_note("flows fitted in %d rounds (largest relative error of output %.2g)", it, err);
    free(r);
    free(c);
}

/* Final-demand residuals of the parent world and of the carved one (tools/balance_io.h):
 * the carve keeps every parent residual (the parent's absorption and intermediate use both fall
 * by the child's absorption) and gives the child none, so it must not create a negative one; a
 * balanced parent world (data/icio2022) then stays an equilibrium. d2 is the carved world
 * (child last), P the parent, y the carved world's output of the parent world's sectors [n][j],
 * yc and xc the child's output and tariff-inclusive absorption [n], io2 its shares. */
static void check_final_demand(const tw_world *w, tw_dims d2, int P, const double *y,
                               const double *yc, const double *xc, const double *io2)
{
    tw_dims d = tw_world_dims(w);
    const double *flow = tw_world_flows(w), *tariff = tw_world_tariffs(w);
    size_t nj = (size_t)d.n * (size_t)d.j, nj2 = (size_t)d2.n * (size_t)d2.j;
    double *x = tt_calloc(nj, sizeof *x), *y0 = tt_calloc(nj, sizeof *y0);
    double *x2 = tt_calloc(nj2, sizeof *x2), *y2 = tt_calloc(nj2, sizeof *y2);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                double f = flow[tw_ix_nij(d, n, i, j)];
                x[tw_ix_nj(d, n, j)] += f * (1.0 + tariff[tw_ix_nij(d, n, i, j)]);
                y0[tw_ix_nj(d, i, j)] += f;
            }
    for (int n = 0; n < d.n; n++) {
        for (int j = 0; j < d.j; j++) {
            y2[tw_ix_nj(d2, n, j)] = y[tw_ix_nj(d, n, j)];
            x2[tw_ix_nj(d2, n, j)] = x[tw_ix_nj(d, n, j)] - (j == P ? xc[n] : 0.0);
        }
        y2[tw_ix_nj(d2, n, d.j)] = yc[n];
        x2[tw_ix_nj(d2, n, d.j)] = xc[n];
    }
    int before = 0, after = 0;
    for (int n = 0; n < d.n; n++) {
        before += tt_negative_final_demand(d, n, x, y0, tw_world_io_share(w), NULL);
        after += tt_negative_final_demand(d2, n, x2, y2, io2, NULL);
    }
    tt_note("final demand: %d negative residuals in the parent world, %d in the carved one",
            before, after);
    if (after > before)
        tt_die("the carve made %d final-demand residuals negative", after - before);
    free(x);
    free(y0);
    free(x2);
    free(y2);
}

/* The notes on the carve: the child's output by country, its users' cost shares, the range of
 * input shares, and the US and Chinese trade in it. y: the carved world's gross output. */
static void print_summary(const carved *cv, const double *y, const double *yc, const double *xc,
                          const double *ac, double V, double gmin, double gmax, int skipped)
{
    const tw_world *w = cv->w;
    const spec s = *cv->s;
    const char **codes = cv->codes;
    const tw_dims d = cv->d, d2 = cv->d2;
    const int N = d.n, J = d.j, P = cv->P, C = J;
    const double *fc = cv->fc, *io2 = cv->io2;
#define IO2(n, k, j) io2[tw_ix_nkj(d2, (n), (k), (j))]
    int chn = tw_world_country_index(w, "CHN"), usa = tw_world_country_index(w, "USA");
    tt_note("%s (%s) carved out of %s: world output %.6g %s (%.6g units x %.6g)", s.code, s.name,
            s.parent, V, tw_world_unit(w), V / s.vpu, s.vpu);
    for (int n = 0; n < N; n++)
        if (yc[n] > 0)
            tt_note("  output %-4s %10.4g (%5.2f%%), %.3g%% of its %s sales", codes[n], yc[n],
                    100 * yc[n] / V, 100 * yc[n] / (y[tw_ix_nj(d, n, P)] + yc[n]), s.parent);
    for (int j = 0; j < J; j++)
        if (s.weight[j] > 0) {
            double use = 0.0, out_j = 0.0;
            for (int n = 0; n < N; n++) {
                use += IO2(n, C, j) * y[tw_ix_nj(d, n, j)];
                out_j += y[tw_ix_nj(d, n, j)];
            }
            tt_note("  user %-9s weight %-5g world cost share %.4g%% (%.4g of %.4g)",
                    tw_world_sector_code(w, j), s.weight[j], 100 * use / out_j, use, out_j);
        }
    tt_note("  users' input shares range %.3g .. %.3g; %d (country, user) pairs buy none of %s "
            "and get none of %s", gmin, gmax, skipped, s.parent, s.code);
    if (usa >= 0 && chn >= 0 && xc[usa] > 0) {
        double imp = 0.0;
        for (int i = 0; i < N; i++)
            if (i != usa)
                imp += fc[tw_ix_ni(d, usa, i)];
        tt_note("  USA absorption %.4g (domestic %.3g%%); imports from CHN %.3g%% of its imports",
                ac[usa], 100 * fc[tw_ix_ni(d, usa, usa)] / ac[usa],
                100 * fc[tw_ix_ni(d, usa, chn)] / imp);
    }
    if (chn >= 0) {
        double exp_ = 0.0;
        for (int n = 0; n < N; n++)
            if (n != chn)
                exp_ += fc[tw_ix_ni(d, n, chn)];
        tt_note("  CHN exports %.4g of its output %.4g (%.3g%%)", exp_, yc[chn],
                100 * exp_ / yc[chn]);
    }

#undef IO2
}

/* Step 2: the child's absorption at producer prices ac[n] by country, with each user's
 * purchases of it uj[n * J + j] (in proportion to its purchases of the parent) and their sum
 * uw[n]; y is the carved world's gross output, V the child's world output. */
static void absorption(const tw_world *w, const spec *s, const double *y, double V,
                       const char **codes, double *ac, double *uw, double *uj)
{
    const tw_dims d = tw_world_dims(w);
    const int N = d.n, J = d.j, P = tw_world_sector_index(w, s->parent);
    const double *io = tw_world_io_share(w);
    double pinned = 0.0, wsum = 0.0;
    /* A user's purchases of the child in a country are proportional to its purchases of the
     * parent there: uj(n, j) = W_j * (j's parent purchases in n) / (j's world parent purchases). */
    double *pw = tt_calloc((size_t)J, sizeof(double));
    for (int j = 0; j < J; j++)
        for (int n = 0; n < N; n++)
            pw[j] += io[tw_ix_nkj(d, n, P, j)] * y[tw_ix_nj(d, n, j)];
    for (int j = 0; j < J; j++)
        if (s->weight[j] > 0 && !(pw[j] > 0))
            tt_die("%s: user %s buys none of the parent %s anywhere", s->path,
                   tw_world_sector_code(w, j), s->parent);
    for (int n = 0; n < N; n++) {
        for (int j = 0; j < J; j++)
            if (s->weight[j] > 0) {
                uj[tw_ix_nj(d, n, j)] =
                    s->weight[j] * io[tw_ix_nkj(d, n, P, j)] * y[tw_ix_nj(d, n, j)] / pw[j];
                uw[n] += uj[tw_ix_nj(d, n, j)];
            }
        if (s->absorb[n] >= 0) {
            ac[n] = s->absorb[n] * s->vpu;
            pinned += ac[n];
        } else {
            wsum += uw[n];
        }
    }
    if (pinned > V)
        tt_die("%s: pinned absorption (%g) exceeds world output (%g)", s->path, pinned, V);
    for (int n = 0; n < N; n++) {
        if (s->absorb[n] < 0)
            ac[n] = wsum > 0 ? (V - pinned) * uw[n] / wsum : 0.0;
        if (ac[n] > 0 && !(uw[n] > 0))
            tt_die("%s absorbs the new sector but has no output in its using sectors", codes[n]);
    }
    free(pw);
}

/* --world DIR --spec FILE --out DIR (all three needed), or --help. */
static void parse_args(int argc, char **argv, const char **world_dir, const char **spec_path,
                       const char **out)
{
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--world") == 0 && a + 1 < argc)
            *world_dir = argv[++a];
        else if (strcmp(argv[a], "--spec") == 0 && a + 1 < argc)
            *spec_path = argv[++a];
        else if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
            *out = argv[++a];
        else if (strcmp(argv[a], "--help") == 0) {
            printf("usage: carve_sector --world DIR --spec FILE --out DIR\n"
                   "Carves a new sector out of a parent sector (see the comment at the top of\n"
                   "tools/carve_sector.c and docs/data-format.md).\n");
            exit(0);
        } else
            usage_die();
    }
    if (!*world_dir || !*spec_path || !*out)
        usage_die();
}

int main(int argc, char **argv)
{
    const char *world_dir = NULL, *spec_path = NULL, *out = NULL;
    tt_set_program(argv[0]);
    parse_args(argc, argv, &world_dir, &spec_path, &out);
    tw_error err;
    tw_world *w;
    if (tw_world_load(world_dir, NULL, &w, &err)) {
        char buf[1600];
        tw_error_format(&err, buf, sizeof buf);
        tt_die("%s", buf);
    }
    spec s = {0};
    read_spec(spec_path, w, &s);
    struct stat sb;
    if (mkdir(out, 0777) != 0 && (stat(out, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        tt_die("%s: cannot create directory", out);
    tw_dims d = tw_world_dims(w);
    const int N = d.n, J = d.j, P = tw_world_sector_index(w, s.parent), C = J;
    const int J2 = J + 1;
    const tw_dims d2 = {N, J2}; /* the world with the child sector */
    const double *flow = tw_world_flows(w), *tariff = tw_world_tariffs(w);
    const double *va = tw_world_va_share(w), *io = tw_world_io_share(w);
    const char **codes = tt_calloc((size_t)N, sizeof(char *));
    for (int n = 0; n < N; n++)
        codes[n] = tw_world_country_code(w, n);
    for (int j = 0; j < J; j++)
        if (s.weight[j] > 0 && !tw_world_sector_is_goods(w, j))
            tt_note("note: user %s is a services sector", tw_world_sector_code(w, j));

    /* Gross output Y_n^j of the parent world (sales at producer prices). */
    double *y = tt_calloc((size_t)N * (size_t)J, sizeof(double));
    for (int j = 0; j < J; j++)
        for (int n = 0; n < N; n++)
            for (int i = 0; i < N; i++)
                y[tw_ix_nj(d, i, j)] += flow[tw_ix_nij(d, n, i, j)];

    /* 1. Output. */
    double *yc = tt_calloc((size_t)N, sizeof(double)), V = 0.0;
    for (int n = 0; n < N; n++) {
        yc[n] = s.output[n] * s.vpu;
        V += yc[n];
    }
    if (!(V > 0))
        tt_die("%s: the new sector's world output is zero", spec_path);
    /* From here on y is the carved world's output: the parent loses the child's output (which
     * matters where the parent uses the child, as chemicals use rare earths). */
    for (int n = 0; n < N; n++) {
        y[tw_ix_nj(d, n, P)] -= yc[n];
        if (!(y[tw_ix_nj(d, n, P)] > 0) && yc[n] > 0)
            tt_die("%s's output of the new sector (%g) is all of its %s output", codes[n], yc[n],
                   s.parent);
    }
    /* 2. Absorption at producer prices. */
    double *ac = tt_calloc((size_t)N, sizeof(double)), *uw = tt_calloc((size_t)N, sizeof(double));
    double *uj = tt_calloc((size_t)N * (size_t)J, sizeof(double));
    absorption(w, &s, y, V, codes, ac, uw, uj);
    /* 3. Flows: RAS from a gravity seed on the parent's trading pairs, capped. */
    size_t NN = (size_t)N * (size_t)N;
    double *seed = tt_calloc(NN, sizeof(double)), *cap = tt_calloc(NN, sizeof(double));
    double *fc = tt_calloc(NN, sizeof(double));
    for (int n = 0; n < N; n++)
        for (int i = 0; i < N; i++) {
            double fp = flow[tw_ix_nij(d, n, i, P)];
            seed[tw_ix_ni(d, n, i)] = fp > 0 ? yc[i] * ac[n] / V : 0.0;
            cap[tw_ix_ni(d, n, i)] = s.max_share * fp;
        }
    capped_ras(d, seed, cap, yc, ac, fc, codes);
    /* 4. Users' input shares from tariff-inclusive absorption. */
    double *xc = tt_calloc((size_t)N, sizeof(double));
    for (int n = 0; n < N; n++)
        for (int i = 0; i < N; i++)
            xc[n] += fc[tw_ix_ni(d, n, i)] * (1.0 + tariff[tw_ix_nij(d, n, i, P)]);
    /* New arrays, J2 sectors; the child is the last sector. */
    double *io2 = tt_calloc((size_t)N * (size_t)J2 * (size_t)J2, sizeof(double));
    double *va2 = tt_calloc((size_t)N * (size_t)J2, sizeof(double));
#define IO2(n, k, j) io2[tw_ix_nkj(d2, (n), (k), (j))]
    double gmin = INFINITY, gmax = 0.0;
    int skipped = 0;
    for (int n = 0; n < N; n++) {
        for (int j = 0; j < J; j++) {
            va2[tw_ix_nj(d2, n, j)] = va[tw_ix_nj(d, n, j)];
            for (int k = 0; k < J; k++)
                IO2(n, k, j) = io[tw_ix_nkj(d, n, k, j)];
        }
        /* 5. The child produces like its parent. */
        va2[tw_ix_nj(d2, n, C)] = va[tw_ix_nj(d, n, P)];
        for (int k = 0; k < J; k++)
            IO2(n, k, C) = io[tw_ix_nkj(d, n, k, P)];
        for (int j = 0; j < J; j++) {
            if (!(s.weight[j] > 0) || !(xc[n] > 0) || !(y[tw_ix_nj(d, n, j)] > 0))
                continue;
            if (!(io[tw_ix_nkj(d, n, P, j)] > 0)) {
                skipped++;
                continue;
            }
            double g = xc[n] * uj[tw_ix_nj(d, n, j)] / uw[n] / y[tw_ix_nj(d, n, j)];
            if (g > IO2(n, P, j))
                tt_die("%s, using sector %s: the new sector's input share %.3g exceeds the "
                       "parent %s's share %.3g out of which it is carved",
                       codes[n], tw_world_sector_code(w, j), g, s.parent, IO2(n, P, j));
            IO2(n, C, j) = g;
            IO2(n, P, j) -= g;
            gmin = fmin(gmin, g);
            gmax = fmax(gmax, g);
        }
    }

    check_final_demand(w, d2, P, y, yc, xc, io2);
    carved cv = {.w = w, .s = &s, .world_dir = world_dir, .codes = codes, .d = d, .d2 = d2,
                 .P = P, .fc = fc, .va2 = va2, .io2 = io2};
    print_summary(&cv, y, yc, xc, ac, V, gmin, gmax, skipped);
    carve_write_trade(out, &cv);
    carve_write_shares(out, &cv);
#undef IO2
    free(io2);
    free(va2);
    free(xc);
    free(seed);
    free(cap);
    free(fc);
    free(ac);
    free(uw);
    free(uj);
    free(yc);
    free(y);
    free(codes);
    free(s.output);
    free(s.absorb);
    free(s.weight);
    tw_world_free(w);
    return 0;
}
