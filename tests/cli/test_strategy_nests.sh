#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Strategy commands on a world with CES input nests: the US optimal uniform tariff on the
# rare-earth world with its critical inputs at sigma = 0.5 (payoff gradients through the CES
# production block), table and JSON (the option spelt with an underscore and '='); exact usage
# errors of the nest options.
. "$(dirname "$0")/lib.sh"

expect_exit 2 "$TRADEWAR" optimal --world icio2022re --country USA --critical-elasticity abc
expect_stderr_exact "tradewar optimal: --critical-elasticity expects an elasticity of substitution in [0, 20], got 'abc'
Try 'tradewar optimal --help'."
expect_exit 2 "$TRADEWAR" optimal --world icio2022re --country USA --input-elasticity XX:C26=0.5
expect_stderr_exact "tradewar optimal: unknown sector 'XX' in --input-elasticity
Try 'tradewar optimal --help'."
expect_exit 0 "$TRADEWAR" optimal --help
expect_stdout "--critical-elasticity X"

expect_exit 0 "$TRADEWAR" optimal --world icio2022re --critical-elasticity 0.5 --country USA
expect_stdout "Optimal tariffs of USA (United States), instrument uniform, world icio2022re"
expect_stdout "status: converged"
expect_stdout "real income, % against the baseline              0.0000     0.2636"
expect_stdout "average tariff, %                                  4.82      15.40"
expect_exit 0 "$TRADEWAR" optimal --world icio2022re --critical_elasticity=0.5 --country USA --json
expect_stdout '"status":"converged"'
expect_stdout '"solver":{"converged":true,'
finish
