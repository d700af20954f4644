package source_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/driver"
)

// Projects load their modules on workers they share, many more modules
// than workers at once: every project still gets every module it reaches,
// linked to its own Files, with its own copies of the modules' facts.
func TestProjectsLoadEveryModule(t *testing.T) {
	const projects, width = 6, 30
	files := map[string]string{".git/HEAD": "ref: refs/heads/main\n"}
	var imports strings.Builder
	for i := range width {
		// Each shared module imports the next, and one of its own.
		next := fmt.Sprintf("./m%d", i+1)
		if i == width-1 {
			next = "./leaf"
		}
		files[fmt.Sprintf("lib/m%d.ts", i)] = fmt.Sprintf("import { x } from %q;\nimport { y } from \"./own%d\";\nexport class C%d { f() { return x + y; } }\nexport const v%d = 1;\n", next, i, i, i)
		files[fmt.Sprintf("lib/own%d.ts", i)] = "export const y = 2;\n"
		fmt.Fprintf(&imports, "export { C%d } from \"../../../lib/m%d\";\n", i, i)
	}
	files["lib/leaf.ts"] = "export const x = 1;\n"
	var dirs []*driver.Project
	for p := range projects {
		name := fmt.Sprintf("p%d", p)
		files["apps/"+name+"/wrangler.jsonc"] = `{"name": "` + name + `", "main": "src/index.ts"}`
		files["apps/"+name+"/src/index.ts"] = imports.String() + "export default { fetch() { return new Response(\"\") } };\n"
	}
	dir := writeTree(t, files)
	for p := range projects {
		d := filepath.Join(dir, "apps", fmt.Sprintf("p%d", p))
		dirs = append(dirs, &driver.Project{Dir: d, Config: filepath.Join(d, "wrangler.jsonc")})
	}
	_, results := sourceResults(t, dirs)
	want := 1 + 2*width + 1 // the entry, the chain and its own modules, the leaf
	seen := map[*source.Dep]string{}
	for _, p := range dirs {
		r := results[p.Config]
		if r == nil {
			t.Fatalf("%s: no result", p.Config)
		}
		if len(r.Files) != want {
			t.Errorf("%s: %d files in the graph, want %d", p.Config, len(r.Files), want)
		}
		for _, f := range r.Files {
			if f.AST == nil {
				t.Errorf("%s: %s not parsed: %s", p.Config, f.Path, f.ParseFailure)
			}
			for _, d := range f.Deps {
				if d.Kind != source.DepModule || d.File == nil || r.File(d.Path) != d.File {
					t.Errorf("%s: %s: %q is not linked to the project's file", p.Config, f.Path, d.Spec)
				}
				if other, ok := seen[d]; ok {
					t.Errorf("%s: %s: %q shares its Dep with %s", p.Config, f.Path, d.Spec, other)
				}
				seen[d] = p.Config
			}
		}
		if got := len(r.ClassesNamed("C0")) + len(r.ClassesNamed(fmt.Sprintf("C%d", width-1))); got != 2 {
			t.Errorf("%s: %d of the classes C0 and C%d, want both", p.Config, got, width-1)
		}
	}
}
