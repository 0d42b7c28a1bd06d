# SPDX-License-Identifier: MIT
# Helpers for CLI tests. Source this file; then call `expect_exit CODE CMD...` and
# `expect_stderr TEXT` / `expect_stdout TEXT` to check the last command's output exactly or by
# substring. Every failure is reported with the command and what was seen; the script's exit
# status is the number of failures.
set -u
: "${TRADEWAR:?TRADEWAR must name the program under test}"
: "${TW_SOURCE_DIR:?TW_SOURCE_DIR must name the source tree}"
TW_TMP=${TW_TMP:-$(mktemp -d)}
rm -rf "$TW_TMP"
mkdir -p "$TW_TMP"
FAILURES=0
LAST_OUT=$TW_TMP/last.out
LAST_ERR=$TW_TMP/last.err
LAST_CMD=""

fail() {
    echo "FAIL: $*" >&2
    echo "  command: $LAST_CMD" >&2
    echo "  stdout (head): $(head -c 600 "$LAST_OUT")" >&2
    echo "  stderr (head): $(head -c 600 "$LAST_ERR")" >&2
    FAILURES=$((FAILURES + 1))
}

# expect_exit CODE CMD ARGS... : runs the command, checks its exit code.
expect_exit() {
    local want=$1
    shift
    LAST_CMD="$*"
    "$@" >"$LAST_OUT" 2>"$LAST_ERR"
    local got=$?
    if [ "$got" != "$want" ]; then
        fail "exit code $got, expected $want"
    fi
}

# expect_stderr_exact TEXT: the last command's stderr is exactly TEXT (plus a newline).
expect_stderr_exact() {
    local want=$1
    if [ "$(cat "$LAST_ERR")" != "$want" ]; then
        fail "stderr differs; expected: $want"
    fi
}

# expect_stdout_exact TEXT: the last command's stdout is exactly TEXT (plus a newline).
expect_stdout_exact() {
    local want=$1
    if [ "$(cat "$LAST_OUT")" != "$want" ]; then
        fail "stdout differs; expected: $want"
    fi
}

# expect_stderr TEXT / expect_stdout TEXT: substring checks.
expect_stderr() {
    grep -qF -- "$1" "$LAST_ERR" || fail "stderr lacks: $1"
}
expect_stdout() {
    grep -qF -- "$1" "$LAST_OUT" || fail "stdout lacks: $1"
}

finish() {
    if [ "$FAILURES" -gt 0 ]; then
        echo "$FAILURES check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
    exit 0
}

# same_bands_on_threads WHAT CMD ARGS...: CMD ARGS --threads 1 --json and --threads 2 --json
# succeed and give the same "uncertainty" object. Under ThreadSanitizer (.ci/run sets
# TW_TEST_THREADS_ONLY=1) the draw tests run only these checks, and only their two-thread run
# (the draws on two threads are what that stage looks at; the full scripts took ten minutes
# there): the other stages compare the thread counts.
same_bands_on_threads() {
    local what=$1
    shift
    if ! threads_only; then
        expect_exit 0 "$@" --threads 1 --json
        jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/bands_t1.json" || fail "$what: invalid JSON"
    fi
    expect_exit 0 "$@" --threads 2 --json
    jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/bands_t2.json" || fail "$what: invalid JSON"
    jq -e '.draws > 0' "$TW_TMP/bands_t2.json" >/dev/null || fail "$what: no bands"
    threads_only && return
    cmp -s "$TW_TMP/bands_t1.json" "$TW_TMP/bands_t2.json" ||
        fail "$what: bands differ between 1 and 2 threads"
}
# threads_only: true under ThreadSanitizer (.ci/run sets TW_TEST_THREADS_ONLY=1), where a script
# runs only its checks that start threads (draws, games with several players): the others run
# on one thread, where that sanitizer can find nothing, and run in the other stages.
threads_only() { [ "${TW_TEST_THREADS_ONLY:-0}" = 1 ]; }
