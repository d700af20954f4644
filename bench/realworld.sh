#!/usr/bin/env bash
# Lints the Worker projects that pinned npm packages ship (bench/realworld/
# packages.json) and compares the findings with the reviewed list in
# bench/realworld/expected.txt. Downloads go to $DOLINT_REALWORLD_DIR or the
# user cache directory. Flags: -update, -list, -dolint BIN (see main.go).
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/realworld "$@"
