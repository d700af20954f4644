package source

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/corpus"
)

// BenchmarkScanWords measures the pass that answers Mentions over every
// file of the pinned corpus.
func BenchmarkScanWords(b *testing.B) {
	srcs, total, skip, err := corpus.ForBenchmark()
	if err != nil {
		b.Fatal(err)
	}
	if skip != "" {
		b.Skip(skip)
	}
	b.SetBytes(total)
	cpu := corpus.CPUTime()
	for b.Loop() {
		for _, s := range srcs {
			scanWords(s.Src)
		}
	}
	corpus.ReportCPU(b, cpu, total, b.N)
}
