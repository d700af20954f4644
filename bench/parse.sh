#!/usr/bin/env bash
# Measures jsast's parse speed over the pinned corpus against two peers in
# the same run, on one core: esbuild's Go API (Transform: parse and print,
# see bench/esbuildpeer) and the TypeScript compiler's parser under node
# (createSourceFile).
#
#   bench/parse.sh            # ROUNDS=3 by default
#
# The three run in turn, ROUNDS times, so that a change in the machine's
# load hits all of them alike; each figure is the best of its rounds. Two
# figures per tool: MB/s of wall time, and MB per CPU second (the process's
# user+system time), which other processes on a shared machine disturb far
# less. Ratios above 1 mean jsast is faster.
set -euo pipefail
cd "$(dirname "$0")/.."

go run ./bench/corpus >/dev/null # installs the corpus if needed
dir=$(go run ./bench/corpus -dir)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./bench/corpus -list >"$work/files"
go test -c -o "$work/jsast.test" ./jsast
go test -c -o "$work/esbuild.test" ./bench/esbuildpeer

for i in $(seq "${ROUNDS:-3}"); do
	for t in jsast esbuild; do
		"$work/$t.test" -test.run '^$' -test.bench '^BenchmarkCorpus$' -test.benchtime 1x -test.cpu 1 |
			grep '^BenchmarkCorpus' | sed "s/^/$t /" | tee -a "$work/go.txt"
	done
	if command -v node >/dev/null; then
		TSPARSE_ROUNDS=2 node bench/tsparse.mjs --bench --corpus "$dir" <"$work/files" | sed 's/^/tsc /' | tee -a "$work/go.txt"
	fi
done

# best TOOL UNIT: the highest figure followed by UNIT on TOOL's lines.
best() {
	awk -v tool="$1" -v unit="$2" '
		$1 == tool { for (i = 2; i <= NF; i++) if ($i == unit || $i == unit ",") { v = $(i-1) + 0; if (v > m) m = v } }
		END { if (m) printf "%.2f", m }' "$work/go.txt"
}
ratio() { if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; else echo "?"; fi; }

echo
printf '%-28s %10s %12s\n' "" "MB/s" "cpu-MB/s"
for t in jsast esbuild tsc; do
	name=$t
	[ $t = esbuild ] && name="esbuild Transform (peer)"
	[ $t = tsc ] && name="typescript parser (peer)"
	printf '%-28s %10s %12s\n' "$name" "$(best $t MB/s)" "$(best $t cpu-MB/s)"
done
printf '%-28s %10s %12s\n' "jsast / esbuild Transform" "$(ratio "$(best jsast MB/s)" "$(best esbuild MB/s)")" \
	"$(ratio "$(best jsast cpu-MB/s)" "$(best esbuild cpu-MB/s)")"
printf '%-28s %10s %12s\n' "jsast / typescript parser" "$(ratio "$(best jsast MB/s)" "$(best tsc MB/s)")" \
	"$(ratio "$(best jsast cpu-MB/s)" "$(best tsc cpu-MB/s)")"
