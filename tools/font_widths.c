/* SPDX-License-Identifier: MIT */
/* Prints the advance widths of printable ASCII (U+0020..U+007E) of TrueType fonts as the C table in
 * src/io/svg_font.c, read from the fonts' own tables: 'head' (unitsPerEm), 'hhea' (ascender,
 * descender, number of horizontal metrics), 'cmap' (a Unicode subtable of format 4, character to
 * glyph) and 'hmtx' (advance width per glyph), taking for each character the widest of the
 * fonts given, so that text laid out with the table fits in whichever of them renders it.
 * No kerning (kerning in these fonts narrows text).
 * Usage: font_widths REGULAR.ttf BOLD.ttf [REGULAR.ttf BOLD.ttf ...] > src/io/svg_font.c
 * (the command line is in the header comment that it writes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct font {
    unsigned char *b;
    size_t n;
} font;

static unsigned u16(const font *f, size_t at)
{
    if (at + 2 > f->n) {
        fprintf(stderr, "font_widths: truncated font\n");
        exit(1);
    }
    return (unsigned)f->b[at] << 8 | f->b[at + 1];
}

static unsigned long u32(const font *f, size_t at) { return (unsigned long)u16(f, at) << 16 | u16(f, at + 2); }

static size_t table(const font *f, const char *tag)
{
    unsigned ntables = u16(f, 4);
    for (unsigned k = 0; k < ntables; k++) {
        size_t rec = 12 + 16 * (size_t)k;
        if (rec + 16 <= f->n && memcmp(f->b + rec, tag, 4) == 0)
            return u32(f, rec + 8);
    }
    fprintf(stderr, "font_widths: no '%s' table\n", tag);
    exit(1);
}

/* The glyph of a character through the first Unicode format-4 subtable (platform 3 encoding 1, or
 * platform 0). */
static unsigned glyph_of(const font *f, unsigned c)
{
    size_t cmap = table(f, "cmap"), sub = 0;
    unsigned nsub = u16(f, cmap + 2);
    for (unsigned k = 0; k < nsub && !sub; k++) {
        size_t rec = cmap + 4 + 8 * (size_t)k;
        unsigned plat = u16(f, rec), enc = u16(f, rec + 2);
        size_t at = cmap + u32(f, rec + 4);
        if ((plat == 3 && enc == 1) || plat == 0)
            if (u16(f, at) == 4)
                sub = at;
    }
    if (!sub) {
        fprintf(stderr, "font_widths: no Unicode format-4 cmap\n");
        exit(1);
    }
    unsigned segs = u16(f, sub + 6) / 2;
    size_t ends = sub + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
           ranges = deltas + 2 * segs;
    for (unsigned s = 0; s < segs; s++) {
        unsigned end = u16(f, ends + 2 * s), start = u16(f, starts + 2 * s);
        if (c > end)
            continue;
        if (c < start)
            return 0;
        unsigned delta = u16(f, deltas + 2 * s), ro = u16(f, ranges + 2 * s);
        if (!ro)
            return (c + delta) & 0xFFFF;
        unsigned g = u16(f, ranges + 2 * s + ro + 2 * (c - start));
        return g ? (g + delta) & 0xFFFF : 0;
    }
    return 0;
}

static unsigned advance(const font *f, unsigned glyph)
{
    unsigned nh = u16(f, table(f, "hhea") + 34);
    size_t hmtx = table(f, "hmtx");
    return u16(f, hmtx + 4 * (size_t)(glyph < nh ? glyph : nh - 1));
}

static font load(const char *path)
{
    font f = {0};
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "font_widths: cannot open %s\n", path);
        exit(1);
    }
    size_t cap = 1 << 20;
    f.b = malloc(cap);
    for (size_t got; f.b && (got = fread(f.b + f.n, 1, cap - f.n, in)) > 0;) {
        f.n += got;
        if (f.n == cap)
            f.b = realloc(f.b, cap *= 2);
    }
    fclose(in);
    if (!f.b || f.n < 12) {
        fprintf(stderr, "font_widths: cannot read %s\n", path);
        exit(1);
    }
    return f;
}

/* The widest of the fonts for each character, in 1/2048 em (rounded up), and the highest
 * ascender and lowest descender. */
typedef struct widths {
    unsigned adv[95];
    unsigned asc, desc;
} widths;

static void measure(const char *path, widths *w)
{
    font f = load(path);
    size_t head = table(&f, "head"), hhea = table(&f, "hhea");
    unsigned long em = u16(&f, head + 18);
    long asc = (int16_t)u16(&f, hhea + 4), desc = -(long)(int16_t)u16(&f, hhea + 6);
    const char *base = strrchr(path, '/');
    fprintf(stderr, "%s: unitsPerEm %lu, ascender %ld, descender %ld\n", base ? base + 1 : path,
            em, asc, desc);
    if (!em) {
        fprintf(stderr, "font_widths: unitsPerEm 0 in %s\n", path);
        exit(1);
    }
    for (unsigned c = 32; c < 127; c++) {
        unsigned long a = (advance(&f, glyph_of(&f, c)) * 2048ul + em - 1) / em;
        if (a > w->adv[c - 32])
            w->adv[c - 32] = (unsigned)a;
    }
    if (asc > 0 && (unsigned long)asc * 2048 / em > w->asc)
        w->asc = (unsigned)((unsigned long)asc * 2048 / em);
    if (desc > 0 && (unsigned long)desc * 2048 / em > w->desc)
        w->desc = (unsigned)((unsigned long)desc * 2048 / em);
    free(f.b);
}

static void print_table(const widths *w, const char *name)
{
    printf("\nconst tw_svg_font %s = {\n    2048, %u, %u,\n    {", name, w->asc, w->desc);
    for (unsigned c = 32; c < 127; c++)
        printf("%s%u,", (c - 32) % 12 ? " " : "\n     ", w->adv[c - 32]);
    printf("\n    }};\n");
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc % 2 == 0) {
        fprintf(stderr, "usage: font_widths REGULAR.ttf BOLD.ttf [REGULAR.ttf BOLD.ttf ...]\n");
        return 2;
    }
    widths reg = {0}, bold = {0};
    for (int k = 1; k + 1 < argc; k += 2) {
        measure(argv[k], &reg);
        measure(argv[k + 1], &bold);
    }
    printf("/* SPDX-License-Identifier: MIT */\n"
           "/* Advance widths of printable ASCII for the charts' fonts (font-family \"DejaVu Sans,\n"
           " * Arial, sans-serif\"): for each character the wider of DejaVu Sans and Liberation Sans\n"
           " * (metric-compatible with Arial), in 1/2048 em, Book and Bold. Generated by\n"
           " * tools/font_widths from Debian 12's fonts-dejavu-core 2.37 and fonts-liberation 1.07.4:\n"
           " *   font_widths /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \\\n"
           " *     /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \\\n"
           " *     /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf \\\n"
           " *     /usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf\n"
           " * (tables head, hhea, cmap and hmtx); do not edit by hand. */\n"
           "#include \"io/svg.h\"\n");
    print_table(&reg, "tw_svg_font_regular");
    print_table(&bold, "tw_svg_font_bold");
    return 0;
}
