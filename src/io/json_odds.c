/* SPDX-License-Identifier: MIT */
/* The policy uncertainty of `tradewar run` (tradewar/odds.h, docs/uncertainty.md §7,
 * docs/json.md): the lottery over the real income of a scenario's players, watched groups and
 * the world, its "policy_uncertainty" JSON object and the whole run document. Moved here from
 * the program's run_odds.c so that the web server writes the same document as `tradewar run
 * --json`. */
#include "tradewar/odds.h"

#include <stdlib.h>

#include "core/calendar.h"
#include "core/error.h"
#include "io/json.h"
#include "tradewar/bands.h"

tw_status tw_run_odds_compute(const tw_plan *p, const tw_timeline *t, double risk_aversion,
                              tw_branch_odds **out, tw_error *err)
{
    const tw_scenario *s = p ? tw_plan_scenario(p) : NULL;
    if (!s || !t || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_run_odds_compute: NULL argument");
    int K = tw_run_bands_outputs(s, tw_timeline_steps(t));
    double *v = malloc(((size_t)K + 1) * sizeof *v);
    if (!v || tw_run_bands_values(p, t, v)) {
        free(v);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    tw_status st =
        tw_branch_odds_compute(s, t, tw_run_bands_groups(s), v, risk_aversion, out, err);
    free(v);
    return st;
}

static void write_odds(tw_json *js, const tw_scenario *s, const tw_timeline *t,
                       const tw_branch_odds *o)
{
    int Q = o->n_outputs;
    char a[11];
    tw_json_object_begin(js);
    tw_json_kv_number(js, "risk_aversion", o->risk_aversion);
    tw_date_format(o->fork_day, a, sizeof a);
    tw_json_kv_string(js, "horizon_from", a);
    tw_date_format(o->end_day - 1, a, sizeof a);
    tw_json_kv_string(js, "horizon_to", a);
    tw_json_key(js, "branches");
    tw_json_array_begin(js);
    for (int k = 0; k < o->n_leaves; k++) {
        tw_json_object_begin(js);
        tw_json_kv_string(js, "name", tw_timeline_branch(t, o->leaf[k]));
        tw_json_kv_number(js, "probability", o->prob[k]);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
    tw_json_key(js, "dates");
    tw_json_array_begin(js);
    for (int d = 0; d < o->n_dates; d++) {
        tw_json_object_begin(js);
        tw_date_format(o->day[d], a, sizeof a);
        tw_json_kv_string(js, "date", a);
        tw_json_key(js, "real_income_pct");
        tw_json_object_begin(js);
        for (int g = 0; g < Q; g++) {
            size_t at = (size_t)d * Q + g;
            tw_json_key(js, tw_run_bands_group_name(s, g));
            tw_json_object_begin(js);
            tw_json_kv_number(js, "expected", o->expected[at]);
            tw_json_kv_number(js, "sd", o->sd[at]);
            tw_json_kv_number(js, "min", o->lo[at]);
            tw_json_kv_number(js, "max", o->hi[at]);
            tw_json_object_end(js);
        }
        tw_json_object_end(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
    tw_json_key(js, "certainty");
    tw_json_object_begin(js);
    for (int g = 0; g < Q; g++) {
        tw_json_key(js, tw_run_bands_group_name(s, g));
        tw_json_object_begin(js);
        tw_json_kv_number(js, "mean_real_income_pct", o->mean[g]);
        tw_json_kv_number(js, "certainty_equivalent_pct", o->certainty_equivalent[g]);
        tw_json_kv_number(js, "value_pct", o->certainty_value[g]);
        tw_json_object_end(js);
    }
    tw_json_object_end(js);
    tw_json_object_end(js);
}

tw_status tw_json_write_run_odds(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                 const tw_branch_odds *o, tw_error *err)
{
    const tw_scenario *s = p ? tw_plan_scenario(p) : NULL;
    if (!s || !t || !o || o->n_outputs != tw_run_bands_groups(s))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_json_write_run_odds: the odds are not those of the plan's groups");
    tw_json js;
    tw_json_init_sink(&js, out);
    write_odds(&js, s, t, o);
    return tw_json_finish(&js, err);
}

/* Writes the literal text to out (st the status so far). */
static tw_status put(tw_status st, tw_sink out, const char *text, tw_error *err)
{
    size_t n = 0;
    while (text[n])
        n++;
    if (!st && (st = tw_sink_write(out, text, n)))
        tw_fail(err, st, NULL, 0, 0, NULL, st == TW_ERR_NOMEM ? "out of memory" : "write failed");
    return st;
}

tw_status tw_json_write_run(tw_sink out, const tw_plan *p, const tw_timeline *t,
                            double risk_aversion, tw_error *err)
{
    const tw_scenario *s = p ? tw_plan_scenario(p) : NULL;
    if (!s || !t)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_json_write_run: NULL argument");
    if (!tw_scenario_has_odds(s, t))
        return tw_json_write_timeline(out, p, t, err);
    tw_branch_odds *o = NULL;
    tw_status st = tw_run_odds_compute(p, t, risk_aversion, &o, err);
    st = put(st, out, "{\"point\": ", err);
    if (!st)
        st = tw_json_write_timeline(out, p, t, err);
    st = put(st, out, ", \"policy_uncertainty\": ", err);
    if (!st)
        st = tw_json_write_run_odds(out, p, t, o, err);
    st = put(st, out, "}\n", err);
    tw_branch_odds_free(o);
    return st;
}
