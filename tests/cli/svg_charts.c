/* SPDX-License-Identifier: MIT */
/* The charts of every shipped scenario lie inside their canvas: `tradewar run FILE --svg DIR` for
 * each .yaml file in scenarios/ (each on the world it names, from data/), and the rare-earth controls
 * swept across input elasticities as scenarios/README.md says to run them; every chart written is
 * checked by svg_check_bounds (the writer's width estimate) and svg_check_render (rsvg-convert's
 * own rendering), tests/svg_check.h. */
#include <dirent.h>
#include <sys/stat.h>

#include "test_util.h"

#include "svg_check.h"

#ifndef TW_TEST_PROGRAM
#error "TW_TEST_PROGRAM must name the tradewar program"
#endif

typedef struct run {
    char name[256], args[256];
} run;

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

/* Runs the program on one scenario into a fresh directory and checks every chart in it. */
static void check_run(void **state)
{
    const run *r = *state;
    /* Under ThreadSanitizer (TW_TEST_THREADS_ONLY=1, .ci/run) nothing: the only run that starts
     * threads, the games scenario's, is left out there (below), and the others have one. */
    const char *threads_only = getenv("TW_TEST_THREADS_ONLY");
    if (threads_only && strcmp(threads_only, "1") == 0)
        skip();
#ifdef TW_TEST_SKIP_SLOW
    if (strcmp(r->name, "us_china_2025_games.yaml") == 0) {
        fprintf(stderr, "%s: skipped under the sanitizers (slow solves, same chart code)\n",
                r->name);
        skip();
    }
#endif
    char dir[512], cmd[2048];
    tw_test_tmpdir(dir, sizeof dir);
    snprintf(cmd, sizeof cmd, "'%s' run '%s/scenarios/%s' %s --svg '%s' > '%s/stdout' 2>&1",
             TW_TEST_PROGRAM, TW_TEST_SOURCE_DIR, r->name, r->args, dir, dir);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "cat '%s/stdout' >&2", dir);
        (void)system(cmd);
        fail_msg("tradewar run %s %s failed", r->name, r->args);
    }
    char charts[64][256];
    int ncharts = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) && ncharts < 64;) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".svg") == 0)
            snprintf(charts[ncharts++], sizeof charts[0], "%.*s", (int)(n - 4), e->d_name);
    }
    closedir(d);
    qsort(charts, (size_t)ncharts, sizeof charts[0], by_name);
    assert_true(ncharts >= 1);
    int problems = 0;
    for (int k = 0; k < ncharts; k++) {
        char work[1024], path[1100], name[600];
        snprintf(work, sizeof work, "%.500s/%.250s", dir, charts[k]);
        snprintf(path, sizeof path, "%.1000s.svg", work);
        snprintf(name, sizeof name, "%.250s: %.250s.svg", r->name, charts[k]);
        char *doc = svg_check_slurp(path);
        assert_non_null(doc);
        svg_check c = svg_check_bounds(doc, name);
        int rendered = svg_check_render(doc, &c, work, name);
        fprintf(stderr, "%s: %g x %g px, %d elements, %d outside by the estimate, %d problems "
                        "rendered\n",
                name, c.width, c.height, c.elements, c.problems, rendered);
        problems += c.problems + rendered;
        free(doc);
    }
    if (problems)
        fail_msg("%s: %d problems in the charts in %s", r->name, problems, dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    (void)system(cmd);
}

int main(void)
{
    static run runs[64];
    int nruns = 0;
    DIR *d = opendir(TW_TEST_SOURCE_DIR "/scenarios");
    if (!d) {
        perror(TW_TEST_SOURCE_DIR "/scenarios");
        return 1;
    }
    for (struct dirent *e; (e = readdir(d)) && nruns < 63;) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0)
            snprintf(runs[nruns++].name, sizeof runs[0].name, "%s", e->d_name);
    }
    closedir(d);
    qsort(runs, (size_t)nruns, sizeof runs[0], by_name);
    /* The sweep writes its own charts (elasticity-STEP.svg). */
    snprintf(runs[nruns].name, sizeof runs[0].name, "rare_earths_controls.yaml");
    snprintf(runs[nruns++].args, sizeof runs[0].args, "--critical-elasticities 1,0.5,0.2,0.1");
    if (nruns < 7) {
        fprintf(stderr, "svg_charts: only %d scenarios found\n", nruns - 1);
        return 1;
    }
    struct CMUnitTest tests[64];
    static char names[64][sizeof runs[0].name + sizeof runs[0].args + 1];
    for (int k = 0; k < nruns; k++) {
        snprintf(names[k], sizeof names[k], "%s%s%s", runs[k].name, runs[k].args[0] ? " " : "",
                 runs[k].args);
        tests[k] = (struct CMUnitTest){names[k], check_run, NULL, NULL, &runs[k]};
    }
    return _cmocka_run_group_tests("svg_charts", tests, (size_t)nruns, NULL, NULL);
}
