/* SPDX-License-Identifier: MIT */
/* Games stated in scenario files: a best_response or nash_war event gives exactly what the
 * strategy layer computes from the same policy, stays in force afterwards, and every mistake
 * in a game is reported at its place in the file. Also the shipped games scenario, checked
 * against economic reasoning. */
#include "test_util.h"

static tw_world *tiny;
static tw_model *model;

static int setup(void **state)
{
    (void)state;
    tw_error err;
    if (tw_world_load(TW_TEST_SOURCE_DIR "/tests/data/tiny", NULL, &tiny, &err) ||
        tw_model_create(tiny, NULL, &model, &err))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_model_free(model);
    tw_world_free(tiny);
    return 0;
}

#define HEAD "title: t\nworld: tiny\nbaseline: 2025-01-01\nevents:\n"

/* Loads text into *s and binds it to the tiny world into *p (both NULL on failure). */
static tw_status load_bind(const char *text, tw_scenario **s, tw_plan **p, tw_error *err)
{
    *p = NULL;
    tw_status st = tw_scenario_load_buffer("g.yaml", text, strlen(text), s, err);
    if (st)
        return st;
    st = tw_scenario_bind(*s, tiny, p, err);
    if (st) {
        tw_scenario_free(*s);
        *s = NULL;
    }
    return st;
}

static int c(const char *code) { return tw_world_country_index(tiny, code); }

/* Runs a scenario with games; returns Home's real income at its last step. */
static void last_home_income(const char *text, int steps_wanted, double *home_ri)
{
    tw_scenario *s;
    tw_plan *p;
    tw_error err;
    assert_ok(load_bind(text, &s, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, model, tw_scenario_game_solve, NULL, &t, &err), &err);
    assert_int_equal(tw_timeline_steps(t), steps_wanted);
    tw_timeline_step last = tw_timeline_step_get(t, steps_wanted - 1);
    assert_true(last.report.converged);
    *home_ri = last.results->country[c("HOME")].real_income_pct;
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
}

/* Games take the spelling rule: written with hyphens where the documentation has underscores
 * and the other way round, a game is the same game. */
static void games_take_either_spelling(void **state)
{
    (void)state;
    double a, b, x, y;
    last_home_income(HEAD "  - date: 2025-02-01\n    label: br\n"
                          "    game: {type: best_response, players: HOME, instrument: partner-sector,"
                          " only_increases: true, max_tariff: 50%}\n",
                     1, &a);
    last_home_income(HEAD "  - date: 2025-02-01\n    label: br\n"
                          "    game: {type: best-response, players: HOME, instrument: partner_sector,"
                          " only-increases: true, max-tariff: 50%}\n",
                     1, &b);
    assert_close(b, a, 0.0, "best_response and best-response");
    last_home_income(HEAD "  - date: 2025-02-01\n    label: esc\n"
                          "    game: {type: escalation, players: [HOME, FOR], rules: [tit-for-tat,"
                          " best-response], openings: [10%, 0], forgive_after: [0, 2], rounds: 4}\n",
                     1, &x);
    last_home_income(HEAD "  - date: 2025-02-01\n    label: esc\n"
                          "    game: {type: escalation, players: [HOME, FOR], rules: [tit_for_tat,"
                          " best_response], openings: [10%, 0], forgive-after: [0, 2], rounds: 4}\n",
                     1, &y);
    assert_close(y, x, 0.0, "tit-for-tat and tit_for_tat");
}

static void best_response_matches_strategy(void **state)
{
    (void)state;
    double ri;
    last_home_income(HEAD "  - date: 2025-02-01\n    label: br\n"
                          "    game: {type: best_response, players: HOME, instrument: sector}\n",
                     1, &ri);
    /* The same best response computed directly from today's policy. */
    tw_error err;
    tw_game *g;
    assert_ok(tw_game_create(model, NULL, &g, &err), &err);
    tw_policy *start, *out;
    assert_ok(tw_policy_create(model, &start), NULL);
    assert_ok(tw_policy_create(model, &out), NULL);
    tw_instrument ins = {c("HOME"), TW_INSTRUMENT_SECTOR, NULL, 0, 0, 0, 0.0, 0.0};
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(g, &ins, NULL, start, out, eq, &rep, &err), &err);
    tw_results *r = tw_results_create(model);
    assert_ok(tw_results_compute(model, eq, r), NULL);
    /* Same computation from the same start: identical up to the equilibrium tolerance. */
    assert_close(ri, r->country[c("HOME")].real_income_pct, 1e-8, "Home's real income");
    assert_true(ri > 0); /* a best response from free-ish trade gains (terms of trade) */
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(start);
    tw_policy_free(out);
    tw_game_free(g);
}

static void war_stays_in_force(void **state)
{
    (void)state;
    /* A war, then an unrelated change: the war's tariffs remain (the second step differs from
     * the first only by the barrier on ROW). */
    const char *text = HEAD "  - date: 2025-02-01\n    label: war\n"
                            "    game: {type: nash_war, players: [HOME, FOR], instrument: uniform}\n"
                            "  - date: 2025-03-01\n    label: later\n"
                            "    barriers:\n      - {importers: ROW, exporters: FOR, iceberg_hat: 1.01}\n";
    tw_scenario *s;
    tw_plan *p;
    tw_error err;
    assert_ok(load_bind(text, &s, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, model, tw_scenario_game_solve, NULL, &t, &err), &err);
    tw_timeline_step a = tw_timeline_step_get(t, 0), b = tw_timeline_step_get(t, 1);
    int N = a.results->d.n, home = c("HOME"), fr = c("FOR");
    double t_hf = a.bilateral_tariff[(size_t)home * N + fr];
    assert_true(t_hf > 0.0);
    assert_close(b.bilateral_tariff[(size_t)home * N + fr], t_hf, 0.0, "war tariff kept");
    assert_close(b.bilateral_tariff[(size_t)fr * N + home],
                 a.bilateral_tariff[(size_t)fr * N + home], 0.0, "war tariff kept");
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
}

/* Talks from a war: the event's deal is the one tw_game_talks finds from the war's policy, and it
 * leaves each player at least as well off as the war. */
static void talks_from_war(void **state)
{
    (void)state;
    const char *text = HEAD "  - date: 2025-02-01\n    label: war\n"
                            "    game: {type: nash_war, players: [HOME, FOR], instrument: uniform}\n"
                            "  - date: 2025-03-01\n    label: deal\n"
                            "    game: {type: talks, players: [HOME, FOR], instrument: uniform,"
                            " weights: [2, 1]}\n";
    tw_scenario *s;
    tw_plan *p;
    tw_error err;
    assert_ok(load_bind(text, &s, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, model, tw_scenario_game_solve, NULL, &t, &err), &err);
    tw_timeline_step war = tw_timeline_step_get(t, 0), deal = tw_timeline_step_get(t, 1);
    int home = c("HOME"), fr = c("FOR");
    assert_true(deal.results->country[home].real_income_pct >=
                war.results->country[home].real_income_pct);
    assert_true(deal.results->country[fr].real_income_pct >=
                war.results->country[fr].real_income_pct);
    /* The same negotiation run directly from the war's policy. */
    tw_game *g;
    assert_ok(tw_game_create(model, NULL, &g, &err), &err);
    tw_policy *start, *warp, *dealp;
    assert_ok(tw_policy_create(model, &start), NULL);
    assert_ok(tw_policy_create(model, &warp), NULL);
    assert_ok(tw_policy_create(model, &dealp), NULL);
    int ph = fr, pf = home;
    tw_instrument ins[2] = {{home, TW_INSTRUMENT_UNIFORM, &ph, 1, 0, 0, 0.0, 0.0},
                            {fr, TW_INSTRUMENT_UNIFORM, &pf, 1, 0, 0, 0.0, 0.0}};
    tw_equilibrium *eq = tw_equilibrium_create(model);
    double gains[2], wt[2], wd[2], weights[2] = {2, 1};
    tw_war_report wr;
    assert_ok(tw_game_nash_war(g, ins, 2, NULL, NULL, start, warp, eq, gains, &wr, &err), &err);
    tw_talks_options to;
    tw_talks_options_init(&to);
    to.weights = weights;
    tw_talks_report tr;
    assert_ok(tw_game_talks(g, ins, 2, NULL, &to, warp, dealp, eq, wt, wd, &tr, &err), &err);
    tw_results *r = tw_results_create(model);
    assert_ok(tw_results_compute(model, eq, r), NULL);
    assert_close(deal.results->country[home].real_income_pct, r->country[home].real_income_pct,
                 1e-8, "Home's real income in the deal");
    assert_close(deal.results->country[fr].real_income_pct, r->country[fr].real_income_pct,
                 1e-8, "Foreign's real income in the deal");
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(start);
    tw_policy_free(warp);
    tw_policy_free(dealp);
    tw_game_free(g);
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
}

/* An escalation event ends where tw_game_escalate's path ends. */
static void escalation_end_point(void **state)
{
    (void)state;
    const char *text = HEAD "  - date: 2025-02-01\n    label: esc\n"
                            "    game: {type: escalation, players: [HOME, FOR], rules: [tit-for-tat,"
                            " tit-for-tat], openings: [10%, 0], caps: [0, 5%], rounds: 10}\n";
    tw_scenario *s;
    tw_plan *p;
    tw_error err;
    assert_ok(load_bind(text, &s, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, model, tw_scenario_game_solve, NULL, &t, &err), &err);
    tw_timeline_step end = tw_timeline_step_get(t, 0);
    tw_game *g;
    assert_ok(tw_game_create(model, NULL, &g, &err), &err);
    tw_policy *start, *out;
    assert_ok(tw_policy_create(model, &start), NULL);
    assert_ok(tw_policy_create(model, &out), NULL);
    tw_escalation_player pl[2] = {
        {.country = c("HOME"), .rule = TW_RULE_TIT_FOR_TAT, .factor = 1, .opening = 0.1},
        {.country = c("FOR"), .rule = TW_RULE_TIT_FOR_TAT, .factor = 1, .cap = 0.05}};
    pl[0].kind = pl[1].kind = TW_INSTRUMENT_SECTOR;
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_escalation *path = NULL;
    assert_ok(tw_game_escalate(g, pl, 2, 10, start, out, eq, &path, &err), &err);
    assert_int_equal(path->end, TW_END_CAP);
    tw_results *r = tw_results_create(model);
    assert_ok(tw_results_compute(model, eq, r), NULL);
    for (int k = 0; k < 2; k++)
        assert_close(end.results->country[pl[k].country].real_income_pct,
                     r->country[pl[k].country].real_income_pct, 1e-8, "player %d", k);
    tw_results_free(r);
    tw_escalation_free(path);
    tw_equilibrium_free(eq);
    tw_policy_free(start);
    tw_policy_free(out);
    tw_game_free(g);
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
}

typedef struct bad {
    const char *text, *message; /* exact, formatted */
} bad;

static const bad cases[] = {
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: cold_war, players: HOME}\n",
     "g.yaml:7:18: error: events[0].game.type: expected best_response, nash_war, talks, "
     "escalation or bargain, found 'cold_war'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: bargain, players: [HOME, FOR]}\n",
     "g.yaml:7:11: error: events[0].game: expected key 'controls' (a list of {exporter, "
     "sectors}: the export controls in force to bargain over), found none"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: bargain, players: [HOME, FOR], "
          "controls: []}\n",
     "g.yaml:7:59: error: events[0].game.controls: expected a list of 1 to 8 controls "
     "({exporter, sectors}), found a list of another length"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: bargain, players: [HOME, FOR], "
          "controls: [{exporter: [HOME, FOR], sectors: A}]}\n",
     "g.yaml:7:78: error: events[0].game.controls[0].exporter: expected one exporter (a "
     "player), found 2"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: bargain, players: [HOME, FOR], "
          "controls: [{exporter: HOME}]}\n",
     "g.yaml:7:60: error: events[0].game.controls[0]: expected key 'sectors', found none"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: [HOME, FOR], "
          "controls: [{exporter: HOME, sectors: A}]}\n",
     "g.yaml:7:60: error: events[0].game.controls: only a bargain has controls"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: escalation, players: [HOME, FOR]}\n",
     "g.yaml:7:11: error: events[0].game: expected key 'rules' (one per player: hold, "
     "tit-for-tat, proportional or best-response), found none"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: escalation, players: [HOME, FOR], "
          "rules: [tit-for-tat]}\n",
     "g.yaml:7:59: error: events[0].game.rules: expected one entry per player (2), found 1"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: escalation, players: [HOME, FOR], "
          "rules: [tit-for-tat, revenge]}\n",
     "g.yaml:7:73: error: events[0].game.rules: expected hold, tit-for-tat, proportional or "
     "best-response, found 'revenge'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: escalation, players: [HOME, FOR], "
          "rules: [hold, hold], openings: [10%, 2000%]}\n",
     "g.yaml:7:89: error: events[0].game.openings: expected an opening addition in [0, 10] "
     "(0.1 or 10%), found '2000%'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: escalation, players: [HOME, FOR], "
          "rules: [hold, hold], rounds: 0}\n",
     "g.yaml:7:81: error: events[0].game.rounds: expected a whole number of rounds (1 to 1000), "
     "found '0'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: [HOME, FOR], "
          "caps: [1, 1]}\n",
     "g.yaml:7:56: error: events[0].game.caps: only an escalation has caps"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: talks, players: [HOME, FOR], "
          "weights: [1]}\n",
     "g.yaml:7:56: error: events[0].game.weights: expected one weight per player (2), found 1"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: talks, players: [HOME, FOR], "
          "weights: [1, -2]}\n",
     "g.yaml:7:60: error: events[0].game.weights: expected a bargaining weight > 0, found '-2'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: talks, players: [HOME, FOR], "
          "rule: equal-gains, weights: [1, 2]}\n",
     "g.yaml:7:75: error: events[0].game.weights: weights are for Nash bargaining (rule: nash); "
     "equal gains have none"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: [HOME, FOR], "
          "threat: war}\n",
     "g.yaml:7:58: error: events[0].game.threat: only talks have a rule, a threat point and "
     "weights (a bargain: weights)"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: talks, players: [HOME, FOR], "
          "threat: peace}\n",
     "g.yaml:7:55: error: events[0].game.threat: expected current or war, found 'peace'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: best_response, players: [HOME, FOR]}\n",
     "g.yaml:7:42: error: events[0].game.players: a best response has one player, found 2"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: HOME}\n",
     "g.yaml:7:37: error: events[0].game.players: a Nash war needs at least two players, "
     "country codes (a player is one government, not a group), found only 'HOME'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: all}\n",
     "g.yaml:7:37: error: events[0].game.players: a Nash war needs at least two players, "
     "country codes (a player is one government, not a group), found only 'all'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: [HOME, FRO]}\n",
     "g.yaml:7:44: error: events[0].game.players: unknown country code 'FRO' (did you mean "
     "'FOR'?)"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: [HOME, all]}\n",
     "g.yaml:7:44: error: events[0].game.players: expected a country code (a player is one "
     "government), found the group 'all'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: nash_war, players: [HOME, HOME]}\n",
     "g.yaml:7:44: error: events[0].game.players: player 'HOME' is listed twice"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: best_response, players: HOME, "
          "instrument: partner}\n",
     "g.yaml:7:60: error: events[0].game.instrument: expected uniform, sector or "
     "partner-sector, found 'partner'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: best_response, players: HOME, "
          "max_tariff: 20}\n",
     "g.yaml:7:60: error: events[0].game.max_tariff: expected a tariff rate > 0 and <= 10 "
     "(1.5 or 150%), found '20'"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: best_response, players: HOME, "
          "turns: 3}\n",
     "g.yaml:7:48: error: events[0].game.turns: unknown key 'turns'; expected one of: type, "
     "players, against, instrument, only_increases, max_tariff, rule, threat, weights, rules, "
     "openings, caps, factors, forgive_after, rounds, controls"},
    {HEAD "  - date: 2025-02-01\n    label: x\n    game: {type: best_response, players: HOME}\n"
          "    truce: {days: 90}\n",
     "g.yaml:8:12: error: events[0].truce: a truce pauses listed changes and cannot hold a "
     "game: state the game in an event of its own"},
};

static void every_error_message(void **state)
{
    (void)state;
    int bad_cases = 0;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        tw_scenario *s = NULL;
        tw_plan *p = NULL;
        tw_error err;
        tw_status st = load_bind(cases[k].text, &s, &p, &err);
        char msg[2048];
        tw_error_format(&err, msg, sizeof msg);
        if (st != TW_ERR_INPUT || strcmp(msg, cases[k].message) != 0) {
            fprintf(stderr, "case %zu:\n  got      %s\n  expected %s\n", k, msg,
                    cases[k].message);
            bad_cases++;
        }
        tw_plan_free(p);
    tw_scenario_free(s);
    }
    assert_int_equal(bad_cases, 0);
}

static void games_need_a_solver(void **state)
{
    (void)state;
    tw_scenario *s;
    tw_plan *p;
    tw_error err;
    assert_ok(load_bind(HEAD "  - date: 2025-02-01\n    label: x\n"
                             "    game: {type: best_response, players: HOME}\n",
                        &s, &p, &err),
              &err);
    assert_true(tw_scenario_has_games(s));
    tw_timeline *t;
    assert_int_equal(tw_test_timeline_run(p, model, NULL, NULL, &t, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "needs a game solver"));
    assert_int_equal(err.line, 7);
    tw_plan_free(p);
    tw_scenario_free(s);
}

/* The shipped scenario: from the April 2025 peak, the US best response to China's 125% is far
 * below 145 points (the peak tariff hurt the US: its optimal tariff, about 1/(theta (1 - share))
 * with the default elasticities, is near 10%), and it raises US real income above the peak's;
 * in the Nash war that follows both are better off than at the peak, whose tariffs were far
 * above optimal for both; the deal negotiated from the war leaves both at least as well off as
 * the war. */
static void shipped_games_scenario(void **state)
{
    (void)state;
    /* Under ThreadSanitizer (TW_TEST_THREADS_ONLY=1, .ci/run) its four games on the default
     * world take minutes; the games above run the same threaded code on the tiny world. */
    const char *threads_only = getenv("TW_TEST_THREADS_ONLY");
    if (threads_only && strcmp(threads_only, "1") == 0)
        skip();
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &w, &err), &err);
    tw_model *m;
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    tw_scenario *s;
    assert_ok(tw_scenario_load(TW_TEST_SOURCE_DIR "/scenarios/us_china_2025_games.yaml", &s, &err),
              &err);
    tw_plan *p;
    assert_ok(tw_scenario_bind(s, w, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, m, tw_scenario_game_solve, NULL, &t, &err), &err);
    assert_int_equal(tw_timeline_steps(t), 4);
    int usa = tw_world_country_index(w, "USA"), chn = tw_world_country_index(w, "CHN");
    int N = tw_world_dims(w).n;
    tw_timeline_step peak = tw_timeline_step_get(t, 0), br = tw_timeline_step_get(t, 1),
                     war = tw_timeline_step_get(t, 2), deal = tw_timeline_step_get(t, 3);
    double us_peak = peak.bilateral_tariff[(size_t)usa * N + chn];
    double us_br = br.bilateral_tariff[(size_t)usa * N + chn];
    assert_true(us_peak > 1.4);
    assert_true(us_br < 0.5 && us_br > 0.0);
    assert_true(br.results->country[usa].real_income_pct >
                peak.results->country[usa].real_income_pct);
    assert_true(war.results->country[usa].real_income_pct >
                peak.results->country[usa].real_income_pct);
    assert_true(war.results->country[chn].real_income_pct >
                peak.results->country[chn].real_income_pct);
    /* A deal leaves each side at least as well off as its threat point, the war. */
    assert_true(deal.results->country[usa].real_income_pct >=
                war.results->country[usa].real_income_pct);
    assert_true(deal.results->country[chn].real_income_pct >=
                war.results->country[chn].real_income_pct);
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
    tw_model_free(m);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(best_response_matches_strategy),
        cmocka_unit_test(games_take_either_spelling),
        cmocka_unit_test(war_stays_in_force),
        cmocka_unit_test(talks_from_war),
        cmocka_unit_test(escalation_end_point),
        cmocka_unit_test(every_error_message),
        cmocka_unit_test(games_need_a_solver),
        cmocka_unit_test(shipped_games_scenario),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
