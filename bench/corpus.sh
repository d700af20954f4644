#!/usr/bin/env bash
# Installs the pinned TS/JS corpus (idempotent) into $DOLINT_CORPUS_DIR or the
# user cache directory, prints its size, and runs the TypeScript reference
# parse over it so that conformance runs find their results cached.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/corpus -tsparse "$@"
