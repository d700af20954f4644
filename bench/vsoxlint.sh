#!/usr/bin/env bash
# Times dolint over the public-repository tier (bench/repos) against a
# pinned oxlint over the same source files, paired and alternated, and
# reports dolint's peak RSS on the largest monorepo. Needs the tier's
# cache directory: -dir DIR or $DOLINT_REPOS_DIR (go run ./bench/repos
# -fetch fills it and prints it). Flags: -rounds N, -check (see main.go).
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/vsoxlint "$@"
