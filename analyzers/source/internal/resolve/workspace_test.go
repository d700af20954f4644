package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func link(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
}

type resolveCase struct {
	from, spec string
	kind       Kind
	want       string // below the tree root; "" when only kind matters
}

func checkAll(t *testing.T, r *Resolver, root string, cases []resolveCase) {
	t.Helper()
	for _, c := range cases {
		check(t, r, root, c.from, c.spec, c.kind, c.want)
	}
}

// The case that motivated following sources: a pnpm monorepo whose
// Worker imports a Durable Object library of the same repository, built
// to dist/ only by a build step that has not run.
func TestPnpmMonorepo(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":          `{"name": "monorepo", "private": true}`,
		"pnpm-workspace.yaml":   "packages:\n  - 'apps/*'\n  - 'packages/*'\n  - '!packages/ignored'\n",
		"apps/api/package.json": `{"name": "api", "dependencies": {"@acme/rooms": "workspace:*"}}`,
		"apps/api/src/index.ts": "",
		"packages/rooms/package.json": `{
			"name": "@acme/rooms",
			"exports": {
				".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"},
				"./*": {"types": "./dist/*.d.ts", "import": "./dist/*.js"}
			}
		}`,
		"packages/rooms/src/index.ts":   "",
		"packages/rooms/src/chat.ts":    "",
		"packages/rooms/src/sql/raw.ts": "",
		"packages/ignored/package.json": `{"name": "@acme/ignored", "main": "index.ts"}`,
		"packages/ignored/index.ts":     "",
	})
	r := New(filepath.Join(root, "apps", "api"), nil)
	checkAll(t, r, root, []resolveCase{
		{"apps/api/src/index.ts", "@acme/rooms", Module, "packages/rooms/src/index.ts"},
		{"apps/api/src/index.ts", "@acme/rooms/chat", Module, "packages/rooms/src/chat.ts"},
		{"apps/api/src/index.ts", "@acme/rooms/sql/raw", Module, "packages/rooms/src/sql/raw.ts"},
		{"apps/api/src/index.ts", "@acme/rooms/missing", NotFound, ""},
		// Excluded by the workspace's "!" glob.
		{"apps/api/src/index.ts", "@acme/ignored", External, ""},
	})
	// The same package through pnpm's link in the app's node_modules.
	link(t, filepath.Join("..", "..", "..", "..", "packages", "rooms"), filepath.Join(root, "apps", "api", "node_modules", "@acme", "rooms"))
	r = New(filepath.Join(root, "apps", "api"), nil)
	check(t, r, root, "apps/api/src/index.ts", "@acme/rooms/chat", Module, "packages/rooms/src/chat.ts")
}

func TestNpmWorkspaces(t *testing.T) {
	root := tree(t, map[string]string{
		// yarn's object form, with a "**" glob.
		"package.json":                      `{"private": true, "workspaces": {"packages": ["workers/*", "libs/**"]}}`,
		"workers/chat/src/index.ts":         "",
		"libs/do/storage/package.json":      `{"name": "storage", "main": "./build/index.js", "types": "./build/index.d.ts"}`,
		"libs/do/storage/src/index.ts":      "",
		"libs/core/package.json":            `{"name": "core", "module": "./lib/core.mjs"}`,
		"libs/core/src/core.mts":            "",
		"libs/installed/package.json":       `{"name": "copied", "exports": "./src/index.ts"}`,
		"libs/installed/src/index.ts":       "",
		"node_modules/copied/package.json":  `{"name": "copied", "exports": "./dist/index.js"}`,
		"node_modules/copied/dist/index.js": "",
		"node_modules/hono/package.json":    `{"name": "hono", "exports": "./dist/index.js"}`,
		"node_modules/hono/dist/index.js":   "",
	})
	link(t, filepath.Join("..", "libs", "core"), filepath.Join(root, "node_modules", "core"))
	r := New(filepath.Join(root, "workers", "chat"), nil)
	checkAll(t, r, root, []resolveCase{
		{"workers/chat/src/index.ts", "storage", Module, "libs/do/storage/src/index.ts"},
		// Through npm's link in node_modules, to the twin of lib/core.mjs.
		{"workers/chat/src/index.ts", "core", Module, "libs/core/src/core.mts"},
		// An installed copy of a workspace package stands for its sources.
		{"workers/chat/src/index.ts", "copied", Module, "libs/installed/src/index.ts"},
		{"workers/chat/src/index.ts", "hono", External, ""},
	})
}

// Each case is one package "pkg" of a workspace, imported as spec.
func TestPackageEntries(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string // below the package directory
		spec  string
		want  string // below the package directory; "" for not followed
	}{
		{
			name: "source condition beats a built import",
			files: map[string]string{
				"package.json":  `{"exports": {"import": "./dist/index.js", "source": "./src/index.ts"}}`,
				"dist/index.js": "", "src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "types declaration next to its source",
			files: map[string]string{
				"package.json": `{"exports": {".": {"types": "./mod.d.ts", "default": "./mod.js"}}}`,
				"mod.d.ts":     "", "mod.ts": "",
			},
			want: "mod.ts",
		},
		{
			name: "types in a format directory of dist",
			files: map[string]string{
				"package.json":   `{"exports": {"types": "./dist/types/index.d.ts", "import": "./dist/esm/index.js"}}`,
				"src/index.ts":   "",
				"dist/types/x":   "",
				"dist/esm/other": "",
			},
			want: "src/index.ts",
		},
		{
			name: "a types target that names the source itself",
			files: map[string]string{
				"package.json": `{"exports": {"import": "./dist/index.js", "types": "./src/index.ts"}}`,
				"src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "a declaration without source falls through to the code",
			files: map[string]string{
				"package.json": `{"exports": {"types": "./index.d.ts", "default": "./index.js"}}`,
				"index.d.ts":   "", "index.js": "",
			},
			want: "index.js",
		},
		{
			name: "the first of the bundler's conditions, in key order",
			files: map[string]string{
				"package.json":    `{"exports": {"node": "./dist/node.js", "workerd": "./dist/workerd.js", "import": "./dist/import.js"}}`,
				"dist/node.js":    "",
				"dist/workerd.js": "",
				"dist/import.js":  "",
			},
			want: "dist/workerd.js",
		},
		{
			name: "a source the bundler takes beats the one types describes",
			files: map[string]string{
				"package.json":   `{"exports": {"types": "./dist/index.d.ts", "workerd": "./src/workerd.ts", "default": "./src/index.ts"}}`,
				"src/index.ts":   "",
				"src/workerd.ts": "",
			},
			want: "src/workerd.ts",
		},
		{
			name: "but not one only another runtime takes",
			files: map[string]string{
				"package.json": `{"exports": {"types": "./dist/index.d.ts", "node": "./src/node.ts", "default": "./dist/index.js"}}`,
				"src/index.ts": "",
				"src/node.ts":  "",
			},
			want: "src/index.ts",
		},
		{
			name: "a main that is a source file",
			files: map[string]string{
				"package.json":  `{"main": "src/worker.ts", "types": "dist/index.d.ts"}`,
				"src/index.ts":  "",
				"src/worker.ts": "",
			},
			want: "src/worker.ts",
		},
		{
			name: "a built output is used as it is",
			files: map[string]string{
				"package.json":  `{"exports": {"import": "./dist/index.js"}}`,
				"dist/index.js": "", "src/index.ts": "",
			},
			want: "dist/index.js",
		},
		{
			name: "nested conditions",
			files: map[string]string{
				"package.json": `{"exports": {".": {"import": {"types": "./dist/index.d.mts", "default": "./dist/index.mjs"}, "require": "./dist/index.cjs"}}}`,
				"src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "only require, unbuilt",
			files: map[string]string{
				"package.json": `{"exports": {"require": "./build/index.cjs"}}`,
				"src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "dist/index.mjs from src/index.ts",
			files: map[string]string{
				"package.json": `{"exports": {"workerd": "./dist/index.mjs"}}`,
				"src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "tsx source",
			files: map[string]string{
				"package.json": `{"exports": "./dist/view.js"}`,
				"src/view.tsx": "",
			},
			want: "src/view.tsx",
		},
		{
			name: "javascript source",
			files: map[string]string{
				"package.json": `{"exports": "./lib/index.js"}`,
				"src/index.js": "",
			},
			want: "src/index.js",
		},
		{
			name: "a qualified build directory",
			files: map[string]string{
				"package.json":             `{"exports": {"import": "./wrangler-dist/config.mjs"}}`,
				"src/config.ts":            "",
				"wrangler-dist/readme.txt": "",
			},
			want: "src/config.ts",
		},
		{
			name: "sources in lib",
			files: map[string]string{
				"package.json": `{"main": "./dist/index.js", "module": "./dist/index.js"}`,
				"lib/index.ts": "",
			},
			want: "lib/index.ts",
		},
		{
			name: "a null branch is skipped",
			files: map[string]string{
				"package.json": `{"exports": {"workerd": null, "default": "./dist/index.js"}}`,
				"src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "subpath pattern",
			files: map[string]string{
				"package.json":     `{"exports": {".": "./dist/index.js", "./*": "./dist/*.js"}}`,
				"src/rooms/sql.ts": "",
			},
			spec: "pkg/rooms/sql",
			want: "src/rooms/sql.ts",
		},
		{
			name: "the longest pattern prefix wins",
			files: map[string]string{
				"package.json":     `{"exports": {"./*": "./dist/*.js", "./do/*": "./dist/objects/*.js"}}`,
				"src/objects/a.ts": "",
				"src/do/a.ts":      "",
			},
			spec: "pkg/do/a",
			want: "src/objects/a.ts",
		},
		{
			name: "pattern with an extension in the key",
			files: map[string]string{
				"package.json":      `{"exports": {"./features/*.js": "./dist/features/*.js"}}`,
				"src/features/x.ts": "",
			},
			spec: "pkg/features/x.js",
			want: "src/features/x.ts",
		},
		{
			name: "a subpath the exports do not list",
			files: map[string]string{
				"package.json": `{"exports": {".": "./src/index.ts"}}`,
				"src/index.ts": "", "src/internal.ts": "",
			},
			spec: "pkg/src/internal",
		},
		{
			name: "targets outside the package are refused",
			files: map[string]string{
				"package.json": `{"exports": {".": "../elsewhere/index.ts"}}`,
			},
		},
		{
			name: "main and module, unbuilt",
			files: map[string]string{
				"package.json": `{"main": "dist/index.cjs", "module": "dist/index.mjs"}`,
				"src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "the source field",
			files: map[string]string{
				"package.json": `{"source": "src/entry.ts", "main": "dist/index.js"}`,
				"src/entry.ts": "", "dist/index.js": "",
			},
			want: "src/entry.ts",
		},
		{
			name: "types field before a built main",
			files: map[string]string{
				"package.json":  `{"main": "./dist/index.js", "types": "./dist/index.d.ts"}`,
				"dist/index.js": "", "dist/index.d.ts": "", "src/index.ts": "",
			},
			want: "src/index.ts",
		},
		{
			name: "a deep import without exports",
			files: map[string]string{
				"package.json":   `{"main": "dist/index.js"}`,
				"src/do/room.ts": "",
			},
			spec: "pkg/dist/do/room.js",
			want: "src/do/room.ts",
		},
		{
			name: "the package directory holds the sources",
			files: map[string]string{
				"package.json": `{"main": "dist/index.js"}`,
				"index.ts":     "",
			},
			want: "index.ts",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"package.json":    `{"workspaces": ["packages/*"]}`,
				"app/src/main.ts": "",
			}
			for name, content := range c.files {
				if name == "package.json" {
					content = `{"name": "pkg", ` + strings.TrimPrefix(strings.TrimSpace(content), "{")
				}
				files["packages/pkg/"+name] = content
			}
			root := tree(t, files)
			spec := c.spec
			if spec == "" {
				spec = "pkg"
			}
			r := New(filepath.Join(root, "app"), nil)
			got := r.Resolve(filepath.Join(root, "app", "src", "main.ts"), spec)
			want := ""
			if c.want != "" {
				want = filepath.Join(root, "packages", "pkg", filepath.FromSlash(c.want))
			}
			if got.Path != want || (want != "" && got.Kind != Module) {
				t.Errorf("Resolve(%q) = %v %q, want %q", spec, got.Kind, got.Path, want)
			}
		})
	}
}

func TestTSConfigExtendsPackage(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json": `{"workspaces": ["config/*", "apps/*", "libs/*"]}`,
		// A shared config of the workspace, not installed: reached by name.
		"config/tsconfig/package.json": `{"name": "@acme/tsconfig", "exports": {".": "./base.json", "./worker": "./worker.json"}}`,
		"config/tsconfig/base.json": `{
			/* JSONC: comments and trailing commas */
			"compilerOptions": {
				"paths": {"@libs/*": ["../../libs/*/src/index.ts"],},
			},
		}`,
		"config/tsconfig/worker.json": `{"extends": "./base.json", "compilerOptions": {"baseUrl": "."}}`,
		"libs/sql/src/index.ts":       "",
		"apps/a/tsconfig.json":        `{"extends": "@acme/tsconfig", "compilerOptions": {"strict": true}}`,
		"apps/a/src/index.ts":         "",
		// baseUrl inherited from the package's config, paths of its own.
		"apps/b/tsconfig.json":       `{"extends": ["@acme/tsconfig/worker"], "compilerOptions": {"paths": {"~/*": ["../../apps/b/src/*"]}}}`,
		"apps/b/src/index.ts":        "",
		"apps/b/src/util/format.ts":  "",
		"apps/c/tsconfig.json":       `{"extends": "@tsconfig/workers/tsconfig.json"}`,
		"apps/c/src/index.ts":        "",
		"apps/c/src/alias/target.ts": "",
		// An installed config: node_modules is read for it.
		"node_modules/@tsconfig/workers/tsconfig.json": `{"compilerOptions": {"paths": {"#alias/*": ["../../../apps/c/src/alias/*"], "#dir/*": ["${configDir}/src/alias/*"]}}}`,
	})
	checkAll(t, New(filepath.Join(root, "apps", "a"), nil), root, []resolveCase{
		{"apps/a/src/index.ts", "@libs/sql", Module, "libs/sql/src/index.ts"},
		{"apps/a/src/index.ts", "@libs/nope", External, ""},
	})
	checkAll(t, New(filepath.Join(root, "apps", "b"), nil), root, []resolveCase{
		// paths targets are relative to the inherited baseUrl.
		{"apps/b/src/index.ts", "~/util/format", Module, "apps/b/src/util/format.ts"},
		// Its own paths replace the inherited ones.
		{"apps/b/src/index.ts", "@libs/sql", External, ""},
	})
	checkAll(t, New(filepath.Join(root, "apps", "c"), nil), root, []resolveCase{
		{"apps/c/src/index.ts", "#alias/target", Module, "apps/c/src/alias/target.ts"},
		// ${configDir} is the directory of the config that extends.
		{"apps/c/src/index.ts", "#dir/target", Module, "apps/c/src/alias/target.ts"},
	})
}

// recorder is a ReadFile that remembers what it read.
type recorder struct {
	mu    sync.Mutex
	paths []string
}

func (rec *recorder) read(p string) ([]byte, error) {
	rec.mu.Lock()
	rec.paths = append(rec.paths, p)
	rec.mu.Unlock()
	return os.ReadFile(p)
}

func TestStaysInsideRepository(t *testing.T) {
	top := bareTree(t, map[string]string{
		// Outside the repository: a workspace of another checkout, a
		// package a node_modules link points at, configs and sources.
		"package.json":                    `{"workspaces": ["repo/*", "outside/*"]}`,
		"outside/ext/package.json":        `{"name": "ext", "exports": "./index.ts"}`,
		"outside/ext/index.ts":            "",
		"outside/tsconfig.json":           `{"compilerOptions": {"paths": {"@out/*": ["./lib/*"]}}}`,
		"outside/lib/x.ts":                "",
		"outside/pkgs/far/package.json":   `{"name": "far", "exports": "./index.ts"}`,
		"outside/pkgs/far/index.ts":       "",
		"repo/package.json":               `{"workspaces": ["packages/*", "../outside/pkgs/*"]}`,
		"repo/packages/near/package.json": `{"name": "near", "exports": "./index.ts"}`,
		"repo/packages/near/index.ts":     "",
		"repo/app/tsconfig.json":          `{"extends": "../../outside/tsconfig.json", "compilerOptions": {"paths": {"@up/*": ["../../outside/lib/*"]}}}`,
		"repo/app/src/index.ts":           "",
	})
	if err := os.Mkdir(filepath.Join(top, "repo", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	link(t, filepath.Join(top, "outside", "ext"), filepath.Join(top, "repo", "app", "node_modules", "ext"))
	repo := filepath.Join(top, "repo")
	rec := &recorder{}
	r := New(filepath.Join(repo, "app"), rec.read)
	if r.RepoRoot() != repo {
		t.Fatalf("RepoRoot() = %s, want %s", r.RepoRoot(), repo)
	}
	checkAll(t, r, top, []resolveCase{
		{"repo/app/src/index.ts", "near", Module, "repo/packages/near/index.ts"},
		{"repo/app/src/index.ts", "ext", External, ""},
		{"repo/app/src/index.ts", "far", External, ""},
		{"repo/app/src/index.ts", "@out/x", External, ""},
		{"repo/app/src/index.ts", "@up/x", External, ""},
		{"repo/app/src/index.ts", "../../../outside/lib/x", NotFound, ""},
	})
	for _, p := range rec.paths {
		if !strings.HasPrefix(p, repo+string(filepath.Separator)) {
			t.Errorf("read %s, outside the repository %s", p, repo)
		}
	}
	if len(rec.paths) == 0 {
		t.Error("nothing was read through ReadFile")
	}
}

func TestRepoRoot(t *testing.T) {
	// Without .git, the top-most workspace root bounds the reads.
	top := bareTree(t, map[string]string{
		"pnpm-workspace.yaml":   "packages: ['apps/*']\n",
		"apps/api/package.json": `{"name": "api", "workspaces": ["nested/*"]}`,
		"apps/api/src/index.ts": "",
	})
	skipInsideRepository(t, top)
	if got, want := New(filepath.Join(top, "apps", "api"), nil).RepoRoot(), top; got != want {
		t.Errorf("RepoRoot() = %s, want the top-most workspace root %s", got, want)
	}
	// Without either there is no root to keep to: a directory of files
	// that import each other is still followed.
	plain := bareTree(t, map[string]string{
		"tsconfig.json":    `{"compilerOptions": {"paths": {"@t/*": ["./shared/*"]}}}`,
		"shared/x.ts":      "",
		"one/package.json": `{"name": "one"}`,
		"one/src/index.ts": "",
	})
	skipInsideRepository(t, plain)
	r := New(filepath.Join(plain, "one"), nil)
	if got := r.RepoRoot(); got != "" {
		t.Errorf("RepoRoot() = %s, want none", got)
	}
	check(t, r, plain, "one/src/index.ts", "@t/x", Module, "shared/x.ts")
	check(t, r, plain, "one/src/index.ts", "../../shared/x", Module, "shared/x.ts")
}

// skipInsideRepository skips a test about finding the repository root when
// the temporary directory itself lies in a repository or package.
func skipInsideRepository(t *testing.T, dir string) {
	t.Helper()
	for d := filepath.Dir(dir); ; {
		for _, name := range []string{".git", "package.json", "pnpm-workspace.yaml"} {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				t.Skipf("the temporary directory is below %s", filepath.Join(d, name))
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return
		}
		d = parent
	}
}

func TestRelativeIntoDist(t *testing.T) {
	root := tree(t, map[string]string{
		"worker/src/index.ts": "",
		"shared/src/rooms.ts": "",
		"shared/dist/keep.js": "",
		"shared/src/keep.ts":  "",
	})
	r := New(filepath.Join(root, "worker"), nil)
	checkAll(t, r, root, []resolveCase{
		{"worker/src/index.ts", "../../shared/dist/rooms.js", Module, "shared/src/rooms.ts"},
		{"worker/src/index.ts", "../../shared/dist/keep.js", Module, "shared/dist/keep.js"},
		{"worker/src/index.ts", "../../shared/dist/gone.js", NotFound, ""},
	})
}

// Resolvers of several projects share one cache from many goroutines; each
// keeps to its own repository.
func TestSharedCache(t *testing.T) {
	top := bareTree(t, map[string]string{
		"one/package.json":          `{"workspaces": ["pkgs/*"]}`,
		"one/pkgs/lib/package.json": `{"name": "lib", "exports": {"types": "./dist/index.d.ts"}}`,
		"one/pkgs/lib/src/index.ts": "",
		"one/app/src/index.ts":      "",
		"two/package.json":          `{"workspaces": ["pkgs/*"]}`,
		"two/pkgs/lib/package.json": `{"name": "lib", "main": "./dist/index.js"}`,
		"two/pkgs/lib/src/index.ts": "",
		"two/app/src/index.ts":      "",
	})
	for _, d := range []string{"one", "two"} {
		if err := os.Mkdir(filepath.Join(top, d, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	c := NewCache()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := range 16 {
		repo := []string{"one", "two"}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := NewShared(filepath.Join(top, repo, "app"), nil, c)
			got := r.Resolve(filepath.Join(top, repo, "app", "src", "index.ts"), "lib")
			if want := filepath.Join(top, repo, "pkgs", "lib", "src", "index.ts"); got.Path != want {
				errs <- got.Path + " != " + want
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
