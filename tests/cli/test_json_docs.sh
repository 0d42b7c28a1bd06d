#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/json.md lists every field the program emits: each command's real --json output (on the
# tiny world and the rare-earth world for the optional fields) is reduced to its field paths
# (countries[].code, solver.converged, ...), and every path must appear in backticks in the
# document's section of docs/json.md (or in the shared "Game documents" table). Also: every
# document is valid JSON and starts with its schema_version.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny
DOC=$TW_SOURCE_DIR/docs/json.md
command -v jq >/dev/null || { echo "jq not found: skipped"; exit 0; }

printf 'importer,exporter,sector,tariff\nHOME,FOR,goods,0.5\n' > "$TW_TMP/one.csv"
cat > "$TW_TMP/tiny.yaml" <<'YAML'
title: tiny
world: tiny
baseline: 2025-01-01
players: [HOME, FOR]
watch: [ROW]
events:
  - date: 2025-02-01
    label: war
    tariffs: [{importers: HOME, exporters: FOR, add: 50%}]
YAML

# section TITLE: the lines of docs/json.md from the heading containing TITLE to the next
# heading of the same or a higher level.
section() {
    awk -v t="$1" 'index($0, t) && /^#/ {on=1; lvl=match($0, /[^#]/); print; next}
                   on && /^#/ && match($0, /[^#]/) <= lvl {on=0} on' "$DOC"
}

# check NAME SECTION CMD...: runs CMD, checks its JSON and that SECTION documents its fields.
check() {
    local name=$1 title=$2
    shift 2
    expect_exit 0 "$@"
    jq -e . "$LAST_OUT" >/dev/null || { fail "$name: not valid JSON"; return; }
    jq -e '.schema_version == 1' "$LAST_OUT" >/dev/null || fail "$name: schema_version"
    local text
    text=$(section "$title"; section "## Game documents" | sed '/^### /,$d'; section "### Conventions")
    local missing=0
    while read -r path; do
        grep -qF -- "\`$path\`" <<<"$text" || { echo "  $name: $path is not in docs/json.md ($title)" >&2; missing=1; }
    done < <(jq -r '[paths | map(if type == "number" then "[]" else "." + . end) | join("")
                     | ltrimstr(".") | gsub("\\.\\[\\]"; "[]")] | unique[]
                     | select(endswith("[]") | not)' "$LAST_OUT")
    [ "$missing" = 0 ] || fail "$name: fields missing from docs/json.md"
}

check world "## World document" "$TRADEWAR" world show --world "$TINY" --json
check world-nests "## World document" "$TRADEWAR" world show --world icio2022re --json
check solve "## Solve document" "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/one.csv" --json
check solve-short "## Solve document" "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/one.csv" --horizon 5 --json
check run "## Timeline document" "$TRADEWAR" run "$TW_TMP/tiny.yaml" --world "$TINY" --json
check run-short "## Timeline document" "$TRADEWAR" run "$TW_TMP/tiny.yaml" --world "$TINY" --horizon 5 --json
check brief "## Brief document" "$TRADEWAR" brief "$TW_TMP/tiny.yaml" --world "$TINY" --json
check optimal "### \`tradewar optimal" "$TRADEWAR" optimal --world "$TINY" --country HOME --json
check optimal-services "### \`tradewar optimal" "$TRADEWAR" optimal --world "$TINY" --country HOME --services --json
check war "### \`tradewar war" "$TRADEWAR" war --world "$TINY" --players HOME,FOR --json
check war-services "### \`tradewar war" "$TRADEWAR" war --world "$TINY" --players HOME,FOR --services --json
check escalate "### \`tradewar escalate" "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit-for-tat --opening 0.1,0 --cap 0.2 --json
check talks "### \`tradewar talks" "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --json
check talks-services "### \`tradewar talks" "$TRADEWAR" talks --world "$TINY" --players HOME,FOR --services --threat today --json
check enforce "### \`tradewar enforce" "$TRADEWAR" enforce --world "$TINY" --players HOME,FOR --delta 0.9 --json
finish
