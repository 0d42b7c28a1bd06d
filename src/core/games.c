/* SPDX-License-Identifier: MIT */
/* The game vocabulary (tradewar/games.h): one table of names per enum, in the enum's order. */
#include "tradewar/games.h"

#include "core/spelling.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

static const char *const GAME_KINDS[] = {"best_response", "nash_war", "talks", "escalation",
                                           "bargain"};
static const char *const INSTRUMENTS[] = {"uniform", "sector", "partner-sector"};
static const char *const RULES[] = {"hold", "tit-for-tat", "proportional", "best-response"};
static const char *const TALKS_RULES[] = {"nash", "equal-gains"};
static const char *const THREATS[] = {"current", "war"};
static const char *const WAR_METHODS[] = {"auto", "best-response", "newton"};

/* Index of s in names (the spelling rule), or -1. */
static int lookup(const char *const *names, int n, const char *s)
{
    return s ? tw_name_find(names, n, s) : -1;
}

static const char *name_of(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : "unknown";
}

int tw_game_kind_parse(const char *s, tw_game_kind *out)
{
    int k = lookup(GAME_KINDS, COUNT(GAME_KINDS), s);
    if (k < 0)
        return -1;
    *out = (tw_game_kind)k;
    return 0;
}

const char *tw_game_kind_name(tw_game_kind k)
{
    return name_of(GAME_KINDS, COUNT(GAME_KINDS), (int)k);
}

int tw_instrument_kind_parse(const char *s, tw_instrument_kind *out)
{
    int k = lookup(INSTRUMENTS, COUNT(INSTRUMENTS), s);
    if (k < 0)
        return -1;
    *out = (tw_instrument_kind)k;
    return 0;
}

const char *tw_instrument_kind_name(tw_instrument_kind k)
{
    return name_of(INSTRUMENTS, COUNT(INSTRUMENTS), (int)k);
}

int tw_rule_parse(const char *s, tw_rule *out)
{
    int k = lookup(RULES, COUNT(RULES), s);
    if (k < 0)
        return -1;
    *out = (tw_rule)k;
    return 0;
}

const char *tw_rule_name(tw_rule r) { return name_of(RULES, COUNT(RULES), (int)r); }

int tw_talks_rule_parse(const char *s, tw_talks_rule *out)
{
    int k = lookup(TALKS_RULES, COUNT(TALKS_RULES), s);
    if (k < 0)
        return -1;
    *out = (tw_talks_rule)k;
    return 0;
}

const char *tw_talks_rule_name(tw_talks_rule r)
{
    return name_of(TALKS_RULES, COUNT(TALKS_RULES), (int)r);
}

int tw_war_method_parse(const char *s, tw_war_method *out)
{
    int k = lookup(WAR_METHODS, COUNT(WAR_METHODS), s);
    if (k < 0)
        return -1;
    *out = (tw_war_method)k;
    return 0;
}

const char *tw_war_method_name(tw_war_method m)
{
    return name_of(WAR_METHODS, COUNT(WAR_METHODS), (int)m);
}

int tw_threat_point_parse(const char *s, tw_threat_point *out)
{
    /* "today" is the program's name for the policy in force (tradewar talks --threat). */
    int k = tw_name_equal(s, "today") ? TW_THREAT_CURRENT : lookup(THREATS, COUNT(THREATS), s);
    if (k < 0)
        return -1;
    *out = (tw_threat_point)k;
    return 0;
}

const char *tw_threat_point_name(tw_threat_point t)
{
    return name_of(THREATS, COUNT(THREATS), (int)t);
}
