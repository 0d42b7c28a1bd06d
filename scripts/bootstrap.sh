#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what tradewar needs on Debian 12 (apt) and builds it in build/ (Release).
# Usage: scripts/bootstrap.sh        (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(build-essential cmake ninja-build pkg-config liblapacke-dev libnlopt-dev coinor-libipopt-dev libcmocka-dev libyaml-dev jq
          librsvg2-bin python3 libopenmpi-dev openmpi-bin
          python3-dev python3-cffi python3-numpy python3-pandas python3-pytest python3-pip
          r-base-dev r-cran-testthat libmicrohttpd-dev chromium)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "tradewar: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The page of `tradewar serve` (docs/page.md) is built from npm packages (web/package-lock.json);
# Node from Debian unless one is already installed. The browser tests use Debian's chromium, so
# puppeteer-core downloads no browser of its own.
if ! command -v npm >/dev/null 2>&1; then
  echo "tradewar: installing nodejs npm" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# Without the npm packages (no network, or a TLS proxy whose certificate npm does not trust: npm
# config get cafile) everything else is still built: the server and its JSON API, without the
# page; the browser test is then not registered (CI fails on that: .ci/run).
if ! PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix web --no-audit --no-fund --loglevel=error >/dev/null; then
  echo "tradewar: warning: 'npm ci --prefix web' failed (above): the page of tradewar serve is not" \
       "built and its browser test is not run; the server's JSON API is. Fix npm's access to its" \
       "registry and run scripts/bootstrap.sh again." >&2
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
