package all

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/dolint-dev/dolint/internal/benchproject"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
)

// BenchmarkLint200Projects measures a whole `dolint ./...` run (discovery,
// config parsing, migration replay, source analysis and every rule) over a
// monorepo of 200 Worker projects, half JSONC and half TOML, each with a
// small multi-module source tree.
func BenchmarkLint200Projects(b *testing.B) {
	root := b.TempDir()
	for i := 0; i < 200; i++ {
		dir := filepath.Join(root, "services", fmt.Sprintf("svc%03d", i))
		benchproject.WriteSmall(b, dir, i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		projects, err := discover.Projects([]string{root + "/..."})
		if err != nil {
			b.Fatal(err)
		}
		if len(projects) != 200 {
			b.Fatalf("found %d projects", len(projects))
		}
		res, err := driver.Run(projects, Rules(), nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Diagnostics) > 0 {
			b.Fatalf("the projects are meant to be correct, but %s: %s", res.Fset.Position(res.Diagnostics[0].Pos), res.Diagnostics[0].Message)
		}
	}
	b.ReportMetric(200*float64(b.N)/b.Elapsed().Seconds(), "projects/s")
}

// BenchmarkLargeProject is a whole run (config, migrations, module graph,
// every rule) over one generated project of about 300 files and 5 MB of
// TypeScript, in MB of source per second. The peer is esbuild bundling the
// same project, which is the least wrangler does before it can report a
// class that is not exported.
func BenchmarkLargeProject(b *testing.B) {
	dir := b.TempDir()
	_, total := benchproject.Write(b, dir)
	b.Run("dolint", func(b *testing.B) {
		project := &driver.Project{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")}
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := driver.Run([]*driver.Project{project}, Rules(), nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("esbuild", func(b *testing.B) {
		opts := api.BuildOptions{
			EntryPoints: []string{filepath.Join(dir, "src", "index.ts")},
			Bundle:      true,
			Format:      api.FormatESModule,
			Platform:    api.PlatformNeutral,
			External:    []string{"cloudflare:*"},
			Outdir:      filepath.Join(dir, "out"),
			Metafile:    true,
			LogLevel:    api.LogLevelSilent,
		}
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			if r := api.Build(opts); len(r.Errors) > 0 {
				b.Fatalf("esbuild: %s", r.Errors[0].Text)
			}
		}
	})
}
