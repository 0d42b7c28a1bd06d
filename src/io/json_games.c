/* SPDX-License-Identifier: MIT */
/* The JSON documents of the strategy commands (docs/json.md, "Game documents"): optimal
 * tariffs, tariff wars, escalations, talks and self-enforcing agreements. */
#include <math.h>
#include <stdio.h>

#include "io/json.h"
#include "io/json_records.h"
#include "tradewar/groups.h"
#include "tradewar/io.h"

static int in_set(int x, const int *set, int n)
{
    for (int k = 0; k < n; k++)
        if (set[k] == x)
            return 1;
    return 0;
}

/* The average the players' tariffs are reported with: goods, or goods and services when the
 * game sets tariffs on services too. */
static tw_tariff_average game_average(const tw_game_document *g)
{
    tw_tariff_average a = {g->services ? TW_SECTORS_ALL : TW_SECTORS_GOODS, NULL,
                           TW_WEIGHTS_BASELINE};
    return a;
}

/* key "<stem><suffix>" with the game's average. */
static void avg_key(const tw_game_document *g, char *buf, size_t size, const char *suffix)
{
    tw_tariff_average a = game_average(g);
    snprintf(buf, size, "%s%s", tw_tariff_average_key(&a), suffix);
}

/* The average tariff, %, of country n on partners (n_partners 0: all others) under pol. */
static double avg_pct(const tw_game_document *g, const tw_policy *pol, int n, const int *partners,
                      int n_partners)
{
    tw_tariff_average a = game_average(g);
    return 100.0 * tw_tariff_average_group(tw_model_world(g->model), &a,
                                           tw_policy_tariffs_const(pol), &n, 1, partners,
                                           n_partners);
}

static void begin(tw_json *js, tw_sink out, const tw_game_document *g)
{
    tw_json_init_sink(js, out);
    tw_json_object_begin(js);
    tw_json_kv_int(js, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_kv_string(js, "world", tw_world_name(tw_model_world(g->model)));
}

/* "tariffs": [{importer, exporter, sector, rate, today_rate}] of the chosen policy. */
static void tariffs_json(tw_json *js, const tw_game_document *g)
{
    const tw_world *w = tw_model_world(g->model);
    tw_dims d = tw_world_dims(w);
    const double *t = tw_policy_tariffs_const(g->chosen), *t0 = tw_policy_tariffs_const(g->today);
    tw_json_key(js, "tariffs");
    tw_json_array_begin(js);
    for (int a = 0; a < g->n_importers; a++) {
        int n = g->importers[a];
        for (int i = 0; i < d.n; i++) {
            if (i == n || (g->n_partners > 0 && !in_set(i, g->partners, g->n_partners)))
                continue;
            for (int j = 0; j < d.j; j++) {
                if (!g->services && !tw_world_sector_is_goods(w, j))
                    continue;
                size_t at = tw_ix_nij(d, n, i, j);
                tw_json_object_begin(js);
                tw_json_kv_string(js, "importer", tw_world_country_code(w, n));
                tw_json_kv_string(js, "exporter", tw_world_country_code(w, i));
                tw_json_kv_string(js, "sector", tw_world_sector_code(w, j));
                tw_json_kv_number(js, "rate", t[at]);
                tw_json_kv_number(js, "today_rate", t0[at]);
                tw_json_object_end(js);
            }
        }
    }
    tw_json_array_end(js);
}

/* "countries": [{code, real_income_pct, avg_tariff_goods_import_weighted_pct, welfare_pct}] at
 * the outcome
 * (the library's default average: goods, on every other country). */
static void countries_json(tw_json *js, const tw_game_document *g)
{
    if (!g->results)
        return;
    const tw_world *w = tw_model_world(g->model);
    char key[96];
    snprintf(key, sizeof key, "%s_pct", tw_tariff_average_key(NULL));
    tw_json_key(js, "countries");
    tw_json_array_begin(js);
    for (int n = 0; n < tw_world_dims(w).n; n++) {
        tw_json_object_begin(js);
        tw_json_kv_string(js, "code", tw_world_country_code(w, n));
        tw_json_kv_number(js, "real_income_pct", g->results->country[n].real_income_pct);
        tw_json_kv_number(js, key, 100.0 * g->results->avg_tariff_goods[n]);
        /* the model's own welfare (the payoff with labour supply, docs/model.md §2c) */
        tw_json_kv_number(js, "welfare_pct", g->results->country[n].welfare_pct);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

tw_status tw_json_write_optimal(tw_sink out, const tw_optimal_document *doc, tw_error *err)
{
    const tw_game_document *g = &doc->game;
    const tw_instrument *ins = doc->instrument;
    const tw_world *w = tw_model_world(g->model);
    int me = ins->country;
    char k_today[96], k_now[96];
    avg_key(g, k_today, sizeof k_today, "_today_pct");
    avg_key(g, k_now, sizeof k_now, "_pct");
    tw_json js;
    begin(&js, out, g);
    tw_json_kv_string(&js, "country", tw_world_country_code(w, me));
    tw_json_kv_string(&js, "instrument", tw_instrument_kind_name(g->instrument));
    tw_json_kv_bool(&js, "only_increases", ins->only_increases);
    tw_json_kv_string(&js, "status", g->status);
    tw_json_kv_number(&js, "payoff", doc->report.value);
    tw_json_kv_number(&js, "real_income_pct_today",
                      doc->today_results ? doc->today_results->country[me].real_income_pct : NAN);
    tw_json_kv_number(&js, "real_income_pct",
                      g->results ? g->results->country[me].real_income_pct : NAN);
    tw_json_kv_number(&js, k_today, avg_pct(g, g->today, me, ins->partners, ins->n_partners));
    tw_json_kv_number(&js, k_now, avg_pct(g, g->chosen, me, ins->partners, ins->n_partners));
    tariffs_json(&js, g);
    countries_json(&js, g);
    const tw_optimize_report *r = &doc->report;
    tw_json_key(&js, "solver");
    tw_json_object_begin(&js);
    tw_json_kv_bool(&js, "converged", r->converged);
    tw_json_kv_bool(&js, "interrupted", g->interrupted);
    tw_json_kv_int(&js, "evaluations", r->evaluations);
    tw_json_kv_int(&js, "nlopt_code", r->nlopt_code);
    tw_json_kv_number(&js, "kkt_residual", r->kkt_residual);
    tw_json_kv_number(&js, "max_equilibrium_residual", r->max_solver_residual);
    tw_json_kv_number(&js, "max_adjoint_residual", r->max_adjoint_residual);
    tw_json_kv_number(&js, "seconds", r->seconds);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

tw_status tw_json_write_war(tw_sink out, const tw_war_document *doc, tw_error *err)
{
    const tw_game_document *g = &doc->game;
    const tw_world *w = tw_model_world(g->model);
    const tw_war_report *r = &doc->report;
    char k_today[96], k_now[96];
    avg_key(g, k_today, sizeof k_today, "_today_pct");
    avg_key(g, k_now, sizeof k_now, "_pct");
    tw_json js;
    begin(&js, out, g);
    tw_json_kv_string(&js, "instrument", tw_instrument_kind_name(g->instrument));
    tw_json_kv_bool(&js, "among_players", doc->among_players);
    tw_json_kv_string(&js, "status", g->status);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < doc->n_players; p++) {
        const tw_instrument *ins = &doc->players[p];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, ins->country));
        tw_json_kv_number(&js, "real_income_pct",
                          g->results ? g->results->country[ins->country].real_income_pct : NAN);
        tw_json_kv_number(&js, k_today,
                          avg_pct(g, g->today, ins->country, ins->partners, ins->n_partners));
        tw_json_kv_number(&js, k_now,
                          avg_pct(g, g->chosen, ins->country, ins->partners, ins->n_partners));
        tw_json_kv_number(&js, "gain_from_deviating",
                          doc->gains && (r->verified || r->max_gain_player >= 0) ? doc->gains[p]
                                                                                 : NAN);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tariffs_json(&js, g);
    countries_json(&js, g);
    tw_json_key(&js, "solver");
    tw_json_object_begin(&js);
    tw_json_kv_bool(&js, "found", r->found);
    tw_json_kv_bool(&js, "converged", r->converged);
    tw_json_kv_bool(&js, "verified", r->verified);
    tw_json_kv_bool(&js, "interrupted", g->interrupted);
    tw_json_kv_string(&js, "method", r->method == TW_WAR_JOINT_FOC ? "newton" : "best-response");
    tw_json_kv_int(&js, "rounds", r->rounds);
    tw_json_kv_number(&js, "last_change", r->last_change);
    tw_json_kv_number(&js, "max_gain", r->max_gain);
    tw_json_kv_number(&js, "gain_tolerance", doc->gain_tolerance);
    tw_json_kv_int(&js, "evaluations", r->evaluations);
    tw_json_kv_number(&js, "seconds", r->seconds);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

tw_status tw_json_write_escalation(tw_sink out, const tw_escalation_document *doc,
                                   tw_error *err)
{
    const tw_game_document *g = &doc->game;
    const tw_world *w = tw_model_world(g->model);
    const tw_escalation *path = doc->path;
    int np = doc->n_players;
    char key[96];
    /* tw_escalation.avg_tariff is the library's default average (goods, baseline imports). */
    snprintf(key, sizeof key, "%s_pct", tw_tariff_average_key(NULL));
    tw_json js;
    begin(&js, out, g);
    tw_json_kv_string(&js, "status", g->status);
    tw_json_kv_string(&js, "end", tw_escalation_end_name(path->end));
    tw_json_kv_int(&js, "cycle_length", path->cycle_length);
    tw_json_key(&js, "rules");
    tw_json_array_begin(&js);
    for (int p = 0; p < np; p++) {
        const tw_escalation_player *pl = &doc->players[p];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, pl->country));
        tw_json_kv_string(&js, "rule", tw_rule_name(pl->rule));
        tw_json_kv_number(&js, "opening", pl->opening);
        tw_json_kv_number(&js, "factor", pl->factor);
        tw_json_kv_number(&js, "cap", pl->cap);
        tw_json_kv_int(&js, "forgive_after", pl->forgive_after);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "rounds");
    tw_json_array_begin(&js);
    for (int r = 0; r <= path->rounds; r++) {
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "round", r);
        tw_json_kv_string(&js, "date", doc->round_dates ? doc->round_dates[r] : "");
        tw_json_key(&js, "tariffs");
        tw_json_array_begin(&js);
        for (int p = 0; p < np; p++)
            for (int q = 0; q < np; q++) {
                if (p == q)
                    continue;
                tw_json_object_begin(&js);
                tw_json_kv_string(&js, "importer", tw_world_country_code(w, path->players[p]));
                tw_json_kv_string(&js, "exporter", tw_world_country_code(w, path->players[q]));
                tw_json_kv_number(&js, key,
                                  100.0 * path->avg_tariff[((size_t)r * np + p) * np + q]);
                tw_json_object_end(&js);
            }
        tw_json_array_end(&js);
        tw_json_key(&js, "players");
        tw_json_array_begin(&js);
        for (int p = 0; p < np; p++) {
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "code", tw_world_country_code(w, path->players[p]));
            tw_json_kv_number(&js, "real_income_pct",
                              path->real_income_pct[(size_t)r * path->n_countries +
                                                    path->players[p]]);
            tw_json_kv_bool(&js, "capped", path->capped[(size_t)r * np + p]);
            tw_json_kv_bool(&js, "forgave", path->forgave[(size_t)r * np + p]);
            tw_json_object_end(&js);
        }
        tw_json_array_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tariffs_json(&js, g);
    countries_json(&js, g);
    tw_json_key(&js, "solver");
    tw_json_object_begin(&js);
    tw_json_kv_string(&js, "end", tw_escalation_end_name(path->end));
    tw_json_kv_bool(&js, "complete", path->end != TW_END_CANCELLED);
    tw_json_kv_bool(&js, "interrupted", g->interrupted);
    tw_json_kv_int(&js, "rounds", path->rounds);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

tw_status tw_json_write_talks(tw_sink out, const tw_talks_document *doc, tw_error *err)
{
    const tw_game_document *g = &doc->game;
    const tw_world *w = tw_model_world(g->model);
    const tw_talks_report *r = &doc->report;
    char k_threat[96], k_deal[96];
    avg_key(g, k_threat, sizeof k_threat, "_threat_pct");
    avg_key(g, k_deal, sizeof k_deal, "_deal_pct");
    tw_json js;
    begin(&js, out, g);
    tw_json_kv_string(&js, "rule", doc->rule == TW_TALKS_EQUAL_GAINS ? "equal-gains" : "nash");
    tw_json_kv_string(&js, "threat", doc->threat_war ? "war" : "today");
    tw_json_kv_string(&js, "instrument", tw_instrument_kind_name(g->instrument));
    tw_json_kv_string(&js, "status", g->status);
    tw_json_kv_number(&js, "delta", doc->delta);
    tw_json_kv_int(&js, "truce_periods", doc->truce_periods);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < doc->n_players; p++) {
        const tw_instrument *ins = &doc->players[p];
        double vt = doc->v_threat[p], vd = doc->v_deal[p];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, ins->country));
        tw_json_kv_number(&js, "payoff_threat", vt);
        tw_json_kv_number(&js, "payoff_deal", vd);
        tw_json_kv_number(&js, "gain_pct", 100 * (vd / vt - 1));
        tw_json_kv_number(&js, k_threat,
                          avg_pct(g, doc->threat, ins->country, ins->partners, ins->n_partners));
        tw_json_kv_number(&js, k_deal,
                          avg_pct(g, g->chosen, ins->country, ins->partners, ins->n_partners));
        tw_json_kv_number(&js, "value_permanent_deal", tw_truce_value(vd, vt, doc->delta, -1));
        tw_json_kv_number(&js, "value_truce",
                          tw_truce_value(vd, vt, doc->delta, doc->truce_periods));
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tariffs_json(&js, g);
    countries_json(&js, g);
    tw_json_key(&js, "solver");
    tw_json_object_begin(&js);
    tw_json_kv_bool(&js, "converged", r->converged);
    tw_json_kv_bool(&js, "interrupted", g->interrupted);
    tw_json_kv_bool(&js, "threat_war_found", doc->threat_war_found);
    tw_json_kv_int(&js, "evaluations", r->evaluations);
    tw_json_kv_int(&js, "nlopt_code", r->nlopt_code);
    tw_json_kv_number(&js, "min_gain", r->min_gain);
    tw_json_kv_number(&js, "seconds", r->seconds);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

tw_status tw_json_write_enforce(tw_sink out, const tw_enforce_document *doc, tw_error *err)
{
    const tw_game_document *g = &doc->game;
    const tw_world *w = tw_model_world(g->model);
    tw_json js;
    begin(&js, out, g);
    tw_json_kv_string(&js, "agreement", doc->agreement);
    tw_json_kv_string(&js, "punishment", "war");
    tw_json_kv_int(&js, "periods", doc->punish_periods);
    tw_json_kv_string(&js, "status", g->status);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < doc->n_players; p++) {
        const tw_enforce_result *e = &doc->res[p];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, doc->players[p]));
        tw_json_kv_number(&js, "payoff_agree", e->v_agree);
        tw_json_kv_number(&js, "payoff_deviate", e->v_deviate);
        tw_json_kv_number(&js, "payoff_punish", e->v_punish);
        tw_json_kv_number(&js, "delta_star", e->delta_star);
        if (!isnan(doc->delta))
            tw_json_kv_bool(&js, "self_enforcing",
                            tw_enforce_holds(doc->delta, e->v_agree, e->v_deviate, e->v_punish,
                                             doc->punish_periods));
        tw_json_kv_bool(&js, "deviation_converged", e->deviation_converged);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tariffs_json(&js, g);
    countries_json(&js, g);
    tw_json_key(&js, "solver");
    tw_json_object_begin(&js);
    tw_json_kv_bool(&js, "converged", doc->converged && !g->interrupted);
    tw_json_kv_bool(&js, "interrupted", g->interrupted);
    tw_json_kv_bool(&js, "war_found", doc->war_found);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

/* The games' "countries" list, for the documents written elsewhere (io/json_records.h). */
void tw_json_game_countries(tw_json *js, const tw_game_document *g) { countries_json(js, g); }
