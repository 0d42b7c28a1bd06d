/* SPDX-License-Identifier: MIT */
/* SVG chart writer (no library: SVG is text). Layout in pixels; colours from a fixed,
 * colour-blind-friendly palette (Okabe-Ito). */
#include "io/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"

static const char *const PALETTE[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
enum { NPAL = sizeof PALETTE / sizeof *PALETTE };

static void text_escaped(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
        }
}

static void text(FILE *f, double x, double y, const char *anchor, int size, const char *weight,
                 const char *s)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s%s%s>", x, y,
            anchor, size, weight ? " font-weight=\"" : "", weight ? weight : "",
            weight ? "\"" : "");
    text_escaped(f, s);
    fputs("</text>\n", f);
}

/* A "nice" tick step for a range: 1, 2 or 5 times a power of ten, about 5 ticks. */
static double nice_step(double range)
{
    if (!(range > 0) || !isfinite(range))
        return 1.0;
    double raw = range / 5.0, p = pow(10.0, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * p;
}

static void range_of(double *lo, double *hi)
{
    if (!(*hi > *lo)) {
        double c = isfinite(*lo) ? *lo : 0.0;
        *lo = c - 1.0;
        *hi = c + 1.0;
    }
    double step = nice_step(*hi - *lo);
    *lo = floor(*lo / step) * step;
    *hi = ceil(*hi / step) * step;
}

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

int tw_svg_write_timeline(FILE *f, const tw_svg_timeline *s)
{
    const double colw = 420, left = 80, top = 112, panelh = 220, gap = 80, right = 30;
    int nseries_max = 0;
    for (int p = 0; p < s->npanels; p++)
        if (s->panel[p].nseries > nseries_max)
            nseries_max = s->panel[p].nseries;
    double legend_h = 24.0 * s->npanels;
    double width = left + s->ncols * (colw + 40) + right;
    double height = top + s->npanels * (panelh + gap) + legend_h + 40;
    /* A common x range so that columns compare. */
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
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
            width, height, width, height);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    text(f, left, 30, "start", 20, "bold", s->title);
    text(f, left, 54, "start", 13, NULL, s->subtitle);
    if (s->note)
        text(f, left, 74, "start", 11, NULL, s->note);
    for (int p = 0; p < s->npanels; p++) {
        const tw_svg_panel *pn = &s->panel[p];
        double lo = INFINITY, hi = -INFINITY;
        for (int c = 0; c < s->ncols; c++)
            for (int q = 0; q < pn->nseries * s->npoints[c]; q++) {
                double v = pn->y[c][q];
                if (isfinite(v)) {
                    lo = fmin(lo, v);
                    hi = fmax(hi, v);
                }
            }
        if (!isfinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (lo > 0 && lo < 0.5 * hi)
            lo = 0;
        if (hi < 0 && hi > 0.5 * lo)
            hi = 0;
        range_of(&lo, &hi);
        double step = nice_step(hi - lo);
        double py = top + p * (panelh + gap);
        for (int c = 0; c < s->ncols; c++) {
            double px = left + c * (colw + 40);
            if (p == 0)
                text(f, px + colw / 2, py - 8, "middle", 14, "bold", s->col_titles[c]);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"none\" stroke=\"#888\"/>\n",
                    px, py, colw, panelh);
            /* y ticks and grid */
            for (double v = lo; v <= hi + step * 1e-6; v += step) {
                double yy = py + panelh * (hi - v) / (hi - lo);
                char buf[32];
                fmt_tick(buf, sizeof buf, v, step);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                           "stroke=\"%s\" stroke-width=\"%s\"/>\n",
                        px, yy, px + colw, yy, fabs(v) < step * 1e-6 ? "#444" : "#ddd",
                        fabs(v) < step * 1e-6 ? "1.2" : "0.8");
                text(f, px - 6, yy + 4, "end", 11, NULL, buf);
            }
            /* x ticks: the first of each month (every second if crowded) */
            int months = 0;
            for (int z = x0; z <= x1; z++) {
                char buf[32];
                date_text(z, buf);
                if (buf[0] == '1' && buf[1] == ' ')
                    months++;
            }
            int every = months > 8 ? (months + 5) / 6 : 1, count = 0;
            for (int z = x0; z <= x1; z++) {
                char buf[32];
                date_text(z, buf);
                if (!(buf[0] == '1' && buf[1] == ' '))
                    continue;
                if (count++ % every)
                    continue;
                double xx = px + colw * (z - x0) / (double)(x1 - x0);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                           "stroke=\"#aaa\"/>\n",
                        xx, py + panelh, xx, py + panelh + 5);
                text(f, xx, py + panelh + 18, "middle", 10, NULL, buf + 2);
            }
            text(f, px + colw / 2, py + panelh + 36, "middle", 11, NULL, "date");
            /* series as step lines */
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
                    double yy = py + panelh * (hi - yv[k]) / (hi - lo);
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
        /* y label, rotated, on the left */
        fprintf(f, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" text-anchor=\"middle\" "
                   "font-size=\"12\">",
                22.0, py + panelh / 2);
        text_escaped(f, pn->ylabel);
        fputs("</text>\n", f);
    }
    /* legends, one row per panel */
    double ly = top + s->npanels * (panelh + gap) - 20;
    for (int p = 0; p < s->npanels; p++, ly += 24) {
        const tw_svg_panel *pn = &s->panel[p];
        double lx = left;
        char head[160];
        snprintf(head, sizeof head, "%.140s:", pn->ylabel);
        text(f, lx, ly + 4, "start", 11, "bold", head);
        lx += 8.0 * strlen(head) + 10;
        for (int sr = 0; sr < pn->nseries; sr++) {
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                       "stroke-width=\"3\"/>\n",
                    lx, ly, lx + 22, ly, PALETTE[sr % NPAL]);
            text(f, lx + 27, ly + 4, "start", 11, NULL, pn->series[sr]);
            lx += 40 + 7.0 * strlen(pn->series[sr]);
        }
    }
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}

int tw_svg_write_bars(FILE *f, const tw_svg_bars *s)
{
    const double left = 170, top = 100, barh = 14, right = 60, plotw = 640;
    double rowh = barh * s->ngroups + 8;
    double height = top + rowh * s->nbars + 70 + 20.0 * ((s->ngroups + 2) / 3);
    double width = left + plotw + right;
    double lo = 0, hi = 0;
    for (int k = 0; k < s->nbars * s->ngroups; k++)
        if (isfinite(s->values[k])) {
            lo = fmin(lo, s->values[k]);
            hi = fmax(hi, s->values[k]);
        }
    range_of(&lo, &hi);
    double step = nice_step(hi - lo);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
            width, height, width, height);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    text(f, 20, 30, "start", 18, "bold", s->title);
    text(f, 20, 52, "start", 12, NULL, s->subtitle);
    if (s->note)
        text(f, 20, 70, "start", 11, NULL, s->note);
    double plot_h = rowh * s->nbars;
    for (double v = lo; v <= hi + step * 1e-6; v += step) {
        double xx = left + plotw * (v - lo) / (hi - lo);
        char buf[32];
        fmt_tick(buf, sizeof buf, v, step);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", xx,
                top, xx, top + plot_h, fabs(v) < step * 1e-6 ? "#444" : "#ddd");
        text(f, xx, top + plot_h + 16, "middle", 11, NULL, buf);
    }
    text(f, left + plotw / 2, top + plot_h + 36, "middle", 12, NULL, s->xlabel);
    double zero = left + plotw * (0 - lo) / (hi - lo);
    for (int b = 0; b < s->nbars; b++) {
        double y0 = top + b * rowh + 4;
        text(f, left - 8, y0 + rowh / 2, "end", 12, NULL, s->labels[b]);
        for (int g = 0; g < s->ngroups; g++) {
            double v = s->values[(size_t)b * s->ngroups + g];
            if (!isfinite(v))
                continue;
            double xv = left + plotw * (v - lo) / (hi - lo);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"%s\"><title>",
                    fmin(xv, zero), y0 + g * barh, fabs(xv - zero), barh - 2,
                    PALETTE[g % NPAL]);
            text_escaped(f, s->labels[b]);
            fprintf(f, ", ");
            text_escaped(f, s->groups[g]);
            fprintf(f, ": %.4g</title></rect>\n", v);
        }
    }
    double ly = top + plot_h + 58;
    for (int g = 0; g < s->ngroups; g++) {
        double lx = 20 + (g % 3) * 260, yy = ly + (g / 3) * 20;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"12\" fill=\"%s\"/>\n", lx,
                yy - 10, PALETTE[g % NPAL]);
        text(f, lx + 20, yy, "start", 11, NULL, s->groups[g]);
    }
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}
