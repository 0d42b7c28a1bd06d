/* SPDX-License-Identifier: MIT */
/* Output: where documents are written (a file or a growable memory buffer), and the JSON
 * documents of every result (docs/json.md). The command-line program prints exactly these, and
 * so will a web server or a language binding. Every writer returns TW_ERR_IO when a write or
 * the final flush fails, so that a full disk or a closed pipe is never reported as success. */
#ifndef TRADEWAR_IO_H
#define TRADEWAR_IO_H

#include <stdio.h>

#include "tradewar/core.h"
#include "tradewar/model.h"
#include "tradewar/scenario.h"
#include "tradewar/strategy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The "schema_version" every JSON document carries (docs/json.md: raised when a field is
 * removed or changes meaning; adding fields keeps the version). */
#define TW_JSON_SCHEMA_VERSION 1

/* A growable, NUL-terminated memory buffer. Zero-initialise it (or tw_buffer_init); writers
 * append; tw_buffer_release frees the memory (NULL-safe) and leaves an empty buffer. */
typedef struct tw_buffer {
    char *data; /* NUL-terminated text, or NULL while empty */
    size_t len; /* bytes written, without the terminating NUL */
    size_t cap; /* bytes allocated */
} tw_buffer;

TW_API void tw_buffer_init(tw_buffer *b);
TW_API void tw_buffer_release(tw_buffer *b);
/* Appends len bytes. @return TW_OK or TW_ERR_NOMEM (the buffer is unchanged). */
TW_API tw_status tw_buffer_append(tw_buffer *b, const char *data, size_t len);

/* Where a writer writes: a file (borrowed, not closed; flushed at the end of each document)
 * or a buffer (borrowed; appended to). Exactly one is set. */
typedef struct tw_sink {
    FILE *file;
    tw_buffer *buffer;
} tw_sink;

static inline tw_sink tw_sink_file(FILE *f)
{
    tw_sink s = {f, NULL};
    return s;
}
static inline tw_sink tw_sink_buffer(tw_buffer *b)
{
    tw_sink s = {NULL, b};
    return s;
}

/* Writes len bytes to out. @return TW_OK, TW_ERR_IO (file write failed), TW_ERR_NOMEM. */
TW_API tw_status tw_sink_write(tw_sink out, const char *data, size_t len);

/* --- JSON documents (docs/json.md lists every field, its unit and its definition) --- */

/* The world document (`tradewar world show --json`): metadata, countries, sectors, nests and
 * the data checks. m is the model of w with default options (its baseline gap against the
 * data is reported) or NULL when the baseline did not solve. */
TW_API tw_status tw_json_write_world(tw_sink out, const tw_world *w, const tw_model *m,
                                     tw_error *err);

/* What the solve document (`tradewar solve --json`) reports: one counterfactual. */
typedef struct tw_solve_document {
    const tw_model *model;      /* its world, deficit closure and input nests in force */
    const tw_results *results;  /* tw_results_compute of the counterfactual */
    const char *shock;          /* the shock's name, e.g. the file as given */
    tw_solver_report baseline;  /* tw_model_baseline_report */
    tw_solver_report solver;    /* the counterfactual's solve */
    /* Optional: the counterfactual's equilibrium. At a horizon other than the long run, or
     * with sector-specific factors, the document then has "horizon" and "factors" (the
     * returns to each sector's specific factors and the mobile wage, docs/json.md). */
    const tw_equilibrium *equilibrium;
    /* Listed as the document's "warnings" (may be NULL: none), e.g. the shock file's
     * (tw_shock_apply_file_warn) and tw_results_warn's for every country. */
    const tw_warnings *warnings;
} tw_solve_document;

/* Writes the solve document. @return TW_OK, TW_ERR_IO (a write or the flush failed),
 * TW_ERR_NOMEM. Borrows everything. */
TW_API tw_status tw_json_write_solve(tw_sink out, const tw_solve_document *doc, tw_error *err);

/* The timeline document (`tradewar run --json`): every step of every branch of timeline t of
 * plan p (its scenario bound to its world), with the groups the scenario shows (players, then
 * watched). @return TW_OK, TW_ERR_IO, TW_ERR_NOMEM. */
TW_API tw_status tw_json_write_timeline(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                        tw_error *err);

/* --- Game documents (`tradewar optimal|war|escalate|talks|enforce --json`) --- */

/* What every game document has: the outcome's tariffs ("tariffs": [j][n][i] entries of the
 * importers on the partners), every country's real income and average tariff at the outcome
 * ("countries"), and a status sentence. */
typedef struct tw_game_document {
    const tw_model *model;
    const tw_policy *today;     /* where the game starts: today's tariffs */
    const tw_policy *chosen;    /* the outcome's tariffs */
    const tw_results *results;  /* the outcome against the baseline; NULL if not solved */
    const int *importers;       /* whose tariffs "tariffs" lists */
    int n_importers;
    const int *partners;        /* on these exporters only; n_partners 0: all others */
    int n_partners;
    int services;               /* the chosen tariffs include services (else goods only) */
    tw_instrument_kind instrument;
    const char *status;         /* "converged", "interrupted", "not converged", ... */
    int interrupted;            /* the caller stopped the computation (Ctrl-C) */
} tw_game_document;

/* A government's optimal tariffs (tw_game_best_response). */
typedef struct tw_optimal_document {
    tw_game_document game;
    const tw_instrument *instrument; /* country, partners, only_increases */
    const tw_results *today_results; /* today's policy against the baseline */
    tw_optimize_report report;
} tw_optimal_document;

/* A Nash tariff war (tw_game_nash_war). */
typedef struct tw_war_document {
    tw_game_document game;
    const tw_instrument *players; /* [n_players]: each player's country and partners */
    int n_players;
    int among_players;            /* the players set tariffs on each other only */
    const double *gains;          /* [n_players] gains from deviating, or NULL */
    double gain_tolerance;
    tw_war_report report;
} tw_war_document;

/* An escalation path (tw_game_escalate). */
typedef struct tw_escalation_document {
    tw_game_document game;
    const tw_escalation_player *players; /* [n_players] */
    int n_players;
    const tw_escalation *path;
    const char *const *round_dates; /* [path->rounds + 1] labels of the rounds ("today", dates) */
} tw_escalation_document;

/* Trade talks (tw_game_talks): game.chosen is the deal. */
typedef struct tw_talks_document {
    tw_game_document game;
    const tw_instrument *players; /* [n_players] */
    int n_players;
    tw_talks_rule rule;
    int threat_war;                 /* the threat point is the players' Nash war (else today) */
    const tw_policy *threat;        /* the threat point's tariffs */
    const double *v_threat, *v_deal; /* [n_players] payoff levels */
    double delta;                   /* discount factor of the truce values */
    int truce_periods;
    int threat_war_found;
    tw_talks_report report;
} tw_talks_document;

/* Self-enforcing agreements (tw_game_enforce): game.chosen is the agreement. */
typedef struct tw_enforce_document {
    tw_game_document game;
    const int *players; /* [n_players] country indices */
    int n_players;
    const char *agreement;          /* "today", "deal" or "free-trade" */
    int punish_periods;             /* 0: for ever */
    double delta;                   /* a discount factor to test, NAN for none */
    const tw_enforce_result *res;   /* [n_players] */
    int converged;                  /* every deviation converged */
    int war_found;
} tw_enforce_document;

/* Write the game documents. @return TW_OK, TW_ERR_IO, TW_ERR_NOMEM; borrow everything. */
TW_API tw_status tw_json_write_optimal(tw_sink out, const tw_optimal_document *doc, tw_error *err);
TW_API tw_status tw_json_write_war(tw_sink out, const tw_war_document *doc, tw_error *err);
TW_API tw_status tw_json_write_escalation(tw_sink out, const tw_escalation_document *doc,
                                          tw_error *err);
TW_API tw_status tw_json_write_talks(tw_sink out, const tw_talks_document *doc, tw_error *err);
TW_API tw_status tw_json_write_enforce(tw_sink out, const tw_enforce_document *doc, tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
