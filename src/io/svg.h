/* SPDX-License-Identifier: MIT */
/* SVG charts written as plain text: step-line timelines in small multiples and horizontal bar
 * charts. Readable on their own: title, subtitle (scenario and date), axis labels with units,
 * legends. */
#ifndef TW_IO_SVG_H
#define TW_IO_SVG_H

#include <stdio.h>

/* One panel of a timeline: a y axis (label with unit) and series drawn as step lines. */
typedef struct tw_svg_panel {
    const char *ylabel;
    int nseries;
    const char *const *series; /* legend names */
    /* y[col] points at [series][npoints[col]] values; NaN leaves a gap. */
    const double *const *y;
} tw_svg_panel;

/* Small multiples: one column per branch, panels stacked; x is a date (days since 1970). */
typedef struct tw_svg_timeline {
    const char *title, *subtitle, *note;
    int ncols;
    const char *const *col_titles;
    const int *npoints;          /* per column */
    const int *const *x;         /* per column: day numbers, increasing */
    int npanels;                 /* <= 4 */
    tw_svg_panel panel[4];
} tw_svg_timeline;

/* Writes the timeline chart. @return 0, or -1 on a write error. */
int tw_svg_write_timeline(FILE *f, const tw_svg_timeline *spec);

/* Horizontal bars: nbars categories, each with ngroups bars (e.g. branches). */
typedef struct tw_svg_bars {
    const char *title, *subtitle, *xlabel, *note;
    int nbars, ngroups;
    const char *const *labels;  /* [nbars] */
    const char *const *groups;  /* [ngroups] legend names */
    const double *values;       /* [nbars][ngroups] */
} tw_svg_bars;

int tw_svg_write_bars(FILE *f, const tw_svg_bars *spec);

#endif
