package all

import (
	"fmt"
	"os"
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
		writeProject(b, dir, i)
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
		if _, err := driver.Run(projects, Rules, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(200*float64(b.N)/b.Elapsed().Seconds(), "projects/s")
}

func writeProject(b *testing.B, dir string, i int) {
	files := map[string]string{
		"src/index.ts": `import { DurableObject } from "cloudflare:workers";
import { Room } from "./room";
export { Room };
export class Counter extends DurableObject {
  async increment(by = 1): Promise<number> {
    const v = ((await this.ctx.storage.get<number>("v")) ?? 0) + by;
    await this.ctx.storage.put("v", v);
    return v;
  }
}
export default { async fetch(req: Request, env: any) { return env.COUNTER.getByName("x").fetch(req); } };
`,
		"src/room.ts": `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const rows = this.ctx.storage.sql.exec("SELECT * FROM messages WHERE room = ?", "lobby").toArray();
    return Response.json(rows);
  }
}
`,
	}
	if i%2 == 0 {
		files["wrangler.jsonc"] = fmt.Sprintf(`{
  // service %d
  "name": "svc%d",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": {
    "bindings": [
      { "name": "COUNTER", "class_name": "Counter" },
      { "name": "ROOMS", "class_name": "Room" },
    ],
  },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Counter"] },
    { "tag": "v2", "new_sqlite_classes": ["Room"] },
  ],
  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] } } },
}
`, i, i)
	} else {
		files["wrangler.toml"] = fmt.Sprintf(`name = "svc%d"
main = "src/index.ts"
compatibility_date = "2025-09-01"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"

[[durable_objects.bindings]]
name = "ROOMS"
class_name = "Room"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter", "Room"]
`, i)
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
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
			if _, err := driver.Run([]*driver.Project{project}, Rules, nil); err != nil {
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
