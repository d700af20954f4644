package source

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/corpus"
)

// BenchmarkScanWords measures the pass that answers Mentions over every
// file of the pinned corpus.
func BenchmarkScanWords(b *testing.B) {
	srcs, total := corpus.ForBenchmark(b)
	b.SetBytes(total)
	cpu := corpus.CPUTime()
	for b.Loop() {
		for _, s := range srcs {
			scanWords(s.Src)
		}
	}
	corpus.ReportCPU(b, cpu, total, b.N)
}
