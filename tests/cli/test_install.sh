#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The installed library: install into a temporary prefix, build examples/nafta.c against it with
# pkg-config alone, run it on the installed cp1993 world, and check the published figures; the
# same for the two-thread example.
. "$(dirname "$0")/lib.sh"
build=$(dirname "$TRADEWAR")
prefix=$TW_TMP/prefix
expect_exit 0 cmake --install "$build" --prefix "$prefix"
pcdir=$(dirname "$(find "$prefix" -name tradewar.pc | head -1)")
[ -n "$pcdir" ] || fail "tradewar.pc not installed"
flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --static --cflags --libs tradewar) || fail "pkg-config"
# TW_EXAMPLE_FLAGS carries the sanitizer flags of a sanitizer build (empty otherwise).
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/nafta.c" $flags \
  -o "$TW_TMP/nafta"
expect_exit 0 "$TW_TMP/nafta" "$prefix/share/tradewar/cp1993"
expect_stdout "MEX welfare 1.31% (ToT -0.41, VoT 1.72), real wage 1.72%"
expect_stdout "USA welfare 0.08% (ToT 0.04, VoT 0.04), real wage 0.11%"
# Two threads on one installed model (examples/threads.c): the model is shared, each thread has
# its own solver; thread 1's NAFTA figures are those of the one-thread example above.
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/threads.c" $flags \
  -pthread -o "$TW_TMP/threads"
expect_exit 0 "$TW_TMP/threads" "$prefix/share/tradewar/cp1993"
expect_stdout "thread 1: USA real income +0.0741%, welfare (CP decomposition) 0.08%"
expect_stdout "thread 2: USA real income +0.2739%, welfare (CP decomposition) 0.73%"
[ -x "$prefix/bin/tradewar" ] || fail "program not installed"
expect_exit 0 "$prefix/bin/tradewar" world show --world cp1993
expect_stdout "World cp1993 (1993): 31 economies x 40 sectors"
finish
