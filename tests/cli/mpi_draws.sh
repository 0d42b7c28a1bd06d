#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# MPI builds (-DTW_MPI=ON, docs/scale.md): `mpirun -n K tradewar ... --draws N` writes what the
# serial run writes, for 1, 2 and 3 ranks (timings aside), for solve and run. MPIRUN is the
# launcher (with --oversubscribe: CI machines have fewer cores than ranks).
. "$(dirname "$0")/lib.sh"
CP=$TW_SOURCE_DIR/data/cp1993
strip() { jq -S 'del(.point.solver.seconds, .point.baseline_solver.seconds, .point.steps[]?.solver.seconds)' "$1"; }
expect_exit 0 "$TRADEWAR" solve --world "$CP" --shock "$CP/nafta_2005.csv" --deficits zero --draws 7 --threads 1 --json
strip "$LAST_OUT" > "$TW_TMP/serial.json"
for n in 1 2 3; do
    expect_exit 0 $MPIRUN --oversubscribe -n $n "$TRADEWAR" solve --world "$CP" --shock "$CP/nafta_2005.csv" \
        --deficits zero --draws 7 --threads 1 --json
    strip "$LAST_OUT" > "$TW_TMP/mpi$n.json"
    cmp -s "$TW_TMP/serial.json" "$TW_TMP/mpi$n.json" || fail "solve on $n ranks differs from the serial run"
done
# run: the table's bands (the point's solver lines hold timings, so compare from the bands on).
expect_exit 0 "$TRADEWAR" run us_china_2025 --draws 3 --threads 1
sed -n '/^Uncertainty:/,$p' "$LAST_OUT" > "$TW_TMP/run_serial.txt"
expect_exit 0 $MPIRUN --oversubscribe -n 2 "$TRADEWAR" run us_china_2025 --draws 3 --threads 1
sed -n '/^Uncertainty:/,$p' "$LAST_OUT" > "$TW_TMP/run_mpi.txt"
[ -s "$TW_TMP/run_serial.txt" ] || fail "no bands in the serial run"
cmp -s "$TW_TMP/run_serial.txt" "$TW_TMP/run_mpi.txt" || fail "run on 2 ranks differs from the serial run"
finish
