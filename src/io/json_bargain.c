/* SPDX-License-Identifier: MIT */
/* The JSON document of a bargain over export controls (`tradewar bargain --json`,
 * docs/json.md "tradewar bargain --json"): the players' payoffs, each control's level at the
 * deal, every country's real income at the disagreement point and at the deal, the solver. */
#include "io/json.h"
#include "tradewar/bargain.h"

/* The importers a control applies to: its own list, or the players other than its exporter. */
static void importers_json(tw_json *js, const tw_bargain_document *doc, const tw_control *c)
{
    const tw_world *w = tw_model_world(doc->model);
    tw_json_key(js, "importers");
    tw_json_array_begin(js);
    if (c->n_importers > 0) {
        for (int k = 0; k < c->n_importers; k++)
            tw_json_string(js, tw_world_country_code(w, c->importers[k]));
    } else {
        for (int p = 0; p < doc->n_players; p++)
            if (doc->players[p] != c->exporter)
                tw_json_string(js, tw_world_country_code(w, doc->players[p]));
    }
    tw_json_array_end(js);
}

static void controls_json(tw_json *js, const tw_bargain_document *doc)
{
    const tw_world *w = tw_model_world(doc->model);
    tw_json_key(js, "controls");
    tw_json_array_begin(js);
    for (int k = 0; k < doc->n_controls; k++) {
        const tw_control *c = &doc->controls[k];
        double s = doc->levels[k];
        tw_json_object_begin(js);
        tw_json_kv_string(js, "exporter", tw_world_country_code(w, c->exporter));
        importers_json(js, doc, c);
        tw_json_key(js, "sectors");
        tw_json_array_begin(js);
        for (int q = 0; q < c->n_sectors; q++)
            tw_json_string(js, tw_world_sector_code(w, c->sectors[q]));
        tw_json_array_end(js);
        tw_json_kv_number(js, "level", s);
        tw_json_kv_bool(js, "lifted", s == 0.0);
        if (doc->cap_share) {
            /* cap = B - s (B - cap_in_force): as a share of B, 1 - s (1 - share) */
            tw_json_kv_number(js, "cap_share_in_force", doc->cap_share[k]);
            tw_json_key(js, "cap_share_deal");
            if (s == 0.0)
                tw_json_null(js);
            else
                tw_json_number(js, 1.0 - s * (1.0 - doc->cap_share[k]));
        }
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

static void players_json(tw_json *js, const tw_bargain_document *doc)
{
    const tw_world *w = tw_model_world(doc->model);
    tw_json_key(js, "players");
    tw_json_array_begin(js);
    for (int p = 0; p < doc->n_players; p++) {
        double vd = doc->v_disagreement[p], v = doc->v_deal[p];
        tw_json_object_begin(js);
        tw_json_kv_string(js, "code", tw_world_country_code(w, doc->players[p]));
        tw_json_kv_number(js, "weight", doc->weights ? doc->weights[p] : 1.0);
        tw_json_kv_number(js, "payoff_disagreement", vd);
        tw_json_kv_number(js, "payoff_deal", v);
        tw_json_kv_number(js, "gain_points", 100.0 * (v - vd));
        tw_json_kv_number(js, "gain_pct", 100.0 * (v / vd - 1.0));
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

/* "countries": real income against the baseline at both points, and the difference. */
static void countries_json(tw_json *js, const tw_bargain_document *doc)
{
    if (!doc->disagreement)
        return;
    const tw_world *w = tw_model_world(doc->model);
    tw_json_key(js, "countries");
    tw_json_array_begin(js);
    for (int n = 0; n < tw_world_dims(w).n; n++) {
        double a = doc->disagreement->country[n].real_income_pct;
        tw_json_object_begin(js);
        tw_json_kv_string(js, "code", tw_world_country_code(w, n));
        tw_json_kv_number(js, "real_income_pct_disagreement", a);
        tw_json_key(js, "real_income_pct_deal");
        if (doc->deal)
            tw_json_number(js, doc->deal->country[n].real_income_pct);
        else
            tw_json_null(js);
        tw_json_key(js, "gain_points");
        if (doc->deal)
            tw_json_number(js, doc->deal->country[n].real_income_pct - a);
        else
            tw_json_null(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

tw_status tw_json_write_bargain(tw_sink out, const tw_bargain_document *doc, tw_error *err)
{
    const tw_bargain_report *r = &doc->report;
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_object_begin(&js);
    tw_json_kv_int(&js, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_kv_string(&js, "world", tw_world_name(tw_model_world(doc->model)));
    tw_json_kv_string(&js, "status", doc->status);
    players_json(&js, doc);
    controls_json(&js, doc);
    countries_json(&js, doc);
    tw_json_key(&js, "solver");
    tw_json_object_begin(&js);
    tw_json_kv_bool(&js, "converged", r->converged);
    tw_json_kv_bool(&js, "no_gain", r->no_gain);
    tw_json_kv_bool(&js, "interrupted", doc->interrupted || r->cancelled);
    tw_json_kv_int(&js, "evaluations", r->evaluations);
    tw_json_kv_int(&js, "nlopt_code", r->nlopt_code);
    tw_json_kv_number(&js, "log_nash", r->log_nash); /* null when not finite */
    tw_json_kv_number(&js, "check_gain", r->check_gain);
    tw_json_kv_number(&js, "seconds", r->seconds);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}
