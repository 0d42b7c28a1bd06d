/* SPDX-License-Identifier: MIT */
/* SVG chart writer (no library: SVG is text). Layout in pixels, measured: every string's width
 * comes from the fonts' advance widths (tw_svg_text_width), titles and labels wrap (and shrink,
 * never below 10 px) to the room they have, legends flow onto more rows, and the canvas is sized
 * from what it holds, so nothing lies outside it (tests/svg_check.h checks). Colours from a fixed,
 * colour-blind-friendly palette (Okabe-Ito). */
#include "io/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"

static const char *const PALETTE[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
enum { NPAL = sizeof PALETTE / sizeof *PALETTE };

double tw_svg_text_width(const char *s, int len, double size, int bold)
{
    const tw_svg_font *ft = bold ? &tw_svg_font_bold : &tw_svg_font_regular;
    unsigned widest = 0;
    for (int c = 0; c < 95; c++)
        if (ft->advance[c] > widest)
            widest = ft->advance[c];
    double units = 0;
    for (int k = 0; s && (len < 0 || k < len) && s[k]; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 0x20 && c < 0x7F)
            units += ft->advance[c - 0x20];
        else if (c == '\t') /* drawn as a space */
            units += ft->advance[0];
        else if (c >= 0xC0) /* the lead byte of a multi-byte character; continuations add nothing */
            units += widest;
    }
    return units * size / ft->units_per_em;
}

double tw_svg_ascent(double size)
{
    return size * tw_svg_font_regular.ascender / tw_svg_font_regular.units_per_em;
}

double tw_svg_descent(double size)
{
    return size * tw_svg_font_regular.descender / tw_svg_font_regular.units_per_em;
}

/* The smallest text drawn, px: below this a chart is not readable. */
#define MIN_FONT 10.0

static void text_escaped(FILE *f, const char *s, int len)
{
    for (int k = 0; s && (len < 0 || k < len) && s[k]; k++)
        switch (s[k]) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\t': fputc(' ', f); break;
        default:
            if ((unsigned char)s[k] >= 0x20)
                fputc(s[k], f);
        }
}

static void text_n(FILE *f, double x, double y, const char *anchor, double size, int bold,
                   const char *s, int len)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%g\"%s>", x, y, anchor,
            size, bold ? " font-weight=\"bold\"" : "");
    text_escaped(f, s, len);
    fputs("</text>\n", f);
}

static void text(FILE *f, double x, double y, const char *anchor, double size, int bold,
                 const char *s)
{
    text_n(f, x, y, anchor, size, bold, s, -1);
}

static double line_height(double size) { return 1.25 * size; }

/* The offset from a line's vertical centre to its baseline. */
static double centre_to_baseline(double size)
{
    return 0.5 * (tw_svg_ascent(size) - tw_svg_descent(size));
}

/* A string broken into lines, all set at one size: line k is s[start[k] .. start[k] + len[k]). */
enum { MAX_LINES = 24 };
typedef struct lines {
    const char *s;
    double size;
    int bold, n;
    int start[MAX_LINES], len[MAX_LINES];
} lines;

/* Breaks s greedily at spaces into lines no wider than width at size. A word wider than width
 * fails the wrap unless hard, when it is broken between characters (never inside a UTF-8
 * sequence). @return 1 if the text fits in maxlines lines, 0 if not (out then holds what fitted). */
static int wrap_at(const char *s, double width, double size, int bold, int hard, int maxlines,
                   lines *out)
{
    out->s = s;
    out->size = size;
    out->bold = bold;
    out->n = 0;
    int pos = 0;
    while (s && s[pos] == ' ')
        pos++;
    while (s && s[pos]) {
        if (out->n == MAX_LINES || out->n == maxlines)
            return 0;
        int start = pos, end = pos, cand = pos;
        for (;;) {
            while (s[cand] == ' ')
                cand++;
            while (s[cand] && s[cand] != ' ')
                cand++;
            if (tw_svg_text_width(s + start, cand - start, size, bold) > width)
                break;
            end = cand;
            if (!s[cand])
                break;
        }
        if (end == start) { /* the first word alone is too wide */
            if (!hard)
                return 0;
            end = start + 1;
            for (int k = end; s[k] && s[k] != ' '; k++) {
                if (((unsigned char)s[k] & 0xC0) == 0x80)
                    continue;
                if (tw_svg_text_width(s + start, k - start, size, bold) > width)
                    break;
                end = k;
            }
            while (((unsigned char)s[end] & 0xC0) == 0x80)
                end++;
        }
        int len = end - start;
        while (len > 0 && s[start + len - 1] == ' ')
            len--;
        out->start[out->n] = start;
        out->len[out->n++] = len;
        pos = end;
        while (s[pos] == ' ')
            pos++;
    }
    return 1;
}

/* s in at most maxlines lines no wider than width, at the largest size from size down to
 * min_size (1 px steps) where it fits without breaking a word; failing that, at min_size with
 * words broken as needed. */
static lines wrap(const char *s, double width, double size, double min_size, int bold,
                  int maxlines)
{
    lines l;
    for (double sz = size; sz >= min_size; sz -= 1.0)
        if (wrap_at(s, width, sz, bold, 0, maxlines, &l))
            return l;
    wrap_at(s, width, min_size, bold, 1, MAX_LINES, &l);
    return l;
}

/* Height of the block from the first line's top to the last line's bottom. */
static double lines_height(const lines *l)
{
    return l->n ? tw_svg_ascent(l->size) + tw_svg_descent(l->size) +
                      (l->n - 1) * line_height(l->size)
                : 0.0;
}

static double lines_width(const lines *l)
{
    double w = 0;
    for (int k = 0; k < l->n; k++)
        w = fmax(w, tw_svg_text_width(l->s + l->start[k], l->len[k], l->size, l->bold));
    return w;
}

/* Draws the lines with the first baseline at y, one line height apart. */
static void put_lines(FILE *f, const lines *l, double x, double y, const char *anchor)
{
    for (int k = 0; k < l->n; k++)
        text_n(f, x, y + k * line_height(l->size), anchor, l->size, l->bold, l->s + l->start[k],
               l->len[k]);
}

/* Draws the lines as a block whose top is at y; @return the block's bottom. */
static double put_block(FILE *f, const lines *l, double x, double y, const char *anchor)
{
    if (f)
        put_lines(f, l, x, y + tw_svg_ascent(l->size), anchor);
    return y + lines_height(l);
}

/* A "nice" tick step for a range: 1, 2 or 5 times a power of ten, about 5 ticks. */
static double nice_step(double range)
{
    if (!(range > 0) || !isfinite(range))
        return 1.0;
    double raw = range / 5.0, p = pow(10.0, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * p;
}

/* Widens [lo, hi] to whole tick steps; @return the step. One step for rounding and for the
 * ticks, so that the ticks fall on multiples of it (zero among them). */
static double range_of(double *lo, double *hi)
{
    if (!(*hi > *lo)) {
        double c = isfinite(*lo) ? *lo : 0.0;
        *lo = c - 1.0;
        *hi = c + 1.0;
    }
    double step = nice_step(*hi - *lo);
    *lo = floor(*lo / step) * step;
    *hi = ceil(*hi / step) * step;
    return step;
}

static int tick_count(double lo, double hi, double step) { return (int)floor((hi - lo) / step + 1e-6) + 1; }

static void fmt_tick(char *buf, size_t size, double v, double step)
{
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 6)
        dec = 6;
    if (fabs(v) < step * 1e-9)
        v = 0.0;
    snprintf(buf, size, "%.*f", dec, v);
}

static void date_text(int z, char out[32])
{
    int y, m, d;
    tw_date_to_civil(z, &y, &m, &d);
    static const char *const MON[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(out, 32, "%d %s %d", d, MON[(m - 1) % 12], y);
}

/* The x ticks of a timeline: the first of each month in [x0, x1], every k-th when there are
 * more than eight. @return how many were written to out (at most max). */
static int month_ticks(int x0, int x1, int *out, int max)
{
    int months = 0, n = 0;
    char buf[32];
    for (int z = x0; z <= x1; z++) {
        date_text(z, buf);
        months += buf[0] == '1' && buf[1] == ' ';
    }
    int every = months > 8 ? (months + 5) / 6 : 1, count = 0;
    for (int z = x0; z <= x1 && n < max; z++) {
        date_text(z, buf);
        if (buf[0] == '1' && buf[1] == ' ' && count++ % every == 0)
            out[n++] = z;
    }
    return n;
}

static void svg_open(FILE *f, double width, double height)
{
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
               "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n",
            width, height, width, height, width, height);
}

/* Title, subtitle and note wrapped to width from x; @return the bottom of the last. */
typedef struct header {
    lines title, subtitle, note;
} header;

static header header_wrap(const char *title, double title_size, const char *subtitle,
                          double subtitle_size, const char *note, double width)
{
    header h;
    h.title = wrap(title, width, title_size, 14, 1, 2);
    h.subtitle = wrap(subtitle, width, subtitle_size, 11, 0, 3);
    h.note = wrap(note, width, 11, MIN_FONT, 0, 3);
    return h;
}

static double header_put(FILE *f, const header *h, double x, double y)
{
    y = put_block(f, &h->title, x, y, "start");
    if (h->subtitle.n)
        y = put_block(f, &h->subtitle, x, y + 8, "start");
    if (h->note.n)
        y = put_block(f, &h->note, x, y + 6, "start");
    return y;
}

/* One panel's legend: its head ("ylabel:") and then its series, a coloured line and a name each,
 * flowing onto as many rows as the room from x0 to x1 needs. The entries follow the head on its
 * row when the widest fits there, else start below it. Draws when f is not NULL. @return the
 * bottom of the legend, whose top is y. */
static double timeline_legend(FILE *f, const tw_svg_panel *pn, double x0, double x1, double y)
{
    const double size = 11, row = 20, swatch = 22, pad = 5, space = 16;
    char head[160];
    snprintf(head, sizeof head, "%.140s:", pn->ylabel ? pn->ylabel : "");
    lines hl = wrap(head, x1 - x0, size, MIN_FONT, 1, 2);
    double indent = x0 + lines_width(&hl) + 10, widest = 0;
    for (int sr = 0; sr < pn->nseries; sr++)
        widest = fmax(widest, swatch + pad + tw_svg_text_width(pn->series[sr], -1, size, 0));
    if (hl.n > 1 || indent + widest > x1) {
        y = put_block(f, &hl, x0, y, "start") + 4;
        indent = x0;
    } else if (f) {
        put_lines(f, &hl, x0, y + row / 2 + centre_to_baseline(size), "start");
    }
    double x = indent, rowh = row;
    for (int sr = 0; sr < pn->nseries; sr++) {
        lines el = wrap(pn->series[sr], x1 - indent - swatch - pad, size, MIN_FONT, 0, 3);
        double ew = swatch + pad + lines_width(&el), eh = row + (el.n - 1) * line_height(el.size);
        if (x > indent && x + ew > x1) {
            y += rowh;
            x = indent;
            rowh = row;
        }
        if (f) {
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                       "stroke-width=\"3\"/>\n",
                    x, y + row / 2, x + swatch, y + row / 2, PALETTE[sr % NPAL]);
            put_lines(f, &el, x + swatch + pad, y + row / 2 + centre_to_baseline(el.size),
                      "start");
        }
        rowh = fmax(rowh, eh);
        x += ew + space;
    }
    return y + rowh;
}

/* The timeline chart's fixed sizes, in pixels. */
static const double TL_MARGIN = 16, TL_COLW = 420, TL_PANELH = 220, TL_TICK_SIZE = 11,
                    TL_DATE_SIZE = 10;

/* The timeline chart measured: axes, wrapped texts and where everything goes. */
typedef struct timeline_layout {
    int npanels, ncols;
    double lo[4], hi[4], step[4]; /* y axis of each panel */
    int x0, x1, xt[64], nxt;      /* the common x range (day numbers) and its month ticks */
    lines yl[4], ct[8];           /* rotated y labels, column titles */
    header h;
    double left, colgap, width, height, ct_top, cth, top, pgap, legend_top;
    const tw_svg_bands *bands; /* or NULL */
} timeline_layout;

/* The y axes: a common range per panel across the columns. @return the widest tick label. */
static double timeline_y_axes(const tw_svg_timeline *s, timeline_layout *L)
{
    double tickw = 0;
    for (int p = 0; p < L->npanels; p++) {
        const tw_svg_panel *pn = &s->panel[p];
        double *lo = &L->lo[p], *hi = &L->hi[p];
        const double *const *pn_lo = L->bands ? L->bands->lo[p] : NULL;
        const double *const *pn_hi = L->bands ? L->bands->hi[p] : NULL;
        *lo = INFINITY;
        *hi = -INFINITY;
        for (int c = 0; c < s->ncols; c++)
            for (int q = 0; q < pn->nseries * s->npoints[c]; q++)
                for (int b = 0; b < 3; b++) {
                    const double *const *src = b == 0 ? pn->y : b == 1 ? pn_lo : pn_hi;
                    double v = src ? src[c][q] : NAN;
                    if (isfinite(v)) {
                        *lo = fmin(*lo, v);
                        *hi = fmax(*hi, v);
                    }
                }
        if (!isfinite(*lo)) {
            *lo = 0;
            *hi = 1;
        }
        if (*lo > 0 && *lo < 0.5 * *hi)
            *lo = 0;
        if (*hi < 0 && *hi > 0.5 * *lo)
            *hi = 0;
        L->step[p] = range_of(lo, hi);
        for (int k = 0; k < tick_count(*lo, *hi, L->step[p]); k++) {
            char buf[32];
            fmt_tick(buf, sizeof buf, *lo + k * L->step[p], L->step[p]);
            tickw = fmax(tickw, tw_svg_text_width(buf, -1, TL_TICK_SIZE, 0));
        }
    }
    return tickw;
}

/* A common x range so that columns compare, and its month ticks. @return half the widest date
 * label, centred on its tick. */
static double timeline_x_axis(const tw_svg_timeline *s, timeline_layout *L)
{
    int x0 = 0, x1 = 0, first = 1;
    for (int c = 0; c < s->ncols; c++)
        for (int k = 0; k < s->npoints[c]; k++) {
            int x = s->x[c][k];
            if (first || x < x0)
                x0 = x;
            if (first || x > x1)
                x1 = x;
            first = 0;
        }
    x1 += (x1 - x0) / 12 + 15; /* room after the last step */
    L->x0 = x0;
    L->x1 = x1;
    L->nxt = month_ticks(x0, x1, L->xt, 64);
    double xhalf = 0;
    for (int k = 0; k < L->nxt; k++) {
        char buf[32];
        date_text(L->xt[k], buf);
        xhalf = fmax(xhalf, 0.5 * tw_svg_text_width(buf + 2, -1, TL_DATE_SIZE, 0));
    }
    return xhalf;
}

/* Measures the whole chart into L. */
static void timeline_measure(const tw_svg_timeline *s, timeline_layout *L)
{
    const double margin = TL_MARGIN, colw = TL_COLW, panelh = TL_PANELH;
    L->npanels = s->npanels < 4 ? s->npanels : 4;
    double tickw = timeline_y_axes(s, L);
    double xhalf = timeline_x_axis(s, L);
    /* Rotated y labels run along the panel's height. */
    double ylw = 0;
    for (int p = 0; p < L->npanels; p++) {
        L->yl[p] = wrap(s->panel[p].ylabel, panelh - 8, 12, MIN_FONT, 0, 2);
        ylw = fmax(ylw, lines_height(&L->yl[p]));
    }
    int ncols = L->ncols = s->ncols < 8 ? s->ncols : 8;
    L->left = margin + ylw + 8 + tickw + 6;
    L->colgap = fmax(40, xhalf + 12 + tickw + 6);
    double right = margin + xhalf;
    L->width = ceil(fmax(320, L->left + ncols * colw + (ncols - 1) * L->colgap + right));
    L->h = header_wrap(s->title, 20, s->subtitle, 13, s->note, L->width - 2 * margin);
    double y = header_put(NULL, &L->h, margin, margin);
    L->cth = 0;
    for (int c = 0; c < ncols; c++) {
        L->ct[c] = wrap(s->col_titles[c], colw, 14, 11, 1, 2);
        L->cth = fmax(L->cth, lines_height(&L->ct[c]));
    }
    L->ct_top = y + 14;
    L->top = L->ct_top + L->cth + 8;
    /* Below each panel: date labels, the word "date", then the next panel or the legends. */
    const double below = 36 + tw_svg_descent(11);
    L->pgap = below + 28;
    L->legend_top = L->top + L->npanels * panelh + (L->npanels - 1) * L->pgap + below + 14;
    double ly = L->legend_top;
    for (int p = 0; p < L->npanels; p++)
        ly = timeline_legend(NULL, &s->panel[p], L->left, L->width - margin, ly) + 4;
    L->height = ceil(ly + margin);
}

/* Panel pn's series in column c, whose frame's top left is (px, py), as step lines. */
static void timeline_series(FILE *f, const tw_svg_timeline *s, const timeline_layout *L,
                            const tw_svg_panel *pn, double l, double u, int c, double px,
                            double py)
{
    const double colw = TL_COLW, panelh = TL_PANELH;
    int x0 = L->x0, x1 = L->x1, p = (int)(pn - s->panel);
    const double *const *pn_lo = L->bands ? L->bands->lo[p] : NULL;
    const double *const *pn_hi = L->bands ? L->bands->hi[p] : NULL;
    for (int sr = 0; sr < pn->nseries && pn_lo && pn_hi; sr++)
        for (int k = 0; k < s->npoints[c]; k++) {
            double a = pn_lo[c][(size_t)sr * s->npoints[c] + k];
            double b = pn_hi[c][(size_t)sr * s->npoints[c] + k];
            if (!isfinite(a) || !isfinite(b) || b <= a)
                continue;
            double xa = px + colw * (s->x[c][k] - x0) / (double)(x1 - x0);
            double xb = k + 1 < s->npoints[c]
                            ? px + colw * (s->x[c][k + 1] - x0) / (double)(x1 - x0)
                            : px + colw;
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"%s\" fill-opacity=\"0.18\"/>\n",
                    xa, py + panelh * (u - b) / (u - l), xb - xa, panelh * (b - a) / (u - l),
                    PALETTE[sr % NPAL]);
        }
    for (int sr = 0; sr < pn->nseries; sr++) {
        const double *yv = pn->y[c] + (size_t)sr * s->npoints[c];
        int open = 0;
        for (int k = 0; k < s->npoints[c]; k++) {
            if (!isfinite(yv[k])) {
                if (open)
                    fputs("\"/>\n", f);
                open = 0;
                continue;
            }
            double xa = px + colw * (s->x[c][k] - x0) / (double)(x1 - x0);
            double xb = k + 1 < s->npoints[c]
                            ? px + colw * (s->x[c][k + 1] - x0) / (double)(x1 - x0)
                            : px + colw;
            double yy = py + panelh * (u - yv[k]) / (u - l);
            if (!open) {
                fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                           "points=\"",
                        PALETTE[sr % NPAL]);
                open = 1;
            }
            fprintf(f, "%.1f,%.1f %.1f,%.1f ", xa, yy, xb, yy);
            fprintf(f, "\"/>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n"
                       "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                       "points=\"%.1f,%.1f ",
                    xa, yy, PALETTE[sr % NPAL], PALETTE[sr % NPAL], xb, yy);
        }
        if (open)
            fputs("\"/>\n", f);
    }
}

/* Panel p in column c: the column's title (above the first panel), the frame, the y ticks and
 * grid, the date ticks and the series. */
static void timeline_cell(FILE *f, const tw_svg_timeline *s, const timeline_layout *L, int p,
                          int c)
{
    const double colw = TL_COLW, panelh = TL_PANELH, tick_size = TL_TICK_SIZE,
                 date_size = TL_DATE_SIZE;
    const tw_svg_panel *pn = &s->panel[p];
    double py = L->top + p * (panelh + L->pgap), l = L->lo[p], u = L->hi[p], st = L->step[p];
    int x0 = L->x0, x1 = L->x1;
    double px = L->left + c * (colw + L->colgap);
    if (p == 0)
        put_block(f, &L->ct[c], px + colw / 2, L->ct_top + L->cth - lines_height(&L->ct[c]),
                  "middle");
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
               "fill=\"none\" stroke=\"#888\"/>\n",
            px, py, colw, panelh);
    /* y ticks and grid */
    for (int k = 0; k < tick_count(l, u, st); k++) {
        double v = l + k * st, yy = py + panelh * (u - v) / (u - l);
        int zero = fabs(v) < st * 1e-6;
        char buf[32];
        fmt_tick(buf, sizeof buf, v, st);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"%s\" stroke-width=\"%s\"/>\n",
                px, yy, px + colw, yy, zero ? "#444" : "#ddd", zero ? "1.2" : "0.8");
        text(f, px - 6, yy + centre_to_baseline(tick_size), "end", tick_size, 0, buf);
    }
    for (int k = 0; k < L->nxt; k++) {
        char buf[32];
        date_text(L->xt[k], buf);
        double xx = px + colw * (L->xt[k] - x0) / (double)(x1 - x0);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#aaa\"/>\n",
                xx, py + panelh, xx, py + panelh + 5);
        text(f, xx, py + panelh + 18, "middle", date_size, 0, buf + 2);
    }
    text(f, px + colw / 2, py + panelh + 36, "middle", 11, 0, "date");
    timeline_series(f, s, L, pn, l, u, c, px, py);
}

/* Panel p's y label, rotated, on the left: line k's baseline at x, its ascenders to the left. */
static void timeline_ylabel(FILE *f, const timeline_layout *L, int p)
{
    const lines *yl = &L->yl[p];
    double py = L->top + p * (TL_PANELH + L->pgap);
    for (int k = 0; k < yl->n; k++) {
        double bx = TL_MARGIN + tw_svg_ascent(yl->size) + k * line_height(yl->size);
        fprintf(f, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" "
                   "text-anchor=\"middle\" font-size=\"%g\">",
                bx, py + TL_PANELH / 2, yl->size);
        text_escaped(f, yl->s + yl->start[k], yl->len[k]);
        fputs("</text>\n", f);
    }
}

int tw_svg_write_timeline(FILE *f, const tw_svg_timeline *s)
{
    return tw_svg_write_timeline_bands(f, s, NULL);
}

int tw_svg_write_timeline_bands(FILE *f, const tw_svg_timeline *s, const tw_svg_bands *bands)
{
    timeline_layout L;
    L.bands = bands;
    timeline_measure(s, &L);
    svg_open(f, L.width, L.height);
    header_put(f, &L.h, TL_MARGIN, TL_MARGIN);
    for (int p = 0; p < L.npanels; p++) {
        for (int c = 0; c < L.ncols; c++)
            timeline_cell(f, s, &L, p, c);
        timeline_ylabel(f, &L, p);
    }
    double ly = L.legend_top;
    for (int p = 0; p < L.npanels; p++)
        ly = timeline_legend(f, &s->panel[p], L.left, L.width - TL_MARGIN, ly) + 4;
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}

/* The bar chart's legend: a swatch and a name per group, in as many equal columns as fit
 * between x0 and x1. Draws when f is not NULL. @return the bottom; the top is y. */
static double bars_legend(FILE *f, const tw_svg_bars *s, double x0, double x1, double y)
{
    const double size = 11, row = 20, swatch = 14, pad = 6, space = 24;
    double widest = 0;
    for (int g = 0; g < s->ngroups; g++)
        widest = fmax(widest, swatch + pad + tw_svg_text_width(s->groups[g], -1, size, 0));
    double cellw = fmin(widest, x1 - x0) + space;
    int per_row = (int)floor((x1 - x0 + space) / cellw);
    if (per_row < 1)
        per_row = 1;
    double rowh = row;
    for (int g = 0; g < s->ngroups; g++) {
        if (g && g % per_row == 0) {
            y += rowh;
            rowh = row;
        }
        lines el = wrap(s->groups[g], x1 - x0 - swatch - pad, size, MIN_FONT, 0, 3);
        double lx = x0 + (g % per_row) * cellw, cy = y + row / 2;
        if (f) {
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%g\" height=\"12\" fill=\"%s\"/>\n",
                    lx, cy - 6, swatch, PALETTE[g % NPAL]);
            put_lines(f, &el, lx + swatch + pad, cy + centre_to_baseline(el.size), "start");
        }
        rowh = fmax(rowh, row + (el.n - 1) * line_height(el.size));
    }
    return s->ngroups ? y + rowh : y;
}

int tw_svg_write_bars(FILE *f, const tw_svg_bars *s)
{
    return tw_svg_write_bars_whiskers(f, s, NULL, NULL);
}

/* Bar k's whisker (band from wlo[k] to whi[k]) at height cy. */
static void whisker(FILE *f, const double *wlo, const double *whi, size_t k, double left,
                    double plotw, double lo, double hi, double cy)
{
    if (!wlo || !whi || !isfinite(wlo[k]) || !isfinite(whi[k]))
        return;
    double xa = left + plotw * (wlo[k] - lo) / (hi - lo), xb = left + plotw * (whi[k] - lo) / (hi - lo);
    fprintf(f, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" stroke=\"#222\" "
               "stroke-width=\"1.2\" fill=\"none\"/>\n",
            xa, cy, xb, xa, cy - 3, cy + 3, xb, cy - 3, cy + 3);
}

int tw_svg_write_bars_whiskers(FILE *f, const tw_svg_bars *s, const double *wlo,
                               const double *whi)
{
    const double margin = 20, barh = 14, plotw = 640, label_size = 12, tick_size = 11;
    const double max_labw = 260;
    /* Categories of more than two bars get more air between them, so that their bars group. */
    double rowh = barh * s->ngroups + (s->ngroups > 2 ? 16 : 8);
    double lo = 0, hi = 0;
    for (int k = 0; k < s->nbars * s->ngroups; k++)
        for (int w = 0; w < 3; w++) {
            const double *src = w == 0 ? s->values : w == 1 ? wlo : whi;
            if (src && isfinite(src[k])) {
                lo = fmin(lo, src[k]);
                hi = fmax(hi, src[k]);
            }
        }
    double step = range_of(&lo, &hi);
    int nticks = tick_count(lo, hi, step);
    char buf[32];
    fmt_tick(buf, sizeof buf, lo, step);
    double half_first = 0.5 * tw_svg_text_width(buf, -1, tick_size, 0);
    fmt_tick(buf, sizeof buf, lo + (nticks - 1) * step, step);
    double half_last = 0.5 * tw_svg_text_width(buf, -1, tick_size, 0);
    /* The category labels, right-aligned before the plot; long ones wrap within a bar row. */
    double labw = 0;
    int label_lines = (int)floor((rowh - 4 - tw_svg_ascent(label_size) -
                                  tw_svg_descent(label_size)) / line_height(label_size)) + 1;
    if (label_lines < 1)
        label_lines = 1;
    for (int b = 0; b < s->nbars; b++)
        labw = fmax(labw, tw_svg_text_width(s->labels[b], -1, label_size, 0));
    labw = fmin(labw, max_labw);
    double left = fmax(margin + labw + 8, margin + half_first);
    double right = fmax(margin, half_last + 8);
    double width = ceil(left + plotw + right);
    header h = header_wrap(s->title, 18, s->subtitle, 12, s->note, width - 2 * margin);
    double top = header_put(NULL, &h, margin, margin) + 24;
    double plot_h = rowh * s->nbars;
    lines xl = wrap(s->xlabel, plotw, 12, MIN_FONT, 0, 2);
    double xl_top = top + plot_h + 24;
    double legend_top = xl_top + lines_height(&xl) + 14;
    double height = ceil(bars_legend(NULL, s, margin, width - margin, legend_top) + margin);

    svg_open(f, width, height);
    header_put(f, &h, margin, margin);
    for (int k = 0; k < nticks; k++) {
        double v = lo + k * step, xx = left + plotw * (v - lo) / (hi - lo);
        fmt_tick(buf, sizeof buf, v, step);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", xx,
                top, xx, top + plot_h, fabs(v) < step * 1e-6 ? "#444" : "#ddd");
        text(f, xx, top + plot_h + 16, "middle", tick_size, 0, buf);
    }
    put_block(f, &xl, left + plotw / 2, xl_top, "middle");
    double zero = left + plotw * (0 - lo) / (hi - lo);
    for (int b = 0; b < s->nbars; b++) {
        double y0 = top + b * rowh + 0.5 * (rowh - (barh * s->ngroups - 2)),
               cy = y0 + 0.5 * (barh * s->ngroups - 2);
        lines ll = wrap(s->labels[b], max_labw, label_size, MIN_FONT, 0, label_lines);
        put_lines(f, &ll, left - 8,
                  cy - 0.5 * (ll.n - 1) * line_height(ll.size) + centre_to_baseline(ll.size),
                  "end");
        for (int g = 0; g < s->ngroups; g++) {
            double v = s->values[(size_t)b * s->ngroups + g];
            if (!isfinite(v))
                continue;
            double xv = left + plotw * (v - lo) / (hi - lo);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"%s\"><title>",
                    fmin(xv, zero), y0 + g * barh, fabs(xv - zero), barh - 2,
                    PALETTE[g % NPAL]);
            text_escaped(f, s->labels[b], -1);
            fprintf(f, ", ");
            text_escaped(f, s->groups[g], -1);
            fprintf(f, ": %.4g</title></rect>\n", v);
            whisker(f, wlo, whi, (size_t)b * s->ngroups + g, left, plotw, lo, hi,
                    y0 + g * barh + 0.5 * (barh - 2));
        }
    }
    bars_legend(f, s, margin, width - margin, legend_top);
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}
