/* SPDX-License-Identifier: MIT */
/* A scenario's bargain event (docs/scenario-format.md, "Games"): the event's controls as
 * tw_control records, bargained over from the policy in force (the disagreement point). */
#include <stdlib.h>

#include "core/error.h"
#include "strategy/bargain_internal.h"
#include "tradewar/bargain.h"

tw_status tw_scenario_bargain(tw_game *g, const tw_scenario_game *sg, const tw_policy *start,
                              tw_policy *out, tw_equilibrium *eq, tw_error *err)
{
    int nc = sg->n_controls, np = sg->n_players;
    if (nc < 1)
        return tw_fail(err, TW_ERR_INPUT, sg->file, sg->line, sg->column, sg->field,
                       "a bargain needs its controls");
    tw_control *c = calloc((size_t)nc, sizeof *c);
    double *lv = calloc((size_t)nc, sizeof *lv), *vd = calloc((size_t)np, sizeof *vd);
    double *vdeal = calloc((size_t)np, sizeof *vdeal);
    tw_status st = TW_OK;
    if (!c || !lv || !vd || !vdeal)
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int k = 0; !st && k < nc; k++)
        c[k] = (tw_control){.exporter = sg->control_exporters[k],
                            .sectors = sg->control_sectors + sg->control_start[k],
                            .n_sectors = sg->control_start[k + 1] - sg->control_start[k]};
    if (!st) {
        tw_bargain_options o;
        tw_bargain_options_init(&o);
        o.weights = sg->weights;
        tw_bargain_report rep;
        st = tw_game_bargain(g, sg->players, np, NULL, c, nc, &o, start, out, eq, lv, vd, vdeal,
                             &rep, err);
    }
    free(c);
    free(lv);
    free(vd);
    free(vdeal);
    return st;
}
