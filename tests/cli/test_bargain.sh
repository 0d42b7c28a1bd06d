#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar bargain` (src/cli/cmd_bargain.c) on ossa2014, where a bargain takes a fraction of
# a second: the table exactly (the wall time masked); the JSON document (docs/json.md) agrees
# with the table and with itself (the players' gains are their countries' real-income changes,
# the caps at the deal follow from the levels, both players gain: Pareto), and exactly as
# expected with its numbers rounded to 1e-6; the same bargain as
# a scenario's game event (`tradewar run`) gives the same real incomes at the disagreement
# point to 1e-9 points, and at the deal to 1e-4 points (the scenario's solves start from
# another equilibrium, so COBYLA stops at another point within its tolerance of 1e-4 per level;
# measured 5.6e-6, against gains of 0.06 and 0.2 points); bad command lines exit 2 with the
# option and the text, a bad world file exits 3 with file:line:col.
. "$(dirname "$0")/lib.sh"
cd "$TW_SOURCE_DIR"
ARGS=(--world ossa2014 --players USA,CHN --control USA:OSD:0.5 --control CHN:ELE:0.5)

expect_exit 0 "$TRADEWAR" bargain --help
expect_stdout "--control SPEC       EXPORTER:SECTORS:SHARE"

expect_exit 0 "$TRADEWAR" bargain "${ARGS[@]}"
sed -i 's/, [0-9.]* s$/, S s/' "$LAST_OUT"
expect_stdout_exact "Bargain over 2 export controls among 2 players (Nash), world ossa2014
status: converged

control                       in force   level  cap at deal
USA:OSD                          50.0%   0.004        99.8%
CHN:ELE                          50.0%   0.219        89.0%
(a control is EXPORTER:SECTORS, the exporter's quotas on its sales to the other
players; caps as % of the baseline flow; level: share of the cut kept, 1 = in
force, 0 = lifted)

player    weight V disagreement       V deal   gain, points
USA            1       0.997345     0.999375        0.20308
CHN            1       0.999660     1.000267        0.06066

other     disagreement, %      deal, %   gain, points
ROW               0.02548      0.00533       -0.02015
BRA               0.01854      0.00046       -0.01809
EU                0.01249      0.00305       -0.00944
JPN               0.00669      0.00174       -0.00495
IND               0.00559      0.00134       -0.00426
(V: real income relative to the baseline; gain: 100 (V deal - V disagreement),
percentage points of baseline real income; other: the 5 other countries the
deal moves most, real income against the baseline, %)

solver: converged, 49 equilibrium solves, log Nash product -2.198361, check 0, S s"

expect_exit 0 "$TRADEWAR" bargain "${ARGS[@]}" --json
cp "$LAST_OUT" "$TW_TMP/bargain.json"
# The document exactly, every number times 1e6 and rounded (the last digits of a double are
# not part of the contract) and the wall time left out.
jq -c 'del(.solver.seconds) | walk(if type == "number" then (. * 1e6 | round) else . end)' \
    "$TW_TMP/bargain.json" > "$LAST_OUT"
expect_stdout_exact '{"schema_version":1000000,"world":"ossa2014","status":"converged","players":[{"code":"USA","weight":1000000,"payoff_disagreement":997345,"payoff_deal":999375,"gain_points":203076,"gain_pct":203617},{"code":"CHN","weight":1000000,"payoff_disagreement":999660,"payoff_deal":1000267,"gain_points":60655,"gain_pct":60676}],"controls":[{"exporter":"USA","importers":["CHN"],"sectors":["OSD"],"level":3765,"lifted":false,"cap_share_in_force":500000,"cap_share_deal":998117},{"exporter":"CHN","importers":["USA"],"sectors":["ELE"],"level":219221,"lifted":false,"cap_share_in_force":500000,"cap_share_deal":890389}],"countries":[{"code":"BRA","real_income_pct_disagreement":18543,"real_income_pct_deal":456,"gain_points":-18087},{"code":"CHN","real_income_pct_disagreement":-33966,"real_income_pct_deal":26689,"gain_points":60655},{"code":"EU","real_income_pct_disagreement":12486,"real_income_pct_deal":3045,"gain_points":-9441},{"code":"IND","real_income_pct_disagreement":5594,"real_income_pct_deal":1337,"gain_points":-4257},{"code":"JPN","real_income_pct_disagreement":6692,"real_income_pct_deal":1740,"gain_points":-4953},{"code":"ROW","real_income_pct_disagreement":25479,"real_income_pct_deal":5328,"gain_points":-20151},{"code":"USA","real_income_pct_disagreement":-265546,"real_income_pct_deal":-62470,"gain_points":203076}],"solver":{"converged":true,"no_gain":false,"interrupted":false,"evaluations":49000000,"nlopt_code":4000000,"log_nash":-2198361,"check_gain":0}}'
# Rounded as the table shows them, and consistent within the document (1e-9: the document's
# numbers are the same doubles, combined once).
jq -e '
  .schema_version == 1 and .world == "ossa2014" and .status == "converged"
  and .solver.converged and (.solver.no_gain | not) and .solver.evaluations == 49
  and ([.controls[] | .level * 1000 | round] == [4, 219])
  and ([.controls[] | .exporter] == ["USA", "CHN"])
  and ([.controls[] | .importers] == [["CHN"], ["USA"]])
  and ([.controls[] | .sectors] == [["OSD"], ["ELE"]])
  and all(.controls[]; (.cap_share_deal - (1 - .level * (1 - .cap_share_in_force))) | fabs < 1e-12)
  and all(.players[]; .gain_points > 0)
  and ([.players[] | .gain_points * 100000 | round] == [20308, 6066])
  and ([.players[] as $p | .countries[] | select(.code == $p.code)
        | .gain_points - (.real_income_pct_deal - .real_income_pct_disagreement) | fabs]
       | max < 1e-12)
  and ([.players[] as $p | .countries[] | select(.code == $p.code) as $c
        | $p.gain_points - $c.gain_points | fabs] | max < 1e-9)
  and (.countries | length == 7)' "$TW_TMP/bargain.json" >/dev/null ||
    fail "the bargain document is inconsistent: $(head -c 400 "$TW_TMP/bargain.json")"

# The same bargain as a scenario's game event.
cat > "$TW_TMP/bargain.yaml" <<'YAML'
title: the bargain of tests/cli/test_bargain.sh
world: ossa2014
baseline: 2025-01-01
events:
  - date: 2025-01-15
    label: controls
    export_controls:
      - {importers: CHN, exporters: USA, sectors: OSD, cap: 50%, rent: exporter}
      - {importers: USA, exporters: CHN, sectors: ELE, cap: 50%, rent: exporter}
  - date: 2025-06-09
    label: bargain
    game:
      type: bargain
      players: [USA, CHN]
      controls:
        - {exporter: USA, sectors: OSD}
        - {exporter: CHN, sectors: ELE}
YAML
expect_exit 0 "$TRADEWAR" run "$TW_TMP/bargain.yaml" --json
jq -e --slurpfile b "$TW_TMP/bargain.json" '
  [.steps[0].countries[] as $c | $b[0].countries[] | select(.code == $c.code)
   | .real_income_pct_disagreement - $c.real_income_pct | fabs] as $d
  | [.steps[1].countries[] as $c | $b[0].countries[] | select(.code == $c.code)
     | .real_income_pct_deal - $c.real_income_pct | fabs] as $e
  | ($d | length) == 7 and ($e | length) == 7 and ($d | max) < 1e-9 and ($e | max) < 1e-4' \
    "$LAST_OUT" >/dev/null || fail "tradewar run's bargain event differs from tradewar bargain"

# Bad command lines: exit 2, the option and the offending text.
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN
expect_stderr "missing --control EXPORTER:SECTORS:SHARE"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control USA:OSD
expect_stderr "--control 'USA:OSD': expected EXPORTER:SECTORS:SHARE"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control JPN:ELE:0.5
expect_stderr "--control 'JPN:ELE:0.5': exporter JPN is not a player"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control USB:ELE:0.5
expect_stderr "--control 'USB:ELE:0.5': unknown country 'USB' (did you mean 'USA'?)"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control USA:ELX:0.5
expect_stderr "--control 'USA:ELX:0.5': unknown sector 'ELX' (did you mean 'ELE'?)"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control USA:ELE,ELE:0.5
expect_stderr "sector ELE given twice"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control USA:ELE:1
expect_stderr "--control 'USA:ELE:1': SHARE must be a number above 0 and below 1, got '1'"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA,CHN --control USA:ELE:half
expect_stderr "got 'half'"
expect_exit 2 "$TRADEWAR" bargain --world ossa2014 --players USA --control USA:ELE:0.5
expect_stderr "a bargain needs at least two players"
expect_exit 2 "$TRADEWAR" bargain "${ARGS[@]}" --weights 1,2,3
expect_exit 2 "$TRADEWAR" bargain "${ARGS[@]}" --grid 9
expect_stderr "--grid needs a whole number from 2 to 5"
expect_exit 2 "$TRADEWAR" bargain "${ARGS[@]}" --instrument sector
expect_stderr "do not apply to a bargain"
expect_exit 2 "$TRADEWAR" bargain "${ARGS[@]}" --draws 10
# A bad world file: exit 3 with file:line:col and the field.
cp -r data/ossa2014 "$TW_TMP/badworld"
sed -i '3s/,[^,]*$/,abc/' "$TW_TMP/badworld/flows.csv"
expect_exit 3 "$TRADEWAR" bargain --world "$TW_TMP/badworld" --players USA,CHN --control USA:OSD:0.5
expect_stderr "badworld/flows.csv:3:13: error: value: expected a number, found 'abc'"
finish
