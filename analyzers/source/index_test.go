package source

import (
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/jsast"
)

func parse(t *testing.T, src string) *File {
	t.Helper()
	f := &File{Path: "/x/mod.ts"}
	f.AST = jsast.ParseFile(token.NewFileSet(), f.Path, []byte(src))
	if len(f.AST.Errors) > 0 {
		t.Fatalf("%s", f.AST.ErrorString(f.AST.Errors[0]))
	}
	f.Index = newIndex(f.AST.Root, len(src))
	if failure := loadFacts(f); failure != "" {
		t.Fatal(failure)
	}
	return f
}

// loadFacts gives f, parsed, its module facts as a run does, and returns
// why collecting them failed.
func loadFacts(f *File) string {
	m := &module{path: f.Path, src: f.AST.Src, ast: f.AST, index: f.Index, dynamic: dynamicSpecs(f.AST)}
	fx := m.facts()
	if fx.failure != "" {
		return fx.failure
	}
	f.mod = m
	fx.instantiate(f, &slabs{})
	return ""
}

func texts(f *File, seq func(func(*jsast.Node) bool)) []string {
	var out []string
	for n := range seq {
		out = append(out, f.AST.Text(n))
	}
	return out
}

func TestIndexNodes(t *testing.T) {
	f := parse(t, `
function outside() { setTimeout(() => {}, 1); }
export class Room {
  a() { this.x(); setInterval(f, 5); }
  static b = () => fetch("u");
  get c() { return g(); }
}
`)
	if len(f.Classes) != 1 {
		t.Fatalf("classes = %d", len(f.Classes))
	}
	c := f.Classes[0]
	calls := texts(f, c.Nodes(jsast.KindCall))
	want := []string{"this.x()", "setInterval(f, 5)", `fetch("u")`, "g()"}
	if !slices.Equal(calls, want) {
		t.Errorf("calls in class = %q, want %q", calls, want)
	}
	if all := texts(f, f.Index.Nodes(nil, jsast.KindCall)); len(all) != 5 || all[0] != "setTimeout(() => {}, 1)" {
		t.Errorf("calls in file = %q", all)
	}
	// Several kinds come out merged in source order.
	mixed := texts(f, c.Nodes(jsast.KindCall, jsast.KindReturn))
	wantMixed := []string{"this.x()", "setInterval(f, 5)", `fetch("u")`, "return g();", "g()"}
	if !slices.Equal(mixed, wantMixed) {
		t.Errorf("calls and returns = %q, want %q", mixed, wantMixed)
	}
	// Early stop is honoured.
	n := 0
	for range c.Nodes(jsast.KindCall) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("iteration did not stop")
	}

	var names []string
	for _, m := range c.Methods {
		s := m.Name
		if m.Static {
			s = "static " + s
		}
		names = append(names, s)
	}
	if !slices.Equal(names, []string{"a", "static b", "c"}) {
		t.Errorf("methods = %q", names)
	}
	var setInterval *jsast.Node
	for call := range c.Nodes(jsast.KindCall) {
		if strings.HasPrefix(f.AST.Text(call), "setInterval") {
			setInterval = call
		}
	}
	if m := c.MethodAt(setInterval.Start); m == nil || m.Name != "a" {
		t.Errorf("MethodAt(setInterval) = %v, want a", m)
	}
	if p := f.Index.Parent(setInterval); p == nil || p.Kind != jsast.KindExprStmt {
		t.Errorf("Parent(setInterval) = %v, want the expression statement", p)
	}
	var kinds []jsast.Kind
	for a := range f.Index.Ancestors(setInterval) {
		kinds = append(kinds, a.Kind)
	}
	if len(kinds) < 4 || kinds[len(kinds)-1] != jsast.KindFile || !slices.Contains(kinds, jsast.KindMethodDecl) || !slices.Contains(kinds, jsast.KindClassDecl) {
		t.Errorf("ancestors of setInterval = %v", kinds)
	}
}

func TestModuleFacts(t *testing.T) {
	f := parse(t, `
import def, { a as b, type T } from "./a";
import * as ns from "cloudflare:workers";
export { b as c, def };
export * from "./star";
export * as all from "./all";
export type { T as U };
export interface I {}
export const [x, { y }] = [1, { y: 2 }];
export default class {}
const lazy = () => import("./lazy");
const req = require("./req");
`)
	var exports []string
	for _, e := range f.Exports {
		s := e.Name
		switch {
		case e.Dep != nil:
			s += "<-" + e.Dep.Spec + ":" + e.Imported
		case e.Local != "":
			s += "=" + e.Local
		}
		if e.TypeOnly {
			s += "(type)"
		}
		exports = append(exports, s)
	}
	want := []string{"c=b", "def=def", "all<-./all:*", "U=T(type)", "I=I(type)", "x=x", "y=y", "default"}
	if !slices.Equal(exports, want) {
		t.Errorf("exports = %q\nwant      %q", exports, want)
	}
	var imports []string
	for _, im := range f.Imports {
		s := im.Local + "=" + im.Dep.Spec + ":" + im.Imported
		if im.TypeOnly {
			s += "(type)"
		}
		imports = append(imports, s)
	}
	wantImports := []string{"def=./a:default", "b=./a:a", "T=./a:T(type)", "ns=cloudflare:workers:*"}
	if !slices.Equal(imports, wantImports) {
		t.Errorf("imports = %q\nwant      %q", imports, wantImports)
	}
	var deps []string
	for _, d := range f.Deps {
		deps = append(deps, d.Spec)
	}
	if !slices.Equal(deps, []string{"./a", "cloudflare:workers", "./star", "./all", "./lazy", "./req"}) {
		t.Errorf("deps = %q", deps)
	}
	if len(f.Stars) != 1 || f.Stars[0].Spec != "./star" {
		t.Errorf("stars = %v", f.Stars)
	}
	if d := f.Export("default"); d == nil || d.Class == nil || d.Class.Name != "default" {
		t.Errorf("anonymous default class not recorded: %+v", d)
	}
	// Declarations link to this File's own imports and specifiers.
	if l := f.Local("b"); l == nil || l.Kind != LocalImport || l.Import != f.Imports[1] || l.Import.Dep != f.Deps[0] {
		t.Errorf("Local(b) = %+v, want the import of a from ./a", l)
	}
	if l := f.Local("req"); l == nil || l.Kind != LocalVar || l.Init == nil {
		t.Errorf("Local(req) = %+v, want a variable with its initializer", l)
	}
	if l := f.Local("I"); l == nil || l.Kind != LocalType {
		t.Errorf("Local(I) = %+v, want an interface", l)
	}
	if l := f.Local("missing"); l != nil {
		t.Errorf("Local(missing) = %+v", l)
	}
}

// TestBrokenSourcesDoNotPanic parses every prefix-truncation of the
// testdata sources (at many cut points) and runs the module and class
// passes over whatever the parser recovered: a user's half-written file
// must never crash the run.
func TestBrokenSourcesDoNotPanic(t *testing.T) {
	var srcs [][]byte
	filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".ts") || strings.HasSuffix(p, ".js")) {
			if b, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, b)
			}
		}
		return nil
	})
	if len(srcs) == 0 {
		t.Fatal("no sources")
	}
	for _, src := range srcs {
		step := len(src)/40 + 1
		for cut := 0; cut <= len(src); cut += step {
			f := &File{Path: "/x/cut.ts"}
			f.AST = jsast.ParseFile(token.NewFileSet(), f.Path, src[:cut])
			f.Index = newIndex(f.AST.Root, cut)
			if failure := loadFacts(f); failure != "" {
				t.Fatalf("cut at %d: %s", cut, failure)
			}
			res := &Result{Files: []*File{f}, byPath: map[string]*File{f.Path: f}}
			res.factoryClasses(f)
			for _, c := range f.Classes {
				res.resolveChain(c)
			}
			for _, e := range f.Exports {
				res.LookupExport(f, e.Name)
			}
		}
	}
}

func TestEscapedNames(t *testing.T) {
	f := parse(t, `export { C\u006fde as "Re\x6dote" } from "./\u0061";`)
	e := f.Exports[0]
	if e.Name != "Remote" || e.Imported != "Code" || e.Dep.Spec != "./a" {
		t.Errorf("export = %q from %q:%q, want Remote from ./a:Code", e.Name, e.Dep.Spec, e.Imported)
	}
}
