#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's and docs' example outputs are the program's real output: every fenced block
# marked `<!-- check -->` (or `<!-- check stderr -->`) is run and compared, numbers exactly as
# printed (tests/cli/check_examples.py describes the convention; docs/cli.md, "Examples in the
# documentation"). The README's unknown-country example once showed 'CHN' where the program
# printed 'CHE'.
set -u
: "${TRADEWAR:?}" "${TW_SOURCE_DIR:?}"
python3 "$TW_SOURCE_DIR/tests/cli/check_examples.py" "$TRADEWAR" "$TW_SOURCE_DIR" \
    "$TW_SOURCE_DIR/README.md" "$TW_SOURCE_DIR"/docs/*.md
