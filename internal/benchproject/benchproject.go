// Package benchproject generates a large Worker project for benchmarks:
// an entry that re-exports barrels, each barrel re-exporting modules, each
// module a Durable Object class with many methods plus helpers and types.
package benchproject

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// About 300 files and 5 MB of TypeScript.
const (
	Barrels    = 30
	PerBarrel  = 10
	methods    = 26 // per class; sets the file size (~16 KB)
	boundEvery = 6  // every sixth class gets a binding

	// Files and Classes are what the generated module graph holds.
	Files   = Barrels*PerBarrel + Barrels + 1
	Classes = Barrels * PerBarrel
)

// Write writes the project below dir and returns the paths of its
// TypeScript files and their total size.
func Write(tb testing.TB, dir string) ([]string, int64) {
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
	for k := 0; k < Barrels; k++ {
		fmt.Fprintf(&entry, "export * from \"./barrel%d\";\n", k)
		var barrel strings.Builder
		for j := 0; j < PerBarrel; j++ {
			i := k*PerBarrel + j
			fmt.Fprintf(&barrel, "export * from \"./rooms/room%d\";\n", i)
			write(fmt.Sprintf("src/rooms/room%d.ts", i), module(i))
			if i%boundEvery == 0 {
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

func module(i int) string {
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
	for m := 0; m < methods; m++ {
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

// WriteSmall writes the i-th of a fleet of small, correct Worker projects
// into dir: half JSONC and half TOML, each with two Durable Object classes
// in two modules, migrations and an environment.
func WriteSmall(b testing.TB, dir string, i int) {
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
  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }, { "name": "ROOMS", "class_name": "Room" }] } } },
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
