/* SPDX-License-Identifier: MIT */
/* The settings, failed draws and bands of an "uncertainty" JSON object (io/json_draws.h),
 * moved here from the program's draws_cli.c; and the documents of timeline and brief bands
 * (tradewar/bands.h). */
#include "io/json_draws.h"

#include "tradewar/bands.h"

static const char *source_name(const tw_draws *d)
{
    return d->opt.source == TW_DRAW_SETS ? "sets" : "estimates";
}

static const char *design_name(const tw_draws *d)
{
    return d->opt.source == TW_DRAW_SETS ? "sets"
           : d->opt.design == TW_DESIGN_LATIN ? "latin" : "random";
}

void tw_json_draws_begin(tw_json *js, const tw_world *w, const tw_draws *d)
{
    int J = d->n_sectors;
    tw_json_object_begin(js);
    tw_json_kv_string(js, "source", source_name(d));
    tw_json_kv_string(js, "design", design_name(d));
    tw_json_kv_int(js, "draws", d->n_draws);
    tw_json_key(js, "seed");
    tw_json_number(js, (double)d->opt.seed);
    tw_json_kv_number(js, "correlation", d->opt.correlation);
    tw_json_kv_number(js, "theta_min", d->opt.theta_min);
    tw_json_kv_number(js, "theta_max", d->opt.theta_max);
    tw_json_kv_string(js, "percentiles", "type 7 (linear between order statistics)");
    tw_json_kv_int(js, "failed", d->n_failed);
    tw_json_kv_number(js, "failed_share", tw_draws_failed_share(d));
    tw_json_key(js, "failures");
    tw_json_array_begin(js);
    for (int k = 0; k < d->n_draws; k++) {
        if (d->status[k] == TW_OK)
            continue;
        tw_json_object_begin(js);
        tw_json_kv_int(js, "draw", k + 1);
        tw_json_kv_string(js, "status", tw_status_name(d->status[k]));
        tw_json_kv_string(js, "message", d->message[k] ? d->message[k] : "");
        if (d->set[k] >= 0)
            tw_json_kv_string(js, "set", tw_world_elasticity_set_name(w, d->set[k]));
        tw_json_key(js, "theta");
        tw_json_object_begin(js);
        for (int j = 0; j < J; j++)
            tw_json_kv_number(js, tw_world_sector_code(w, j), d->theta[(size_t)k * J + j]);
        tw_json_object_end(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

void tw_json_band(tw_json *js, const tw_band *b)
{
    tw_json_kv_number(js, "point", b->point);
    tw_json_kv_number(js, "p5", b->p5);
    tw_json_kv_number(js, "p50", b->p50);
    tw_json_kv_number(js, "p95", b->p95);
}

void tw_json_kv_band(tw_json *js, const char *key, const tw_draws *d, int k)
{
    tw_band b = tw_draws_band(d, k);
    tw_json_key(js, key);
    tw_json_object_begin(js);
    tw_json_band(js, &b);
    tw_json_object_end(js);
}

tw_status tw_json_write_run_bands(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                  const tw_draws *d, tw_error *err)
{
    const tw_scenario *s = tw_plan_scenario(p);
    int ng = tw_run_bands_groups(s);
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_draws_begin(&js, tw_plan_world(p), d);
    tw_json_key(&js, "steps");
    tw_json_array_begin(&js);
    for (int k = 0; k < tw_timeline_steps(t); k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "step", k + 1);
        tw_json_kv_string(&js, "date", st.date);
        tw_json_kv_string(&js, "branch", st.branch ? st.branch : "");
        tw_json_key(&js, "real_income_pct");
        tw_json_object_begin(&js);
        for (int g = 0; g < ng; g++)
            tw_json_kv_band(&js, tw_run_bands_group_name(s, g), d, tw_run_bands_index(s, k, g));
        tw_json_object_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

static const char *partner_name(const tw_brief *b, int q)
{
    return q < tw_brief_group_count(b) ? tw_brief_group_name(b, q) : "others";
}

static void brief_group(tw_json *js, const tw_draws *d, const tw_brief *b, int k, int g)
{
    int ng = tw_brief_group_count(b);
    tw_json_object_begin(js);
    tw_json_kv_string(js, "name", tw_brief_group_name(b, g));
    for (int f = 0; f < TW_BRIEF_BANDS_COUNTRY_FIELDS; f++)
        tw_json_kv_band(js, tw_brief_bands_country_field(f), d,
                        tw_brief_bands_country(ng, k, g, f));
    tw_json_key(js, "partners");
    tw_json_array_begin(js);
    for (int q = 0; q <= ng; q++) {
        if (q == g) /* as the brief document: no partner for the group itself */
            continue;
        tw_json_object_begin(js);
        tw_json_kv_string(js, "name", partner_name(b, q));
        for (int f = 0; f < TW_BRIEF_BANDS_PAIR_FIELDS; f++)
            tw_json_kv_band(js, tw_brief_bands_pair_field(f), d,
                            tw_brief_bands_pair(ng, k, g, q, f));
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
    tw_json_object_end(js);
}

tw_status tw_json_write_brief_bands(tw_sink out, const tw_brief *b, const tw_draws *d,
                                    tw_error *err)
{
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_draws_begin(&js, tw_plan_world(tw_brief_plan(b)), d);
    tw_json_key(&js, "steps");
    tw_json_array_begin(&js);
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "step", k);
        tw_json_kv_string(&js, "date", st.date);
        tw_json_kv_string(&js, "branch", st.branch ? st.branch : "");
        tw_json_key(&js, "countries");
        tw_json_array_begin(&js);
        for (int g = 0; g < tw_brief_group_count(b); g++)
            brief_group(&js, d, b, k, g);
        tw_json_array_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}
