/* SPDX-License-Identifier: MIT */
/* Members that several JSON documents share (docs/json.md): a solver's record and the list of
 * warnings, written the same way by the command line's documents (io/json_documents.c) and the
 * server's summary document (serve/summary.c). */
#ifndef TW_IO_JSON_RECORDS_H
#define TW_IO_JSON_RECORDS_H

#include "io/json.h"
#include "tradewar/core.h"
#include "tradewar/io.h"
#include "tradewar/model.h"

/* key: {"converged", "iterations", "residual", "seconds"} of report r. */
void tw_json_solver_record(tw_json *js, const char *key, tw_solver_report r);
/* "warnings": every warning of list (may be NULL), with its position where it has one. */
void tw_json_warnings(tw_json *js, const tw_warnings *list);
/* "countries": every country's real income, average tariff and welfare at a game's outcome
 * (nothing when g->results is NULL), as the war and optimal documents list them. */
void tw_json_game_countries(tw_json *js, const tw_game_document *g);

#endif
