/* SPDX-License-Identifier: MIT */
/* The chart writer's layout on made-up charts that push it: long titles and names, a word wider
 * than the canvas, many series, one column and six; every chart must lie inside its canvas by the
 * width estimate and as rsvg-convert renders it (tests/svg_check.h). Also checks the checks: a
 * chart with text past its edge fails both. */
#include "test_util.h"

#include "svg_check.h"

/* Writes doc-producing function output to a file in a fresh directory, then runs both checks.
 * @return the number of problems. */
typedef int (*writer)(FILE *f, const void *spec);

static int check_chart(writer w, const void *spec, const char *name, svg_check *out)
{
    char dir[256], work[512], path[600];
    tw_test_tmpdir(dir, sizeof dir);
    snprintf(work, sizeof work, "%s/chart", dir);
    snprintf(path, sizeof path, "%s.svg", work);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(w(f, spec), 0);
    assert_int_equal(fclose(f), 0);
    char *doc = svg_check_slurp(path);
    assert_non_null(doc);
    svg_check c = svg_check_bounds(doc, name);
    int problems = c.problems + svg_check_render(doc, &c, work, name);
    fprintf(stderr, "%s: %g x %g px, %d elements, %d problems\n", name, c.width, c.height,
            c.elements, problems);
    free(doc);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    (void)system(cmd);
    if (out)
        *out = c;
    return problems;
}

static int write_timeline(FILE *f, const void *spec) { return tw_svg_write_timeline(f, spec); }
static int write_bars(FILE *f, const void *spec) { return tw_svg_write_bars(f, spec); }

static int write_raw(FILE *f, const void *spec) { return fputs(spec, f) < 0 ? -1 : 0; }

static const char *const NAMES[] = {"United States of America", "China",
                                    "Viet Nam", "Mexico",
                                    "European Union (27 members)", "Canada",
                                    "Japan", "Republic of Korea",
                                    "Rest of the world, aggregated over every other country",
                                    "X"};

/* A timeline of ncols columns, two panels, nseries series, with the strings given. */
typedef struct timeline_case {
    tw_svg_timeline spec;
    int xs[6][4], npts[6];
    const int *xp[6];
    double tar[6][2 * 4], inc[6][10 * 4];
    const double *tp[6], *ip[6];
    const char *titles[6];
} timeline_case;

static void timeline_make(timeline_case *t, int ncols, int nseries, const char *title,
                          const char *ylabel)
{
    memset(t, 0, sizeof *t);
    static const char *const TN[] = {"United States on China", "China on the United States"};
    static const char *const COLS[] = {"snapped back", "extended",
                                       "a branch whose name goes on and on past its column width",
                                       "d", "e", "f"};
    for (int c = 0; c < ncols; c++) {
        t->npts[c] = 4;
        for (int k = 0; k < 4; k++) {
            t->xs[c][k] = 20089 + 40 * k; /* 2025-01-01 on */
            t->tar[c][k] = 20 + 40 * k;
            t->tar[c][4 + k] = 25 + 30 * k;
            for (int q = 0; q < nseries; q++)
                t->inc[c][q * 4 + k] = (q - 4) * 0.0001 * k;
        }
        t->xp[c] = t->xs[c];
        t->tp[c] = t->tar[c];
        t->ip[c] = t->inc[c];
        t->titles[c] = COLS[c];
    }
    tw_svg_timeline *s = &t->spec;
    s->title = title;
    s->subtitle = "Scenario /a/rather/long/path/to/scenarios/some_scenario_file_name.yaml; world "
                  "icio2022, fixed deficits; baseline 2025-01-01; long-run equilibria";
    s->note = "Tariffs: average on goods, weighted by baseline trade. Real income: exact change.";
    s->ncols = ncols;
    s->col_titles = t->titles;
    s->npoints = t->npts;
    s->x = t->xp;
    s->npanels = 2;
    s->panel[0] = (tw_svg_panel){"average tariff on goods, %", 2, TN, t->tp};
    s->panel[1] = (tw_svg_panel){ylabel, nseries, NAMES, t->ip};
}

static void timeline_one_column_long_text(void **state)
{
    (void)state;
    timeline_case t;
    timeline_make(&t, 1, 10,
                  "A title far too long for one line of a single-column chart, which has to "
                  "wrap or shrink to stay inside",
                  "real income change, % (exact change in income over the price index)");
    svg_check c;
    assert_int_equal(check_chart(write_timeline, &t.spec, "one column", &c), 0);
    assert_true(c.width < 700); /* one column stays narrow: text wraps rather than widening it */
}

static void timeline_unbreakable_word(void **state)
{
    (void)state;
    timeline_case t;
    timeline_make(&t, 1, 3,
                  "Supercalifragilisticexpialidocious_and_then_some_more_characters_without_any_"
                  "space_at_all_to_break_at",
                  "y");
    assert_int_equal(check_chart(write_timeline, &t.spec, "unbreakable word", NULL), 0);
}

static void timeline_six_columns(void **state)
{
    (void)state;
    timeline_case t;
    timeline_make(&t, 6, 8, "Six branches", "real income change, %");
    assert_int_equal(check_chart(write_timeline, &t.spec, "six columns", NULL), 0);
}

static void timeline_non_ascii(void **state)
{
    (void)state;
    timeline_case t;
    timeline_make(&t, 2, 2,
                  "\xC3\x9C"
                  "bersicht: Z\xC3\xB6lle \xE2\x80\x93 \xE5\x85\xB3\xE7\xA8\x8E\xE6\x88\x98 "
                  "\xE2\x80\x94 2025\xE2\x80\x93" "26 \xE2\x80\x94 a title in several scripts, "
                  "long enough to wrap",
                  "Einkommens\xC3\xA4nderung, %");
    assert_int_equal(check_chart(write_timeline, &t.spec, "non-ASCII", NULL), 0);
}

static void bars_long_labels_many_groups(void **state)
{
    (void)state;
    double v[10 * 6];
    for (int k = 0; k < 60; k++)
        v[k] = (k % 7 - 3) * 12.5;
    const char *groups[6] = {"snapped back, 2025-08-12", "extended, 2025-11-10",
                             "a branch with a long name, 2026-01-01", "d", "elasticity 0.1",
                             "Rest of the world, aggregated over every other country, 2030-12-31"};
    tw_svg_bars b = {"Real income at the end of each branch, a title that needs two lines to fit "
                     "in the chart's width",
                     "Scenario scenarios/us_china_2025.yaml; world icio2022, fixed deficits; "
                     "baseline 2025-01-01; long-run equilibria against the baseline",
                     "real income change against the baseline, % (a long axis label that goes on "
                     "well past the width of the plot)",
                     "A note.",
                     10,
                     6,
                     NAMES,
                     groups,
                     v};
    assert_int_equal(check_chart(write_bars, &b, "bars", NULL), 0);
}

static void bars_one_bar_tiny_values(void **state)
{
    (void)state;
    double v[1] = {-0.000123};
    const char *labels[1] = {"World"}, *groups[1] = {"main"};
    tw_svg_bars b = {"T", "", "x", NULL, 1, 1, labels, groups, v};
    assert_int_equal(check_chart(write_bars, &b, "one bar", NULL), 0);
}

/* The checks themselves: text past the right edge fails the estimate and the rendering. */
static void checks_catch_overflow(void **state)
{
    (void)state;
    const char *doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" "
        "viewBox=\"0 0 200 100\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
        "<rect x=\"0\" y=\"0\" width=\"200\" height=\"100\" fill=\"white\"/>\n"
        "<text x=\"100\" y=\"50\" text-anchor=\"start\" font-size=\"12\">WWWWWWWWW</text>\n"
        "</svg>\n";
    char dir[256], work[512], path[600];
    tw_test_tmpdir(dir, sizeof dir);
    snprintf(work, sizeof work, "%s/bad", dir);
    snprintf(path, sizeof path, "%s.svg", work);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(write_raw(f, doc), 0);
    fclose(f);
    svg_check c = svg_check_bounds(doc, "overflow (expected)");
    assert_int_equal(c.problems, 1);
    assert_int_equal(svg_check_render(doc, &c, work, "overflow (expected)"), 1);
    /* Nine W at 12 px are 9 * 2025/2048 * 12 = 107 px wide: at x = 80 the text fits. */
    char ok[1024];
    snprintf(ok, sizeof ok, "%.*sx=\"80\"%s", (int)(strstr(doc, "x=\"100\"") - doc), doc,
             strstr(doc, "x=\"100\"") + 7);
    c = svg_check_bounds(ok, "fits");
    assert_int_equal(c.problems, 0);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(ok, f);
    fclose(f);
    assert_int_equal(svg_check_render(ok, &c, work, "fits"), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    (void)system(cmd);
}

/* The table is DejaVu Sans's (or Liberation Sans's where wider) advance widths. */
static void widths_from_the_fonts(void **state)
{
    (void)state;
    /* DejaVu Sans: 'A' 1401/2048 em, space 651; bold 'W' 2259 */
    assert_close(tw_svg_text_width("A", -1, 2048, 0), 1401, 0, "A at 2048 px");
    assert_close(tw_svg_text_width("A A", -1, 2048, 0), 1401 * 2 + 651, 0, "A A");
    assert_close(tw_svg_text_width("W", -1, 2048, 1), 2259, 0, "bold W");
    assert_close(tw_svg_text_width("AAA", 2, 2048, 0), 2 * 1401, 0, "first two bytes");
    /* a non-ASCII character (two bytes) counts once, as the widest glyph ('@', 2079) */
    assert_close(tw_svg_text_width("\xC3\xA9", -1, 2048, 0), 2079, 0, "e acute");
    assert_close(tw_svg_text_width("", -1, 12, 0), 0, 0, "empty");
    assert_close(tw_svg_ascent(2048) + tw_svg_descent(2048), 1901 + 483, 0, "line extent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(widths_from_the_fonts),
        cmocka_unit_test(checks_catch_overflow),
        cmocka_unit_test(timeline_one_column_long_text),
        cmocka_unit_test(timeline_unbreakable_word),
        cmocka_unit_test(timeline_six_columns),
        cmocka_unit_test(timeline_non_ascii),
        cmocka_unit_test(bars_long_labels_many_groups),
        cmocka_unit_test(bars_one_bar_tiny_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
