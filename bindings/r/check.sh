#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: check.sh PACKAGE_DIR WORK_DIR. R CMD build, then R CMD check --no-manual --no-tests
# (ctest's r_testthat runs the tests); fails if the check reports an ERROR or a WARNING.
set -eu
R=${R:-R}
rm -rf "$2"
mkdir -p "$2"
cp -r "$1" "$2/tradewar"
cd "$2"
"$R" CMD build --no-build-vignettes --no-manual tradewar > build.log 2>&1 || { cat build.log; exit 1; }
"$R" CMD check --no-manual --no-tests --no-build-vignettes tradewar_*.tar.gz > check.log 2>&1 || {
  cat check.log; exit 1; }
cat check.log
if grep -Eq "^Status:.*(ERROR|WARNING)" check.log; then exit 1; fi
grep -q "^Status:" check.log
