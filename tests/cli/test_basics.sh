#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The command line: help, version, exit codes and exact error messages, world show, solve.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny

expect_exit 0 "$TRADEWAR" --help
expect_stdout "Usage: tradewar COMMAND [OPTIONS]"
expect_exit 2 "$TRADEWAR"
expect_exit 2 "$TRADEWAR" frobnicate
expect_stderr_exact "tradewar: unknown command 'frobnicate'
Usage: tradewar COMMAND [OPTIONS]

A general-equilibrium simulator of trade wars and trade talks (Caliendo-Parro model).

Commands:
  world show   describe a world: countries, sectors, elasticities, data checks
  solve        solve a counterfactual given a shock file and report the changes
  run          evaluate a scenario's dated timeline, with branches and charts
  brief        the numbers readers cite for each date of a scenario (docs/brief.md)
  optimal      a government's optimal tariffs, everyone else keeping theirs
  war          a Nash tariff war among several governments
  escalate     rounds of retaliation by rules (tit-for-tat, caps, forgiveness ...)
  talks        negotiated tariffs from a threat point (Nash bargaining, equal gains)
  bargain      Nash bargaining over export controls (quotas in force as the threat)
  enforce      which agreements are self-enforcing, for which discount factors
  tariffs      effective tariff rates of a scenario from product-level schedules
  merge        combine the parts of a sweep written with --shard (docs/scale.md)
  serve        the local web page and its JSON API (docs/page.md, docs/api.md)

Options:
  --help       show this help (also after a command: tradewar solve --help)
  --version    print the version

Exit codes: 0 ok, 2 bad command line, 3 bad input data, 4 file not found or
unreadable, 5 solver did not converge, 6 numerical failure, 70 internal error,
130 interrupted (partial results, marked as such).
See docs/cli.md."
# The version is the one in CMakeLists.txt, as the library reports it, on stdout alone.
: "${TW_VERSION:?TW_VERSION must be the project version}"
expect_exit 0 "$TRADEWAR" --version
expect_stdout_exact "tradewar $TW_VERSION"
expect_stderr_exact ""
expect_exit 0 "$TRADEWAR" solve --help
expect_stdout "Usage: tradewar solve --shock FILE"
expect_exit 0 "$TRADEWAR" world --help

# world show: table and JSON
expect_exit 0 "$TRADEWAR" world show --world "$TINY"
expect_stdout "World tiny: 3 economies x 3 sectors (2 goods, 1 services); values in USD million"
expect_exit 0 "$TRADEWAR" world show --world "$TINY" --json
expect_stdout '"sectors":[{"code":"AGR","name":"Agriculture","theta":8,"goods":true}'
expect_stdout '"countries":[{"code":"HOME","name":"Home"'

# Usage errors (exit 2)
expect_exit 2 "$TRADEWAR" solve --world "$TINY"
expect_stderr_exact "tradewar solve: missing --shock FILE
Try 'tradewar solve --help'."
expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock x.csv --deficits sometimes
expect_stderr "--deficits expects fixed, zero or proportional, got 'sometimes'"
expect_exit 2 "$TRADEWAR" solve --bogus
expect_stderr "unknown option '--bogus'"
expect_exit 2 "$TRADEWAR" world show --world
expect_stderr "--world needs a value"

# Missing files and worlds (exit 4)
expect_exit 4 "$TRADEWAR" world show --world nowhere
expect_stderr_exact "tradewar: error: world: no world named 'nowhere' (shipped: cp1993, icio2022, icio2022re, icio2022tech, liberation_day_2025, ossa2014; or give a directory)"
expect_exit 4 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/absent.csv"
expect_stderr_exact "$TW_TMP/absent.csv: error: cannot open: No such file or directory"

# Bad shock content (exit 3), with file:line:column and a suggestion
printf 'importer,exporter,sector,tariff\nHOME,FRO,AGR,0.5\n' > "$TW_TMP/typo.csv"
expect_exit 3 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/typo.csv"
expect_stderr_exact "$TW_TMP/typo.csv:2:6: error: exporter: unknown country code 'FRO' (did you mean 'FOR'?)"
printf 'importer,exporter,sector,tariff\nHOME,FOR,AGR,25%%%%\n' > "$TW_TMP/percent.csv"
expect_exit 3 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/percent.csv"
expect_stderr_exact "$TW_TMP/percent.csv:2:14: error: tariff: expected a number or a percentage, found '25%%'"

# Bad world content (exit 3)
mkdir -p "$TW_TMP/badworld"
cp "$TINY"/*.csv "$TW_TMP/badworld/"
printf 'exporter,importer,sector,value\nHOME,HOME,AGR,100\nHOME,FOR,AGR,-10\n' > "$TW_TMP/badworld/flows.csv"
expect_exit 3 "$TRADEWAR" world show --world "$TW_TMP/badworld"
expect_stderr_exact "$TW_TMP/badworld/flows.csv:3:14: error: value: expected a number >= 0, found '-10'"

# A solve: table, JSON, CSV
printf 'importer,exporter,sector,tariff\nHOME,FOR,goods,0.5\nFOR,HOME,goods,0.5\n' > "$TW_TMP/war.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/war.csv"
expect_stdout "World tiny (3 economies x 3 sectors), deficits fixed, trade elasticities sectors.csv"
expect_stdout "HOME   Home"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/war.csv" --json
expect_stdout '"solver":{"converged":true'
expect_stdout '{"exporter":"FOR","importer":"HOME","baseline":'
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/war.csv" --csv "$TW_TMP/out"
[ -s "$TW_TMP/out/countries.csv" ] && [ -s "$TW_TMP/out/trade.csv" ] && [ -s "$TW_TMP/out/output.csv" ] || fail "CSV files missing"
head -1 "$TW_TMP/out/countries.csv" | grep -q '^code,real_income_pct,tot_pct' || fail "countries.csv header"

# A solver that cannot converge within its budget says so and prints no result (exit 5).
expect_exit 5 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/war.csv" --max-iterations 2
expect_stderr "tradewar: error (not converged): the solver stopped after"
expect_stderr "no result is reported"
[ -s "$LAST_OUT" ] && fail "an unconverged solve printed a result"
expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/war.csv" --tolerance 1e-300
expect_stderr "--tolerance needs a number in [1e-14, 0.01]"
finish
