/* SPDX-License-Identifier: MIT */
/* The draw options and shared output of solve and run (cli/draws_cli.h). */
#include "cli/draws_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_out.h"
#include "io/json_draws.h"

void tw_cli_draws_init(tw_cli_draws *d)
{
    d->on = 0;
    tw_draw_options_init(&d->opt);
}

void tw_cli_draws_help(FILE *out)
{
    tw_draw_options o;
    tw_draw_options_init(&o);
    fprintf(out,
            "  --draws N|sets       parameter uncertainty (docs/uncertainty.md): solve again for\n"
            "                       N draws of the trade elasticities from the standard errors\n"
            "                       of the world's theta_se.csv, or once per published\n"
            "                       elasticity set ('sets'), and give every result a band: the\n"
            "                       point estimate and the 5th, 50th and 95th percentiles\n"
            "  --seed S             seed of the draws (default %llu); the same seed and N give\n"
            "                       the same draws for every shock and scenario\n"
            "  --design D           latin (Latin hypercube, default) or random (Monte Carlo)\n"
            "  --correlation R      correlation of the sectors' draws, in [0, 1) (default %g)\n"
            "  --threads K          solve draws on K threads (default: the online processors);\n"
            "                       the results do not depend on K\n"
            "  --shard k/K          solve only the k-th of K equal parts of the draws and write\n"
            "                       it to standard output, for 'tradewar merge' (docs/scale.md)\n",
            (unsigned long long)o.seed, o.correlation);
}

static int parse_long(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

int tw_cli_draws_opt(const char *cmd, int argc, char **argv, int *k, tw_cli_draws *d, int *rc)
{
    const char *v;
    int r;
    long x;
    d->cmd = cmd;
    d->argc = argc;
    d->argv = argv;
    if ((r = tw_cli_opt(argc, argv, k, "--shard", &v))) {
        int a = 0, b = 0, used = 0;
        if (r < 0 || sscanf(v, "%d/%d%n", &a, &b, &used) != 2 || v[used] || b < 1 ||
            b > TW_DRAWS_MAX || a < 1 || a > b) {
            *rc = tw_cli_usage_error(cmd, "--shard expects k/K with 1 <= k <= K, e.g. 3/10");
            return -1;
        }
        d->shard_k = a;
        d->shard_n = b;
    } else if ((r = tw_cli_opt(argc, argv, k, "--draws", &v))) {
        d->on = 1;
        if (r > 0 && strcmp(v, "sets") == 0) {
            d->opt.source = TW_DRAW_SETS;
            return 1;
        }
        if (r < 0 || parse_long(v, 1, TW_DRAWS_MAX, &x)) {
            *rc = tw_cli_usage_error(cmd, "--draws expects a whole number in [1, %d] or 'sets'",
                                     TW_DRAWS_MAX);
            return -1;
        }
        d->opt.source = TW_DRAW_ESTIMATES;
        d->opt.draws = (int)x;
    } else if ((r = tw_cli_opt(argc, argv, k, "--seed", &v))) {
        char *end;
        errno = 0;
        unsigned long long s = r > 0 ? strtoull(v, &end, 10) : 0;
        if (r < 0 || end == v || *end || errno || *v == '-') {
            *rc = tw_cli_usage_error(cmd, "--seed expects a whole number in [0, 2^64)");
            return -1;
        }
        d->opt.seed = (uint64_t)s;
    } else if ((r = tw_cli_opt(argc, argv, k, "--threads", &v))) {
        if (r < 0 || parse_long(v, 1, 1024, &x)) {
            *rc = tw_cli_usage_error(cmd, "--threads expects a whole number in [1, 1024]");
            return -1;
        }
        d->opt.threads = (int)x;
    } else if ((r = tw_cli_opt(argc, argv, k, "--design", &v))) {
        if (r > 0 && strcmp(v, "latin") == 0)
            d->opt.design = TW_DESIGN_LATIN;
        else if (r > 0 && strcmp(v, "random") == 0)
            d->opt.design = TW_DESIGN_RANDOM;
        else {
            *rc = tw_cli_usage_error(cmd, "--design expects latin or random");
            return -1;
        }
    } else if ((r = tw_cli_opt(argc, argv, k, "--correlation", &v))) {
        char *end;
        double c = r > 0 ? strtod(v, &end) : -1;
        if (r < 0 || end == v || *end || !(c >= 0 && c < 1)) {
            *rc = tw_cli_usage_error(cmd, "--correlation expects a number in [0, 1)");
            return -1;
        }
        d->opt.correlation = c;
    } else {
        return 0;
    }
    d->given = 1;
    return 1;
}

int tw_cli_draws_check(const char *cmd, const tw_cli_draws *d)
{
    if (d->given && !d->on)
        return tw_cli_usage_error(cmd, "--seed, --design, --correlation, --threads and --shard "
                                       "go with --draws N|sets");
    return 0;
}

int tw_cli_draws_create(const char *world, const tw_world *w, const tw_cli_draws *d,
                        tw_draws **out)
{
    tw_error err;
    tw_theta_errors *e = NULL;
    tw_status st = TW_OK;
    if (d->opt.source == TW_DRAW_ESTIMATES) {
        char dir[1024], path[1100];
        if (tw_cli_world_dir(world, dir, sizeof dir)) {
            fprintf(stderr, "tradewar: error: no world '%s'\n", world);
            return TW_EXIT_IO;
        }
        snprintf(path, sizeof path, "%s/theta_se.csv", dir);
        st = tw_theta_errors_load(path, w, &e, &err);
        if (st == TW_ERR_IO) {
            fprintf(stderr, "%s: error: world %s gives no standard errors of its trade "
                            "elasticities (theta_se.csv, docs/data-format.md); try --draws "
                            "sets\n", path, tw_world_name(w));
            return TW_EXIT_IO;
        }
    }
    if (!st)
        st = tw_draws_create(w, e, &d->opt, out, &err);
    tw_theta_errors_free(e);
    if (st) {
        tw_cli_print_error(&err);
        return st == TW_ERR_USAGE ? TW_EXIT_USAGE : tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}

tw_model_options tw_cli_draws_model_options(const tw_model_options *o)
{
    tw_model_options m = *o;
    m.solver.progress = NULL;
    m.solver.progress_ctx = NULL;
    return m;
}

void tw_cli_draws_print_summary(FILE *out, const tw_world *w, const tw_draws *d)
{
    if (d->opt.source == TW_DRAW_SETS)
        fprintf(out, "Uncertainty: one solve per published elasticity set of %s (%d sets, "
                     "equal weights)", tw_world_name(w), d->n_draws);
    else
        fprintf(out, "Uncertainty: %d draws of theta (%s, seed %llu), each sector's theta "
                     "normal around its estimate with its standard error, truncated to [%g, "
                     "%g], correlation %g between sectors", d->n_draws,
                d->opt.design == TW_DESIGN_LATIN ? "Latin hypercube" : "Monte Carlo",
                (unsigned long long)d->opt.seed, d->opt.theta_min, d->opt.theta_max,
                d->opt.correlation);
    fprintf(out, "; %d failed (%.1f%%)%s\n", d->n_failed, 100.0 * tw_draws_failed_share(d),
            d->n_failed ? ", left out of the bands:" : "");
    int J = d->n_sectors;
    for (int k = 0; k < d->n_draws; k++) {
        if (d->status[k] == TW_OK)
            continue;
        fprintf(out, "  draw %d", k + 1);
        if (d->set[k] >= 0)
            fprintf(out, " (set %s)", tw_world_elasticity_set_name(w, d->set[k]));
        else {
            fprintf(out, " theta");
            for (int j = 0; j < J; j++)
                if (d->theta[(size_t)k * J + j] != tw_world_theta(w, j))
                    fprintf(out, " %s=%.4g", tw_world_sector_code(w, j),
                            d->theta[(size_t)k * J + j]);
        }
        fprintf(out, ": %s: %s\n", tw_status_name(d->status[k]),
                d->message[k] ? d->message[k] : "");
    }
}

int tw_cli_draws_write_csv(const char *dir, const tw_world *w, const tw_draws *d)
{
    char path[1200];
    FILE *f = tw_run_open_in(dir, "draws.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    int J = d->n_sectors;
    fprintf(f, "draw,status,set,message");
    for (int j = 0; j < J; j++)
        fprintf(f, ",theta_%s", tw_world_sector_code(w, j));
    fprintf(f, "\n");
    for (int k = 0; k < d->n_draws; k++) {
        fprintf(f, "%d,%s,%s,\"", k + 1, d->status[k] ? tw_status_name(d->status[k]) : "ok",
                d->set[k] >= 0 ? tw_world_elasticity_set_name(w, d->set[k]) : "");
        for (const char *m = d->message[k] ? d->message[k] : ""; *m; m++)
            fprintf(f, *m == '"' ? "\"\"" : "%c", *m);
        fprintf(f, "\"");
        for (int j = 0; j < J; j++)
            fprintf(f, ",%.17g", d->theta[(size_t)k * J + j]);
        fprintf(f, "\n");
    }
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "%s: error: write failed\n", path);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

FILE *tw_cli_draws_open_bands(const char *dir, char *path, size_t size)
{
    return tw_run_ensure_dir(dir) ? NULL : tw_run_open_in(dir, "bands.csv", path, size);
}

void tw_cli_draws_csv_band(FILE *f, const tw_band *b)
{
    double v[4] = {b->point, b->p5, b->p50, b->p95};
    for (int k = 0; k < 4; k++)
        tw_cli_csv_num(f, v[k]);
    fputc('\n', f);
}

int tw_cli_draws_close_bands(FILE *f, const char *path, const char *dir, const tw_world *w,
                             const tw_draws *d)
{
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "%s: error: write failed\n", path);
        return TW_EXIT_IO;
    }
    return tw_cli_draws_write_csv(dir, w, d);
}

void tw_cli_draws_json_begin(tw_json *js, const tw_world *w, const tw_draws *d)
{
    tw_json_draws_begin(js, w, d);
}

void tw_cli_draws_json_band(tw_json *js, const tw_band *b) { tw_json_band(js, b); }

/* ---- shards, merges and MPI ranks (docs/scale.md) ---- */

static const tw_cli_part *merge_parts;
static int merge_nparts;

void tw_cli_draws_set_parts(const tw_cli_part *parts, int n)
{
    merge_parts = parts;
    merge_nparts = n;
}

/* The draws of range [first, last) of shard k of K (1-based) or rank k of K (0-based). */
static void range_of(int n, int k, int of, int *first, int *last)
{
    *first = (int)((long long)n * k / of);
    *last = (int)((long long)n * (k + 1) / of);
}

/* The shard header: the command and its arguments without --shard. */
static int write_shard_header(const tw_cli_draws *cd)
{
    int n = 0;
    for (int k = 1; k < cd->argc; k++) {
        if (strchr(cd->argv[k], '\n')) {
            fprintf(stderr, "tradewar: error: --shard: an argument holds a newline\n");
            return TW_EXIT_USAGE;
        }
        if (tw_cli_flag(cd->argv[k], "--shard"))
            k++;
        else if (strncmp(cd->argv[k], "--shard=", 8) != 0)
            n++;
    }
    printf("tradewar-shard 1\nshard %d %d\ncommand %s\nargs %d\n", cd->shard_k, cd->shard_n,
           cd->cmd, n);
    for (int k = 1; k < cd->argc; k++) {
        if (tw_cli_flag(cd->argv[k], "--shard"))
            k++;
        else if (strncmp(cd->argv[k], "--shard=", 8) != 0)
            printf("%s\n", cd->argv[k]);
    }
    return TW_EXIT_OK;
}

static int from_parts(tw_draws *d, const tw_world *w, const tw_model_options *mo, int n,
                      const double *point, tw_draw_fn fn, void *ctx)
{
    tw_error err;
    /* An empty range sets the results up without solving anything. */
    tw_status st = tw_draws_run_range(d, w, mo, n, point, fn, ctx, 0, 0, &err);
    for (int p = 0; !st && p < merge_nparts; p++) {
        int a, b;
        st = tw_draws_part_read(d, merge_parts[p].name, merge_parts[p].data, merge_parts[p].len,
                                &a, &b, &err);
    }
    if (!st)
        st = tw_draws_finish(d, &err);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}

/* This rank's range, then every rank's part to rank 0. */
static int over_ranks(tw_draws *d, const tw_world *w, const tw_model_options *mo, int n,
                      const double *point, tw_draw_fn fn, void *ctx)
{
    int rank = tw_cli_mpi_rank(), size = tw_cli_mpi_size(), first, last;
    range_of(d->n_draws, rank, size, &first, &last);
    tw_error err;
    tw_status st = tw_draws_run_range(d, w, mo, n, point, fn, ctx, first, last, &err);
    tw_buffer part;
    tw_buffer_init(&part);
    if (!st || st == TW_ERR_NOT_CONVERGED) /* all of this range failed: recorded, not fatal */
        st = tw_draws_part_write(tw_sink_buffer(&part), d, first, last, &err);
    if (st) {
        tw_cli_print_error(&err);
        tw_buffer_release(&part);
        tw_cli_mpi_abort(tw_cli_exit_code(st));
        return tw_cli_exit_code(st);
    }
    char *all = NULL;
    size_t *lens = NULL;
    if (tw_cli_mpi_gather(part.data ? part.data : "", part.len, &all, &lens)) {
        tw_buffer_release(&part);
        fprintf(stderr, "tradewar: error: out of memory\n");
        tw_cli_mpi_abort(TW_EXIT_INTERNAL);
        return TW_EXIT_INTERNAL;
    }
    tw_buffer_release(&part);
    if (rank != 0)
        return TW_CLI_DRAWS_DONE;
    size_t at = 0;
    for (int r = 0; r < size && !st; r++) {
        char name[32];
        snprintf(name, sizeof name, "rank %d", r);
        int a, b;
        if (r > 0)
            st = tw_draws_part_read(d, name, all + at, lens[r], &a, &b, &err);
        at += lens[r];
    }
    if (!st)
        st = tw_draws_finish(d, &err);
    free(all);
    free(lens);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}

int tw_cli_draws_solve(tw_draws *d, const tw_cli_draws *cd, const tw_world *w,
                       const tw_model_options *mo, int n, const double *point, tw_draw_fn fn,
                       void *ctx)
{
    if (merge_parts)
        return from_parts(d, w, mo, n, point, fn, ctx);
    if (tw_cli_mpi_size() > 1)
        return over_ranks(d, w, mo, n, point, fn, ctx);
    tw_error err;
    tw_status st;
    if (cd->shard_n > 0) {
        int first, last, rc = write_shard_header(cd);
        if (rc)
            return rc;
        range_of(d->n_draws, cd->shard_k - 1, cd->shard_n, &first, &last);
        st = tw_draws_run_range(d, w, mo, n, point, fn, ctx, first, last, &err);
        if (!st || st == TW_ERR_NOT_CONVERGED)
            st = tw_draws_part_write(tw_sink_file(stdout), d, first, last, &err);
        if (st) {
            tw_cli_print_error(&err);
            return tw_cli_exit_code(st);
        }
        return TW_CLI_DRAWS_DONE;
    }
    st = tw_draws_run(d, w, mo, n, point, fn, ctx, &err);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}
