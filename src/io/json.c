/* SPDX-License-Identifier: MIT */
/* Streaming JSON writer. */
#include "io/json.h"

#include <math.h>

void tw_json_init(tw_json *j, FILE *out)
{
    j->out = out;
    j->depth = 0;
    j->first[0] = 1;
    j->after_key = 0;
}

static void separator(tw_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth])
        fputc(',', j->out);
    j->first[j->depth] = 0;
}

static void open_container(tw_json *j, char c)
{
    separator(j);
    fputc(c, j->out);
    if (j->depth < 63)
        j->depth++;
    j->first[j->depth] = 1;
}

static void close_container(tw_json *j, char c)
{
    if (j->depth > 0)
        j->depth--;
    fputc(c, j->out);
}

void tw_json_object_begin(tw_json *j) { open_container(j, '{'); }
void tw_json_object_end(tw_json *j) { close_container(j, '}'); }
void tw_json_array_begin(tw_json *j) { open_container(j, '['); }
void tw_json_array_end(tw_json *j) { close_container(j, ']'); }

static void write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void tw_json_key(tw_json *j, const char *key)
{
    separator(j);
    write_string(j->out, key);
    fputc(':', j->out);
    j->after_key = 1;
}

void tw_json_string(tw_json *j, const char *s)
{
    separator(j);
    write_string(j->out, s ? s : "");
}

void tw_json_number(tw_json *j, double v)
{
    separator(j);
    if (isfinite(v))
        fprintf(j->out, "%.17g", v);
    else
        fputs("null", j->out);
}

void tw_json_int(tw_json *j, long v)
{
    separator(j);
    fprintf(j->out, "%ld", v);
}

void tw_json_bool(tw_json *j, int v)
{
    separator(j);
    fputs(v ? "true" : "false", j->out);
}

void tw_json_kv_string(tw_json *j, const char *key, const char *s)
{
    tw_json_key(j, key);
    tw_json_string(j, s);
}
void tw_json_kv_number(tw_json *j, const char *key, double v)
{
    tw_json_key(j, key);
    tw_json_number(j, v);
}
void tw_json_kv_int(tw_json *j, const char *key, long v)
{
    tw_json_key(j, key);
    tw_json_int(j, v);
}
void tw_json_kv_bool(tw_json *j, const char *key, int v)
{
    tw_json_key(j, key);
    tw_json_bool(j, v);
}

void tw_json_finish(tw_json *j) { fputc('\n', j->out); }
