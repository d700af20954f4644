#!/usr/bin/env bash
# Measures jsast's parse speed over the pinned corpus against two peers in
# the same run, on one core: esbuild's Go API (Transform: parse and print)
# and the TypeScript compiler's own parser under node (createSourceFile).
#
#   bench/parse.sh            # BENCHTIME=3x COUNT=1 by default
#
# Prints each figure in MB/s and the ratios jsast/peer (above 1: jsast faster).
set -euo pipefail
cd "$(dirname "$0")/.."

go run ./bench/corpus >/dev/null # installs the corpus if needed
log=$(mktemp)
trap 'rm -f "$log"' EXIT

go test -run '^$' -bench '^BenchmarkCorpus$' -benchtime "${BENCHTIME:-3x}" -count "${COUNT:-1}" -cpu 1 \
	./jsast ./bench/esbuildpeer | tee "$log"

# Mean MB/s per package over the -count runs.
mbps() {
	awk -v want="$1" '
		/^pkg: / { pkg = $2 }
		/^BenchmarkCorpus/ && pkg == want {
			for (i = 1; i < NF; i++) if ($(i+1) == "MB/s") { sum += $i; n++ }
		}
		END { if (n) printf "%.2f", sum / n }' "$log"
}
jsast=$(mbps github.com/dolint-dev/dolint/jsast)
esb=$(mbps github.com/dolint-dev/dolint/bench/esbuildpeer)

tsline=""
if command -v node >/dev/null; then
	dir=$(go run ./bench/corpus -dir)
	tsline=$(go run ./bench/corpus -list | node bench/tsparse.mjs --bench --corpus "$dir")
	echo "$tsline"
fi
tsc=$(sed -n 's/.*, \([0-9.]*\) MB\/s$/\1/p' <<<"$tsline")

echo
printf 'jsast:                       %8s MB/s\n' "${jsast:-?}"
printf 'esbuild Transform (peer):    %8s MB/s\n' "${esb:-?}"
printf 'typescript parser (peer):    %8s MB/s\n' "${tsc:-?}"
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "?"; }
echo "jsast / esbuild Transform:   $(ratio "$jsast" "$esb")"
echo "jsast / typescript parser:   $(ratio "$jsast" "$tsc")"
