/* SPDX-License-Identifier: MIT */
/* Internal form of a scenario and of a plan: what the YAML reader produces (a tw_scenario,
 * read-only once loaded), what binding it to a world adds (a tw_plan: membership masks and
 * country indices), and what the timeline consumes (both). */
#ifndef TW_POLICY_SCENARIO_INTERNAL_H
#define TW_POLICY_SCENARIO_INTERNAL_H

#include "tradewar/scenario.h"

/* Instruments of a change. */
enum sc_instr {
    SC_TARIFF,      /* import tariff: set or add */
    SC_EXPORT_TAX,  /* export tax: set or add */
    SC_BAN,         /* embargo: iceberg_hat = +inf */
    SC_QUOTA,       /* cap on the border value (export control or services cap) */
    SC_LIFT,        /* removes bans and quotas: iceberg_hat 1, no quota */
    SC_ICEBERG      /* non-tariff barrier or services cost: iceberg_hat multiplier level */
};

/* How a quota's cap is given. */
enum sc_cap { SC_CAP_SHARE, SC_CAP_VALUE, SC_CAP_CUT };

/* A list of names (codes or groups) with where each was written. */
typedef struct sc_names {
    char **v;
    int *line, *col;
    int n;
} sc_names;

typedef struct sc_change {
    int instr;
    int add;      /* tariffs and export taxes: 1 adds points, 0 sets the level */
    double value; /* rate, iceberg level, or cap (share or money) */
    int cap_kind;
    int rent;     /* tw_rent_holder for quotas */
    sc_names imp, exp, sec;
    char field[96]; /* e.g. events[3].tariffs[0] */
    int line, col;  /* of the value */
} sc_change;

enum sc_outcome_kind { SC_SNAP_BACK, SC_EXTEND, SC_PERMANENT };

typedef struct sc_outcome {
    char name[64];
    int kind;
    int days; /* SC_EXTEND */
    double prob; /* probability of the outcome (truce.probabilities), NAN when not given */
    int line, col;
} sc_outcome;

/* A bargain's control as written: its exporter and sectors. */
typedef struct sc_control {
    sc_names exporter, sectors;
    char field[200];
    int line, col;
} sc_control;

/* A game of an event (docs/scenario-format.md, "Games"), as written. */
typedef struct sc_game {
    int present;
    tw_game_kind kind;
    sc_names players, against;
    tw_instrument_kind instrument;
    int only_increases;
    double max_tariff;    /* 0: default */
    tw_talks_rule talks_rule;
    tw_threat_point threat;
    double *weights;      /* [players.n] or NULL */
    /* Escalation: per player. */
    tw_rule *rules;
    int *forgive_after;
    double *openings, *caps, *factors;
    int rounds;
    sc_control *controls; /* bargain only */
    int n_controls;
    char field[160];
    int line, col;
} sc_game;

typedef struct sc_event {
    int day; /* days since 1970-01-01 */
    char date[11];
    char *label;
    char branch[64]; /* "" = every branch */
    int branch_line, branch_col;
    sc_change *ch;
    int nch;
    int truce;      /* 1 if the event's changes are a truce (a pause) */
    int truce_days;
    sc_outcome *out;
    int nout;
    sc_game game;
    char field[32];
    int line, col;
} sc_event;

typedef struct sc_group {
    char name[64];
    sc_names members;
    int line, col;
} sc_group;

struct tw_scenario {
    char file[512];
    char *title, *description, *world, *elasticities;
    tw_deficit_closure deficits;
    int revenue_use; /* TW_REVENUE_USE_* (tradewar/model.h) */
    char baseline[11];
    int baseline_day;
    int end_day; /* INT_MAX when open */
    int ref_first; /* results against the first step instead of the baseline */
    int has_critical;            /* critical_elasticity given */
    double critical_elasticity;  /* elasticity of every input nest of the world */
    int has_horizon;             /* horizon given */
    double horizon_years;        /* its years (tw_horizon_parse) */
    sc_names players, watch;
    sc_group *groups;
    int ngroups;
    sc_event *events;
    int nevents;
    tw_warnings *warnings; /* what reading it noticed (NULL: none) */
};

/* --- Plans: a scenario bound to a world --- */

/* The cells a change writes: membership masks over countries and sectors. */
typedef struct pl_change {
    unsigned char *imask, *emask, *smask;
} pl_change;

typedef struct pl_event {
    pl_change *ch;          /* [event's nch] */
    tw_scenario_game game;  /* the event's game with country indices, if it has one */
    int *players, *against; /* owned storage behind game.players and game.against */
    int *control_exporters, *control_start, *control_sectors; /* behind game.control_* */
} pl_event;

struct tw_plan {
    const tw_scenario *s; /* borrowed */
    const tw_world *w;    /* borrowed */
    pl_event *events;     /* [s->nevents] */
    int *group_is_sector;         /* [s->ngroups] */
    unsigned char **group_mask;   /* [s->ngroups], over countries or sectors */
};

#endif
