package resolve

import (
	"os"
	"path/filepath"
	"testing"
)

// tree writes files (path → content) under a temporary directory that is
// the root of a repository.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := bareTree(t, files)
	if err := os.MkdirAll(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// bareTree is tree without the .git directory.
func bareTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func check(t *testing.T, r *Resolver, root, from, spec string, kind Kind, want string) {
	t.Helper()
	got := r.Resolve(filepath.Join(root, filepath.FromSlash(from)), spec)
	if got.Kind != kind {
		t.Errorf("Resolve(%s, %q) = %v %s, want %v", from, spec, got.Kind, got.Path, kind)
		return
	}
	if want != "" && got.Path != filepath.Join(root, filepath.FromSlash(want)) {
		t.Errorf("Resolve(%s, %q) = %s, want %s", from, spec, got.Path, want)
	}
}

func TestRelative(t *testing.T) {
	root := tree(t, map[string]string{
		"src/index.ts":            "",
		"src/a.ts":                "",
		"src/b.tsx":               "",
		"src/c.mts":               "",
		"src/js/plain.js":         "",
		"src/dir/index.ts":        "",
		"src/pkgdir/package.json": `{"main": "./lib/entry.js"}`,
		"src/pkgdir/lib/entry.ts": "",
		"src/data.json":           "{}",
		"src/emitted.ts":          "",
		"src/both.ts":             "",
		"src/both.js":             "",
	})
	r := New(root, nil)
	check(t, r, root, "src/index.ts", "./a", Module, "src/a.ts")
	check(t, r, root, "src/index.ts", "./a.ts", Module, "src/a.ts")
	check(t, r, root, "src/index.ts", "./b", Module, "src/b.tsx")
	check(t, r, root, "src/index.ts", "./c", Module, "src/c.mts")
	check(t, r, root, "src/index.ts", "./js/plain", Module, "src/js/plain.js")
	check(t, r, root, "src/index.ts", "./dir", Module, "src/dir/index.ts")
	check(t, r, root, "src/index.ts", "./pkgdir", Module, "src/pkgdir/lib/entry.ts")
	check(t, r, root, "src/index.ts", "./data.json", Asset, "src/data.json")
	check(t, r, root, "src/index.ts", "./emitted.js", Module, "src/emitted.ts")
	check(t, r, root, "src/index.ts", "./both.js", Module, "src/both.js")
	check(t, r, root, "src/dir/index.ts", "../a", Module, "src/a.ts")
	check(t, r, root, "src/index.ts", "./nope", NotFound, "")
	check(t, r, root, "src/index.ts", "cloudflare:workers", Builtin, "")
	check(t, r, root, "src/index.ts", "node:buffer", Builtin, "")
	check(t, r, root, "src/index.ts", "./a?raw", Module, "src/a.ts")
}

func TestTSConfigPaths(t *testing.T) {
	root := tree(t, map[string]string{
		"tsconfig.base.json": `{
			// comments and trailing commas are allowed
			"compilerOptions": {"paths": {"@lib/*": ["./lib/*"],},},
		}`,
		"app/tsconfig.json": `{"extends": "../tsconfig.base.json"}`,
		"app/src/index.ts":  "",
		"lib/do.ts":         "",
		"b/tsconfig.json":   `{"compilerOptions": {"baseUrl": "./src", "paths": {"~/*": ["*"], "exact": ["./other/x.ts"]}}}`,
		"b/src/index.ts":    "",
		"b/src/util/a.ts":   "",
		"b/src/other/x.ts":  "",
	})
	r := New(filepath.Join(root, "app"), nil)
	check(t, r, root, "app/src/index.ts", "@lib/do", Module, "lib/do.ts")
	check(t, r, root, "app/src/index.ts", "@lib/missing", External, "")
	check(t, r, root, "b/src/index.ts", "~/util/a", Module, "b/src/util/a.ts")
	check(t, r, root, "b/src/index.ts", "exact", Module, "b/src/other/x.ts")
	// baseUrl alone makes bare specifiers resolve below it.
	check(t, r, root, "b/src/index.ts", "util/a", Module, "b/src/util/a.ts")
	check(t, r, root, "b/src/index.ts", "hono", External, "")
}

func TestWorkspacePackages(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":                   `{"private": true, "workspaces": ["packages/*", "apps/*"]}`,
		"apps/worker/src/index.ts":       "",
		"packages/shared/package.json":   `{"name": "@acme/shared", "exports": {".": {"types": "./dist/index.d.ts", "import": "./src/index.ts"}, "./do/*": "./src/do/*.ts"}}`,
		"packages/shared/src/index.ts":   "",
		"packages/shared/src/do/room.ts": "",
		"packages/built/package.json":    `{"name": "built", "exports": {".": {"import": "./dist/index.js", "types": "./src/index.ts"}}}`,
		"packages/built/src/index.ts":    "",
		"packages/plain/package.json":    `{"name": "plain", "main": "dist/index.js"}`,
		"packages/plain/src/index.ts":    "",
		"node_modules/hono/package.json": `{"name": "hono", "main": "index.js"}`,
		"node_modules/hono/index.js":     "",
	})
	r := New(filepath.Join(root, "apps", "worker"), nil)
	check(t, r, root, "apps/worker/src/index.ts", "@acme/shared", Module, "packages/shared/src/index.ts")
	check(t, r, root, "apps/worker/src/index.ts", "@acme/shared/do/room", Module, "packages/shared/src/do/room.ts")
	check(t, r, root, "apps/worker/src/index.ts", "@acme/shared/nope", NotFound, "")
	// The import condition names a build output that is absent; the
	// sources declared for types are what the build starts from.
	check(t, r, root, "apps/worker/src/index.ts", "built", Module, "packages/built/src/index.ts")
	check(t, r, root, "apps/worker/src/index.ts", "plain", Module, "packages/plain/src/index.ts")
	// Installed packages are not followed.
	check(t, r, root, "apps/worker/src/index.ts", "hono", External, "")
}

func TestSymlinkedPackage(t *testing.T) {
	root := tree(t, map[string]string{
		"worker/src/index.ts":     "",
		"libs/rooms/package.json": `{"name": "rooms", "module": "./index.ts"}`,
		"libs/rooms/index.ts":     "",
	})
	nm := filepath.Join(root, "worker", "node_modules")
	if err := os.MkdirAll(nm, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "libs", "rooms"), filepath.Join(nm, "rooms")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	r := New(filepath.Join(root, "worker"), nil)
	check(t, r, root, "worker/src/index.ts", "rooms", Module, "libs/rooms/index.ts")
}

func TestPnpmWorkspace(t *testing.T) {
	root := tree(t, map[string]string{
		"pnpm-workspace.yaml":             "packages:\n  - 'pkgs/**'\n",
		"pkgs/group/durable/package.json": `{"name": "durable", "exports": "./mod.ts"}`,
		"pkgs/group/durable/mod.ts":       "",
		"worker/src/index.ts":             "",
	})
	r := New(filepath.Join(root, "worker"), nil)
	check(t, r, root, "worker/src/index.ts", "durable", Module, "pkgs/group/durable/mod.ts")
	check(t, r, root, "worker/src/index.ts", "durable/sub", NotFound, "")
}

func TestSplitPackage(t *testing.T) {
	for _, c := range []struct{ spec, name, sub string }{
		{"hono", "hono", ""},
		{"hono/cors", "hono", "cors"},
		{"@scope/pkg", "@scope/pkg", ""},
		{"@scope/pkg/a/b", "@scope/pkg", "a/b"},
		{"@scope", "", ""},
	} {
		n, s := splitPackage(c.spec)
		if n != c.name || s != c.sub {
			t.Errorf("splitPackage(%q) = %q, %q; want %q, %q", c.spec, n, s, c.name, c.sub)
		}
	}
}

func TestSubpathImports(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json": `{"name": "worker", "imports": {
			"#do/*": "./src/objects/*.ts",
			"#env": {"workerd": "./src/env.workerd.ts", "default": "./src/env.ts"},
			"#shared": "@acme/shared"
		}, "workspaces": ["packages/*"]}`,
		"src/index.ts":                 "",
		"src/objects/room.ts":          "",
		"src/env.workerd.ts":           "",
		"src/env.ts":                   "",
		"packages/shared/package.json": `{"name": "@acme/shared", "exports": "./index.ts"}`,
		"packages/shared/index.ts":     "",
	})
	r := New(root, nil)
	check(t, r, root, "src/index.ts", "#do/room", Module, "src/objects/room.ts")
	check(t, r, root, "src/index.ts", "#env", Module, "src/env.workerd.ts")
	check(t, r, root, "src/index.ts", "#shared", Module, "packages/shared/index.ts")
	check(t, r, root, "src/index.ts", "#nope", NotFound, "")
}
