package source

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/corpus"
	"github.com/dolint-dev/dolint/jsast"
)

// BenchmarkIndexBuild indexes every file of the pinned corpus
// (bench/corpus.sh installs it), parsed beforehand: the walk every module
// that a rule asks about pays once per run.
func BenchmarkIndexBuild(b *testing.B) {
	srcs, total := corpus.ForBenchmark(b)
	files := make([]*jsast.File, len(srcs))
	for i, s := range srcs {
		files[i] = jsast.Parse(s.Rel, s.Src)
	}
	b.SetBytes(total)
	b.ReportAllocs()
	nodes := 0
	cpu := corpus.CPUTime()
	for b.Loop() {
		nodes = 0
		for i, f := range files {
			nodes += newIndex(f.Root, len(srcs[i].Src)).Len()
		}
	}
	b.ReportMetric(float64(nodes), "nodes/op")
	corpus.ReportCPU(b, cpu, total, b.N)
}
