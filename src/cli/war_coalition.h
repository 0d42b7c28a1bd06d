/* SPDX-License-Identifier: MIT */
/* `tradewar war --coalition NAME=CODES` (src/cli/cmd_war_coalition.c). */
#ifndef TW_CLI_WAR_COALITION_H
#define TW_CLI_WAR_COALITION_H

#include "cli/strategy_cli.h"

/* The war among the coalitions specs[nspecs] ("NAME=CODES", repeatable) and the countries of
 * players_s (NULL: none; "all": every country in no coalition) playing alone, each choosing
 * one tariff level (tw_game_coalition_war) on every non-member, or with among on the other
 * players' members only. Prints the table or the JSON document (c->json). Usage errors name
 * the option, also for the options a coalition cannot take (an --instrument other than
 * uniform, --only-increases, --method if method_given, --draws). @return an exit code. */
int tw_cli_war_coalitions(const tw_sc_common *c, const char *players_s,
                          const char *const *specs, int nspecs, int among, int method_given,
                          const tw_war_options *wo);

#endif
