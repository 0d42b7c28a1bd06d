/* SPDX-License-Identifier: MIT */
/* The game vocabulary (tradewar/games.h) and the spelling rule it is matched with
 * (src/core/spelling.h): every name parses to its value and back, hyphens and underscores are
 * the same character, nothing else is forgiven. */
#include "test_util.h"

#include "core/spelling.h"

static void spelling_rule(void **state)
{
    (void)state;
    assert_true(tw_name_equal("best-response", "best_response"));
    assert_true(tw_name_equal("best_response", "best-response"));
    assert_true(tw_name_equal("tit-for_tat", "tit_for-tat"));
    assert_true(tw_name_equal("", ""));
    assert_false(tw_name_equal("best-response", "best response"));
    assert_false(tw_name_equal("best-response", "Best-response")); /* case matters */
    assert_false(tw_name_equal("best-response", "best-responses"));
    assert_false(tw_name_equal("best", "best-response"));
    assert_false(tw_name_equal(NULL, "x"));
    assert_false(tw_name_equal("x", NULL));
    assert_true(tw_name_equal_n("--max_rate=2", "--max-rate", 10));
    assert_true(tw_name_equal_n("max", "max-rate", 3));
    assert_false(tw_name_equal_n("max", "max-rate", 4));
    assert_false(tw_name_equal_n("max-rote", "max_rate", 8));
    static const char *const names[] = {"hold", "tit-for-tat", "snap_back"};
    assert_int_equal(tw_name_find(names, 3, "tit_for_tat"), 1);
    assert_int_equal(tw_name_find(names, 3, "snap-back"), 2);
    assert_int_equal(tw_name_find(names, 3, "snapback"), -1);
}

/* Each parse accepts the documented name and its other spelling and gives the value whose
 * name is the documented one. */
static void names_round_trip(void **state)
{
    (void)state;
    static const char *const kinds[] = {"best_response", "nash_war", "talks", "escalation"};
    for (int k = 0; k < 4; k++) {
        tw_game_kind v = (tw_game_kind)-1;
        assert_int_equal(tw_game_kind_parse(kinds[k], &v), 0);
        assert_int_equal(v, k);
        assert_string_equal(tw_game_kind_name(v), kinds[k]);
    }
    static const char *const instruments[] = {"uniform", "sector", "partner-sector"};
    for (int k = 0; k < 3; k++) {
        tw_instrument_kind v = (tw_instrument_kind)-1;
        assert_int_equal(tw_instrument_kind_parse(instruments[k], &v), 0);
        assert_int_equal(v, k);
        assert_string_equal(tw_instrument_kind_name(v), instruments[k]);
    }
    static const char *const rules[] = {"hold", "tit-for-tat", "proportional", "best-response"};
    for (int k = 0; k < 4; k++) {
        tw_rule v = (tw_rule)-1;
        assert_int_equal(tw_rule_parse(rules[k], &v), 0);
        assert_int_equal(v, k);
        assert_string_equal(tw_rule_name(v), rules[k]);
    }
    tw_talks_rule tr;
    assert_int_equal(tw_talks_rule_parse("nash", &tr), 0);
    assert_int_equal(tr, TW_TALKS_NASH_BARGAINING);
    assert_int_equal(tw_talks_rule_parse("equal-gains", &tr), 0);
    assert_int_equal(tr, TW_TALKS_EQUAL_GAINS);
    assert_string_equal(tw_talks_rule_name(tr), "equal-gains");
    static const char *const methods[] = {"auto", "best-response", "newton"};
    for (int k = 0; k < 3; k++) {
        tw_war_method v = (tw_war_method)-1;
        assert_int_equal(tw_war_method_parse(methods[k], &v), 0);
        assert_int_equal(v, k);
        assert_string_equal(tw_war_method_name(v), methods[k]);
    }
    tw_war_method wm;
    assert_int_equal(tw_war_method_parse("best_response", &wm), 0);
    assert_int_equal(wm, TW_WAR_BEST_RESPONSE);
    assert_int_equal(tw_war_method_parse("newton", &wm), 0);
    assert_int_equal(wm, TW_WAR_JOINT_FOC);
    tw_threat_point tp;
    assert_int_equal(tw_threat_point_parse("war", &tp), 0);
    assert_int_equal(tp, TW_THREAT_WAR);
    assert_int_equal(tw_threat_point_parse("current", &tp), 0);
    assert_int_equal(tp, TW_THREAT_CURRENT);
    assert_string_equal(tw_threat_point_name(TW_THREAT_WAR), "war");
    /* The program's name for the policy in force. */
    tp = TW_THREAT_WAR;
    assert_int_equal(tw_threat_point_parse("today", &tp), 0);
    assert_int_equal(tp, TW_THREAT_CURRENT);
}

static void other_spellings_and_unknown_names(void **state)
{
    (void)state;
    tw_game_kind gk;
    assert_int_equal(tw_game_kind_parse("best-response", &gk), 0);
    assert_int_equal(gk, TW_GAME_BEST_RESPONSE);
    assert_int_equal(tw_game_kind_parse("nash-war", &gk), 0);
    assert_int_equal(gk, TW_GAME_NASH_WAR);
    tw_instrument_kind ik;
    assert_int_equal(tw_instrument_kind_parse("partner_sector", &ik), 0);
    assert_int_equal(ik, TW_INSTRUMENT_PARTNER_SECTOR);
    tw_rule r;
    assert_int_equal(tw_rule_parse("tit_for_tat", &r), 0);
    assert_int_equal(r, TW_RULE_TIT_FOR_TAT);
    assert_int_equal(tw_rule_parse("best_response", &r), 0);
    assert_int_equal(r, TW_RULE_BEST_RESPONSE);
    tw_talks_rule tr;
    assert_int_equal(tw_talks_rule_parse("equal_gains", &tr), 0);
    assert_int_equal(tr, TW_TALKS_EQUAL_GAINS);
    /* Unknown names and NULL leave the value alone. */
    r = TW_RULE_HOLD;
    assert_int_equal(tw_rule_parse("titfortat", &r), -1);
    assert_int_equal(tw_rule_parse("tit for tat", &r), -1);
    assert_int_equal(tw_rule_parse(NULL, &r), -1);
    assert_int_equal(r, TW_RULE_HOLD);
    assert_int_equal(tw_game_kind_parse("war", &gk), -1);
    assert_int_equal(tw_instrument_kind_parse("", &ik), -1);
    tw_threat_point tp;
    assert_int_equal(tw_threat_point_parse("peace", &tp), -1);
    assert_string_equal(tw_rule_name((tw_rule)7), "unknown");
    assert_string_equal(tw_game_kind_name((tw_game_kind)-1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spelling_rule),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(other_spellings_and_unknown_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
