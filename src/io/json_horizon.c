/* SPDX-License-Identifier: MIT */
/* The horizon of a model and the returns to the factors of each sector (docs/model.md §2b) as
 * JSON members (docs/json.md "Horizons"). */
#include <math.h>
#include <stdlib.h>

#include "io/json_horizon.h"
#include "tradewar/factors.h"

void tw_json_factors(tw_json *js, const tw_world *w, const double *spec, const double *mob)
{
    tw_dims d = tw_world_dims(w);
    tw_json_key(js, "factors");
    tw_json_array_begin(js);
    for (int n = 0; n < d.n; n++) {
        tw_json_object_begin(js);
        tw_json_kv_string(js, "country", tw_world_country_code(w, n));
        tw_json_kv_number(js, "mobile_wage_pct", 100.0 * (mob[n] - 1.0));
        tw_json_key(js, "sectors");
        tw_json_array_begin(js);
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            tw_json_object_begin(js);
            tw_json_kv_string(js, "sector", tw_world_sector_code(w, j));
            tw_json_kv_number(js, "specific_share", tw_world_specific_share(w, n, j));
            tw_json_kv_number(js, "specific_return_pct", 100.0 * (spec[at] - 1.0));
            tw_json_object_end(js);
        }
        tw_json_array_end(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

tw_status tw_json_horizon(tw_json *js, const tw_model *m, const tw_equilibrium *eq)
{
    const tw_world *w = tw_model_world(m);
    tw_dims d = tw_world_dims(w);
    double rmin = INFINITY, rmax = 0;
    for (int j = 0; j < d.j; j++) {
        rmin = fmin(rmin, tw_world_theta_ratio(w, j));
        rmax = fmax(rmax, tw_world_theta_ratio(w, j));
    }
    tw_json_key(js, "horizon");
    tw_json_object_begin(js);
    tw_json_kv_string(js, "name", tw_horizon_name(tw_world_horizon(w)));
    tw_json_kv_number(js, "years", tw_world_horizon_years(w)); /* null: the long run */
    tw_json_kv_number(js, "theta_ratio_min", rmin);
    tw_json_kv_number(js, "theta_ratio_max", rmax);
    tw_json_kv_bool(js, "specific_factors", tw_model_has_specific_factors(m));
    tw_json_object_end(js);
    if (!eq || !tw_model_has_specific_factors(m))
        return TW_OK;
    size_t nj = (size_t)d.n * d.j;
    double *spec = malloc(nj * sizeof *spec), *mob = malloc((size_t)d.n * sizeof *mob);
    if (!spec || !mob || tw_factor_returns(m, eq, NULL, spec, mob)) {
        free(spec);
        free(mob);
        return TW_ERR_NOMEM;
    }
    tw_json_factors(js, w, spec, mob);
    free(spec);
    free(mob);
    return TW_OK;
}
