/* SPDX-License-Identifier: MIT */
/* Fuzz target: the action files of product-level tariff schedules (docs/tariff-schedules.md),
 * read into a schedule with a small concordance, trade lines and lists (tests/data/schedule),
 * then evaluated on the dates they name. Any input must give actions or a clean error with a
 * location, never a crash, leak, hang or a rate that is not finite. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tariff/schedule_internal.h"

#ifndef TW_SCHEDULE_FIXTURE
#define TW_SCHEDULE_FIXTURE TW_FUZZ_WORLD "/../schedule"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tw_schedule *s = NULL;
    tw_error err;
    if (tw_schedule_create(&s, &err))
        return 0;
    if (tw_schedule_read_concordance(s, TW_SCHEDULE_FIXTURE "/hs6.csv", &err) ||
        tw_schedule_read_lines(s, "USA", TW_SCHEDULE_FIXTURE "/lines.csv", 1.0, &err))
        __builtin_trap(); /* the fixture must load */
    tw_status st = tw_sched_read_actions_buffer(s, "fuzz.csv", (const char *)data, size,
                                                TW_SCHEDULE_FIXTURE "/lists", &err);
    if (st == TW_OK) {
        int dates[16];
        int n = tw_schedule_dates(s, NULL, dates, 16);
        for (int i = 0; i < n && i < 16; i++) {
            tw_schedule_rates *r = NULL;
            tw_schedule_average avg;
            if (tw_schedule_evaluate(s, dates[i], &r, &err))
                continue;
            if (!tw_schedule_average_init(s, &avg, &err)) {
                if (!tw_schedule_rates_average(r, "USA", "all", &avg, &err) &&
                    !isfinite(avg.total_additional_pct))
                    __builtin_trap();
                tw_schedule_average_free(&avg);
            }
            tw_schedule_rates_free(r);
        }
    } else {
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        if (st == TW_ERR_INPUT && err.line == 0 && strcmp(err.file, "fuzz.csv") == 0)
            __builtin_trap(); /* input errors in the file name their line */
    }
    tw_schedule_free(s);
    return 0;
}
