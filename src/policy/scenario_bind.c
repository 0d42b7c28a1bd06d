/* SPDX-License-Identifier: MIT */
/* Binding a scenario to a world: a new plan (tradewar/scenario.h) with every code and group
 * resolved to membership masks over the world's countries and sectors, every game's players
 * to country indices, and the checks that need the world, down to contradictions between the
 * changes of a date. The scenario itself is only read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model_internal.h"
#include "policy/scenario_internal.h"

/* The EU's 27 members since 2020 (built-in group EU27). */
static const char *const EU27[] = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK",
                                   "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
                                   "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL",
                                   "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"};
enum { N_EU27 = sizeof EU27 / sizeof *EU27 };

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* Marks the countries (sector = 0) or sectors (sector = 1) that name denotes in mask; returns
 * 1 if name is known as that kind, 0 if unknown, -1 if it is of the other kind. User groups
 * count once the plan has bound them. */
static int resolve(const tw_plan *p, const char *name, int sector, unsigned char *mask)
{
    const tw_world *w = p->w;
    const tw_scenario *s = p->s;
    tw_dims d = w->d;
    int k = sector ? tw_world_sector_index(w, name) : tw_world_country_index(w, name);
    if (k >= 0) {
        mask[k] = 1;
        return 1;
    }
    if ((sector ? tw_world_country_index(w, name) : tw_world_sector_index(w, name)) >= 0)
        return -1;
    if (strcmp(name, "all") == 0) {
        memset(mask, 1, (size_t)(sector ? d.j : d.n));
        return 1;
    }
    if (strcmp(name, "goods") == 0 || strcmp(name, "services") == 0) {
        if (!sector)
            return -1;
        int goods = strcmp(name, "goods") == 0;
        for (int j = 0; j < d.j; j++)
            if (tw_world_sector_is_goods(w, j) == goods)
                mask[j] = 1;
        return 1;
    }
    if (strcmp(name, "EU27") == 0) {
        if (sector)
            return -1;
        for (int q = 0; q < N_EU27; q++) {
            int n = tw_world_country_index(w, EU27[q]);
            if (n >= 0)
                mask[n] = 1;
        }
        return 1;
    }
    for (int g = 0; g < s->ngroups; g++)
        if (strcmp(s->groups[g].name, name) == 0 && p->group_mask[g]) {
            if (p->group_is_sector[g] != sector)
                return -1;
            int len = sector ? d.j : d.n;
            for (int q = 0; q < len; q++)
                mask[q] |= p->group_mask[g][q];
            return 1;
        }
    return 0;
}

static tw_status unknown_name(const tw_plan *p, const char *field, const char *name, int line,
                              int col, int sector, int other, tw_error *err)
{
    const tw_world *w = p->w;
    const char *file = p->s->file;
    const char *what = sector ? "sector" : "country";
    if (other)
        return tw_fail(err, TW_ERR_INPUT, file, line, col, field,
                       "expected a %s code or group, found '%.40s', which is a %s", what, name,
                       sector ? "country or country group" : "sector or sector group");
    char buf[200];
    const char *near = sector ? tw_world_sector_suggest_all(w, name, buf, sizeof buf)
                              : tw_world_country_suggest_all(w, name, buf, sizeof buf);
    if (near)
        return tw_fail(err, TW_ERR_INPUT, file, line, col, field,
                       "unknown %s code '%.40s' (did you mean %s?)", what, name, near);
    return tw_fail(err, TW_ERR_INPUT, file, line, col, field,
                   "unknown %s code or group '%.40s' in world '%s'", what, name,
                   tw_world_name(w));
}

static int mask_count(const unsigned char *m, int len)
{
    int c = 0;
    for (int q = 0; q < len; q++)
        c += m[q] != 0;
    return c;
}

/* A new mask in *mask (freeing what it held) of the countries or sectors names v denote. */
static tw_status bind_names(const tw_plan *p, const sc_names *v, const char *field, int sector,
                            unsigned char **mask, tw_error *err)
{
    int len = sector ? p->w->d.j : p->w->d.n;
    free(*mask);
    *mask = calloc((size_t)len, 1);
    if (!*mask)
        return nomem(err);
    for (int k = 0; k < v->n; k++) {
        int got = resolve(p, v->v[k], sector, *mask);
        if (got != 1)
            return unknown_name(p, field, v->v[k], v->line[k], v->col[k], sector, got < 0, err);
    }
    if (!mask_count(*mask, len))
        return tw_fail(err, TW_ERR_INPUT, p->s->file, v->line[0], v->col[0], field,
                       "'%.40s' has no member in world '%s'", v->v[0], tw_world_name(p->w));
    return TW_OK;
}

/* Checks that each name of v denotes countries (for players and watch). */
static tw_status check_countries(const tw_plan *p, const sc_names *v, const char *field,
                                 tw_error *err)
{
    for (int k = 0; k < v->n; k++) {
        unsigned char *mask = NULL;
        sc_names one = {&v->v[k], &v->line[k], &v->col[k], 1};
        tw_status st = bind_names(p, &one, field, 0, &mask, err);
        free(mask);
        if (st)
            return st;
    }
    return TW_OK;
}

/* Groups: all members of one kind; a group may use groups defined before it. */
static tw_status bind_groups(tw_plan *p, tw_error *err)
{
    const tw_scenario *s = p->s;
    const tw_world *w = p->w;
    for (int g = 0; g < s->ngroups; g++) {
        const sc_group *gr = &s->groups[g];
        char f[96];
        snprintf(f, sizeof f, "groups.%s", gr->name);
        unsigned char probe[1024];
        int len = w->d.n > w->d.j ? w->d.n : w->d.j;
        if (len > (int)sizeof probe)
            return tw_fail(err, TW_ERR_INPUT, s->file, gr->line, gr->col, f, "world too large");
        memset(probe, 0, sizeof probe);
        int kind = resolve(p, gr->members.v[0], 0, probe) == 1 ? 0 : 1;
        unsigned char *mask = NULL;
        tw_status st = bind_names(p, &gr->members, f, kind, &mask, err);
        if (st) {
            free(mask);
            return st;
        }
        p->group_is_sector[g] = kind;
        p->group_mask[g] = mask;
    }
    return TW_OK;
}

/* A change's masks, and the checks of its cells. */
static tw_status bind_change(const tw_plan *p, const sc_change *ch, pl_change *pc,
                             tw_error *err)
{
    const tw_world *w = p->w;
    const char *file = p->s->file;
    char f[160];
    tw_status st;
    snprintf(f, sizeof f, "%s.importers", ch->field);
    if ((st = bind_names(p, &ch->imp, f, 0, &pc->imask, err)))
        return st;
    snprintf(f, sizeof f, "%s.exporters", ch->field);
    if ((st = bind_names(p, &ch->exp, f, 0, &pc->emask, err)))
        return st;
    snprintf(f, sizeof f, "%s.sectors", ch->field);
    if ((st = bind_names(p, &ch->sec, f, 1, &pc->smask, err)))
        return st;
    int ni = mask_count(pc->imask, w->d.n), ne = mask_count(pc->emask, w->d.n);
    snprintf(f, sizeof f, "%s.importers", ch->field);
    if (ni == 1 && ne == 1 && memcmp(pc->imask, pc->emask, (size_t)w->d.n) == 0)
        return tw_fail(err, TW_ERR_INPUT, file, ch->imp.line[0], ch->imp.col[0], f,
                       "importer and exporter are the same country: a policy cannot apply to a "
                       "country's sales to itself");
    snprintf(f, sizeof f, "%s.sectors", ch->field);
    if (strstr(ch->field, ".services[")) {
        for (int j = 0; j < w->d.j; j++)
            if (pc->smask[j] && tw_world_sector_is_goods(w, j))
                return tw_fail(err, TW_ERR_INPUT, file, ch->sec.line[0], ch->sec.col[0], f,
                               "expected services sectors only, found goods sector '%s' (use "
                               "export_controls or barriers for goods)",
                               tw_world_sector_code(w, j));
    }
    if (ch->instr == SC_QUOTA && ch->cap_kind != SC_CAP_SHARE &&
        (ni != 1 || ne != 1 || mask_count(pc->smask, w->d.j) != 1))
        return tw_fail(err, TW_ERR_INPUT, file, ch->line, ch->col, ch->field,
                       "cap_value and cut_value apply to one flow: expected one importer, one "
                       "exporter and one sector, found %d, %d and %d",
                       ni, ne, mask_count(pc->smask, w->d.j));
    return TW_OK;
}

/* A bargain's controls: each exporter a player, each sector list bound to indices. */
static tw_status bind_controls(const tw_plan *p, const sc_game *g, pl_event *pe, int np,
                               tw_error *err)
{
    const tw_world *w = p->w;
    int nc = g->n_controls, J = w->d.j;
    pe->control_exporters = calloc((size_t)nc + 1, sizeof *pe->control_exporters);
    pe->control_start = calloc((size_t)nc + 1, sizeof *pe->control_start);
    pe->control_sectors = calloc((size_t)nc * (size_t)J + 1, sizeof *pe->control_sectors);
    if (!pe->control_exporters || !pe->control_start || !pe->control_sectors)
        return nomem(err);
    int used = 0;
    for (int k = 0; k < nc; k++) {
        const sc_control *c = &g->controls[k];
        char f[220];
        snprintf(f, sizeof f, "%s.exporter", c->field);
        int n = tw_world_country_index(w, c->exporter.v[0]), held = 0;
        for (int q = 0; q < np; q++)
            held |= n >= 0 && pe->players[q] == n;
        if (!held)
            return tw_fail(err, TW_ERR_INPUT, p->s->file, c->exporter.line[0],
                           c->exporter.col[0], f,
                           "expected a player of the bargain (the government that holds the "
                           "control), found '%.40s'",
                           c->exporter.v[0]);
        pe->control_exporters[k] = n;
        unsigned char *mask = NULL;
        snprintf(f, sizeof f, "%s.sectors", c->field);
        tw_status st = bind_names(p, &c->sectors, f, 1, &mask, err);
        pe->control_start[k] = used;
        for (int j = 0; !st && j < J; j++)
            if (mask[j])
                pe->control_sectors[used++] = j;
        free(mask);
        if (st)
            return st;
    }
    pe->control_start[nc] = used;
    return TW_OK;
}

/* Resolves a game's players (countries, not groups: a player is one government) and the
 * countries its tariffs apply to, and fills the game's spec for the timeline. */
static tw_status bind_game(const tw_plan *p, const sc_event *e, pl_event *pe, tw_error *err)
{
    const tw_world *w = p->w;
    const tw_scenario *s = p->s;
    const sc_game *g = &e->game;
    int N = w->d.n, np = 0, na = 0;
    pe->players = calloc((size_t)g->players.n, sizeof *pe->players);
    pe->against = calloc((size_t)N, sizeof *pe->against);
    if (!pe->players || !pe->against)
        return nomem(err);
    char f[200];
    snprintf(f, sizeof f, "%s.players", g->field);
    for (int k = 0; k < g->players.n; k++) {
        const char *code = g->players.v[k];
        int line = g->players.line[k], col = g->players.col[k];
        int n = tw_world_country_index(w, code);
        if (n < 0) {
            unsigned char probe[1024] = {0};
            int got = N <= (int)sizeof probe ? resolve(p, code, 0, probe) : 0;
            if (got == 1)
                return tw_fail(err, TW_ERR_INPUT, s->file, line, col, f,
                               "expected a country code (a player is one government), found "
                               "the group '%.40s'",
                               code);
            return unknown_name(p, f, code, line, col, 0, got < 0, err);
        }
        for (int q = 0; q < np; q++)
            if (pe->players[q] == n)
                return tw_fail(err, TW_ERR_INPUT, s->file, line, col, f,
                               "player '%s' is listed twice", code);
        pe->players[np++] = n;
    }
    if (g->against.n) {
        unsigned char *mask = NULL;
        snprintf(f, sizeof f, "%s.against", g->field);
        tw_status st = bind_names(p, &g->against, f, 0, &mask, err);
        for (int n = 0; !st && n < N; n++)
            if (mask[n])
                pe->against[na++] = n;
        free(mask);
        if (st)
            return st;
    }
    if (g->n_controls) {
        tw_status st = bind_controls(p, g, pe, np, err);
        if (st)
            return st;
    }
    pe->game = (tw_scenario_game){.kind = g->kind,
                                  .players = pe->players,
                                  .n_players = np,
                                  .against = pe->against,
                                  .n_against = na,
                                  .instrument = g->instrument,
                                  .only_increases = g->only_increases,
                                  .max_tariff = g->max_tariff,
                                  .talks_rule = g->talks_rule,
                                  .threat = g->threat,
                                  .weights = g->weights,
                                  .rules = g->rules,
                                  .openings = g->openings,
                                  .caps = g->caps,
                                  .factors = g->factors,
                                  .forgive_after = g->forgive_after,
                                  .rounds = g->rounds,
                                  .control_exporters = pe->control_exporters,
                                  .control_start = pe->control_start,
                                  .control_sectors = pe->control_sectors,
                                  .n_controls = g->n_controls,
                                  .file = s->file,
                                  .field = g->field,
                                  .label = e->label,
                                  .line = g->line,
                                  .column = g->col};
    return TW_OK;
}

static int overlaps(const pl_change *a, const pl_change *b, tw_dims d)
{
    int sec = 0;
    for (int j = 0; j < d.j && !sec; j++)
        sec = a->smask[j] && b->smask[j];
    if (!sec)
        return 0;
    for (int n = 0; n < d.n; n++)
        if (a->imask[n] && b->imask[n])
            for (int i = 0; i < d.n; i++)
                if (i != n && a->emask[i] && b->emask[i])
                    return 1;
    return 0;
}

/* The instrument family a change writes (changes of different families never conflict). */
static int family(const sc_change *c)
{
    switch (c->instr) {
    case SC_TARIFF: return 0;
    case SC_EXPORT_TAX: return 1;
    default: return 2; /* bans, quotas, lifts and trade costs interact */
    }
}

static int same_effect(const sc_change *a, const sc_change *b)
{
    return a->instr == b->instr && a->add == b->add && a->value == b->value &&
           a->cap_kind == b->cap_kind && a->rent == b->rent && !a->add;
}

/* 1 if changes a and b may both stand on one date: another family, the same effect, disjoint
 * cells, or a cost beside a cap. */
static int compatible(const sc_change *a, const pl_change *pa, const sc_change *b,
                      const pl_change *pb, tw_dims d)
{
    if (family(a) != family(b) || same_effect(a, b) || !overlaps(pa, pb, d))
        return 1;
    return (a->instr == SC_ICEBERG && b->instr == SC_QUOTA) ||
           (a->instr == SC_QUOTA && b->instr == SC_ICEBERG);
}

/* Two changes of the same date that write the same cells in different ways contradict each
 * other: the file does not say which one holds. */
static tw_status check_contradictions(const tw_plan *p, tw_error *err)
{
    const tw_scenario *s = p->s;
    tw_dims d = p->w->d;
    for (int k = 0; k < s->nevents; k++)
        for (int c = 0; c < s->events[k].nch; c++) {
            const sc_event *e = &s->events[k];
            const sc_change *a = &e->ch[c];
            const pl_change *pa = &p->events[k].ch[c];
            for (int k2 = k; k2 < s->nevents && s->events[k2].day == e->day; k2++) {
                const sc_event *e2 = &s->events[k2];
                if (e->branch[0] && e2->branch[0] && strcmp(e->branch, e2->branch) != 0)
                    continue;
                for (int c2 = k2 == k ? c + 1 : 0; c2 < e2->nch; c2++) {
                    const sc_change *b = &e2->ch[c2];
                    if (compatible(a, pa, b, &p->events[k2].ch[c2], d))
                        continue;
                    return tw_fail(err, TW_ERR_INPUT, s->file, b->line, b->col, b->field,
                                   "contradicts %s (same date %s, overlapping importers, "
                                   "exporters and sectors, different change)",
                                   a->field, e->date);
                }
            }
        }
    return TW_OK;
}

/* The plan's storage for s (masks and indices still empty). */
static tw_plan *plan_create(const tw_scenario *s, const tw_world *w)
{
    tw_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->s = s;
    p->w = w;
    p->events = calloc((size_t)(s->nevents ? s->nevents : 1), sizeof *p->events);
    p->group_is_sector = calloc((size_t)(s->ngroups ? s->ngroups : 1), sizeof(int));
    p->group_mask = calloc((size_t)(s->ngroups ? s->ngroups : 1), sizeof *p->group_mask);
    int ok = p->events && p->group_is_sector && p->group_mask;
    for (int k = 0; ok && k < s->nevents; k++)
        ok = (p->events[k].ch = calloc((size_t)(s->events[k].nch ? s->events[k].nch : 1),
                                       sizeof *p->events[k].ch)) != NULL;
    if (!ok) {
        tw_plan_free(p);
        return NULL;
    }
    return p;
}

static tw_status bind_all(tw_plan *p, tw_error *err)
{
    const tw_scenario *s = p->s;
    tw_status st;
    if ((st = bind_groups(p, err)) || (st = check_countries(p, &s->players, "players", err)) ||
        (st = check_countries(p, &s->watch, "watch", err)))
        return st;
    for (int k = 0; k < s->nevents; k++)
        for (int c = 0; c < s->events[k].nch; c++)
            if ((st = bind_change(p, &s->events[k].ch[c], &p->events[k].ch[c], err)))
                return st;
    for (int k = 0; k < s->nevents; k++)
        if (s->events[k].game.present && (st = bind_game(p, &s->events[k], &p->events[k], err)))
            return st;
    return check_contradictions(p, err);
}

tw_status tw_scenario_bind(const tw_scenario *s, const tw_world *w, tw_plan **out,
                           tw_error *err)
{
    tw_error_clear(err);
    if (out)
        *out = NULL;
    if (!s || !w || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_scenario_bind: NULL argument");
    tw_plan *p = plan_create(s, w);
    if (!p)
        return nomem(err);
    tw_status st = bind_all(p, err);
    if (st) {
        tw_plan_free(p);
        return st;
    }
    *out = p;
    return TW_OK;
}

void tw_plan_free(tw_plan *p)
{
    if (!p)
        return;
    for (int k = 0; p->events && k < p->s->nevents; k++) {
        pl_event *pe = &p->events[k];
        for (int c = 0; pe->ch && c < p->s->events[k].nch; c++) {
            free(pe->ch[c].imask);
            free(pe->ch[c].emask);
            free(pe->ch[c].smask);
        }
        free(pe->ch);
        free(pe->players);
        free(pe->against);
        free(pe->control_exporters);
        free(pe->control_start);
        free(pe->control_sectors);
    }
    free(p->events);
    for (int g = 0; p->group_mask && g < p->s->ngroups; g++)
        free(p->group_mask[g]);
    free(p->group_mask);
    free(p->group_is_sector);
    free(p);
}

const tw_scenario *tw_plan_scenario(const tw_plan *p) { return p->s; }
const tw_world *tw_plan_world(const tw_plan *p) { return p->w; }

int tw_plan_country_group(const tw_plan *p, const char *name, int *out, int cap)
{
    const tw_world *w = p->w;
    unsigned char *mask = calloc((size_t)w->d.n, 1);
    if (!mask)
        return -1;
    int got = resolve(p, name, 0, mask), count = 0;
    if (got == 1)
        for (int n = 0; n < w->d.n; n++)
            if (mask[n]) {
                if (count < cap)
                    out[count] = n;
                count++;
            }
    free(mask);
    return got == 1 ? count : -1;
}
