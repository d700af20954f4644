package source

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/corpus"
)

// BenchmarkIndexBuild indexes every file of the pinned corpus
// (bench/corpus.sh installs it), parsed beforehand: the walk every module
// that a rule asks about pays once per run.
func BenchmarkIndexBuild(b *testing.B) {
	files, total := corpus.ParsedForBenchmark(b)
	b.SetBytes(total)
	b.ReportAllocs()
	nodes := 0
	cpu := corpus.CPUTime()
	for b.Loop() {
		nodes = 0
		for _, f := range files {
			nodes += newIndex(f.Root, len(f.Src)).Len()
		}
	}
	b.ReportMetric(float64(nodes), "nodes/op")
	corpus.ReportCPU(b, cpu, total, b.N)
}
