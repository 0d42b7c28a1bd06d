/* SPDX-License-Identifier: MIT */
/* Fuzz target: the CSV reader with a header and numeric fields, as the world loader uses it.
 * Any input must produce rows or a clean error, never a crash, leak or undefined behaviour. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "data/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const tw_csv_column cols[] = {
        {"exporter", 1}, {"importer", 1}, {"sector", 0}, {"value", 1}};
    tw_csv *csv;
    tw_error err;
    if (tw_csv_open_buffer("fuzz.csv", (const char *)data, size, &csv, &err))
        return 0;
    int ix[4], has;
    if (!tw_csv_header(csv, cols, 4, ix, &err)) {
        while (!tw_csv_next(csv, &has, &err) && has) {
            double v;
            (void)tw_csv_get(csv, ix[0]);
            (void)tw_csv_get(csv, ix[2]);
            if (tw_csv_number(csv, ix[3], &v, &err) == TW_OK && v != v)
                __builtin_trap(); /* NaN must never be returned as a number */
        }
    }
    char buf[2048];
    tw_error_format(&err, buf, sizeof buf);
    tw_csv_close(csv);
    return 0;
}
