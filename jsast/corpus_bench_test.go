package jsast_test

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/corpus"
	"github.com/dolint-dev/dolint/jsast"
)

// BenchmarkCorpus parses every file of the pinned corpus once per
// iteration. Run bench/corpus.sh first to install the corpus and
// bench/parse.sh to compare with esbuild in the same run; quote single-core
// figures (-cpu 1).
func BenchmarkCorpus(b *testing.B) {
	srcs, total := corpus.ForBenchmark(b)
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := corpus.CPUTime()
	rejected := 0
	for b.Loop() {
		rejected = 0
		for _, s := range srcs {
			if f := jsast.Parse(s.Rel, s.Src); len(f.Errors) > 0 {
				rejected++
			}
		}
	}
	b.ReportMetric(float64(rejected), "rejected/op")
	corpus.ReportCPU(b, cpu, total, b.N)
}
