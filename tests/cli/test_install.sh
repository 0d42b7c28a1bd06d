#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The installed library: install into a temporary prefix, build examples/nafta.c against it with
# pkg-config alone, once on the static and once on the shared library, run both on the installed
# cp1993 world, and check the published figures; the same for the two-thread and JSON examples.
. "$(dirname "$0")/lib.sh"
build=$(dirname "$TRADEWAR")
prefix=$TW_TMP/prefix
expect_exit 0 cmake --install "$build" --prefix "$prefix"
pcdir=$(dirname "$(find "$prefix" -name tradewar.pc | head -1)")
[ -n "$pcdir" ] || fail "tradewar.pc not installed"
export PKG_CONFIG_PATH=$pcdir
libdir=$(pkg-config --variable=libdir tradewar) || fail "pkg-config --variable=libdir"
soname=libtradewar.so.${TW_VERSION%.*}
[ -f "$libdir/libtradewar.a" ] || fail "libtradewar.a not installed in $libdir"
[ -f "$libdir/libtradewar.so.$TW_VERSION" ] || fail "libtradewar.so.$TW_VERSION not installed"
[ "$(readlink "$libdir/$soname")" = "libtradewar.so.$TW_VERSION" ] || fail "$soname link missing"
[ "$(readlink "$libdir/libtradewar.so")" = "$soname" ] || fail "libtradewar.so link missing"
[ -f "$prefix/include/tradewar/version.h" ] || fail "generated version.h not installed"
[ -f "$prefix/include/tradewar/export.h" ] || fail "export.h not installed"
[ ! -e "$prefix/include/tradewar/version.h.in" ] || fail "version.h.in installed"
[ "$(pkg-config --modversion tradewar)" = "$TW_VERSION" ] || fail "pkg-config version"

# check_nafta PROGRAM: the published NAFTA figures (Caliendo and Parro 2015, Table 2).
check_nafta() {
    expect_exit 0 "$1" "$prefix/share/tradewar/cp1993"
    expect_stdout "MEX welfare 1.31% (ToT -0.41, VoT 1.72), real wage 1.72%"
    expect_stdout "USA welfare 0.08% (ToT 0.04, VoT 0.04), real wage 0.11%"
}

# Static: --static adds what libtradewar.a needs; GNU ld's -l:FILE picks the archive over the
# shared library beside it. The program must not need libtradewar.so at run time.
static_flags=$(pkg-config --static --cflags --libs tradewar) || fail "pkg-config --static"
static_flags=${static_flags/-ltradewar/-l:libtradewar.a}
# TW_EXAMPLE_FLAGS carries the sanitizer flags of a sanitizer build (empty otherwise).
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/nafta.c" \
  $static_flags -o "$TW_TMP/nafta_static"
check_nafta "$TW_TMP/nafta_static"
expect_exit 0 readelf -d "$TW_TMP/nafta_static"
grep -qF "libtradewar" "$LAST_OUT" && fail "static program needs the shared library"

# check_threads PROGRAM: two threads on one installed model (examples/threads.c); the model is
# shared, each thread has its own solver; thread 1's NAFTA figures are those of nafta.c.
check_threads() {
    expect_exit 0 "$1" "$prefix/share/tradewar/cp1993"
    expect_stdout "thread 1: USA real income +0.0741%, welfare (CP decomposition) 0.08%"
    expect_stdout "thread 2: USA real income +0.2739%, welfare (CP decomposition) 0.73%"
}
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/threads.c" \
  $static_flags -pthread -o "$TW_TMP/threads_static"
check_threads "$TW_TMP/threads_static"

# check_nafta_json PROGRAM: the results and output API (groups.h, io.h) from outside the tree.
check_nafta_json() {
    expect_exit 0 "$1" "$prefix/share/tradewar/cp1993"
    expect_stdout "NAFTA's average tariff on goods, weighted by baseline imports, on the rest of the world: "
    expect_stdout 'solve document: '
    expect_stdout 'starting {"schema_version":1,"world":"cp1993",'
}
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/nafta_json.c" \
  $static_flags -o "$TW_TMP/nafta_json_static"
check_nafta_json "$TW_TMP/nafta_json_static"

# Shared: the plain flags, and an rpath so that the program finds the library where it was put.
shared_flags=$(pkg-config --cflags --libs tradewar) || fail "pkg-config --libs"
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/nafta.c" \
  $shared_flags -Wl,-rpath,"$libdir" -o "$TW_TMP/nafta_shared"
check_nafta "$TW_TMP/nafta_shared"
expect_exit 0 readelf -d "$TW_TMP/nafta_shared"
expect_stdout "Shared library: [$soname]"
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/threads.c" \
  $shared_flags -Wl,-rpath,"$libdir" -pthread -o "$TW_TMP/threads_shared"
check_threads "$TW_TMP/threads_shared"
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_SOURCE_DIR/examples/nafta_json.c" \
  $shared_flags -Wl,-rpath,"$libdir" -o "$TW_TMP/nafta_json_shared"
check_nafta_json "$TW_TMP/nafta_json_shared"

# The version a program was built with (the header) is the one it runs with (the library).
cat >"$TW_TMP/version.c" <<'PROGRAM'
#include <stdio.h>
#include <string.h>
#include <tradewar/tradewar.h>
int main(void)
{
    printf("%s %u\n", tw_version_string(), tw_version_number());
    return tw_version_number() == TW_VERSION_NUMBER
        && strcmp(tw_version_string(), TW_VERSION_STRING) == 0 ? 0 : 1;
}
PROGRAM
expect_exit 0 cc -std=c17 -Wall -Werror ${TW_EXAMPLE_FLAGS:-} "$TW_TMP/version.c" $shared_flags \
  -o "$TW_TMP/version"
IFS=. read -r major minor patch <<<"$TW_VERSION"
expect_exit 0 env LD_LIBRARY_PATH="$libdir" "$TW_TMP/version"
expect_stdout_exact "$TW_VERSION $((major * 10000 + minor * 100 + patch))"

# A binding loads the library by name at run time and calls it with no header at all (Python's
# ctypes here, when Python is there; not in sanitizer builds, whose runtime must load first).
if command -v python3 >/dev/null && [ -z "${TW_EXAMPLE_FLAGS:-}" ]; then
    expect_exit 0 python3 -c "import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.tw_version_string.restype = ctypes.c_char_p
print(lib.tw_version_string().decode())" "$libdir/$soname"
    expect_stdout_exact "$TW_VERSION"
fi

[ -x "$prefix/bin/tradewar" ] || fail "program not installed"
expect_exit 0 "$prefix/bin/tradewar" world show --world cp1993
expect_stdout "World cp1993 (1993): 31 economies x 40 sectors"
finish
