/* SPDX-License-Identifier: MIT */
/* Parts of a set of draws (tradewar/draws.h): the solved draws of a range as text, every number
 * a C99 hexadecimal float so that a part read back gives the same bits. The format, line by
 * line:
 *   tradewar-draws-part 1
 *   draws N outputs K range FIRST LAST
 *   draw INDEX STATUS              -- once per draw of the range, 0-based index, status code
 *   message TEXT                   -- the failed draw's message on one line ("" when none)
 *   values X1 X2 ... XK            -- %a
 *   end */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tradewar/draws.h"
#include "tradewar/io.h"

static tw_status put(tw_sink out, tw_buffer *line)
{
    tw_status st = tw_sink_write(out, line->data ? line->data : "", line->len);
    line->len = 0;
    if (line->data)
        line->data[0] = '\0';
    return st;
}

static tw_status append(tw_buffer *b, const char *s) { return tw_buffer_append(b, s, strlen(s)); }

tw_status tw_draws_part_write(tw_sink out, const tw_draws *d, int first, int last,
                              tw_error *err)
{
    if (first < 0 || last > d->n_draws || first > last || !d->values)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_draws_part_write: bad range");
    for (int k = first; k < last; k++)
        if (!d->solved[k])
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "draw %d is not solved", k + 1);
    tw_buffer line;
    tw_buffer_init(&line);
    char num[64];
    snprintf(num, sizeof num, "tradewar-draws-part 1\ndraws %d outputs %d range %d %d\n",
             d->n_draws, d->n_outputs, first, last);
    tw_status st = append(&line, num);
    if (!st)
        st = put(out, &line);
    for (int k = first; k < last && !st; k++) {
        snprintf(num, sizeof num, "draw %d %d\nmessage ", k, (int)d->status[k]);
        st = append(&line, num);
        for (const char *m = d->message[k] ? d->message[k] : ""; *m && !st; m++)
            st = tw_buffer_append(&line, *m == '\n' || *m == '\r' ? " " : m, 1);
        if (!st)
            st = append(&line, "\nvalues");
        for (int q = 0; q < d->n_outputs && !st; q++) {
            snprintf(num, sizeof num, " %a", d->values[(size_t)k * d->n_outputs + q]);
            st = append(&line, num);
        }
        if (!st)
            st = append(&line, "\n");
        if (!st)
            st = put(out, &line);
    }
    if (!st)
        st = append(&line, "end\n");
    if (!st)
        st = put(out, &line);
    tw_buffer_release(&line);
    if (st)
        return tw_fail(err, st, NULL, 0, 0, NULL, st == TW_ERR_NOMEM ? "out of memory"
                                                                    : "writing a part failed");
    return TW_OK;
}

/* A line reader over a buffer. */
typedef struct reader {
    const char *name, *p, *end;
    int line;
    char *buf;
    size_t cap;
} reader;

/* The next line (without its newline) in r->buf. @return 0, -1 at the end, -2 out of memory. */
static int next_line(reader *r)
{
    if (r->p >= r->end)
        return -1;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    size_t len = nl ? (size_t)(nl - r->p) : (size_t)(r->end - r->p);
    if (len + 1 > r->cap) {
        char *nb = realloc(r->buf, len + 1);
        if (!nb)
            return -2;
        r->buf = nb;
        r->cap = len + 1;
    }
    memcpy(r->buf, r->p, len);
    r->buf[len] = '\0';
    r->p += len + (nl ? 1 : 0);
    r->line++;
    return 0;
}

static tw_status bad(const reader *r, tw_error *err, const char *what)
{
    return tw_fail(err, TW_ERR_INPUT, r->name, r->line, 0, "part", "%s", what);
}

/* One draw's three lines into d. */
static tw_status read_draw(reader *r, tw_draws *d, int first, int last, int *count,
                           tw_error *err)
{
    int k, status, n = 0;
    if (sscanf(r->buf, "draw %d %d%n", &k, &status, &n) != 2 || r->buf[n] || k < first ||
        k >= last || status < 0 || status > TW_ERR_CANCELLED)
        return bad(r, err, "expected 'draw INDEX STATUS' with INDEX in the part's range");
    if (d->solved[k])
        return bad(r, err, "this draw is in another part too");
    if (next_line(r) || strncmp(r->buf, "message ", 8) != 0)
        return bad(r, err, "expected 'message TEXT'");
    if (r->buf[8] && !(d->message[k] = strdup(r->buf + 8)))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (next_line(r) || strncmp(r->buf, "values", 6) != 0)
        return bad(r, err, "expected 'values X1 ... XK'");
    char *s = r->buf + 6;
    for (int q = 0; q < d->n_outputs; q++) {
        char *e;
        errno = 0;
        double v = strtod(s, &e);
        if (e == s || (*e && *e != ' '))
            return bad(r, err, "expected as many numbers as the draws have results");
        d->values[(size_t)k * d->n_outputs + q] = v;
        s = e;
    }
    if (*s)
        return bad(r, err, "more numbers than the draws have results");
    d->status[k] = (tw_status)status;
    d->solved[k] = 1;
    (*count)++;
    return TW_OK;
}

tw_status tw_draws_part_read(tw_draws *d, const char *name, const char *data, size_t len,
                             int *first, int *last, tw_error *err)
{
    reader r = {name, data, data + len, 0, NULL, 0};
    tw_status st = TW_OK;
    int nd, no, a, b, n = 0, count = 0;
    if (!d->values)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_draws_part_read: no results "
                                                             "set up");
    if (next_line(&r) || strcmp(r.buf, "tradewar-draws-part 1") != 0)
        st = bad(&r, err, "not a part of draws (expected 'tradewar-draws-part 1')");
    else if (next_line(&r) ||
             sscanf(r.buf, "draws %d outputs %d range %d %d%n", &nd, &no, &a, &b, &n) != 4 ||
             r.buf[n])
        st = bad(&r, err, "expected 'draws N outputs K range FIRST LAST'");
    else if (nd != d->n_draws || no != d->n_outputs || a < 0 || b > nd || a > b)
        st = tw_fail(err, TW_ERR_INPUT, name, r.line, 0, "part",
                     "the part has %d draws of %d results (range %d-%d), the run %d of %d", nd,
                     no, a, b, d->n_draws, d->n_outputs);
    while (!st) {
        int got = next_line(&r);
        if (got == -2)
            st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        else if (got == -1)
            st = bad(&r, err, "the part ends without 'end' (cut short?)");
        else if (strcmp(r.buf, "end") == 0)
            break;
        else
            st = read_draw(&r, d, a, b, &count, err);
    }
    if (!st && count != b - a)
        st = tw_fail(err, TW_ERR_INPUT, name, r.line, 0, "part",
                     "the part's range %d-%d has %d draws, %d given", a, b, b - a, count);
    free(r.buf);
    if (!st) {
        *first = a;
        *last = b;
    }
    return st;
}
