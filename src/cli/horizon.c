/* SPDX-License-Identifier: MIT */
/* Printing a world's horizon (docs/model.md §2b) in the CLI's tables. */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"

void tw_cli_print_horizon(FILE *out, const tw_world *w)
{
    tw_dims d = tw_world_dims(w);
    double rmin = INFINITY, rmax = -INFINITY, smin = INFINITY, smax = -INFINITY;
    for (int j = 0; j < d.j; j++) {
        double r = tw_world_theta_ratio(w, j);
        rmin = r < rmin ? r : rmin;
        rmax = r > rmax ? r : rmax;
        for (int n = 0; n < d.n; n++) {
            double s = tw_world_specific_share(w, n, j);
            smin = s < smin ? s : smin;
            smax = s > smax ? s : smax;
        }
    }
    double y = tw_world_horizon_years(w);
    fprintf(out, "Horizon %s", tw_horizon_name(tw_world_horizon(w)));
    if (isfinite(y))
        fprintf(out, " (%g year%s)", y, y == 1 ? "" : "s");
    if (rmin == rmax)
        fprintf(out, ": trade elasticities x %.3f of the long run", rmin);
    else
        fprintf(out, ": trade elasticities x %.3f to %.3f of the long run", rmin, rmax);
    if (smin == smax)
        fprintf(out, "; %.0f%% of value added tied to its sector\n", 100.0 * smin);
    else
        fprintf(out, "; %.0f%% to %.0f%% of value added tied to its sector\n", 100.0 * smin,
                100.0 * smax);
}
