package dosrc_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/alarmhandler"
	"github.com/dolint-dev/dolint/analyzers/alarmtime"
	"github.com/dolint-dev/dolint/analyzers/blockconcurrency"
	"github.com/dolint-dev/dolint/analyzers/cursorapi"
	"github.com/dolint-dev/dolint/analyzers/outboundws"
	"github.com/dolint-dev/dolint/analyzers/rpccompat"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/analyzers/sqlinjection"
	"github.com/dolint-dev/dolint/analyzers/sqlonkv"
	"github.com/dolint-dev/dolint/analyzers/sqltransaction"
	"github.com/dolint-dev/dolint/analyzers/supercall"
	"github.com/dolint-dev/dolint/analyzers/timers"
	"github.com/dolint-dev/dolint/analyzers/wsaccept"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
)

// rules are the rules built on this package.
var rules = rule.NewSet(
	alarmhandler.Rule, alarmtime.Rule, blockconcurrency.Rule, outboundws.Rule,
	supercall.Rule, timers.Rule, wsaccept.Rule,
	cursorapi.Rule, rpccompat.Rule, sqlinjection.Rule, sqlonkv.Rule, sqltransaction.Rule,
)

// TestTruncatedSources runs the rules over every rule's testdata source
// cut short after each line: half-written code, as an editor saves it,
// yields syntax errors and partial trees, and must never make a rule fail.
func TestTruncatedSources(t *testing.T) {
	files, _ := filepath.Glob("../../*/testdata/src/*/src/index.[tj]s")
	var srcs []string
	for _, f := range files {
		if !strings.Contains(f, "/alarm") && !strings.Contains(f, "/blockconcurrency/") && !strings.Contains(f, "/outboundws/") &&
			!strings.Contains(f, "/supercall/") && !strings.Contains(f, "/timers/") && !strings.Contains(f, "/wsaccept/") &&
			!strings.Contains(f, "/cursorapi/") && !strings.Contains(f, "/rpccompat/") && !strings.Contains(f, "/sql") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	if len(srcs) < 7 {
		t.Fatalf("found %d testdata sources, want one per rule at least", len(srcs))
	}
	cuts := 0
	for _, src := range srcs {
		lines := strings.SplitAfter(src, "\n")
		// Every third line keeps the run to a few seconds; the cuts
		// still land in every construct the testdata has.
		step := 3
		if testing.Short() {
			step = 9
		}
		var projects []*driver.Project
		for i := 1; i < len(lines); i += step {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "wrangler.jsonc"), wrangler)
			write(t, filepath.Join(dir, "src", "index.ts"), strings.Join(lines[:i], "")+"\n}")
			projects = append(projects, &driver.Project{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")})
			cuts++
		}
		// A rule that panics makes the run fail with "internal error".
		if _, err := driver.Run(projects, rules, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d truncated projects", cuts)
}

// The config binds the class names the testdata uses most; with no
// migration and an old compatibility date, the storage and RPC rules see
// every bound class as KV-backed and every stub call as unsupported.
const wrangler = `{
  "name": "cut",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [
    { "name": "A", "class_name": "Room" }, { "name": "B", "class_name": "Legacy" },
    { "name": "C", "class_name": "NoHandler" }, { "name": "D", "class_name": "Digest" },
    { "name": "COUNTER", "class_name": "Counter" }, { "name": "USERS", "class_name": "Users" },
    { "name": "BANK", "class_name": "Bank" }, { "name": "LEGACY", "class_name": "Legacy" }
  ] },
  "compatibility_date": "2024-01-01"
}
`

func write(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRules times the rules built on this package over a project whose
// Durable Object has many methods of the kinds they inspect; the "source"
// sub-benchmark is the shared input alone, the peer to compare with.
func BenchmarkRules(b *testing.B) {
	dir := b.TempDir()
	var src strings.Builder
	src.WriteString("import { DurableObject } from \"cloudflare:workers\";\nconst sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\n")
	src.WriteString("export class Room extends DurableObject {\n  constructor(ctx: DurableObjectState, env: unknown) {\n    super(ctx, env);\n  }\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&src, `  async m%d(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    await sleep(10);
    await this.ctx.blockConcurrencyWhile(async () => {
      await this.ctx.storage.put("k%d", await this.ctx.storage.get("k"));
    });
    await this.ctx.storage.setAlarm(Date.now() + %d);
    const storage = this.ctx.storage;
    const rows = storage.sql.exec("SELECT * FROM t WHERE id = ?", %d).toArray();
    return new Response(JSON.stringify(rows), { status: 101, webSocket: client });
  }
`, i, i, i, i)
	}
	src.WriteString("  async alarm() {}\n}\nexport default { fetch: () => new Response(\"ok\") };\n")
	// Room is SQLite-backed and RPC is on, so that correct code stays quiet.
	cfg := strings.Replace(wrangler, `"compatibility_date": "2024-01-01"`,
		`"compatibility_date": "2025-09-01", "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]`, 1)
	write(b, filepath.Join(dir, "wrangler.jsonc"), cfg)
	write(b, filepath.Join(dir, "src", "index.ts"), src.String())
	projects := []*driver.Project{{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")}}
	for _, c := range []struct {
		name      string
		analyzers *rule.Set
	}{
		{"source", rule.SetOf(source.Analyzer)},
		{"rules", rules},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := driver.Run(projects, c.analyzers, nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Diagnostics) != 0 {
					b.Fatalf("unexpected finding: %s", res.Diagnostics[0].Message)
				}
			}
		})
	}
}
