#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: install.sh PACKAGE_DIR COPY_DIR LIBRARY_DIR. Installs the R package from a fresh copy
# of PACKAGE_DIR (so that building leaves nothing in the source tree) into LIBRARY_DIR; prints
# R's output only on failure. The environment says where the C library is (configure).
set -eu
R=${R:-R}
rm -rf "$2"
cp -r "$1" "$2"
mkdir -p "$3"
if ! "$R" CMD INSTALL --no-docs --no-multiarch -l "$3" "$2" > "$2.log" 2>&1; then
  cat "$2.log"
  exit 1
fi
