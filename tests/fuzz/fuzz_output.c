/* SPDX-License-Identifier: MIT */
/* Fuzz target: the output code. The input is a shock file for the tiny test world followed,
 * after a line "--", by arbitrary bytes used as the shock's name. When the shock applies and
 * solves, the solve document is written into a memory buffer, and it must be valid JSON
 * whose strings are valid UTF-8 without raw control characters (checked here by a small
 * validator, independent of the writer); a shock touching every country is a case of its own
 * (it once overran solve's table). The name's bytes also go through a document of their
 * own. Never a crash, never invalid output. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/json.h"
#include "tradewar/tradewar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_world *world;
static tw_model *model;
static tw_solver *solver;

/* --- a strict validator of the JSON subset the writer produces --- */

typedef struct cursor {
    const unsigned char *p, *end;
} cursor;

static void ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\n'))
        c->p++;
}

static int lit(cursor *c, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

static int utf8(cursor *c)
{
    unsigned char b = *c->p;
    int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (!len || b > 0xF4 || c->end - c->p < len)
        return 0;
    unsigned cp = b & (0x3F >> (len - 1));
    for (int k = 1; k < len; k++) {
        if ((c->p[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (c->p[k] & 0x3F);
    }
    static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    c->p += len;
    return 1;
}

static int string(cursor *c)
{
    if (!lit(c, "\""))
        return 0;
    while (c->p < c->end && *c->p != '"') {
        if (*c->p == '\\') {
            c->p++;
            if (c->p >= c->end)
                return 0;
            if (*c->p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (c->p + k >= c->end || !strchr("0123456789abcdefABCDEF", c->p[k]))
                        return 0;
                c->p += 5;
            } else if (strchr("\"\\/bfnrt", *c->p) && *c->p) {
                c->p++;
            } else {
                return 0;
            }
        } else if (*c->p < 0x20) {
            return 0;
        } else if (*c->p < 0x80) {
            c->p++;
        } else if (!utf8(c)) {
            return 0;
        }
    }
    return lit(c, "\"");
}

static int number(cursor *c)
{
    const unsigned char *s = c->p;
    while (c->p < c->end && strchr("0123456789+-.eE", *c->p) && *c->p)
        c->p++;
    if (c->p == s)
        return 0;
    char buf[64];
    size_t n = (size_t)(c->p - s);
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    strtod(buf, &e);
    return *e == '\0';
}

static int value(cursor *c, int depth)
{
    ws(c);
    if (c->p >= c->end || depth > 64)
        return 0;
    if (*c->p == '"')
        return string(c);
    if (*c->p == '{' || *c->p == '[') {
        int obj = *c->p == '{';
        c->p++;
        ws(c);
        if (lit(c, obj ? "}" : "]"))
            return 1;
        for (;;) {
            if (obj) {
                ws(c);
                if (!string(c))
                    return 0;
                ws(c);
                if (!lit(c, ":"))
                    return 0;
            }
            if (!value(c, depth + 1))
                return 0;
            ws(c);
            if (lit(c, ","))
                continue;
            return lit(c, obj ? "}" : "]");
        }
    }
    if (lit(c, "true") || lit(c, "false") || lit(c, "null"))
        return 1;
    return number(c);
}

static void check(const tw_buffer *b)
{
    cursor c = {(const unsigned char *)b->data, (const unsigned char *)b->data + b->len};
    if (!b->data || !value(&c, 0))
        abort();
    ws(&c);
    if (c.p != c.end || strlen(b->data) != b->len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tw_error err;
    if (!model) {
        if (tw_world_load(TW_FUZZ_WORLD, NULL, &world, &err) ||
            tw_model_create(world, NULL, &model, &err) ||
            tw_solver_create(model, NULL, &solver, &err)) {
            fprintf(stderr, "cannot load the fuzz world %s\n", TW_FUZZ_WORLD);
            abort();
        }
    }
    /* Split at the first "\n--\n": shock text, then the name. */
    size_t cut = size, name_at = size;
    for (size_t k = 0; k + 4 <= size; k++)
        if (memcmp(data + k, "\n--\n", 4) == 0) {
            cut = k + 1;
            name_at = k + 4;
            break;
        }
    char *name = malloc(size - name_at + 1);
    if (!name)
        return 0;
    memcpy(name, data + name_at, size - name_at);
    name[size - name_at] = '\0';

    /* Any bytes as a string: always valid JSON. */
    tw_buffer b;
    tw_buffer_init(&b);
    tw_json j;
    tw_json_init_sink(&j, tw_sink_buffer(&b));
    tw_json_object_begin(&j);
    tw_json_kv_string(&j, name, name);
    tw_json_object_end(&j);
    if (tw_json_finish(&j, NULL))
        abort();
    check(&b);
    tw_buffer_release(&b);

    tw_policy *p;
    if (tw_policy_create(model, &p))
        abort();
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_results *r = tw_results_create(model);
    tw_solver_report rep;
    if (eq && r && !tw_shock_apply_buffer(model, p, "fuzz.csv", (const char *)data, cut, &err) &&
        !tw_model_solve(model, solver, p, eq, &rep, &err) && !tw_results_compute(model, eq, r)) {
        /* With the warnings of every country's result, the name's bytes as their context. */
        tw_warnings *warn = tw_warnings_create();
        for (int n = 0; warn && n < tw_world_dims(world).n; n++)
            if (tw_results_warn(world, r, n, name, warn, NULL))
                abort();
        tw_solve_document doc = {.model = model, .results = r, .shock = name,
                                 .baseline = tw_model_baseline_report(model), .solver = rep,
                                 .warnings = warn};
        if (tw_json_write_solve(tw_sink_buffer(&b), &doc, &err))
            abort();
        check(&b);
        tw_buffer_release(&b);
        tw_warnings_free(warn);
    }
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    free(name);
    return 0;
}
