package scope_test

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/corpus"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// BenchmarkCorpus resolves every file of the pinned corpus (bench/corpus.sh
// installs it) once per iteration; the files are parsed beforehand, so the
// figures are the resolver's alone. Compare them with jsast's
// BenchmarkCorpus, which parses the same files.
func BenchmarkCorpus(b *testing.B) {
	files, total := corpus.ParsedForBenchmark(b)
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := corpus.CPUTime()
	syms := 0
	for b.Loop() {
		syms = 0
		for _, f := range files {
			syms += len(scope.Build(f).Symbols)
		}
	}
	b.ReportMetric(float64(len(files)), "files/op")
	b.ReportMetric(float64(syms), "symbols/op")
	corpus.ReportCPU(b, cpu, total, b.N)
}

// BenchmarkOf measures a lookup of a file already resolved, the cost
// every rule pays per question.
func BenchmarkOf(b *testing.B) {
	f := jsast.Parse("a.ts", []byte("const a = 1; a;"))
	scope.Of(f)
	b.ReportAllocs()
	for b.Loop() {
		scope.Of(f)
	}
}
