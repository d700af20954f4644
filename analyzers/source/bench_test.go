package source_test

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// The generated project: an entry that re-exports barrels, each barrel
// re-exporting modules, each module a Durable Object class with many
// methods plus helpers and types. About 300 files and 5 MB of TypeScript.
const (
	benchBarrels    = 30
	benchPerBarrel  = 10
	benchMethods    = 26 // per class; sets the file size (~16 KB)
	benchBoundEvery = 6  // every sixth class gets a binding
)

// genProject writes the project below dir and returns the paths of its
// TypeScript files and their total size.
func genProject(tb testing.TB, dir string) ([]string, int64) {
	tb.Helper()
	var files []string
	var total int64
	write := func(rel, content string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
		if strings.HasSuffix(rel, ".ts") {
			files = append(files, p)
			total += int64(len(content))
		}
	}
	var bindings []string
	var entry strings.Builder
	for k := 0; k < benchBarrels; k++ {
		fmt.Fprintf(&entry, "export * from \"./barrel%d\";\n", k)
		var barrel strings.Builder
		for j := 0; j < benchPerBarrel; j++ {
			i := k*benchPerBarrel + j
			fmt.Fprintf(&barrel, "export * from \"./rooms/room%d\";\n", i)
			write(fmt.Sprintf("src/rooms/room%d.ts", i), genModule(i))
			if i%benchBoundEvery == 0 {
				bindings = append(bindings, fmt.Sprintf(`{ "name": "ROOM_%d", "class_name": "Room%d" }`, i, i))
			}
		}
		write(fmt.Sprintf("src/barrel%d.ts", k), barrel.String())
	}
	entry.WriteString("export default { fetch: () => new Response(\"ok\") };\n")
	write("src/index.ts", entry.String())
	write("wrangler.jsonc", `{
  "name": "bench",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [
    `+strings.Join(bindings, ",\n    ")+`
  ] }
}
`)
	return files, total
}

func genModule(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "import { DurableObject } from \"cloudflare:workers\";\n")
	if i > 0 {
		fmt.Fprintf(&b, "import { helper%d, type State%d } from \"./room%d\";\n", i-1, i-1, i-1)
	}
	fmt.Fprintf(&b, `
/** State kept by Room%[1]d. */
export interface State%[1]d {
  count: number;
  name: string;
  tags: readonly string[];
  nested?: { at: Date; by: string | null };
}

export type Message%[1]d =
  | { kind: "inc"; by: number }
  | { kind: "rename"; name: string }
  | { kind: "tag"; tags: string[] };

export function helper%[1]d<T extends { count: number }>(x: T, step = 1): number {
  let total = 0;
  for (let i = 0; i < x.count; i += step) {
    total += i %% 3 === 0 ? i * 2 : i >> 1;
  }
  return total;
}

export class Room%[1]d extends DurableObject<Env> {
  private state: State%[1]d = { count: 0, name: "room-%[1]d", tags: [] };
  static readonly version = %[1]d;

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const msg = (await request.json()) as Message%[1]d;
    switch (msg.kind) {
      case "inc":
        this.state.count += msg.by;
        break;
      case "rename":
        this.state = { ...this.state, name: msg.name };
        break;
      default:
        this.state.tags = [...this.state.tags, ...msg.tags];
    }
    await this.ctx.storage.put("state", this.state);
    return Response.json({ path: url.pathname, state: this.state });
  }
`, i)
	for m := 0; m < benchMethods; m++ {
		fmt.Fprintf(&b, `
  async method%[2]d(input: { id: string; values: number[] }, opts?: Partial<State%[1]d>): Promise<number> {
    const rows = this.ctx.storage.sql.exec<{ v: number }>("SELECT v FROM t WHERE id = ?", input.id).toArray();
    const sum = rows.reduce((acc, r) => acc + r.v, 0) + input.values.filter((v) => v > %[2]d).length;
    try {
      const label = `+"`${opts?.name ?? \"anon\"}-${sum}-%[2]d`"+`;
      this.state.tags = this.state.tags.concat(label);
    } catch (err) {
      console.error("method%[2]d failed", err instanceof Error ? err.message : String(err));
      throw err;
    }
    return sum;
  }
`, i, m)
	}
	b.WriteString("}\n")
	return b.String()
}

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
	_, total := genProject(b, dir)
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
		if _, err := driver.Run([]*driver.Project{project}, []*analysis.Analyzer{probe}, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	want := benchBarrels*benchPerBarrel + benchBarrels + 1
	if len(res.Files) != want || len(res.Classes) != benchBarrels*benchPerBarrel {
		b.Fatalf("graph has %d files and %d classes, want %d and %d", len(res.Files), len(res.Classes), want, benchBarrels*benchPerBarrel)
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
	files, total := genProject(b, dir)
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
	_, total := genProject(b, dir)
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
