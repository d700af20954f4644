package source_test

import (
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A module that many projects import is parsed once per run: it enters
// the FileSet once, every project sees the same tree, and its facts are
// still each project's own (which class a project binds).
func TestSharedModuleParsedOnce(t *testing.T) {
	files := map[string]string{
		"lib/room.ts": `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export class Lobby extends DurableObject {}
export const load = () => import("./lazy");
`,
		"lib/lazy.ts": "export const x = 1;\n",
		// The repository root: resolution reads no higher.
		".git/HEAD": "ref: refs/heads/main\n",
	}
	const n = 5
	var projects []*driver.Project
	for i := range n {
		name := string(rune('a' + i))
		class := "Room"
		if i%2 == 1 {
			class = "Lobby"
		}
		files["apps/"+name+"/wrangler.jsonc"] = `{"name": "` + name + `", "main": "src/index.ts",
  "durable_objects": {"bindings": [{"name": "R", "class_name": "` + class + `"}]},
  "migrations": [{"tag": "v1", "new_sqlite_classes": ["` + class + `"]}]}`
		files["apps/"+name+"/src/index.ts"] = `export { Room, Lobby } from "../../../lib/room";
export default { fetch() { return new Response("") } };
`
	}
	dir := writeTree(t, files)
	for i := range n {
		name := string(rune('a' + i))
		projects = append(projects, &driver.Project{Dir: filepath.Join(dir, "apps", name), Config: filepath.Join(dir, "apps", name, "wrangler.jsonc")})
	}
	res, results := sourceResults(t, projects)
	registered := map[string]int{}
	res.Fset.Iterate(func(f *token.File) bool {
		registered[f.Name()]++
		return true
	})
	for _, name := range []string{"lib/room.ts", "lib/lazy.ts"} {
		if got := registered[filepath.Join(dir, filepath.FromSlash(name))]; got != 1 {
			t.Errorf("%s entered the FileSet %d times, want once", name, got)
		}
	}
	lib := filepath.Join(dir, "lib", "room.ts")
	var tree *jsast.File
	for _, p := range projects {
		r := results[p.Config]
		f := r.File(lib)
		if f == nil || f.AST == nil {
			t.Fatalf("%s: lib/room.ts not in the graph", p.Config)
		}
		if tree == nil {
			tree = f.AST
		} else if f.AST != tree {
			t.Errorf("%s: lib/room.ts has a tree of its own", p.Config)
		}
		if r.File(filepath.Join(dir, "lib", "lazy.ts")) == nil {
			t.Errorf("%s: the dynamic import of lib/lazy.ts is not in the graph", p.Config)
		}
		bound := map[string]int{}
		for _, c := range f.Classes {
			bound[c.Name] = len(c.Bindings)
		}
		want := map[string]int{"Room": 1, "Lobby": 0}
		if filepath.Base(p.Dir) == "b" || filepath.Base(p.Dir) == "d" {
			want = map[string]int{"Room": 0, "Lobby": 1}
		}
		if !reflect.DeepEqual(bound, want) {
			t.Errorf("%s: bindings per class %v, want %v", p.Config, bound, want)
		}
	}
}

// Each project's File of a shared module is its own: a factory that one
// project calls makes a class in the factory's module for that project
// alone, and turns only that project's constant into a class.
func TestSharedModuleFactsPerProject(t *testing.T) {
	files := map[string]string{
		"lib/make.ts": `import { DurableObject } from "cloudflare:workers";
export function makeRoom() {
  return class extends DurableObject {};
}
export const Plain = 1;
`,
		".git/HEAD": "ref: refs/heads/main\n",
	}
	entries := map[string]string{
		"a": `import { makeRoom } from "../../../lib/make";
export const Room = makeRoom();
export default { fetch() { return new Response("") } };
`,
		"b": `import { makeRoom, Plain } from "../../../lib/make";
export const Room = Plain;
export default { fetch() { return new Response(String(makeRoom)) } };
`,
	}
	var projects []*driver.Project
	for _, name := range []string{"a", "b", "c"} {
		entry := entries[name]
		if entry == "" {
			entry = entries["a"]
		}
		files["apps/"+name+"/wrangler.jsonc"] = `{"name": "` + name + `", "main": "src/index.ts",
  "durable_objects": {"bindings": [{"name": "R", "class_name": "Room"}]}}`
		files["apps/"+name+"/src/index.ts"] = entry
	}
	dir := writeTree(t, files)
	for _, name := range []string{"a", "b", "c"} {
		projects = append(projects, &driver.Project{Dir: filepath.Join(dir, "apps", name), Config: filepath.Join(dir, "apps", name, "wrangler.jsonc")})
	}
	_, results := sourceResults(t, projects)
	lib := filepath.Join(dir, "lib", "make.ts")
	seen := map[*source.File]string{}
	for _, name := range []string{"a", "b", "c"} {
		r := results[filepath.Join(dir, "apps", name, "wrangler.jsonc")]
		f := r.File(lib)
		if f == nil {
			t.Fatalf("%s: lib/make.ts not in the graph", name)
		}
		if other, ok := seen[f]; ok {
			t.Errorf("%s and %s share a File of lib/make.ts", other, name)
		}
		seen[f] = name
		wantClasses, wantDO := 1, 1
		if name == "b" {
			wantClasses, wantDO = 0, 0
		}
		if len(f.Classes) != wantClasses || len(r.Classes) != wantDO {
			t.Errorf("%s: lib/make.ts has %d classes and the graph %d Durable Objects, want %d and %d", name, len(f.Classes), len(r.Classes), wantClasses, wantDO)
		}
		for _, c := range f.Classes {
			if c.File != f {
				t.Errorf("%s: class %s belongs to another File", name, c.Name)
			}
		}
		for _, im := range r.File(filepath.Join(dir, "apps", name, "src", "index.ts")).Imports {
			if im.Dep.File != f {
				t.Errorf("%s: import %s leads to another project's File", name, im.Local)
			}
		}
		entry := r.File(filepath.Join(dir, "apps", name, "src", "index.ts"))
		room := entry.Local("Room")
		wantKind := source.LocalClass
		if name == "b" {
			wantKind = source.LocalVar
		}
		if room == nil || room.Kind != wantKind {
			t.Errorf("%s: Room is %+v, want kind %d", name, room, wantKind)
		}
		if l := f.Local("Plain"); l == nil || l.Kind != source.LocalVar {
			t.Errorf("%s: Plain is %+v, want a variable", name, l)
		}
	}
}

// A project's copies of a shared module's top-level declarations are made
// when first asked for, after factories may have added classes to the
// File: they must still point to the project's own class and import, and
// one name must give one Local.
func TestSharedModuleLocalsAfterFactories(t *testing.T) {
	files := map[string]string{
		"lib/rooms.ts": `import { DurableObject } from "cloudflare:workers";
import { helper } from "./helper";
function make() { return class extends DurableObject {}; }
export const Made = make();
export class Lobby extends DurableObject {}
export const Alias = Lobby;
`,
		"lib/helper.ts": "export const helper = 1;\n",
		".git/HEAD":     "ref: refs/heads/main\n",
	}
	names := []string{"a", "b"}
	var projects []*driver.Project
	for _, name := range names {
		files["apps/"+name+"/wrangler.jsonc"] = `{"name": "` + name + `", "main": "src/index.ts",
  "durable_objects": {"bindings": [{"name": "R", "class_name": "Lobby"}]}}`
		files["apps/"+name+"/src/index.ts"] = `export { Lobby, Made } from "../../../lib/rooms";
export default { fetch() { return new Response("") } };
`
	}
	dir := writeTree(t, files)
	for _, name := range names {
		projects = append(projects, &driver.Project{Dir: filepath.Join(dir, "apps", name), Config: filepath.Join(dir, "apps", name, "wrangler.jsonc")})
	}
	_, results := sourceResults(t, projects)
	lib := filepath.Join(dir, "lib", "rooms.ts")
	seen := map[*source.Local]string{}
	for _, name := range names {
		r := results[filepath.Join(dir, "apps", name, "wrangler.jsonc")]
		f := r.File(lib)
		if f == nil {
			t.Fatalf("%s: lib/rooms.ts not in the graph", name)
		}
		if len(f.Classes) != 2 || f.Classes[0].Factory == nil {
			t.Fatalf("%s: lib/rooms.ts has classes %v, want the factory's first and Lobby", name, f.Classes)
		}
		for _, n := range []string{"Lobby", "Alias"} {
			l := f.Local(n)
			if l == nil || l.Kind != source.LocalClass || l.Class == nil || l.Class.Name != "Lobby" || l.Class != f.Classes[1] {
				t.Errorf("%s: %s is %+v, want project's class Lobby", name, n, l)
			}
		}
		lobby := f.Local("Lobby")
		if f.Local("Lobby") != lobby {
			t.Errorf("%s: Lobby gives two Locals", name)
		}
		if other, ok := seen[lobby]; ok {
			t.Errorf("%s and %s share the Local Lobby", other, name)
		}
		seen[lobby] = name
		if l := f.Local("Made"); l == nil || l.Class != f.Classes[0] {
			t.Errorf("%s: Made is %+v, want the factory's class", name, l)
		}
		h := f.Local("helper")
		if h == nil || h.Import == nil || h.Import != f.Imports[1] || h.Import.Dep.File != r.File(filepath.Join(dir, "lib", "helper.ts")) {
			t.Errorf("%s: helper is %+v, want the project's import of lib/helper.ts", name, h)
		}
	}
}

// sourceResults runs the source analyzer over projects and returns the
// run and each project's Result, by the project's config.
func sourceResults(t *testing.T, projects []*driver.Project) (*driver.Result, map[string]*source.Result) {
	t.Helper()
	var (
		mu      sync.Mutex
		results = map[string]*source.Result{}
	)
	probe := &analysis.Analyzer{
		Name:     "sourceprobe",
		Doc:      "keep each project's source result",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			mu.Lock()
			results[pass.OtherFiles[0]] = pass.ResultOf[source.Analyzer].(*source.Result)
			mu.Unlock()
			return nil, nil
		},
	}
	res, err := driver.Run(projects, rule.SetOf(probe), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, results
}
