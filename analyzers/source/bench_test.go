package source_test

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/benchproject"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// BenchmarkSource runs the source analyzer (with the config it needs)
// through the driver over the generated project: resolution, parsing in
// parallel, module facts and class discovery. The "calls" variant also
// has a rule-like probe visit every call inside every Durable Object
// class, which builds the node indexes, as the source rules do.
func BenchmarkSource(b *testing.B) {
	for _, visit := range []bool{false, true} {
		name := "graph"
		if visit {
			name = "calls"
		}
		b.Run(name, func(b *testing.B) { benchSource(b, visit) })
	}
}

func benchSource(b *testing.B, visit bool) {
	dir := b.TempDir()
	_, total := benchproject.Write(b, dir)
	project := &driver.Project{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")}
	b.SetBytes(total)
	b.ReportAllocs()
	var res *source.Result
	calls := 0
	probe := &analysis.Analyzer{
		Name:     "benchprobe",
		Doc:      "keep the source result",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res = pass.ResultOf[source.Analyzer].(*source.Result)
			calls = 0
			if visit {
				for _, c := range res.Classes {
					for range c.Nodes(jsast.KindCall) {
						calls++
					}
				}
			}
			return nil, nil
		},
	}
	start := cpuTime()
	for b.Loop() {
		if _, err := driver.Run([]*driver.Project{project}, rule.SetOf(probe), nil); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	if len(res.Files) != benchproject.Files || len(res.Classes) != benchproject.Classes {
		b.Fatalf("graph has %d files and %d classes, want %d and %d", len(res.Files), len(res.Classes), benchproject.Files, benchproject.Classes)
	}
	if visit && calls == 0 {
		b.Fatal("no calls visited")
	}
}

// BenchmarkParseOnly is the first peer: jsast alone over the same files,
// read beforehand, on one goroutine. The ratio to BenchmarkSource is what
// the graph, the indexes and parallelism add or save.
func BenchmarkParseOnly(b *testing.B) {
	dir := b.TempDir()
	files, total := benchproject.Write(b, dir)
	srcs := make([][]byte, len(files))
	for i, f := range files {
		var err error
		if srcs[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(total)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		fset := token.NewFileSet()
		for i, f := range files {
			if pf := jsast.ParseFile(fset, f, srcs[i]); len(pf.Errors) > 0 {
				b.Fatalf("%s", pf.ErrorString(pf.Errors[0]))
			}
		}
	}
	reportCPU(b, start)
}

// BenchmarkEsbuildBundle is the second peer: what wrangler runs before it
// can report an unexported class, esbuild bundling the same project from
// the same entry (in memory, no minification, cloudflare:* external).
func BenchmarkEsbuildBundle(b *testing.B) {
	dir := b.TempDir()
	_, total := benchproject.Write(b, dir)
	opts := api.BuildOptions{
		EntryPoints: []string{filepath.Join(dir, "src", "index.ts")},
		Bundle:      true,
		Write:       false,
		Format:      api.FormatESModule,
		Platform:    api.PlatformNeutral,
		Conditions:  []string{"workerd", "worker", "browser"},
		External:    []string{"cloudflare:*"},
		Outdir:      filepath.Join(dir, "out"),
		Metafile:    true,
		LogLevel:    api.LogLevelSilent,
	}
	b.SetBytes(total)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if r := api.Build(opts); len(r.Errors) > 0 {
			b.Fatalf("esbuild: %s", r.Errors[0].Text)
		}
	}
	reportCPU(b, start)
}

// reportCPU adds the CPU time per operation since start, all goroutines
// (and GC) included.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
