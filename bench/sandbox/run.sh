#!/usr/bin/env bash
# Compares the sandbox runtime with workerd (through Miniflare) on the same
# Worker in one run: cold start (bundle or load, start, first object
# request) and warm per-request latency of an object fetch and an RPC call.
#
#   bench/sandbox/run.sh          # N=300 warm requests per measurement
#
# Needs node for the Miniflare side; installs the pinned Miniflare into the
# user cache directory on first use. Prints each figure and the ratio
# sandbox/workerd (below 1: the sandbox is faster).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go run ./bench/sandbox -n "${N:-300}" -runs "${RUNS:-3}"
