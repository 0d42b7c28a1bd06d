/* SPDX-License-Identifier: MIT */
/* The "uncertainty" documents of the games (tradewar/game_bands.h, docs/json.md "Bands"),
 * moved here from the program's strategy_draws.c, escalate_draws.c and enforce_draws.c. */
#include "io/json_draws.h"
#include "tradewar/game_bands.h"

static const char *code(const tw_world *w, int n) { return tw_world_country_code(w, n); }

tw_status tw_json_write_game_bands(tw_sink out, const tw_world *w, const tw_game_bands *b,
                                   const tw_draws *d, tw_error *err)
{
    int np = b->n_players, N = tw_world_dims(w).n;
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_draws_begin(&js, w, d);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < np; p++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", code(w, b->players[p].country));
        tw_json_kv_band(&js, "avg_tariff_pct", d, 2 * p);
        tw_json_kv_band(&js, "real_income_pct", d, 2 * p + 1);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < N; n++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", code(w, n));
        tw_json_kv_band(&js, "real_income_pct", d, 2 * np + n);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_kv_band(&js, "world_real_income_pct", d, 2 * np + N);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

/* The members "tariffs" and "players" of state block base. */
static void escalate_state(tw_json *js, const tw_world *w, const tw_escalate_bands *b,
                           const tw_draws *d, int base)
{
    int k = base, np = b->n_players;
    tw_json_key(js, "tariffs");
    tw_json_array_begin(js);
    for (int a = 0; a < np; a++)
        for (int q = 0; q < np; q++)
            if (a != q) {
                tw_json_object_begin(js);
                tw_json_kv_string(js, "importer", code(w, b->players[a].country));
                tw_json_kv_string(js, "exporter", code(w, b->players[q].country));
                tw_json_kv_band(js, "avg_tariff_goods_import_weighted_pct", d, k++);
                tw_json_object_end(js);
            }
    tw_json_array_end(js);
    tw_json_key(js, "players");
    tw_json_array_begin(js);
    for (int a = 0; a < np; a++) {
        tw_json_object_begin(js);
        tw_json_kv_string(js, "code", code(w, b->players[a].country));
        tw_json_kv_band(js, "real_income_pct", d, k++);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

tw_status tw_json_write_escalate_bands(tw_sink out, const tw_world *w,
                                       const tw_escalate_bands *b, const tw_draws *d,
                                       tw_error *err)
{
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_draws_begin(&js, w, d);
    tw_json_key(&js, "rounds");
    tw_json_array_begin(&js);
    for (int r = 0; r <= b->rounds; r++) {
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "round", r);
        tw_json_kv_string(&js, "date", b->round_dates ? b->round_dates[r] : "");
        escalate_state(&js, w, b, d, tw_escalate_bands_state(b, r));
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "end_state");
    tw_json_object_begin(&js);
    escalate_state(&js, w, b, d, tw_escalate_bands_state(b, b->rounds + 1));
    tw_json_object_end(&js);
    tw_json_kv_band(&js, "rounds_played", d, tw_escalate_bands_rounds_index(b));
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

tw_status tw_json_write_enforce_bands(tw_sink out, const tw_world *w,
                                      const tw_enforce_bands *b, const tw_draws *d,
                                      tw_error *err)
{
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_draws_begin(&js, w, d);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < b->n_players; p++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", code(w, b->players[p].country));
        for (int f = 0; f < TW_ENFORCE_BANDS_FIELDS; f++)
            tw_json_kv_band(&js, tw_enforce_bands_field(f), d,
                            TW_ENFORCE_BANDS_FIELDS * p + f);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}
