/* SPDX-License-Identifier: MIT */
/* Checks on written SVG charts: that every element lies inside the canvas, measured two ways.
 * svg_check_bounds parses the text, rect, line, polyline and circle elements and bounds text with
 * the width estimate the writer lays out with (tw_svg_text_width); an element it cannot bound is
 * a failure, so new kinds of element must be taught to it. svg_check_render is independent of
 * that estimate: rsvg-convert renders the chart with fonts on a canvas widened by a margin on
 * every side, as EPS, whose %%BoundingBox cairo computes from what was drawn; it must be the
 * chart's own canvas (its white background) and nothing beyond. Include after test_util.h. */
#ifndef TW_TEST_SVG_CHECK_H
#define TW_TEST_SVG_CHECK_H

#include "io/svg.h"

/* The smallest text a chart may use, px. */
#define SVG_CHECK_MIN_FONT 10.0

/* The value of attribute name in the start tag [tag, end), or NULL. */
static inline const char *svg_attr(const char *tag, const char *end, const char *name,
                                   char *buf, size_t size)
{
    size_t n = strlen(name);
    for (const char *p = tag + 1; p + n + 2 < end; p++) {
        if (p[-1] != ' ' && p[-1] != '\n' && p[-1] != '\t')
            continue;
        if (strncmp(p, name, n) != 0 || p[n] != '=' || p[n + 1] != '"')
            continue;
        const char *v = p + n + 2, *q = memchr(v, '"', (size_t)(end - v));
        if (!q)
            return NULL;
        size_t len = (size_t)(q - v) < size - 1 ? (size_t)(q - v) : size - 1;
        memcpy(buf, v, len);
        buf[len] = 0;
        return buf;
    }
    return NULL;
}

static inline double svg_num(const char *tag, const char *end, const char *name, double dflt,
                             double percent_of)
{
    char buf[64];
    if (!svg_attr(tag, end, name, buf, sizeof buf))
        return dflt;
    char *e;
    double v = strtod(buf, &e);
    if (*e == '%')
        v *= percent_of / 100.0;
    return v;
}

/* Text content with the five XML entities decoded, up to the next '<'. */
static inline void svg_text_content(const char *p, char *out, size_t size)
{
    size_t k = 0;
    while (*p && *p != '<' && k + 1 < size) {
        if (*p == '&') {
            static const char *const ent[][2] = {
                {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
            int hit = 0;
            for (size_t e = 0; e < sizeof ent / sizeof *ent && !hit; e++)
                if (strncmp(p, ent[e][0], strlen(ent[e][0])) == 0) {
                    out[k++] = ent[e][1][0];
                    p += strlen(ent[e][0]);
                    hit = 1;
                }
            if (hit)
                continue;
        }
        out[k++] = *p++;
    }
    out[k] = 0;
}

typedef struct svg_check {
    double width, height;
    int elements, problems;
} svg_check;

static inline void svg_box(svg_check *c, const char *what, const char *name, double x0, double y0,
                           double x1, double y1)
{
    const double eps = 1e-6;
    c->elements++;
    if (x0 >= -eps && y0 >= -eps && x1 <= c->width + eps && y1 <= c->height + eps &&
        isfinite(x0 + y0 + x1 + y1))
        return;
    if (c->problems++ < 20)
        fprintf(stderr, "%s: %s spans [%.1f, %.1f] x [%.1f, %.1f], outside the canvas [0, %g] x "
                        "[0, %g]\n",
                name, what, x0, x1, y0, y1, c->width, c->height);
}

/* Checks the SVG document doc (named name in messages): every element inside [0, width] x
 * [0, height] of its root, no text below SVG_CHECK_MIN_FONT px. @return the check, with the
 * canvas size, the number of elements bounded and the number of problems (each printed). */
static inline svg_check svg_check_bounds(const char *doc, const char *name)
{
    svg_check c = {0};
    int have_root = 0;
    for (const char *p = strchr(doc, '<'); p; p = strchr(p + 1, '<')) {
        if (p[1] == '?' || p[1] == '/' || p[1] == '!')
            continue;
        const char *end = strchr(p, '>');
        if (!end) {
            fprintf(stderr, "%s: unterminated tag\n", name);
            c.problems++;
            break;
        }
        char tagname[32];
        size_t n = strcspn(p + 1, " \t\n/>");
        snprintf(tagname, sizeof tagname, "%.*s", (int)(n < 31 ? n : 31), p + 1);
        char buf[256];
        if (strcmp(tagname, "svg") == 0) {
            c.width = svg_num(p, end, "width", NAN, 0);
            c.height = svg_num(p, end, "height", NAN, 0);
            char vb[128];
            snprintf(vb, sizeof vb, "0 0 %g %g", c.width, c.height);
            if (!svg_attr(p, end, "viewBox", buf, sizeof buf) || strcmp(buf, vb) != 0) {
                fprintf(stderr, "%s: viewBox is not \"%s\"\n", name, vb);
                c.problems++;
            }
            if (!svg_attr(p, end, "font-family", buf, sizeof buf) ||
                strncmp(buf, "DejaVu Sans,", 12) != 0) {
                fprintf(stderr, "%s: font-family is not DejaVu Sans first, as measured\n", name);
                c.problems++;
            }
            have_root = isfinite(c.width) && isfinite(c.height) && c.width > 0 && c.height > 0;
            continue;
        }
        if (!have_root) {
            fprintf(stderr, "%s: <%s> before the root <svg> with a size\n", name, tagname);
            c.problems++;
            break;
        }
        /* Strokes stick out by half their width. */
        double half = 0;
        if (svg_attr(p, end, "stroke", buf, sizeof buf) && strcmp(buf, "none") != 0)
            half = 0.5 * svg_num(p, end, "stroke-width", 1.0, 0);
        if (strcmp(tagname, "rect") == 0) {
            double x = svg_num(p, end, "x", 0, c.width), y = svg_num(p, end, "y", 0, c.height);
            double w = svg_num(p, end, "width", NAN, c.width),
                   h = svg_num(p, end, "height", NAN, c.height);
            svg_box(&c, "<rect>", name, x - half, y - half, x + w + half, y + h + half);
        } else if (strcmp(tagname, "line") == 0) {
            double x1 = svg_num(p, end, "x1", 0, 0), y1 = svg_num(p, end, "y1", 0, 0),
                   x2 = svg_num(p, end, "x2", 0, 0), y2 = svg_num(p, end, "y2", 0, 0);
            svg_box(&c, "<line>", name, fmin(x1, x2) - half, fmin(y1, y2) - half,
                    fmax(x1, x2) + half, fmax(y1, y2) + half);
        } else if (strcmp(tagname, "circle") == 0) {
            double x = svg_num(p, end, "cx", 0, 0), y = svg_num(p, end, "cy", 0, 0),
                   r = svg_num(p, end, "r", 0, 0) + half;
            svg_box(&c, "<circle>", name, x - r, y - r, x + r, y + r);
        } else if (strcmp(tagname, "polyline") == 0) {
            const char *q = strstr(p, " points=\"");
            if (!q || q > end) {
                fprintf(stderr, "%s: <polyline> without points\n", name);
                c.problems++;
                continue;
            }
            q += 9;
            double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, x, y;
            int used;
            while (sscanf(q, " %lf,%lf%n", &x, &y, &used) == 2) {
                x0 = fmin(x0, x);
                x1 = fmax(x1, x);
                y0 = fmin(y0, y);
                y1 = fmax(y1, y);
                q += used;
            }
            if (x0 <= x1)
                svg_box(&c, "<polyline>", name, x0 - half, y0 - half, x1 + half, y1 + half);
        } else if (strcmp(tagname, "text") == 0) {
            double size = svg_num(p, end, "font-size", NAN, 0);
            int bold = svg_attr(p, end, "font-weight", buf, sizeof buf) &&
                       strcmp(buf, "bold") == 0;
            char s[1024], what[1100];
            svg_text_content(end + 1, s, sizeof s);
            const char *close = strchr(end + 1, '<');
            if (!close || strncmp(close, "</text>", 7) != 0) {
                fprintf(stderr, "%s: <text> with markup inside: cannot measure\n", name);
                c.problems++;
            }
            snprintf(what, sizeof what, "text \"%s\" (%g px%s)", s, size, bold ? ", bold" : "");
            if (!(size >= SVG_CHECK_MIN_FONT)) {
                fprintf(stderr, "%s: %s is below %g px\n", name, what, SVG_CHECK_MIN_FONT);
                c.problems++;
            }
            double w = tw_svg_text_width(s, -1, size, bold);
            double u0 = 0; /* where the text starts along its baseline */
            if (svg_attr(p, end, "text-anchor", buf, sizeof buf))
                u0 = strcmp(buf, "middle") == 0 ? -0.5 * w : strcmp(buf, "end") == 0 ? -w : 0;
            double asc = tw_svg_ascent(size), desc = tw_svg_descent(size);
            if (svg_attr(p, end, "transform", buf, sizeof buf)) {
                /* Only the y labels' form: translate(X,Y) rotate(-90) maps (u, v) to
                 * (X + v, Y - u). */
                double tx, ty;
                if (sscanf(buf, "translate(%lf,%lf) rotate(-90)", &tx, &ty) != 2 ||
                    !strstr(buf, "rotate(-90)")) {
                    fprintf(stderr, "%s: %s: cannot bound transform \"%s\"\n", name, what, buf);
                    c.problems++;
                    continue;
                }
                double v0 = svg_num(p, end, "y", 0, 0), ux = svg_num(p, end, "x", 0, 0);
                svg_box(&c, what, name, tx + v0 - asc, ty - (ux + u0 + w), tx + v0 + desc,
                        ty - (ux + u0));
            } else {
                double x = svg_num(p, end, "x", 0, 0), y = svg_num(p, end, "y", 0, 0);
                svg_box(&c, what, name, x + u0, y - asc, x + u0 + w, y + desc);
            }
        } else if (strcmp(tagname, "title") == 0) {
            /* Tooltips are not drawn. */
        } else {
            fprintf(stderr, "%s: cannot bound <%s>\n", name, tagname);
            c.problems++;
        }
    }
    if (!have_root) {
        fprintf(stderr, "%s: no root <svg> with a width and a height\n", name);
        c.problems++;
    }
    return c;
}

/* The whole file at path, NUL-terminated (free it), or NULL. */
static inline char *svg_check_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *b = malloc(cap);
    while (b && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    if (b)
        b[n] = 0;
    return b;
}

/* The independent check (see the top of this file): renders the document doc, read from the file
 * work + ".svg", whose canvas c->width x c->height the bounds check found, with rsvg-convert on a
 * canvas widened by 100 px on every side (work + "-wide.svg", "-wide.eps"), and once as it is to
 * work + ".png". @return the number of problems (printed). */
static inline int svg_check_render(const char *doc, const svg_check *c, const char *work,
                                   const char *name)
{
    const double m = 100; /* px; 75 pt */
    char root[160], wide[200];
    snprintf(root, sizeof root, "width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\"", c->width,
             c->height, c->width, c->height);
    snprintf(wide, sizeof wide, "width=\"%g\" height=\"%g\" viewBox=\"%g %g %g %g\"",
             c->width + 2 * m, c->height + 2 * m, -m, -m, c->width + 2 * m, c->height + 2 * m);
    const char *at = strstr(doc, root);
    if (!at) {
        fprintf(stderr, "%s: root attributes are not %s\n", name, root);
        return 1;
    }
    char svg[1100], eps[1100], png[1100], cmd[4096];
    snprintf(svg, sizeof svg, "%.1000s-wide.svg", work);
    snprintf(eps, sizeof eps, "%.1000s-wide.eps", work);
    snprintf(png, sizeof png, "%.1000s.png", work);
    FILE *f = fopen(svg, "w");
    if (!f) {
        fprintf(stderr, "%s: cannot write %s\n", name, svg);
        return 1;
    }
    fprintf(f, "%.*s%s%s", (int)(at - doc), doc, wide, at + strlen(root));
    fclose(f);
    int problems = 0;
    snprintf(cmd, sizeof cmd, "rsvg-convert -f eps -o '%s' '%s'", eps, svg);
    if (system(cmd) != 0) {
        fprintf(stderr, "%s: rsvg-convert cannot render it (%s)\n", name, cmd);
        return 1;
    }
    char *ps = svg_check_slurp(eps);
    const char *bb = ps ? strstr(ps, "\n%%BoundingBox: ") : NULL;
    double llx, lly, urx, ury;
    if (!bb || sscanf(bb, "\n%%%%BoundingBox: %lf %lf %lf %lf", &llx, &lly, &urx, &ury) != 4) {
        fprintf(stderr, "%s: no %%%%BoundingBox in %s\n", name, eps);
        free(ps);
        return 1;
    }
    free(ps);
    /* EPS: points (0.75 px), y up from the bottom; cairo rounds the box outwards. */
    double pt = 0.75, x0 = m * pt, y0 = m * pt, x1 = (m + c->width) * pt,
           y1 = (m + c->height) * pt;
    if (llx < floor(x0) - 1 || lly < floor(y0) - 1 || urx > ceil(x1) + 1 || ury > ceil(y1) + 1) {
        fprintf(stderr, "%s: rendered, ink spans [%g, %g] x [%g, %g] px beyond the canvas [0, %g] "
                        "x [0, %g] (%s)\n",
                name, llx / pt - m, urx / pt - m, c->height - (ury / pt - m),
                c->height - (lly / pt - m), c->width, c->height, svg);
        problems++;
    }
    snprintf(cmd, sizeof cmd, "rsvg-convert -o '%s' '%s.svg'", png, work);
    if (system(cmd) != 0) {
        fprintf(stderr, "%s: rsvg-convert cannot render it to PNG (%s)\n", name, cmd);
        problems++;
    }
    return problems;
}

#endif
