package resolve

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// wranglerConditions are the conditions wrangler passes to esbuild when it
// bundles a Worker (its BUILD_CONDITIONS default).
var wranglerConditions = []string{"workerd", "worker", "browser"}

// Where every export target exists and none is a source or a declaration
// with sources, a reader's preferences have nothing to add: the file we
// resolve must be the one wrangler's esbuild bundles. Each case is a
// package "pkg" of the workspace, its package.json exports, the files it
// holds, and the specifier the Worker imports.
func TestConditionsAsEsbuild(t *testing.T) {
	for _, c := range []struct {
		name, exports string
		files         []string
		spec          string
	}{
		{"key order among the bundler's", `{"node": "./n.js", "workerd": "./w.js", "import": "./i.js", "default": "./d.js"}`, []string{"n.js", "w.js", "i.js", "d.js"}, "pkg"},
		{"import before workerd", `{"import": "./i.js", "workerd": "./w.js"}`, []string{"i.js", "w.js"}, "pkg"},
		{"browser before worker", `{"browser": "./b.js", "worker": "./k.js"}`, []string{"b.js", "k.js"}, "pkg"},
		{"require is not the bundler's", `{"require": "./r.cjs", "default": "./d.js"}`, []string{"r.cjs", "d.js"}, "pkg"},
		{"module is not enabled with custom conditions", `{"module": "./dist/m.js", "import": "./dist/i.js"}`, []string{"dist/m.js", "dist/i.js"}, "pkg"},
		{"declarations without sources", `{".": {"types": "./dist/index.d.ts", "import": {"workerd": "./dist/iw.js", "default": "./dist/id.js"}, "default": "./dist/d.js"}}`, []string{"dist/index.d.ts", "dist/iw.js", "dist/id.js", "dist/d.js"}, "pkg"},
		{"a pattern's conditions", `{".": "./d.js", "./*": {"worker": "./w/*.js", "default": "./d/*.js"}}`, []string{"d.js", "w/x.js", "d/x.js"}, "pkg/x"},
		{"the longest pattern", `{"./*": "./a/*.js", "./sub/*": "./b/*.js"}`, []string{"a/sub/x.js", "b/x.js"}, "pkg/sub/x"},
		{"an exact key before patterns", `{"./x": "./exact.js", "./*": "./p/*.js"}`, []string{"exact.js", "p/x.js"}, "pkg/x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"package.json":              `{"private": true, "workspaces": ["packages/*"]}`,
				"packages/pkg/package.json": `{"name": "pkg", "exports": ` + c.exports + `}`,
				"app/src/main.ts":           "import * as m from \"" + c.spec + "\";\nconsole.log(m);\n",
			}
			for _, f := range c.files {
				// Each file says which it is, so that the bundle keeps it.
				files["packages/pkg/"+f] = "export const which = " + `"` + f + `"` + ";\n"
			}
			root := tree(t, files)
			// esbuild finds the package the way package managers install
			// a workspace: linked into node_modules.
			link(t, filepath.Join("..", "packages", "pkg"), filepath.Join(root, "node_modules", "pkg"))
			main := filepath.Join(root, "app", "src", "main.ts")

			want := esbuildInput(t, root, main, "packages/pkg/")
			got := New(filepath.Join(root, "app"), nil).Resolve(main, c.spec)
			rel, _ := filepath.Rel(root, got.Path)
			if filepath.ToSlash(rel) != want {
				t.Errorf("Resolve(%q) = %v %s, esbuild bundles %s", c.spec, got.Kind, rel, want)
			}
		})
	}
}

// esbuildInput bundles entry as wrangler does and returns the one input
// whose path starts with prefix.
func esbuildInput(t *testing.T, root, entry, prefix string) string {
	t.Helper()
	var found []string
	for _, in := range esbuildInputs(t, root, entry) {
		if strings.HasPrefix(in, prefix) {
			found = append(found, in)
		}
	}
	if len(found) != 1 {
		t.Fatalf("esbuild bundled %v below %s, want one file", found, prefix)
	}
	return found[0]
}

// esbuildInputs bundles entry as wrangler does and returns the bundle's
// inputs, relative to root.
func esbuildInputs(t *testing.T, root, entry string) []string {
	t.Helper()
	res := api.Build(api.BuildOptions{
		EntryPoints:   []string{entry},
		AbsWorkingDir: root,
		Bundle:        true,
		Write:         false,
		Metafile:      true,
		Format:        api.FormatESModule,
		Conditions:    wranglerConditions,
		LogLevel:      api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		t.Fatalf("esbuild: %s", res.Errors[0].Text)
	}
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		t.Fatal(err)
	}
	var out []string
	for in := range meta.Inputs {
		out = append(out, in)
	}
	return out
}

// tsconfig paths and baseUrl, through extends chains, resolve as esbuild
// resolves them: it reads the nearest tsconfig.json of each importing file.
func TestTSConfigAsEsbuild(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		spec  string
	}{
		{"paths relative to the config that sets them", map[string]string{
			"tsconfig.base.json": `{"compilerOptions": {"paths": {"@lib/*": ["./lib/*"]}}}`,
			"app/tsconfig.json":  `{"extends": "../tsconfig.base.json"}`,
			"lib/room.ts":        "",
		}, "@lib/room"},
		{"paths relative to an inherited baseUrl", map[string]string{
			"tsconfig.base.json":     `{"compilerOptions": {"baseUrl": "./shared"}}`,
			"app/tsconfig.json":      `{"extends": "../tsconfig.base.json", "compilerOptions": {"paths": {"~/*": ["objects/*"]}}}`,
			"shared/objects/room.ts": "",
		}, "~/room"},
		{"baseUrl alone", map[string]string{
			"app/tsconfig.json": `{"compilerOptions": {"baseUrl": "./src"}}`,
			"app/src/util/x.ts": "",
		}, "util/x"},
		{"the longest pattern prefix", map[string]string{
			"app/tsconfig.json": `{"compilerOptions": {"paths": {"@/*": ["./a/*"], "@/do/*": ["./b/*"]}}}`,
			"app/a/do/x.ts":     "",
			"app/b/x.ts":        "",
		}, "@/do/x"},
		{"a later target when the first is missing", map[string]string{
			"app/tsconfig.json": `{"compilerOptions": {"paths": {"#x": ["./missing.ts", "./present.ts"]}}}`,
			"app/present.ts":    "",
		}, "#x"},
		{"extends from an installed package", map[string]string{
			"node_modules/@acme/tsconfig/package.json": `{"name": "@acme/tsconfig"}`,
			"node_modules/@acme/tsconfig/base.json":    `{"compilerOptions": {"paths": {"@r/*": ["../../../lib/*"]}}}`,
			"app/tsconfig.json":                        `{"extends": "@acme/tsconfig/base.json"}`,
			"lib/room.ts":                              "",
		}, "@r/room"},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"app/src/main.ts": "import * as m from \"" + c.spec + "\";\nconsole.log(m);\n",
			}
			for name, content := range c.files {
				if !strings.HasSuffix(name, ".json") {
					content = "export const which = \"" + name + "\";\n"
				}
				files[name] = content
			}
			root := tree(t, files)
			main := filepath.Join(root, "app", "src", "main.ts")
			want := ""
			for _, in := range esbuildInputs(t, root, main) {
				if in != "app/src/main.ts" {
					want = in
				}
			}
			got := New(filepath.Join(root, "app"), nil).Resolve(main, c.spec)
			rel, _ := filepath.Rel(root, got.Path)
			if filepath.ToSlash(rel) != want {
				t.Errorf("Resolve(%q) = %v %s, esbuild bundles %s", c.spec, got.Kind, rel, want)
			}
		})
	}
}
