/* SPDX-License-Identifier: MIT */
/* Product-level tariff schedules (include/tradewar/schedule.h): aggregation to sectors, exemptions,
 * each stacking rule, and the errors of the action format (docs/tariff-schedules.md). Rates are
 * percent; the arithmetic is exact up to rounding, so tolerances are 1e-9 points. */
#include "test_util.h"

#include <sys/stat.h>

#include "core/calendar.h"

#define TOL 1e-9
#define HEADER "date,until,importer,exporters,authority,action,products,rate,share,basis,over\n"

static const char *concordance = "hs6,sector\n"
                                 "010121,A01\n010129,A01\n850440,C27\n850450,C27\n"
                                 "720851,C24A\n870323,C29\n271600,\n";
/* USA imports: value, duty (baseline rate duty/value) */
static const char *lines = "exporter,hs10,value,duty\n"
                           "CHN,0101210010,100,1\n"
                           "CHN,0101290000,300,0\n"
                           "CHN,8504400000,200,4\n"
                           "CHN,8504500000,50,0\n"
                           "CHN,7208510000,150,3\n"
                           "CAN,8703230000,400,0\n"
                           "CAN,8504400000,100,20\n"
                           "CHN,2716000000,20,0\n";

static char dir[256];

static int setup(void **state)
{
    (void)state;
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_write(dir, "conc.csv", concordance);
    tw_test_write(dir, "lines.csv", lines);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/lists", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    tw_test_write(sub, "steel.csv", "hs\n720851\n");
    tw_test_write(sub, "bad.csv", "hs\n7208\n999999\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_test_rmdir(dir);
    return 0;
}

/* A schedule with the fixture's concordance and lines and one action file of these rows. */
static tw_status load(const char *rows, tw_schedule **out, tw_error *err)
{
    char text[4096];
    snprintf(text, sizeof text, HEADER "%s", rows);
    tw_test_write(dir, "actions.csv", text);
    char path[400];
    tw_schedule *s = NULL;
    tw_status st = tw_schedule_create(&s, err);
    snprintf(path, sizeof path, "%s/conc.csv", dir);
    if (!st)
        st = tw_schedule_read_concordance(s, path, err);
    snprintf(path, sizeof path, "%s/lines.csv", dir);
    if (!st)
        st = tw_schedule_read_lines(s, "USA", path, 1.0, err);
    snprintf(path, sizeof path, "%s/actions.csv", dir);
    if (!st)
        st = tw_schedule_read_actions(s, path, NULL, err);
    if (st)
        tw_schedule_free(s);
    else
        *out = s;
    return st;
}

static int sector_of(const tw_schedule *s, const char *code)
{
    for (int k = 0; k < tw_schedule_sector_count(s); k++)
        if (strcmp(tw_schedule_sector_name(s, k), code) == 0)
            return k;
    fail_msg("no sector %s", code);
    return -1;
}

static void average(const tw_schedule *s, const char *date, const char *exporters,
                    tw_schedule_average *avg)
{
    int d;
    tw_error err;
    assert_int_equal(tw_date_parse(date, &d), 0);
    tw_schedule_rates *r = NULL;
    assert_ok(tw_schedule_evaluate(s, d, &r, &err), &err);
    assert_ok(tw_schedule_average_init(s, avg, &err), &err);
    assert_ok(tw_schedule_rates_average(r, "USA", exporters, avg, &err), &err);
    tw_schedule_rates_free(r);
}

static double line(const tw_schedule *s, const char *exporter, const char *hs, double base,
                   const char *date)
{
    int d;
    double total = NAN;
    tw_error err;
    assert_int_equal(tw_date_parse(date, &d), 0);
    assert_ok(tw_schedule_line_rate(s, "USA", exporter, hs, base, d, NULL, &total, &err), &err);
    return total;
}

static void test_uniform_rate(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    assert_ok(load("2025-04-05,,USA,all,rec,rate,all,10,,,\n", &s, &err), &err);
    tw_schedule_average avg;
    average(s, "2025-04-05", "all", &avg);
    for (int k = 0; k < avg.n_sectors; k++)
        if (avg.value[k] > 0)
            assert_close(avg.additional_pct[k], 10.0, TOL, "sector %s",
                         tw_schedule_sector_name(s, k));
    assert_close(avg.total_additional_pct, 10.0, TOL, "total");
    assert_close(avg.total_part_pct[0], 10.0, TOL, "part of the one authority");
    assert_close(avg.unmapped_value, 20.0, TOL, "HS 271600 is in no sector");
    /* the baseline is duty / value: A01 from China and Canada together: 1 / 400 */
    assert_close(avg.baseline_pct[sector_of(s, "A01")], 100.0 * 1.0 / 400.0, TOL, "A01 baseline");
    tw_schedule_average_free(&avg);
    /* before the date nothing */
    average(s, "2025-04-04", "all", &avg);
    assert_close(avg.total_additional_pct, 0.0, TOL, "before");
    tw_schedule_average_free(&avg);
    tw_schedule_free(s);
}

static void test_exemption_weight(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    /* China's C27 lines: 8504.40 (200) and 8504.50 (50): exempting 8504.50 (w = 0.2) lowers the
     * sector's rate by exactly 0.2 x 34 */
    assert_ok(load("2025-04-05,,USA,CHN,rec,rate,all,34,,,\n"
                   "2025-04-06,,USA,all,rec,exempt,850450,,,,\n",
                   &s, &err),
              &err);
    tw_schedule_average before, after;
    average(s, "2025-04-05", "CHN", &before);
    average(s, "2025-04-06", "CHN", &after);
    int k = sector_of(s, "C27");
    double w = 50.0 / 250.0;
    assert_close(before.additional_pct[k], 34.0, TOL, "C27 before");
    assert_close(before.additional_pct[k] - after.additional_pct[k], w * 34.0, TOL,
                 "drop = w x rate");
    assert_close(after.additional_pct[sector_of(s, "A01")], 34.0, TOL, "other sectors unchanged");
    tw_schedule_average_free(&before);
    tw_schedule_average_free(&after);
    tw_schedule_free(s);
}

static void test_stacking_add(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    assert_ok(load("2025-03-04,,USA,CHN,fent,rate,all,20,,,\n"
                   "2025-04-05,,USA,all,rec,rate,all,10,,,\n",
                   &s, &err),
              &err);
    assert_close(line(s, "CHN", "8504400000", 0, "2025-04-05"), 30.0, TOL, "authorities add");
    assert_close(line(s, "CAN", "8504400000", 0, "2025-04-05"), 10.0, TOL, "only rec on CAN");
    double parts[2], total;
    int d;
    tw_date_parse("2025-04-05", &d);
    assert_ok(tw_schedule_line_rate(s, "USA", "CHN", "8504400000", 0, d, parts, &total, &err),
              &err);
    assert_close(parts[0], 20.0, TOL, "fentanyl part");
    assert_close(parts[1], 10.0, TOL, "reciprocal part");
    tw_schedule_free(s);
}

static void test_stacking_supersedes(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    assert_ok(load("2025-01-01,,USA,all,steel,supersedes,all,,,,rec\n"
                   "2025-01-01,,USA,CAN,steel,supersedes,all,,,,fent\n"
                   "2025-03-04,,USA,CHN CAN,fent,rate,all,20,,,\n"
                   "2025-03-12,,USA,all,steel,rate,list:steel,25,,,\n"
                   "2025-04-05,,USA,all,rec,rate,all,10,,,\n",
                   &s, &err),
              &err);
    /* steel replaces the reciprocal duty everywhere, and the fentanyl duty on Canada only */
    assert_close(line(s, "CHN", "7208510000", 0, "2025-04-05"), 45.0, TOL, "CHN steel");
    assert_close(line(s, "CAN", "7208510000", 0, "2025-04-05"), 25.0, TOL, "CAN steel");
    assert_close(line(s, "CHN", "8504400000", 0, "2025-04-05"), 30.0, TOL, "CHN non-steel");
    /* before the steel duty the rule has nothing to act on */
    assert_close(line(s, "CAN", "7208510000", 0, "2025-03-11"), 20.0, TOL, "CAN before steel");
    tw_schedule_free(s);
    /* an exempt superseding duty does not supersede */
    assert_ok(load("2025-01-01,,USA,all,steel,supersedes,all,,,,rec\n"
                   "2025-03-12,,USA,all,steel,rate,list:steel,25,,,\n"
                   "2025-04-05,,USA,all,rec,rate,all,10,,,\n"
                   "2025-04-05,,USA,CHN,steel,exempt,720851,,,,\n",
                   &s, &err),
              &err);
    assert_close(line(s, "CHN", "7208510000", 0, "2025-04-05"), 10.0, TOL, "exempt steel");
    assert_close(line(s, "CAN", "7208510000", 0, "2025-04-05"), 25.0, TOL, "CAN steel");
    tw_schedule_free(s);
}

static void test_share_inclusive_until(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    assert_ok(load("2025-03-07,,USA,CAN,fent,rate,all,25,0.35,,\n"
                   "2025-08-07,2025-09-01,USA,CHN,rec,rate,all,15,,inclusive,\n",
                   &s, &err),
              &err);
    assert_close(line(s, "CAN", "8504400000", 0, "2025-03-07"), 8.75, TOL, "share 0.35 of 25");
    assert_close(line(s, "CHN", "8504400000", 1.0, "2025-08-07"), 14.0, TOL, "15 incl. 1");
    assert_close(line(s, "CHN", "8504400000", 20.0, "2025-08-07"), 0.0, TOL, "base above 15");
    assert_close(line(s, "CHN", "8504400000", 1.0, "2025-09-01"), 0.0, TOL, "until is exclusive");
    /* in the averages the inclusive basis uses each line's own duty / value */
    tw_schedule_average avg;
    average(s, "2025-08-07", "CHN", &avg);
    /* C27 from China: 8504.40 (200, base 2%) pays 13, 8504.50 (50, base 0) pays 15 */
    assert_close(avg.additional_pct[sector_of(s, "C27")], (200 * 13.0 + 50 * 15.0) / 250.0, TOL,
                 "C27 inclusive");
    tw_schedule_average_free(&avg);
    tw_schedule_free(s);
}

static void test_specificity_and_latest(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    assert_ok(load("2025-04-05,,USA,all,rec,rate,all,10,,,\n"
                   "2025-04-05,,USA,CHN,rec,rate,all,34,,,\n"
                   "2025-04-05,,USA,CHN,rec,rate,8504,50,,,\n"
                   "2025-04-10,,USA,all,rec,rate,all,10,,,\n",
                   &s, &err),
              &err);
    assert_close(line(s, "CHN", "0101210010", 0, "2025-04-05"), 34.0, TOL, "exporter beats all");
    assert_close(line(s, "CHN", "8504400000", 0, "2025-04-05"), 50.0, TOL, "products beat all");
    assert_close(line(s, "CAN", "8504400000", 0, "2025-04-05"), 10.0, TOL, "others");
    assert_close(line(s, "CHN", "8504400000", 0, "2025-04-10"), 10.0, TOL, "a later action wins");
    int dates[8];
    assert_int_equal(tw_schedule_dates(s, "USA", dates, 8), 2);
    tw_schedule_free(s);
}

static void expect_error(const char *rows, int line_no, int col, const char *field,
                         const char *words)
{
    tw_schedule *s = NULL;
    tw_error err;
    tw_status st = load(rows, &s, &err);
    char buf[2048];
    tw_error_format(&err, buf, sizeof buf);
    tw_status want = strstr(words, "cannot read") ? TW_ERR_IO : TW_ERR_INPUT;
    if (st != want || err.line != line_no || err.column != col ||
        strcmp(err.field, field) != 0 || !strstr(err.message, words))
        fail_msg("expected an input error at line %d column %d field %s with '%s', got %d: %s",
                 line_no, col, field, words, st, buf);
    assert_non_null(strstr(err.file, strcmp(field, "hs") == 0 ? "bad.csv" : "actions.csv"));
}

static void test_errors(void **state)
{
    (void)state;
    /* columns: date=1 until=12 importer=13 exporters=17 authority=21 action=25 products=30
     * rate=34 (after "all,") */
    expect_error("2025-04-05,,USA,all,rec,rate,999999,10,,,\n", 2, 30, "products",
                 "unknown HS code '999999'");
    expect_error("2025-04-05,,USA,all,rec,rate,85,10,,,\n2025-04-05,,USA,all,rec,rate,8504,12,,,\n",
                 3, 30, "products", "overlapping actions");
    expect_error("2025-04-05,,USA,CHN,rec,rate,8504,10,,,\n"
                 "2025-04-05,,USA,CHN,rec,rate,850440,12,,,\n",
                 3, 30, "products", "overlapping actions");
    expect_error("2025-04-05,,USA,all,rec,rate,all,10,,,\n2025-04-04,,USA,all,rec,rate,all,5,,,\n",
                 3, 1, "date", "dates out of order");
    expect_error("2025-04-05,2025-04-01,USA,all,rec,rate,all,10,,,\n", 2, 12, "until",
                 "dates out of order");
    expect_error("2025-04-05,,USA,all,rec,raise,all,10,,,\n", 2, 25, "action", "unknown action");
    expect_error("2025-04-05,,USA,all,rec,rate,all,-3,,,\n", 2, 34, "rate", "outside");
    expect_error("2025-04-05,,USA,all,rec,rate,all,,,,\n", 2, 34, "rate", "needs a rate");
    expect_error("2025-04-05,,USA,all,rec,rate,list:nolist,10,,,\n", 2, 30, "products",
                 "cannot read list 'nolist'");
    expect_error("2025-04-05,,USA,all,rec,rate,list:bad,10,,,\n", 3, 1, "hs",
                 "unknown HS code '999999'");
    expect_error("2025-04-05,,USA,all,rec,supersedes,all,,,,\n", 2, 43, "over",
                 "names the authority it supersedes");
    expect_error("2025-04-05,,USA,all,rec,rate,all,10,1.5,,\n", 2, 37, "share", "share");
    expect_error("2025-4-05,,USA,all,rec,rate,all,10,,,\n", 2, 1, "date", "YYYY-MM-DD");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform_rate),
        cmocka_unit_test(test_exemption_weight),
        cmocka_unit_test(test_stacking_add),
        cmocka_unit_test(test_stacking_supersedes),
        cmocka_unit_test(test_share_inclusive_until),
        cmocka_unit_test(test_specificity_and_latest),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
