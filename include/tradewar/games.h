/* SPDX-License-Identifier: MIT */
/* The vocabulary of games, owned once for the layers that speak it: scenario files
 * (tradewar/scenario.h), the strategy layer (tradewar/strategy.h) and the program. Kinds of
 * games, escalation rules, tariff instruments, bargaining rules, war methods and threat points,
 * each with its names. Every *_parse takes hyphens and underscores alike ("best-response" is
 * "best_response", docs/scenario-format.md); every *_name gives the documented spelling. */
#ifndef TRADEWAR_GAMES_H
#define TRADEWAR_GAMES_H

#include "tradewar/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A game stated in a scenario event (docs/scenario-format.md, "Games"). Names: best_response,
 * nash_war, talks, escalation. */
typedef enum tw_game_kind {
    TW_GAME_BEST_RESPONSE = 0, /* one player's optimal tariffs, the others' as they are */
    TW_GAME_NASH_WAR = 1,      /* a Nash tariff war among the players */
    TW_GAME_TALKS = 2,         /* a negotiated deal among the players */
    TW_GAME_ESCALATION = 3,    /* rounds of moves by each player's rule, to their end */
    TW_GAME_BARGAIN = 4        /* Nash bargaining over the levels of export controls in force */
} tw_game_kind;

/* Which tariffs a government chooses. Names: uniform, sector, partner-sector. */
typedef enum tw_instrument_kind {
    TW_INSTRUMENT_UNIFORM = 0,      /* one rate on all partners and sectors */
    TW_INSTRUMENT_SECTOR = 1,       /* one rate per sector, on all partners */
    TW_INSTRUMENT_PARTNER_SECTOR = 2 /* one rate per partner and sector */
} tw_instrument_kind;

/* How a player moves in an escalation. Names: hold, tit-for-tat, proportional,
 * best-response. */
typedef enum tw_rule {
    TW_RULE_HOLD = 0,          /* keeps its tariffs after its opening move */
    TW_RULE_TIT_FOR_TAT = 1,   /* matches, sector by sector, the change each other player made
                                * last round to its tariffs on this player (rises and cuts) */
    TW_RULE_PROPORTIONAL = 2,  /* the same change times `factor` */
    TW_RULE_BEST_RESPONSE = 3  /* sets its tariffs on the other players to its best response
                                * (instrument `kind`, additions to today's tariffs) */
} tw_rule;

/* How talks split the gains. Names: nash, equal-gains. */
typedef enum tw_talks_rule {
    /* Nash bargaining: maximise sum_p beta_p ln(V_p - V_p^threat) subject to V_p >= V_p^threat */
    TW_TALKS_NASH_BARGAINING = 0,
    /* Ossa (2014): maximise the common gain s subject to V_p / V_p^threat - 1 = s for all
     * players (equal proportional gains) */
    TW_TALKS_EQUAL_GAINS = 1
} tw_talks_rule;

/* How a Nash war is searched for. Names: auto, best-response, newton. */
typedef enum tw_war_method {
    TW_WAR_AUTO = 0,          /* joint first-order conditions, then best responses from
                               * where they stopped if they did not converge */
    TW_WAR_BEST_RESPONSE = 1, /* damped Gauss-Seidel best-response iteration */
    TW_WAR_JOINT_FOC = 2      /* Newton-Broyden on all players' first-order conditions */
} tw_war_method;

/* Where talks start from, and what the players fall back on without a deal. Names: current
 * (also today: the program's --threat spelling), war. */
typedef enum tw_threat_point {
    TW_THREAT_CURRENT = 0, /* the policy in force */
    TW_THREAT_WAR = 1      /* the players' Nash war from the policy in force */
} tw_threat_point;

/* Each parse reads a name into *out. @return 0, or -1 if the name is unknown or NULL (*out
 * unchanged). Each name function returns the documented spelling, "unknown" for a value
 * outside the enum. */
TW_API int tw_game_kind_parse(const char *s, tw_game_kind *out);
TW_API const char *tw_game_kind_name(tw_game_kind k);
TW_API int tw_instrument_kind_parse(const char *s, tw_instrument_kind *out);
TW_API const char *tw_instrument_kind_name(tw_instrument_kind k);
TW_API int tw_rule_parse(const char *s, tw_rule *out);
TW_API const char *tw_rule_name(tw_rule r);
TW_API int tw_talks_rule_parse(const char *s, tw_talks_rule *out);
TW_API const char *tw_talks_rule_name(tw_talks_rule r);
TW_API int tw_war_method_parse(const char *s, tw_war_method *out);
TW_API const char *tw_war_method_name(tw_war_method m);
TW_API int tw_threat_point_parse(const char *s, tw_threat_point *out);
TW_API const char *tw_threat_point_name(tw_threat_point t);

#ifdef __cplusplus
}
#endif
#endif
