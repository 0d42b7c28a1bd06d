#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar serve` runs the server program tradewar-serve (src/cli/main.c, docs/performance.md):
# the other commands must not load libmicrohttpd, the server must be found beside the program
# (the build tree) and in LIBEXECDIR/tradewar relative to it (an installed tree), and a missing
# server is a file error (exit 4, docs/cli.md) that names the paths looked at.
. "$TW_SOURCE_DIR/tests/cli/lib.sh"
: "${TW_SERVE_PROGRAM:?TW_SERVE_PROGRAM must name tradewar-serve}"
: "${TW_SERVE_RELATIVE_DIR:?TW_SERVE_RELATIVE_DIR must be the directory of tradewar-serve relative to bindir}"

# Which shared libraries each program asks for.
expect_exit 0 readelf -d "$TRADEWAR"
grep -qF "libmicrohttpd" "$LAST_OUT" && fail "tradewar itself needs libmicrohttpd"
expect_exit 0 readelf -d "$TW_SERVE_PROGRAM"
grep -qF "libmicrohttpd" "$LAST_OUT" || fail "tradewar-serve does not name libmicrohttpd"

# Through tradewar, the server's own help and its own command-line errors and exit codes.
expect_exit 0 "$TRADEWAR" serve --help
expect_stdout "Usage: tradewar serve [--port P]"
expect_exit 2 "$TRADEWAR" serve --port 99999
expect_stderr "tradewar serve: --port expects a number in [0, 65535], got '99999'"
expect_exit 2 "$TRADEWAR" serve --bogus
expect_stderr "tradewar serve: unknown option '--bogus'"
# A bad --world fails before listening, with the server's message.
expect_exit 4 "$TRADEWAR" serve --port 0 --world no_such_world
expect_stderr "tradewar: error: world: no world named 'no_such_world'"

# The installed layout: bin/tradewar finds ../libexec/tradewar/tradewar-serve (or wherever
# LIBEXECDIR is) from its own directory, so that the tree can be moved.
prefix=$TW_TMP/prefix
mkdir -p "$prefix/bin" "$prefix/bin/$TW_SERVE_RELATIVE_DIR"
cp "$TRADEWAR" "$prefix/bin/tradewar"
cp "$TW_SERVE_PROGRAM" "$prefix/bin/$TW_SERVE_RELATIVE_DIR/tradewar-serve"
expect_exit 0 "$prefix/bin/tradewar" serve --help
expect_stdout "Usage: tradewar serve [--port P]"

# No server anywhere: exit 4 and both paths named.
alone=$TW_TMP/alone
mkdir -p "$alone"
cp "$TRADEWAR" "$alone/tradewar"
expect_exit 4 "$alone/tradewar" serve --port 0
expect_stderr_exact "tradewar serve: error: cannot run the web server: neither $alone/tradewar-serve nor $alone/$TW_SERVE_RELATIVE_DIR/tradewar-serve exists (it is built and installed with this program)"
# A server that cannot be run (not executable): its path and the reason.
cp "$TW_SERVE_PROGRAM" "$alone/tradewar-serve"
chmod a-x "$alone/tradewar-serve"
expect_exit 4 "$alone/tradewar" serve --port 0
expect_stderr_exact "tradewar serve: error: cannot run the web server $alone/tradewar-serve: Permission denied"
finish
