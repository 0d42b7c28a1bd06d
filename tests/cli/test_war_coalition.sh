#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar war --coalition NAME=CODES` (src/cli/cmd_war_coalition.c, tradewar/coalition.h) on
# ossa2014, where a war among three players takes a fraction of a second: the table exactly
# (the wall time masked); the JSON document (docs/json.md "War among coalitions") exactly with
# its numbers rounded to 1e-6, and consistent with itself (a lone player's payoff is its real
# income, a coalition's lies between its members', its average tariff on its targets at the
# war is its level); with --among-players the targets are the other players' members; a
# coalition of one is the plain uniform war (`war --players`, Newton on the first-order
# conditions): the levels agree to 1e-4 and real incomes to 1e-3 points (measured 1.6e-5 and
# 3e-5). Both wars stop on first-order conditions of 1e-6 (the game's kkt_tolerance, the war's
# tolerance), not on the levels: the payoffs' curvature in the level at this war is -0.044 to
# -0.052 (ln real income, second differences of step 0.01), so each level is within about
# 1e-6 / 0.044 = 2.3e-5 of the equilibrium, and the two wars' levels within 4.6e-5 (1e-4 leaves
# a factor of 2). Bad command lines exit 2 naming the option, with nothing on stdout.
. "$(dirname "$0")/lib.sh"
cd "$TW_SOURCE_DIR"
ARGS=(--world ossa2014 --coalition BRIC=BRA,CHN,IND --players USA,EU --quiet)

expect_exit 0 "$TRADEWAR" war --help
expect_stdout "--coalition NAME=CODES"

expect_exit 0 "$TRADEWAR" war "${ARGS[@]}"
sed -i 's/, [0-9.]* s$/, S s/' "$LAST_OUT"
expect_stdout_exact "Nash tariff war among 3 players (coalitions choosing one tariff level each), tariffs on everyone, world ossa2014
status: Nash equilibrium found

player     members tariff today,%   tariff war,%    payoff, %
BRIC             3          11.06          60.74       0.1123
USA              1           1.42          61.17       0.9332
EU               1           2.52          59.28       0.4173
(tariffs: average tariff on goods, weighted by baseline imports, of the members on
their targets; payoff: the members' payoffs, % against the baseline, weighted by
their baseline spending, docs/strategy.md 4b)
BRIC = BRA, CHN, IND: one tariff level, 60.7388%, on every good of its targets

real income in the war, % against the baseline:
country  name                               real income, %
BRA      Brazil                                    -0.5621
CHN      China                                      0.2180
EU       European Union                             0.4173
IND      India                                      0.0506
USA      United States                              0.9332
largest changes elsewhere:
ROW      Rest of the world                         -6.2849
JPN      Japan                                     -2.0609
world (income-weighted)                            -1.4352

solver: Nash equilibrium found, best responses, 3 rounds, 324 equilibrium solves, largest gain from re-optimising 4.3e-11 by BRIC, S s"

expect_exit 0 "$TRADEWAR" war "${ARGS[@]}" --json
cp "$LAST_OUT" "$TW_TMP/coalition.json"
jq -c 'del(.solver.seconds) | walk(if type == "number" then (. * 1e6 | round) else . end)' \
    "$TW_TMP/coalition.json" > "$LAST_OUT"
expect_stdout_exact '{"schema_version":1000000,"world":"ossa2014","instrument":"uniform","among_players":false,"services":false,"status":"Nash equilibrium found","coalitions":[{"name":"BRIC","members":["BRA","CHN","IND"],"targets":["EU","JPN","ROW","USA"],"rate":607388,"avg_tariff_goods_import_weighted_today_pct":11057111,"avg_tariff_goods_import_weighted_pct":60738845,"payoff_pct":112321},{"name":"USA","members":["USA"],"targets":["BRA","CHN","EU","IND","JPN","ROW"],"rate":611672,"avg_tariff_goods_import_weighted_today_pct":1419660,"avg_tariff_goods_import_weighted_pct":61167218,"payoff_pct":933208},{"name":"EU","members":["EU"],"targets":["BRA","CHN","IND","JPN","ROW","USA"],"rate":592788,"avg_tariff_goods_import_weighted_today_pct":2516684,"avg_tariff_goods_import_weighted_pct":59278769,"payoff_pct":417310}],"countries":[{"code":"BRA","real_income_pct":-562133,"avg_tariff_goods_import_weighted_pct":55311965,"welfare_pct":-562133},{"code":"CHN","real_income_pct":218011,"avg_tariff_goods_import_weighted_pct":59614715,"welfare_pct":218011},{"code":"EU","real_income_pct":417310,"avg_tariff_goods_import_weighted_pct":59278769,"welfare_pct":417310},{"code":"IND","real_income_pct":50631,"avg_tariff_goods_import_weighted_pct":52819886,"welfare_pct":50631},{"code":"JPN","real_income_pct":-2060861,"avg_tariff_goods_import_weighted_pct":4008564,"welfare_pct":-2060861},{"code":"ROW","real_income_pct":-6284906,"avg_tariff_goods_import_weighted_pct":5352010,"welfare_pct":-6284906},{"code":"USA","real_income_pct":933208,"avg_tariff_goods_import_weighted_pct":61167218,"welfare_pct":933208}],"solver":{"found":true,"converged":true,"verified":true,"interrupted":false,"method":"best-response","rounds":3000000,"last_change":0,"max_gain":0,"max_gain_coalition":"BRIC","gain_tolerance":0,"evaluations":324000000}}'
# Consistent within itself: the documents' numbers are the same doubles, combined once (1e-9);
# the tariffs at the war are exactly the level on every good of every target, so their
# average is the level to round-off (1e-9 points).
jq -e '
  .solver.found and .solver.verified and .solver.max_gain <= .solver.gain_tolerance
  and (.countries as $c | all(.coalitions[]; . as $k
        | [$c[] | select(.code as $x | $k.members | index($x)) | .real_income_pct] as $r
        | if ($k.members | length) == 1 then (.payoff_pct - $r[0] | fabs) < 1e-9
          else .payoff_pct > ($r | min) and .payoff_pct < ($r | max) end))
  and all(.coalitions[]; (.avg_tariff_goods_import_weighted_pct - 100 * .rate | fabs) < 1e-9)
  and all(.coalitions[]; (.members + .targets | sort) == ["BRA","CHN","EU","IND","JPN","ROW","USA"])' \
    "$TW_TMP/coalition.json" >/dev/null ||
    fail "the coalitions' document is inconsistent: $(head -c 400 "$TW_TMP/coalition.json")"

# On each other only: the targets are the other players' members (JPN and ROW stay out).
expect_exit 0 "$TRADEWAR" war "${ARGS[@]}" --among-players --json
jq -e '.among_players and .solver.found
  and ([.coalitions[] | .targets] == [["EU","USA"], ["BRA","CHN","EU","IND"], ["BRA","CHN","IND","USA"]])
  and all(.coalitions[]; (.avg_tariff_goods_import_weighted_pct - 100 * .rate | fabs) < 1e-9)' \
    "$LAST_OUT" >/dev/null || fail "--among-players: wrong targets or levels"

# A coalition of one is the plain war with one tariff each.
expect_exit 0 "$TRADEWAR" war --world ossa2014 --coalition U=USA --coalition C=CHN --players EU \
    --quiet --json
cp "$LAST_OUT" "$TW_TMP/ones.json"
expect_exit 0 "$TRADEWAR" war --world ossa2014 --players USA,CHN,EU --quiet --json
cp "$LAST_OUT" "$TW_TMP/plain.json"
jq -e -n --slurpfile a "$TW_TMP/ones.json" --slurpfile b "$TW_TMP/plain.json" '
  $a[0].solver.found and $b[0].status == "Nash equilibrium found"
  and ([$a[0].coalitions[] | .name] == ["U", "C", "EU"])
  and ([range(3) as $k | ["USA","CHN","EU"][$k] as $c
        | ($a[0].coalitions[$k].rate
           - ([$b[0].tariffs[] | select(.importer == $c) | .rate] | (add / length))) | fabs]
       | max < 1e-4)
  and ([range(7) as $k | $a[0].countries[$k].real_income_pct - $b[0].countries[$k].real_income_pct
        | fabs] | max < 1e-3)' >/dev/null ||
    fail "a coalition of one differs from the plain war"

# Bad command lines: exit 2, the option and the offending text, nothing on stdout.
bad() { # bad TEXT ARGS...: war --world ossa2014 ARGS exits 2 with TEXT on stderr
    local text=$1
    shift
    expect_exit 2 "$TRADEWAR" war --world ossa2014 --quiet "$@"
    expect_stderr "$text"
    [ -s "$LAST_OUT" ] && fail "stdout is not empty"
}
bad "--coalition BRIC: unknown country 'CHX' (did you mean 'CHN'?)" \
    --coalition BRIC=BRA,CHX --players USA
bad "--coalition X: country 'CHN' already plays in BRIC" \
    --coalition BRIC=BRA,CHN --coalition X=CHN,USA
bad "--players: country 'CHN' already plays in BRIC" --coalition BRIC=BRA,CHN --players CHN,USA
bad "a war needs at least two players: give another --coalition or --players" \
    --coalition BRIC=BRA,CHN
bad "--coalition expects NAME=CODES (NAME: 1 to 31 letters, digits, '_' or '-'), got '=BRA'" \
    --coalition =BRA --players USA
bad "got 'BRIC'" --coalition BRIC --players USA
bad "got 'B R=BRA'" --coalition "B R=BRA" --players USA
bad "--coalition: the name 'B' is given twice" --coalition B=BRA --coalition B=CHN
bad "--coalition: the name 'USA' is a country's code (only that country alone may have it)" \
    --coalition USA=CHN --players EU
bad "--coalition B: country 'BRA' is listed twice" --coalition B=BRA,BRA --players USA
bad "--coalition B: expected comma-separated country codes" --coalition B=BRA,,CHN --players USA
bad "--coalition does not take --instrument" --coalition B=BRA --players USA --instrument sector
bad "--coalition does not take --only-increases" --coalition B=BRA --players USA --only-increases
bad "--coalition does not take --method" --coalition B=BRA --players USA --method newton
bad "--coalition does not take --draws" --coalition B=BRA --players USA --draws 3
bad "--coalition needs NAME=CODES" --coalition
finish
