/* SPDX-License-Identifier: MIT */
/* Internal form of a scenario: what the YAML reader produces and the timeline consumes. */
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
    /* Bound: membership masks over countries and sectors. */
    unsigned char *imask, *emask, *smask;
} sc_change;

enum sc_outcome_kind { SC_SNAP_BACK, SC_EXTEND, SC_PERMANENT };

typedef struct sc_outcome {
    char name[64];
    int kind;
    int days; /* SC_EXTEND */
    int line, col;
} sc_outcome;

/* A game of an event (docs/scenario-format.md, "Games"). */
typedef struct sc_game {
    int present;
    int kind;             /* tw_scenario_game_kind */
    sc_names players, against;
    int instrument;       /* tw_instrument_kind value */
    int only_increases;
    double max_tariff;    /* 0: default */
    int talks_rule, threat_war;
    double *weights;      /* [players.n] or NULL */
    /* Escalation: per player. */
    int *rules, *forgive_after;
    double *openings, *caps, *factors;
    int rounds;
    char field[160];
    int line, col;
    /* Bound: country indices. */
    int *player_idx, *against_idx;
    int n_players, n_against;
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
    int is_sector;        /* bound */
    unsigned char *mask;  /* bound, over countries or sectors */
} sc_group;

struct tw_scenario {
    char file[512];
    char *title, *description, *world, *elasticities;
    tw_deficit_closure deficits;
    char baseline[11];
    int baseline_day;
    int end_day; /* INT_MAX when open */
    int ref_first; /* results against the first step instead of the baseline */
    int has_critical;            /* critical_elasticity given */
    double critical_elasticity;  /* elasticity of every input nest of the world */
    sc_names players, watch;
    sc_group *groups;
    int ngroups;
    sc_event *events;
    int nevents;
    const tw_model *m; /* bound model, or NULL */
};

#endif
