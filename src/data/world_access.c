/* SPDX-License-Identifier: MIT */
/* A world's accessors (tradewar/world.h): dimensions, names, codes and the data arrays. Loading
 * is in world.c. */
#include "data/names.h"
#include "data/world_internal.h"

tw_dims tw_world_dims(const tw_world *w) { return w->d; }
const char *tw_world_name(const tw_world *w) { return w->name; }
int tw_world_year(const tw_world *w) { return w->year; }
const char *tw_world_unit(const tw_world *w) { return w->unit; }
const char *tw_world_description(const tw_world *w) { return w->description; }
const char *tw_world_elasticity_set(const tw_world *w) { return w->elasticity_set; }
int tw_world_elasticity_set_count(const tw_world *w) { return w->nsets; }
const char *tw_world_elasticity_set_name(const tw_world *w, int s) { return w->set_name[s]; }
const char *tw_world_country_code(const tw_world *w, int n) { return w->country_code[n]; }
const char *tw_world_country_name(const tw_world *w, int n) { return w->country_name[n]; }
const char *tw_world_sector_code(const tw_world *w, int j) { return w->sector_code[j]; }
const char *tw_world_sector_name(const tw_world *w, int j) { return w->sector_name[j]; }
double tw_world_theta(const tw_world *w, int j) { return w->theta[j]; }
int tw_world_sector_is_goods(const tw_world *w, int j) { return w->goods[j]; }
int tw_world_country_index(const tw_world *w, const char *code)
{
    return tw_codemap_find(&w->country_map, code);
}
int tw_world_sector_index(const tw_world *w, const char *code)
{
    return tw_codemap_find(&w->sector_map, code);
}
const char *tw_world_country_suggest(const tw_world *w, const char *code)
{
    return tw_names_suggest(w->country_code, w->d.n, code);
}
const char *tw_world_sector_suggest(const tw_world *w, const char *code)
{
    return tw_names_suggest(w->sector_code, w->d.j, code);
}
const char *tw_world_country_suggest_all(const tw_world *w, const char *code, char *buf,
                                         size_t size)
{
    return tw_names_suggest_all(w->country_code, w->d.n, code, buf, size);
}
const char *tw_world_sector_suggest_all(const tw_world *w, const char *code, char *buf,
                                        size_t size)
{
    return tw_names_suggest_all(w->sector_code, w->d.j, code, buf, size);
}
const double *tw_world_flows(const tw_world *w) { return w->flow; }
const double *tw_world_tariffs(const tw_world *w) { return w->tariff; }
const double *tw_world_va_share(const tw_world *w) { return w->va; }
const double *tw_world_io_share(const tw_world *w) { return w->io; }
const double *tw_world_final_share(const tw_world *w) { return w->alpha; }
const double *tw_world_value_added(const tw_world *w) { return w->wl; }
const double *tw_world_deficit(const tw_world *w) { return w->deficit; }
int tw_world_renormalised(const tw_world *w, double *max_deviation)
{
    if (max_deviation)
        *max_deviation = w->renorm_max;
    return w->renormalised;
}
int tw_world_final_clamped(const tw_world *w) { return w->final_clamped; }
