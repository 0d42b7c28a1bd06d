/* SPDX-License-Identifier: MIT */
/* Progress of long equilibrium solves on standard error, through the solver's progress
 * callback: shown only when standard error is a terminal and a solve has run for a second,
 * refreshed a few times a second, erased when the solve ends. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"

/* Seconds a solve runs before its progress is shown (default; the environment variable
 * TRADEWAR_PROGRESS_DELAY, a number of seconds >= 0, overrides it: docs/cli.md), and between
 * refreshes. */
#define PROGRESS_DELAY 1.0
#define PROGRESS_EVERY 0.25

static double delay = PROGRESS_DELAY, started, shown_at;
static int shown;

static int on_progress(void *ctx, int iteration, double residual)
{
    (void)ctx;
    double t = tw_clock_seconds();
    if (iteration == 0 || started == 0)
        started = t; /* a new solve: iterations count from zero in each */
    if (t - started < delay || (shown && t - shown_at < PROGRESS_EVERY))
        return 0;
    fprintf(stderr, "\rsolving: iteration %d, residual %.2e ", iteration, residual);
    fflush(stderr);
    shown = 1;
    shown_at = t;
    return 0;
}

void tw_cli_solver_progress(tw_solver_options *o)
{
    if (!isatty(STDERR_FILENO))
        return;
    o->progress = on_progress;
    const char *env = getenv("TRADEWAR_PROGRESS_DELAY");
    if (env && *env) {
        char *end;
        double d = strtod(env, &end);
        if (!*end && d >= 0 && d <= 3600)
            delay = d;
    }
}

void tw_cli_progress_end(void)
{
    if (shown)
        fputs("\r\033[K", stderr);
    fflush(stderr);
    shown = 0;
    started = 0;
}
