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

// Each probe call names what its identifier argument resolves to:
// init("text") the initializer of a variable, param() a parameter,
// none() no variable Lookup knows (a catch parameter, a class, an import,
// a global), global() a global, top("kind") a top-level declaration,
// assigned() and unassigned() whether the variable is written after its
// declaration.
const lookupSource = `import { DurableObject } from "cloudflare:workers";
import { helper } from "./helper";
declare function setTimeout(f: () => void, ms: number): number;
const stub = "top";
class Local {}
export class Room extends DurableObject {
  m(flag: boolean, p: string) {
    if (flag) {
      const stub = "first";
      init("first", stub);
    }
    if (!flag) {
      const stub = "second";
      init("second", stub);
    }
    init("top", stub);
    param(p);
    try {} catch (stub) { none(stub); }
    for (const stub of ["x"]) { init("", stub); }
    const f = (stub: string) => param(stub);
    {
      class Local {}
      none(Local);
      top("", Local);
    }
    top("class", Local);
    top("import", helper);
    none(helper);
    global(setTimeout);
    global(fetch);
    none(fetch);
    top("", fetch);
    function inner(fetch: string) { param(fetch); notglobal(fetch); }
    let a1 = 1; a1 = 2; assigned(a1);
    let a2 = 1; a2++; assigned(a2);
    let a3 = 1; [a3] = [2]; assigned(a3);
    let a4 = 1; ({ k: a4 } = { k: 2 }); assigned(a4);
    let a5 = 1; ({ a5 } = { a5: 2 }); assigned(a5);
    let a6 = 1; for (a6 of [2]) {} assigned(a6);
    let a7 = 1; const o7 = { a7, [a7]: a7, k: [a7] }; unassigned(a7);
    let a8 = 1; { let a8 = 2; a8 = 3; } unassigned(a8);
    let a9 = 1; let b9; [b9 = a9] = []; ({ b9 = a9 } = {}); unassigned(a9);
  }
}
export default { fetch: () => new Response("ok") };
`

func TestLookupScopes(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "wrangler.jsonc"), wrangler)
	write(t, filepath.Join(dir, "src", "index.ts"), lookupSource)
	write(t, filepath.Join(dir, "src", "helper.ts"), "export function helper() {}\n")
	var checked int
	kinds := map[source.LocalKind]string{source.LocalClass: "class", source.LocalImport: "import", source.LocalVar: "var"}
	probe := &analysis.Analyzer{
		Name:     "probe",
		Doc:      "check dosrc's lookups",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[source.Analyzer].(*source.Result)
			for _, c := range res.Classes {
				file, f := c.File, c.File.AST
				for call := range c.Nodes(jsast.KindCall) {
					_, name := f.CalleeName(call)
					if len(call.List) == 0 {
						continue
					}
					id := call.List[len(call.List)-1]
					want := ""
					if len(call.List) == 2 {
						want = f.NameOf(call.List[0])
					}
					line, _ := f.Position(call.Start)
					d := dosrc.Lookup(file, id)
					got := "?"
					switch name {
					case "init":
						got = "<nil>"
						if d != nil && d.Param == nil {
							got = ""
							if d.Init != nil {
								got = f.NameOf(d.Init)
							}
						}
					case "param":
						got, want = "false", "true"
						if d != nil && d.Param != nil && d.Param.Name == d.Ident && d.Func != nil {
							got = "true"
						}
					case "none":
						got, want = "false", "true"
						if d == nil {
							got = "true"
						}
					case "global", "notglobal":
						got, want = "false", "true"
						if dosrc.Global(file, id) == (name == "global") {
							got = "true"
						}
					case "assigned", "unassigned":
						got, want = "false", "true"
						if d != nil && dosrc.Assigned(file, d) == (name == "assigned") {
							got = "true"
						}
					case "top":
						got = ""
						if l := dosrc.TopLevel(file, id); l != nil {
							got = kinds[l.Kind]
						}
					default:
						continue
					}
					checked++
					if got != want {
						t.Errorf("line %d: %s: got %q, want %q", line, f.Text(call), got, want)
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
	if checked != 27 {
		t.Errorf("checked %d probes, want 27", checked)
	}
}
