/* SPDX-License-Identifier: MIT */
/* The JSON document of a war among coalitions (`tradewar war --coalition NAME=CODES --json`,
 * docs/json.md "War among coalitions"): each coalition's members, targets, tariff level and
 * payoff, every country's real income at the war, and the solver. */
#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "io/json.h"
#include "io/json_records.h"
#include "tradewar/coalition.h"
#include "tradewar/groups.h"

/* c's targets into out (room for every country): its list, or every non-member. */
static int targets_of(const tw_coalition *c, int n, unsigned char *member, int *out)
{
    if (c->n_targets > 0) {
        for (int k = 0; k < c->n_targets; k++)
            out[k] = c->targets[k];
        return c->n_targets;
    }
    for (int i = 0; i < n; i++)
        member[i] = 0;
    for (int k = 0; k < c->n_members; k++)
        member[c->members[k]] = 1;
    int nt = 0;
    for (int i = 0; i < n; i++)
        if (!member[i])
            out[nt++] = i;
    return nt;
}

static void codes_json(tw_json *js, const tw_world *w, const char *key, const int *set, int k)
{
    tw_json_key(js, key);
    tw_json_array_begin(js);
    for (int q = 0; q < k; q++)
        tw_json_string(js, tw_world_country_code(w, set[q]));
    tw_json_array_end(js);
}

/* "coalitions": [{name, members, targets, rate, <average>_today_pct, <average>_pct,
 * payoff_pct}]; the averages over the members' tariffs on the targets (importers and
 * exporters of tw_tariff_average_group). */
static void coalitions_json(tw_json *js, const tw_coalition_war_document *doc, int *targets,
                            unsigned char *member)
{
    const tw_game_document *g = &doc->game;
    const tw_world *w = tw_model_world(g->model);
    int n = tw_world_dims(w).n;
    tw_tariff_average a = {g->services ? TW_SECTORS_ALL : TW_SECTORS_GOODS, NULL,
                           TW_WEIGHTS_BASELINE};
    char k_today[96], k_now[96];
    snprintf(k_today, sizeof k_today, "%s_today_pct", tw_tariff_average_key(&a));
    snprintf(k_now, sizeof k_now, "%s_pct", tw_tariff_average_key(&a));
    tw_json_key(js, "coalitions");
    tw_json_array_begin(js);
    for (int k = 0; k < doc->n_coalitions; k++) {
        const tw_coalition *c = &doc->coalitions[k];
        int nt = targets_of(c, n, member, targets);
        tw_json_object_begin(js);
        tw_json_kv_string(js, "name", doc->names[k]);
        codes_json(js, w, "members", c->members, c->n_members);
        codes_json(js, w, "targets", targets, nt);
        tw_json_kv_number(js, "rate", doc->rates ? doc->rates[k] : NAN);
        tw_json_kv_number(js, k_today,
                          100.0 * tw_tariff_average_group(w, &a, tw_policy_tariffs_const(g->today),
                                                          c->members, c->n_members, targets, nt));
        tw_json_kv_number(js, k_now,
                          100.0 * tw_tariff_average_group(w, &a,
                                                          tw_policy_tariffs_const(g->chosen),
                                                          c->members, c->n_members, targets, nt));
        tw_json_kv_number(js, "payoff_pct", doc->payoffs ? 100.0 * doc->payoffs[k] : NAN);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

static void solver_json(tw_json *js, const tw_coalition_war_document *doc)
{
    const tw_war_report *r = &doc->report;
    tw_json_key(js, "solver");
    tw_json_object_begin(js);
    tw_json_kv_bool(js, "found", r->found);
    tw_json_kv_bool(js, "converged", r->converged);
    tw_json_kv_bool(js, "verified", r->verified);
    tw_json_kv_bool(js, "interrupted", doc->game.interrupted);
    tw_json_kv_string(js, "method", "best-response");
    tw_json_kv_int(js, "rounds", r->rounds);
    tw_json_kv_number(js, "last_change", r->last_change);
    tw_json_kv_number(js, "max_gain", r->max_gain_player >= 0 ? r->max_gain : NAN);
    tw_json_key(js, "max_gain_coalition");
    if (r->max_gain_player >= 0 && r->max_gain_player < doc->n_coalitions)
        tw_json_string(js, doc->names[r->max_gain_player]);
    else
        tw_json_null(js);
    tw_json_kv_number(js, "gain_tolerance", doc->gain_tolerance);
    tw_json_kv_int(js, "evaluations", r->evaluations);
    tw_json_kv_number(js, "seconds", r->seconds);
    tw_json_object_end(js);
}

tw_status tw_json_write_coalition_war(tw_sink out, const tw_coalition_war_document *doc,
                                      tw_error *err)
{
    const tw_game_document *g = &doc->game;
    const tw_world *w = tw_model_world(g->model);
    int n = tw_world_dims(w).n;
    int *targets = malloc((size_t)n * sizeof *targets);
    unsigned char *member = malloc((size_t)n);
    if (!targets || !member) {
        free(targets);
        free(member);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_object_begin(&js);
    tw_json_kv_int(&js, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_kv_string(&js, "world", tw_world_name(w));
    tw_json_kv_string(&js, "instrument", tw_instrument_kind_name(TW_INSTRUMENT_UNIFORM));
    tw_json_kv_bool(&js, "among_players", doc->among_players);
    tw_json_kv_bool(&js, "services", g->services);
    tw_json_kv_string(&js, "status", g->status);
    coalitions_json(&js, doc, targets, member);
    tw_json_game_countries(&js, g);
    solver_json(&js, doc);
    tw_json_object_end(&js);
    free(targets);
    free(member);
    return tw_json_finish(&js, err);
}
