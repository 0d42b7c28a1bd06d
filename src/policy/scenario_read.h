/* SPDX-License-Identifier: MIT */
/* The parts of the scenario reader, one idea per file: the document (scenario.c), its dated
 * events and their instruments (scenario_events.c) and the games events state
 * (scenario_games.c), all written with the node helpers of policy/yaml_read.h. */
#ifndef TW_POLICY_SCENARIO_READ_H
#define TW_POLICY_SCENARIO_READ_H

#include "policy/yaml_read.h"

/* events[index], node n, into *e (zeroed by the caller); on failure *e may hold what was read
 * so far (free with tw_scenario_event_clear). */
tw_status tw_scenario_read_event(tw_yaml_reader *r, yaml_node_t *n, int index, sc_event *e);
/* The checks of s's events that need no world: dates after the baseline, not after the end
 * and in order; branches named by an earlier truce's outcomes. */
tw_status tw_scenario_check_events(tw_yaml_reader *r, const tw_scenario *s);
/* Frees what an event holds (its game included). */
void tw_scenario_event_clear(sc_event *e);

/* An event's `game` mapping, node n, into *g (zeroed by the caller); field names it in
 * messages. On failure *g may hold what was read so far (free with tw_scenario_game_clear). */
tw_status tw_scenario_read_game(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                sc_game *g);
/* Frees what a game holds. */
void tw_scenario_game_clear(sc_game *g);

#endif
