package esbuildpeer

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/dolint-dev/dolint/internal/corpus"
)

func loader(name string) api.Loader {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tsx":
		return api.LoaderTSX
	case ".jsx":
		return api.LoaderJSX
	case ".js", ".mjs", ".cjs":
		return api.LoaderJS
	}
	return api.LoaderTS
}

// BenchmarkCorpus transforms every corpus file once per iteration. Files
// esbuild rejects still cost their parse and are counted as failed/op.
func BenchmarkCorpus(b *testing.B) {
	srcs, total := corpus.ForBenchmark(b)
	opts := make([]api.TransformOptions, len(srcs))
	texts := make([]string, len(srcs))
	for i, s := range srcs {
		opts[i] = api.TransformOptions{
			Loader:     loader(s.Rel),
			Sourcefile: s.Rel,
			Target:     api.ESNext,
			LogLevel:   api.LogLevelSilent,
		}
		texts[i] = string(s.Src)
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := corpus.CPUTime()
	failed := 0
	for b.Loop() {
		failed = 0
		for i := range texts {
			if r := api.Transform(texts[i], opts[i]); len(r.Errors) > 0 {
				failed++
			}
		}
	}
	b.ReportMetric(float64(failed), "failed/op")
	corpus.ReportCPU(b, cpu, total, b.N)
}

// TestLoader guards the extension mapping the benchmark relies on.
func TestLoader(t *testing.T) {
	for name, want := range map[string]api.Loader{
		"a.ts": api.LoaderTS, "a.d.mts": api.LoaderTS, "a.tsx": api.LoaderTSX,
		"a.js": api.LoaderJS, "a.cjs": api.LoaderJS, "a.jsx": api.LoaderJSX,
	} {
		if got := loader(name); got != want {
			t.Errorf("loader(%q) = %v, want %v", name, got, want)
		}
	}
}
