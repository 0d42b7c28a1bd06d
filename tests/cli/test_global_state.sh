#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# No global state in the library: no object of libtradewar.a may live in writable memory
# (.data, .bss, common or thread-local sections), so that models, solvers and games made in
# different threads share nothing. Constant tables are fine: with -fPIC, tables of pointers go
# to .data.rel.ro, which is read-only once relocated. Sanitizer and coverage instrumentation adds
# its own counters and metadata (clang names its anonymous ones __unnamed_N); those are not ours
# and are skipped.
. "$(dirname "$0")/lib.sh"
: "${TW_STATIC_LIB:?TW_STATIC_LIB must name libtradewar.a}"
expect_exit 0 objdump -t "$TW_STATIC_LIB"
awk '
    /^In archive/ { next }
    /file format/ { obj = $1; sub(/:$/, "", obj); next }
    # objdump -t: value, flags (one column per letter, blank when unset), section, size, name.
    # Thread-local variables carry no O flag, so every symbol in a writable section counts,
    # except the section symbols themselves.
    /\t[0-9a-f]+ / {
        name = $NF; sec = $(NF - 2)
        if (name == sec || sec ~ /^\.data\.rel\.ro/) next
        if (sec !~ /^(\.data|\.bss|\.tdata|\.tbss|\*COM\*)/) next
        if (name ~ /^(__asan|___asan|__ubsan|__tsan|__sancov|__llvm|__profc|__profd|__gcov|__unnamed_|\.L)/) next
        print obj " " sec " " name
    }' "$LAST_OUT" >"$TW_TMP/writable.txt"
if [ -s "$TW_TMP/writable.txt" ]; then
    fail "writable data in the library (object, section, symbol):
$(cat "$TW_TMP/writable.txt")"
fi
finish
