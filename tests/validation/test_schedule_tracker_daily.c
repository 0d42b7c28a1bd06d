/* SPDX-License-Identifier: MIT */
/* The 2025 US schedule from product lines against the tradewartracker on every calendar day from
 * 2025-03-04 to 2025-12-31 (test_schedule_tracker.c compares the tracker's steps with the same
 * steps in force; this compares each day as dated, so announcement-date offsets show up): the
 * additional US tariff on the five largest partners (EU, Mexico, China, Canada, Japan) and the
 * import-weighted average on all imports. Both series are piecewise constant, changing only on
 * the schedule's action dates and the tracker's dates, so each interval between two of those
 * dates is compared once and stands for all its days. Every interval more than 2 points apart is
 * printed; more than 5 points apart is allowed only on the intervals listed in `allowed`, each
 * with its reason (docs/tariff-schedules.md). */
#include "test_util.h"

#include "core/calendar.h"

static const struct {
    const char *name, *code;
} partners[] = {{"EUROPEAN UNION", "EUN"}, {"MEXICO", "MEXICO"}, {"CHINA", "CHN"},
                {"CANADA", "CAN"},         {"JAPAN", "JPN"},     {NULL, "all"}};
#define NP ((int)(sizeof partners / sizeof partners[0]))

/* The intervals (first day, schedule code) where the two may differ by more than 5 points. */
static const struct {
    const char *from, *code, *why;
} allowed[] = {
    {"2025-03-04", "MEX", "tracker: no fentanyl duty on Mexico until 6 March; law: 25% from 4 "
                          "March (EO 14194), USMCA goods exempt from 7 March (EO 14227)"},
    {"2025-03-04", "CAN", "the same for Canada (EO 14193; 10% on energy and potash)"},
    {"2025-03-04", "all", "the same, in the national average"},
    {"2025-03-06", "MEX", "tracker: USMCA exemption from 6 March (announced); law: 7 March"},
    {"2025-03-06", "CAN", "the same for Canada"},
    {"2025-04-05", "EUN", "tracker: Annex I rates from 5 April; law: from 9 April (EO 14257)"},
    {"2025-04-05", "JPN", "the same for Japan"},
    {"2025-04-08", "EUN", "the same (the tracker's 8 April)"},
    {"2025-04-08", "JPN", "the same for Japan"},
    {"2025-04-09", "EUN", "tracker: the pause on 9 April (announced); law: Annex I in force 9 "
                          "April, paused from 10 April (EO 14266)"},
    {"2025-04-09", "JPN", "the same for Japan"},
    {"2025-05-03", "CHN", "the tracker's 125% total on China (as from 11 April), with auto parts "
                          "at 25% in law from 3 May"},
    {"2025-11-13", "EUN", "the EO 14360 farm exemptions in force 13 November, dated 14 November "
                          "by the tracker (one day)"},
    {"2025-04-05", "CHN", "tracker: Annex I and 34% on China from 5 April; law: both from 9 April"},
    {"2025-04-05", "all", "the same, in the national average"},
    {"2025-04-08", "CHN", "tracker: 84% on China on 8 April; law: from 9 April"},
    {"2025-04-08", "all", "the same, in the national average"},
    {"2025-04-09", "CHN", "tracker: 125% total on 9 April; law: 84% + 20% until 10 April"},
    {"2025-04-11", "CHN", "tracker: 125% as China's total; law: 125% reciprocal + 20% fentanyl"},
    {"2025-05-12", "CHN", "tracker: Geneva on 12 May (announced); law: in force 14 May"},
    {"2025-05-12", "all", "the same, in the national average"},
    {"2025-11-01", "CHN", "tracker: Busan truce on 1 November (announced); law: 10 November"},
};

static int allowed_at(const char *from, const char *code)
{
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
        if (strcmp(allowed[k].from, from) == 0 && strcmp(allowed[k].code, code) == 0)
            return 1;
    return 0;
}

/* The tracker's value in force on day (last change on or before it); NAN if none. */
static double tracker_at(const char *date, const char *name)
{
    const char *file = name ? "/tests/data/tracker/country_by_time_2025.csv"
                            : "/tests/data/tracker/daily_average_2025.csv";
    char path[1024], line[512], quoted[128];
    snprintf(path, sizeof path, "%s%s", TW_TEST_SOURCE_DIR, file);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    snprintf(quoted, sizeof quoted, ",\"%s\",", name ? name : "");
    double v = NAN;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "20", 2) != 0 || strncmp(line, date, 10) > 0)
            continue;
        if (!name)
            v = strtod(line + 11, NULL);
        else if (strncmp(line + 10, quoted, strlen(quoted)) == 0)
            v = strtod(line + 10 + strlen(quoted), NULL);
    }
    fclose(f);
    return v;
}

static void tracker_dates(int *out, int *n)
{
    FILE *f = fopen(TW_TEST_SOURCE_DIR "/tests/data/tracker/daily_average_2025.csv", "r");
    assert_non_null(f);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        int d;
        line[10] = '\0';
        if (strncmp(line, "20", 2) == 0 && !tw_date_parse(line, &d))
            out[(*n)++] = d;
    }
    fclose(f);
}

static int cmp_int(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

static void every_day(void **state)
{
    (void)state;
    tw_schedule *s = NULL;
    tw_error err;
    const char *raw = TW_TEST_SOURCE_DIR "/data/raw/us_tariffs_2025";
    char p1[1024], p2[1024];
    assert_ok(tw_schedule_create(&s, &err), &err);
    snprintf(p1, sizeof p1, "%s/hs6_icio.csv", raw);
    assert_ok(tw_schedule_read_concordance(s, p1, &err), &err);
    snprintf(p1, sizeof p1, "%s/us_imports_2024_hs10.csv", raw);
    assert_ok(tw_schedule_read_lines(s, "USA", p1, 1.0, &err), &err);
    snprintf(p1, sizeof p1, "%s/data/schedules/2025/us.csv", TW_TEST_SOURCE_DIR);
    snprintf(p2, sizeof p2, "%s/lists", raw);
    assert_ok(tw_schedule_read_actions(s, p1, p2, &err), &err);
    int first, last, br[512], n = 0;
    assert_int_equal(tw_date_parse("2025-03-04", &first), 0);
    assert_int_equal(tw_date_parse("2025-12-31", &last), 0);
    int m = tw_schedule_dates(s, "USA", br, 256);
    assert_true(m >= 0 && m < 256);
    n = m;
    tracker_dates(br, &n);
    br[n++] = first;
    qsort(br, (size_t)n, sizeof *br, cmp_int);
    int worst_days = 0, over2 = 0, bad = 0;
    tw_schedule_average avg;
    assert_ok(tw_schedule_average_init(s, &avg, &err), &err);
    for (int k = 0; k < n; k++) {
        if (br[k] < first || br[k] > last || (k > 0 && br[k] == br[k - 1]))
            continue;
        int end = last + 1;
        for (int q = k + 1; q < n; q++)
            if (br[q] > br[k]) {
                end = br[q] < end ? br[q] : end;
                break;
            }
        char date[16];
        tw_date_format(br[k], date, sizeof date);
        tw_schedule_rates *r = NULL;
        assert_ok(tw_schedule_evaluate(s, br[k], &r, &err), &err);
        for (int p = 0; p < NP; p++) {
            const char *code = strcmp(partners[p].code, "MEXICO") == 0 ? "MEX" : partners[p].code;
            assert_ok(tw_schedule_rates_average(r, "USA", code, &avg, &err), &err);
            double got = avg.total_additional_pct + (partners[p].name ? 0.0 : 2.3);
            double want = tracker_at(date, partners[p].name);
            assert_true(isfinite(want));
            double diff = got - want;
            if (fabs(diff) > 2.0) {
                over2++;
                printf("%s (%3d days) %-4s tracker %7.2f schedule %7.2f diff %+7.2f%s\n", date,
                       end - br[k], code, want, got, diff,
                       fabs(diff) > 5.0 ? "  > 5" : "");
            }
            if (fabs(diff) > 5.0) {
                worst_days += end - br[k];
                if (!allowed_at(date, code)) {
                    printf("  ^ not among the allowed intervals\n");
                    bad++;
                }
            }
        }
        tw_schedule_rates_free(r);
    }
    printf("%d interval-partner pairs differ by more than 2 points; %d partner-days by more "
           "than 5, all on the allowed intervals\n",
           over2, worst_days);
    tw_schedule_average_free(&avg);
    tw_schedule_free(s);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
