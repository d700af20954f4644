package dosrc_test

import (
	"path/filepath"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// The source marks its questions with calls: yes(x) says x is the SQL API
// (or, for kv(x), the synchronous KV API), no(x) says it is not;
// wraps(x) says the call hands its argument to a wrapper of exec.
const sqlSource = `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  sql = this.ctx.storage.sql;
  private other: SqlStorage;
  private kvField = this.ctx.storage.kv;
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.other = ctx.storage.sql;
    yes(ctx.storage.sql);
  }
  m(param: SqlStorage) {
    const storage = this.ctx.storage;
    const { sql } = this.ctx.storage;
    const alias = storage.sql;
    let reassigned = 1;
    reassigned = 2;
    yes(this.ctx.storage.sql); yes(this.sql); yes(this.other); yes(sql); yes(alias); yes(storage["sql"]);
    no(param); no(this.ctx.sql); no(this.ctx.storage); no(storage.kv); no(reassigned);
    kv(this.ctx.storage.kv); kv(this.kvField); kv(storage.kv);
    wraps(this.query("SELECT 1")); wraps(run(this.sql, "x")); wraps(this.arrow("x"));
    nowrap(this.fixed("x")); nowrap(this.changes("x"));
  }
  query(q: string) { return this.sql.exec(q); }
  arrow = (q: string) => this.sql.exec(q);
  fixed(q: string) { return this.sql.exec("SELECT 1"); }
  changes(q: string) { q = q.trim(); return this.sql.exec(q); }
}
function run(sql: SqlStorage, q: string) { return sql.exec(q); }
export default { fetch: () => new Response("ok") };
`

func TestSQLRecognition(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "wrangler.jsonc"), wrangler)
	write(t, filepath.Join(dir, "src", "index.ts"), sqlSource)
	var checked int
	probe := &analysis.Analyzer{
		Name:     "probe",
		Doc:      "check dosrc's SQL helpers",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[source.Analyzer].(*source.Result)
			for _, c := range res.Classes {
				f := c.File.AST
				for call := range c.Nodes(jsast.KindCall) {
					_, name := f.CalleeName(call)
					if len(call.List) != 1 {
						continue
					}
					arg := call.List[0]
					line, _ := f.Position(call.Start)
					var got, want bool
					switch name {
					case "yes", "no":
						got, want = dosrc.IsSQL(c, arg), name == "yes"
					case "kv":
						got, want = dosrc.IsSyncKV(c, arg), true
					case "wraps", "nowrap":
						inner := jsast.Unwrap(arg)
						fn := dosrc.CalledFunc(c.File, inner)
						got, want = fn != nil && wrapped(c, fn), name == "wraps"
					default:
						continue
					}
					checked++
					if got != want {
						t.Errorf("line %d: %s: got %v", line, f.Text(call), got)
					}
				}
			}
			return nil, nil
		},
	}
	projects := []*driver.Project{{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")}}
	if _, err := driver.Run(projects, rule.SetOf(probe), nil); err != nil {
		t.Fatal(err)
	}
	if checked != 20 {
		t.Errorf("checked %d probes, want 20", checked)
	}
}

// wrapped reports whether fn hands a parameter to an exec call as the
// query.
func wrapped(c *source.Class, fn *jsast.Node) bool {
	for call := range c.File.Index.Nodes(fn, jsast.KindCall) {
		recv, name := c.File.AST.CalleeName(call)
		if name != "exec" || len(call.List) == 0 || recv == nil || !(dosrc.IsSQL(c, recv) || dosrc.TypedSQL(c.File, recv)) {
			continue
		}
		if w := dosrc.WrapperOf(c.File, call.List[0]); w != nil && w.Func == fn {
			return true
		}
	}
	return false
}
