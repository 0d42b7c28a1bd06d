#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The shared library's ABI is exactly the public headers: every function declared in
# include/tradewar/*.h (and the generated tradewar/version.h) is exported, and nothing else is.
# The first catches a declaration without TW_API or without a definition; the second an internal
# helper that leaked. The compiler lists the declarations (GCC's -aux-info), so any header added
# later is covered without touching this script, and each header must compile on its own.
. "$(dirname "$0")/lib.sh"
: "${TW_SHARED_LIB:?TW_SHARED_LIB must name the shared library}"
: "${TW_BUILD_INCLUDE:?TW_BUILD_INCLUDE must name the generated include directory}"
include_dirs=("$TW_SOURCE_DIR/include" "$TW_BUILD_INCLUDE")
: >"$TW_TMP/declared.txt"
nheaders=0
for dir in "${include_dirs[@]}"; do
    for h in "$dir"/tradewar/*.h; do
        [ -f "$h" ] || continue
        nheaders=$((nheaders + 1))
        name=$(basename "$h")
        printf '#include "tradewar/%s"\n' "$name" >"$TW_TMP/tu.c"
        expect_exit 0 gcc -std=c17 -Wall -Werror -fsyntax-only -I"$TW_SOURCE_DIR/include" \
            -I"$TW_BUILD_INCLUDE" -aux-info "$TW_TMP/aux.txt" "$TW_TMP/tu.c"
        [ -s "$LAST_ERR" ] && fail "tradewar/$name does not compile on its own"
        # Lines look like: /* /path/include/tradewar/core.h:25:NC */ extern ... tw_status_name (...);
        # C marks a declaration (F a definition, e.g. a static inline helper, not exported).
        awk -v h="$h" '
            $1 == "/*" {
                split($2, loc, ":")
                if (loc[1] != h || loc[3] !~ /C/) next
                text = $0
                sub(/^[^*]*\*[^*]*\*\/ */, "", text)
                if (match(text, /[A-Za-z_][A-Za-z0-9_]* \(/))
                    print substr(text, RSTART, RLENGTH - 2)
            }' "$TW_TMP/aux.txt" >>"$TW_TMP/declared.txt"
    done
done
[ "$nheaders" -gt 1 ] || fail "no public headers found"
sort -u "$TW_TMP/declared.txt" -o "$TW_TMP/declared.txt"
[ -s "$TW_TMP/declared.txt" ] || fail "no declarations found in the public headers"

# Defined dynamic symbols, less the ones the linker adds to every shared object (and, in
# instrumented builds, the section bounds and hooks of the sanitizer and coverage runtimes).
expect_exit 0 nm -D --defined-only "$TW_SHARED_LIB"
awk 'NF >= 3 { print $3 }' "$LAST_OUT" |
    grep -vxE '_init|_fini|_edata|_end|__bss_start|__(start|stop)_.*|__(asan|ubsan|tsan|sancov|lsan)_.*' |
    sort -u >"$TW_TMP/exported.txt"

missing=$(comm -23 "$TW_TMP/declared.txt" "$TW_TMP/exported.txt")
extra=$(comm -13 "$TW_TMP/declared.txt" "$TW_TMP/exported.txt")
[ -z "$missing" ] || fail "declared in include/tradewar but not exported (no TW_API, or not defined):
$missing"
[ -z "$extra" ] || fail "exported but not declared in include/tradewar (an internal symbol leaked):
$extra"
echo "$(wc -l <"$TW_TMP/declared.txt") functions declared and exported"
finish
