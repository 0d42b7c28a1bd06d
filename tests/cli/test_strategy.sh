#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The strategy commands: optimal, war, escalate, talks, enforce — help, exact usage errors,
# tables and JSON on the tiny world, a small-gains negotiation on the default world, and a
# clean interruption by SIGINT.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny

for cmd in optimal war escalate talks enforce; do
    expect_exit 0 "$TRADEWAR" $cmd --help
    expect_stdout "Usage: tradewar $cmd"
done

# Usage errors (exit 2), exact messages.
expect_exit 2 "$TRADEWAR" optimal --world "$TINY"
expect_stderr_exact "tradewar optimal: missing --country CODE
Try 'tradewar optimal --help'."
expect_exit 2 "$TRADEWAR" optimal --world "$TINY" --country HOM
expect_stderr_exact "tradewar optimal: unknown country 'HOM' (did you mean 'HOME'?)
Try 'tradewar optimal --help'."
expect_exit 2 "$TRADEWAR" optimal --world "$TINY" --country HOME --instrument bogus
expect_stderr_exact "tradewar optimal: --instrument expects uniform, sector or partner-sector, got 'bogus'
Try 'tradewar optimal --help'."
expect_exit 2 "$TRADEWAR" optimal --world "$TINY" --country HOME --partners HOME
expect_stderr_exact "tradewar optimal: a country cannot be its own partner
Try 'tradewar optimal --help'."
expect_exit 2 "$TRADEWAR" optimal --world "$TINY" --country HOME --weights XYZ=1
expect_stderr "unknown sector 'XYZ'"
expect_exit 2 "$TRADEWAR" war --world "$TINY"
expect_stderr_exact "tradewar war: missing --players CODES
Try 'tradewar war --help'."
expect_exit 2 "$TRADEWAR" war --world "$TINY" --players HOME,HOME
expect_stderr_exact "tradewar war: country 'HOME' is listed twice
Try 'tradewar war --help'."
expect_exit 2 "$TRADEWAR" talks --world "$TINY" --players HOME
expect_stderr_exact "tradewar talks: talks need at least two players
Try 'tradewar talks --help'."
expect_exit 2 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules nice
expect_stderr_exact "tradewar escalate: unknown rule 'nice' (hold, tit-for-tat, proportional, best-response)
Try 'tradewar escalate --help'."
expect_exit 2 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules hold --start 2025-02-30
expect_stderr "--start expects a date YYYY-MM-DD, got '2025-02-30'"
expect_exit 2 "$TRADEWAR" enforce --world "$TINY" --players HOME,FOR --delta 1.5
expect_stderr_exact "tradewar enforce: --delta needs a number in [0, 1)
Try 'tradewar enforce --help'."
expect_exit 4 "$TRADEWAR" war --world /nonexistent/world --players A,B

# optimal: table and JSON with the required fields.
expect_exit 0 "$TRADEWAR" optimal --world "$TINY" --country HOME --instrument sector
expect_stdout "Optimal tariffs of HOME (Home), instrument sector, world tiny"
expect_stdout "status: converged"
expect_stdout "AGR        Agriculture"
expect_exit 0 "$TRADEWAR" optimal --world "$TINY" --country HOME --json
expect_stdout '"status":"converged"'
expect_stdout '"tariffs":[{"importer":"HOME","exporter":"FOR","sector":"AGR","rate":'
expect_stdout '"countries":[{"code":"HOME","real_income_pct":'
expect_stdout '"solver":{"converged":true,'
expect_exit 0 "$TRADEWAR" optimal --world "$TINY" --country FOR --instrument partner-sector \
    --only-increases --max-rate 0.5 --weights MAN=0.3
expect_stdout "(increases only)"

# war: found and verified.
expect_exit 0 "$TRADEWAR" war --world "$TINY" --players HOME,FOR,ROW --instrument sector
expect_stdout "status: Nash equilibrium found"
expect_exit 0 "$TRADEWAR" war --world "$TINY" --players all --json
expect_stdout '"solver":{"found":true,"converged":true,"verified":true,'
expect_exit 0 "$TRADEWAR" war --world "$TINY" --players HOME,FOR --among-players \
    --method best-response
expect_stdout "tariffs on each other"

# escalate: a tit-for-tat spiral stopped by caps, with dates.
expect_exit 0 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit-for-tat \
    --opening 0.1,0 --cap 0.2 --start 2025-02-04 --period-days 30
expect_stdout "    1  2025-02-04"
expect_stdout "    2  2025-03-06"
expect_stdout "end: cap after 5 rounds"
expect_exit 0 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR \
    --rules hold,tit-for-tat --opening 0.1,0 --forgive 0,2 --json
expect_stdout '"end":"fixed point"'
expect_stdout '"forgave":true'

# talks and enforce on the tiny world.
expect_exit 0 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --json
expect_stdout '"status":"converged"'
expect_exit 0 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --rule equal-gains
expect_stdout "status: converged"
# IPOPT (docs/strategy.md §6): SLSQP's deal, converged by the KKT rule; an unknown method
# is a usage error.
expect_exit 0 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --rule equal-gains \
    --threat today --instrument partner-sector --method ipopt
expect_stdout "solver: converged, "
expect_stdout "(IPOPT; KKT residual "
expect_stdout "FOR              3.00%         0.35%     1.000000     1.000203    0.0203"
expect_exit 0 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --method ipopt --json
expect_stdout '"status":"converged"'
expect_stdout '"solver":{"converged":true,'
expect_exit 2 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --method newton
expect_stderr_exact "tradewar talks: --method expects auto, slsqp, mma or ipopt
Try 'tradewar talks --help'."
expect_exit 2 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --method
expect_stderr "--method expects auto, slsqp, mma or ipopt"
expect_exit 2 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --method ipopt --draws 2
expect_stderr "--method does not apply to --draws"
# Two of Ossa's regions (66 tariffs, about 2 s): IPOPT meets the KKT rule with MMA's gains.
expect_exit 0 "$TRADEWAR" talks --world ossa2014 --players CHN,USA --threat today \
    --rule equal-gains --instrument partner-sector --max-rate 10 --method ipopt
expect_stdout "solver: converged, "
expect_stdout "USA              2.72%         0.00%     1.000000     1.003066    0.3066"
expect_exit 0 "$TRADEWAR" enforce --world "$TINY" --players HOME,FOR --agreement free-trade \
    --delta 0.95 --json
expect_stdout '"agreement":"free-trade"'
expect_stdout '"delta_star":'

# One spelling rule: a hyphen and an underscore are the same in names of rules, methods,
# instruments, threat points and agreements; the output is the same either way.
expect_exit 0 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit-for-tat \
    --opening 0.1,0 --cap 0.2 --json
cp "$LAST_OUT" "$TW_TMP/hyphen.json"
expect_exit 0 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit_for_tat \
    --opening 0.1,0 --cap 0.2 --json
cmp -s "$LAST_OUT" "$TW_TMP/hyphen.json" || fail "tit_for_tat and tit-for-tat differ"
expect_exit 0 "$TRADEWAR" optimal --world "$TINY" --country FOR --instrument partner_sector --json
expect_stdout '"instrument":"partner-sector"'
expect_exit 0 "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --rule equal_gains --threat today
expect_stdout "status: converged"
# A threat point outside the negotiated tariffs' bounds is refused, not moved to the bound:
# Japan's rice tariffs on ossa2014 (402% on the US) are above the default --max-rate of 200%.
expect_exit 3 "$TRADEWAR" talks --world ossa2014 --players JPN,USA --threat today \
    --instrument partner-sector
expect_stderr_exact "tradewar: error: max_rate: the threat point's tariff of JPN on USA in sector RIC is 401.8%, outside the negotiated tariffs' bounds [0%, 200%]: the gains would be measured from another point (raise the upper bound, --max-rate)"
expect_exit 0 "$TRADEWAR" war --world "$TINY" --players HOME,FOR --among-players \
    --method best_response
expect_stdout "tariffs on each other"
expect_exit 0 "$TRADEWAR" enforce --world "$TINY" --players HOME,FOR --agreement free_trade \
    --json
expect_stdout '"agreement":"free-trade"'
expect_exit 2 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit_for-tatt
expect_stderr "unknown rule 'tit_for-tatt'"
# ... and in the names of options.
expect_exit 0 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit-for-tat \
    --opening 0.1,0 --cap 0.2 --start 2025-02-04 --period_days 30
expect_stdout "    2  2025-03-06"
expect_exit 0 "$TRADEWAR" war --world "$TINY" --players HOME,FOR --among_players --max_rate=0.5
expect_stdout "tariffs on each other"

# The default world: gains from a deal out of the US-China war are small numbers (~0.2%),
# which once made the equal-gains optimiser stop at the threat point.
expect_exit 0 "$TRADEWAR" talks --players USA,CHN --rule equal-gains --json
expect_stdout '"status":"converged"'
if grep -q '"gain_pct":0,' "$LAST_OUT" || ! grep -q '"gain_pct":0\.' "$LAST_OUT"; then
    fail "the US-China deal should give both a positive gain"
fi

# SIGINT: a long war stops cleanly, reports partial results as such, exits with 130. The
# signal is sent once the program says it is running: with --progress, its first progress line
# on standard error comes after the SIGINT handler is installed (docs/cli.md), so a loaded
# machine cannot make the signal arrive too early (a fixed delay once did).
LAST_CMD="war --players all --progress (interrupted)"
"$TRADEWAR" war --players all --json --progress >"$LAST_OUT" 2>"$LAST_ERR" &
pid=$!
for _ in $(seq 1 1200); do
    [ -s "$LAST_ERR" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
done
[ -s "$LAST_ERR" ] || fail "the war printed no progress line within 60 s"
kill -INT $pid
wait $pid
got=$?
[ "$got" = 130 ] || fail "interrupted war exited with $got, expected 130"
expect_stderr "interrupted"
if grep -q '"found":true' "$LAST_OUT"; then
    fail "an interrupted war must not be reported as found"
fi

finish
