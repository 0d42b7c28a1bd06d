/* SPDX-License-Identifier: MIT */
/* Fuzz target: the exact decimal fast path of the CSV reader (data/decimal.h). Whenever it
 * takes an input, its result must be exactly strtod's (same bits); it must never read past the
 * string or crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/decimal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[512];
    if (size >= sizeof s)
        size = sizeof s - 1;
    memcpy(s, data, size);
    s[size] = '\0';
    double v;
    if (tw_decimal_parse(s, &v)) {
        char *end;
        double w = strtod(s, &end);
        if (*end != '\0' || memcmp(&v, &w, sizeof v) != 0)
            __builtin_trap();
    }
    return 0;
}
