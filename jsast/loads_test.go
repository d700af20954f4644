package jsast

import (
	"slices"
	"testing"
)

// walkLoads finds the literal arguments of import("x") and require("x")
// by walking the finished tree, as DynamicLoads promises to without one.
func walkLoads(f *File) []string {
	var out []string
	Inspect(f.Root, func(n *Node) bool {
		if n != nil && n.Kind == KindCall && len(n.List) == 1 && n.List[0].Kind == KindStringLiteral &&
			(n.X.Kind == KindImportKeyword || n.X.Kind == KindIdentifier && f.Text(n.X) == "require") {
			out = append(out, f.Text(n.List[0]))
		}
		return true
	})
	return out
}

func TestDynamicLoads(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"m.ts", `import { a } from "./a"; export * from "./c"; const u = import.meta.url;`, nil},
		{"m.ts", `const m = await import("./m"); const n = require('./n');`, []string{`"./m"`, `'./n'`}},
		{"m.ts", "const m = import /* chunk */ (\"./m\"), n = require\n(\"./n\");", []string{`"./m"`, `"./n"`}},
		{"m.ts", `function f() { if (x) { return () => require("./deep"); } } g(import("./after"));`, []string{`"./deep"`, `"./after"`}},
		{"m.ts", `require?.("./opt"); obj.require("./no"); require("./a", 1); require(name); import(` + "`./t`" + `);`, []string{`"./opt"`}},
		{"m.ts", `\u0072equire("./escaped"); new require("./new");`, nil},
		{"m.ts", `require<T>("./typed");`, []string{`"./typed"`}},
		// Calls inside speculation that fails are parsed again: each
		// load is listed once.
		{"m.ts", `const v = (require("./paren")); const w = (a = import("./arrow")) => a;`, []string{`"./paren"`, `"./arrow"`}},
		{"m.ts", `const v = (a = require("./assign")), w = (b = import("./seq"), c) + 1;`, []string{`"./assign"`, `"./seq"`}},
		{"m.ts", `x = a < b > (require("./cmp")); y = f<T>(require("./args"));`, []string{`"./cmp"`, `"./args"`}},
		{"m.ts", `z = async (require("./asynccall")); q = async (p = require("./asyncarrow")) => p;`, []string{`"./asynccall"`, `"./asyncarrow"`}},
		{"m.tsx", `const e = <div>{require("./jsx")}</div>; const g = <T,>(x = import("./generic")) => x;`, []string{`"./jsx"`, `"./generic"`}},
		{"m.js", `const a = f < g > (require("./js"));`, []string{`"./js"`}},
		{"m.ts", `const x = (require("./broken"), ;`, []string{`"./broken"`}},
		// A module with top-level await is parsed twice; the loads are the
		// second tree's.
		{"m.ts", `export {}; const r = await (import("./tla"));`, []string{`"./tla"`}},
	} {
		f := Parse(c.name, []byte(c.src))
		var got []string
		for _, n := range f.DynamicLoads() {
			got = append(got, f.Text(n))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: DynamicLoads = %q, want %q", c.src, got, c.want)
		}
		if walked := walkLoads(f); !slices.Equal(got, walked) {
			t.Errorf("%s: DynamicLoads = %q, but the tree holds %q", c.src, got, walked)
		}
		// The literals must be the tree's own nodes, not copies.
		i := 0
		Inspect(f.Root, func(n *Node) bool {
			if i < len(f.DynamicLoads()) && n == f.DynamicLoads()[i] {
				i++
			}
			return true
		})
		if i != len(f.DynamicLoads()) {
			t.Errorf("%s: DynamicLoads holds nodes that are not in the tree", c.src)
		}
	}
}
