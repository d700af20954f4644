package workerconfig

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// A wrangler config that only a test runner reads is never deployed.
// @cloudflare/vitest-pool-workers names its config in the vitest
// configuration: poolOptions.workers.wrangler.configPath (vitest.config.*,
// vitest.workspace.*, defineWorkersConfig, defineWorkersProject), or the
// wrangler: { configPath } option of the newer cloudflareTest and
// cloudflarePool plugins. Either way it is a configPath string in an
// object that is the value of a `wrangler` key, which is what is looked
// for here.

// runnerConfigs are the test-runner configuration files looked at, in
// the config's directory and the directories above it.
var runnerConfigs = []string{
	"vitest.config.ts", "vitest.config.mts", "vitest.config.cts",
	"vitest.config.js", "vitest.config.mjs", "vitest.config.cjs",
	"vitest.workspace.ts", "vitest.workspace.mts", "vitest.workspace.js", "vitest.workspace.mjs",
	"vite.config.ts", "vite.config.mts", "vite.config.js", "vite.config.mjs",
}

// maxUp is how many directories above the config's own are searched: a
// test config in test/fixtures/worker/ is named from the package root.
const maxUp = 3

// testDirs are directory names that hold tests and their fixtures.
var testDirs = map[string]bool{
	"test": true, "tests": true, "__tests__": true, "spec": true, "specs": true,
	"e2e": true, "fixture": true, "fixtures": true, "__fixtures__": true, "testing": true,
}

// testHarness returns how the config at path is a test runner's config
// only, or nil. Being named by a test runner is not enough: the project's
// own wrangler.jsonc is often named too, and it is the one that deploys.
// So the config must also look test-only: its file name says so
// (wrangler.test.jsonc, wrangler.vitest.toml) or it sits in a test
// directory below the runner configuration (test/wrangler.jsonc).
func testHarness(pass *analysis.Pass, path string) *wrangler.TestHarness {
	path = filepath.Clean(path)
	dir := filepath.Dir(path)
	// The config's directory and those above it, and the test directories
	// beside it, where a runner configuration of its own may live.
	dirs := []string{dir}
	for up := 0; up < maxUp; up++ {
		parent := filepath.Dir(dirs[len(dirs)-1])
		if parent == dirs[len(dirs)-1] {
			break
		}
		dirs = append(dirs, parent)
	}
	// A runner's config counts only for a test-only config, and the
	// farthest directory looked in sees every directory name of the path
	// that could make it one: without one, no runner need be read.
	if !testName(path) && !testPlace(dirs[len(dirs)-1], path) {
		return nil
	}
	dirs = append(dirs, filepath.Join(dir, "test"), filepath.Join(dir, "tests"))
	for _, d := range dirs {
		// d is clean, and so is a fixed name joined to it by a
		// separator, without filepath.Join's cleaning, which was a sixth
		// of the search; unless d is "." or a root, as one Join tells.
		prefix := d + string(filepath.Separator)
		direct := filepath.Join(d, runnerConfigs[0]) == prefix+runnerConfigs[0]
		scripts := scriptConfigs(pass, d)
		for i := range len(runnerConfigs) + len(scripts) {
			var runner string
			if i < len(runnerConfigs) && direct {
				runner = prefix + runnerConfigs[i]
			} else if i < len(runnerConfigs) {
				runner = filepath.Join(d, runnerConfigs[i])
			} else {
				runner = filepath.Join(d, scripts[i-len(runnerConfigs)])
			}
			src, err := pass.ReadFile(runner)
			if err != nil || !bytes.Contains(src, []byte("configPath")) {
				continue
			}
			for _, cp := range cacheOf(pass.Fset).configPaths(runner, src) {
				target := cp
				if !filepath.IsAbs(target) {
					target = filepath.Join(d, filepath.FromSlash(target))
				}
				if filepath.Clean(target) == path && testOnly(d, path) {
					return &wrangler.TestHarness{By: runner, ConfigPath: cp}
				}
			}
		}
	}
	// A test directory that holds a runner configuration and a wrangler
	// config: end-to-end tests start wrangler dev on that config from the
	// test files (configPath: path.join(__dirname, "wrangler.jsonc")).
	if testPlace(dir, path) {
		for _, name := range runnerConfigs {
			runner := filepath.Join(dir, name)
			if _, err := pass.ReadFile(runner); err == nil {
				return &wrangler.TestHarness{By: runner}
			}
		}
	}
	return nil
}

// testOnly reports whether the config at path, named from a runner
// configuration in root, has a test-only name or place: a test directory
// at or below root holds it (root itself counts, for test/vitest.config.ts
// beside test/wrangler.jsonc).
func testOnly(root, path string) bool {
	return testName(path) || testPlace(root, path)
}

// testName reports whether the config's file name says it is for tests:
// wrangler.test.jsonc, wrangler.vitest.toml, wrangler.e2e.json.
func testName(path string) bool {
	if mid, ok := wrangler.EnvVariant(path); ok {
		for _, w := range words(mid) {
			if w == "test" || w == "tests" || w == "vitest" || w == "spec" || w == "e2e" || w == "testing" {
				return true
			}
		}
	}
	return false
}

// testPlace reports whether a test directory at or below root holds the
// config at path.
func testPlace(root, path string) bool {
	rel, err := filepath.Rel(filepath.Dir(root), filepath.Dir(path))
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	for _, d := range strings.Split(filepath.ToSlash(rel), "/") {
		if testDirs[strings.ToLower(d)] {
			return true
		}
		// e2e-tests, runtime-tests, lifecycle_tests
		for _, w := range words(d) {
			if w == "test" || w == "tests" || w == "e2e" || w == "fixtures" {
				return true
			}
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '.' || r == '-' || r == '_' })
}

// scriptConfigs returns the vitest configuration files that the scripts of
// the package.json in dir name with --config (vitest run --config
// vitest.runtime.config.ts), which a fixed list of names cannot know.
func scriptConfigs(pass *analysis.Pass, dir string) []string {
	src, err := pass.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil || !bytes.Contains(src, []byte("vitest")) || !mayNameConfig(src) {
		return nil
	}
	return cacheOf(pass.Fset).scriptConfigs(src)
}

// mayNameConfig reports whether the text of a package.json could hold a
// script with --config or -c, which most package.json files, vitest's
// included, have not: decoding them all was most of a harness search. It
// errs towards true: a \u escape could spell either, and "-c" counts
// unless a letter or digit follows it, which makes it part of a longer
// word (eslint-config), not an option on its own.
func mayNameConfig(src []byte) bool {
	if bytes.Contains(src, []byte(`\u`)) || bytes.Contains(src, []byte("--config")) {
		return true
	}
	for rest := src; ; {
		i := bytes.Index(rest, []byte("-c"))
		if i < 0 {
			return false
		}
		rest = rest[i+2:]
		if len(rest) == 0 {
			return true
		}
		if c := rest[0]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return true
		}
	}
}

// scriptConfigsIn is scriptConfigs over the content of a package.json.
func scriptConfigsIn(src []byte) []string {
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal(src, &pkg) != nil {
		return nil
	}
	var out []string
	for _, script := range pkg.Scripts {
		f := strings.Fields(script)
		for i, w := range f {
			var name string
			switch {
			case (w == "--config" || w == "-c") && i+1 < len(f):
				name = f[i+1]
			case strings.HasPrefix(w, "--config="):
				name = strings.TrimPrefix(w, "--config=")
			default:
				continue
			}
			name = strings.Trim(name, `"'`)
			base := filepath.Base(name)
			if (strings.HasPrefix(base, "vitest.") || strings.HasPrefix(base, "vite.")) && !strings.Contains(name, "..") && !slices.Contains(out, name) && !slices.Contains(runnerConfigs, name) {
				out = append(out, filepath.FromSlash(name))
			}
		}
	}
	sort.Strings(out)
	return out
}

// configPaths returns the configPath strings of `wrangler: { configPath }`
// objects in a runner configuration. Paths built at run time are followed
// only in the usual spelling path.join/resolve(__dirname, "a", "b") and
// new URL("a", import.meta.url); anything else is skipped.
func configPaths(name string, src []byte) []string {
	f := jsast.Parse(name, src)
	var out []string
	jsast.Inspect(f.Root, func(n *jsast.Node) bool {
		if n == nil || n.Kind != jsast.KindPropertyAssign || propName(f, n.Name) != "wrangler" {
			return true
		}
		o := unwrap(n.Value())
		if o == nil || o.Kind != jsast.KindObjectLit {
			return true
		}
		for _, p := range o.List {
			if propName(f, p.Name) != "configPath" {
				continue
			}
			var v *jsast.Node
			switch p.Kind {
			case jsast.KindPropertyAssign:
				v = p.Value()
			case jsast.KindShorthandProp: // { configPath }
				v = p.Name
			}
			if s, ok := pathValue(f, v); ok {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}

func unwrap(n *jsast.Node) *jsast.Node {
	for n != nil && (n.Kind == jsast.KindParen || n.Kind == jsast.KindAs || n.Kind == jsast.KindSatisfies || n.Kind == jsast.KindNonNull) {
		n = n.Operand()
	}
	return n
}

func propName(f *jsast.File, n *jsast.Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case jsast.KindIdentifier:
		return f.IdentName(n)
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return f.StringValue(n)
	}
	return ""
}

// pathValue evaluates a configPath expression relative to the runner
// configuration's directory.
func pathValue(f *jsast.File, n *jsast.Node) (string, bool) {
	return pathValueDepth(f, n, 0)
}

func pathValueDepth(f *jsast.File, n *jsast.Node, depth int) (string, bool) {
	n = unwrap(n)
	if n == nil || depth > 4 {
		return "", false
	}
	switch n.Kind {
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return f.StringValue(n), true
	case jsast.KindIdentifier:
		// const wranglerConfig = "./wrangler.test.toml" at the top level.
		if init := topConst(f, n); init != nil {
			return pathValueDepth(f, init, depth+1)
		}
	case jsast.KindNew:
		// new URL("./wrangler.test.jsonc", import.meta.url)
		if c := unwrap(n.Callee()); c != nil && c.Kind == jsast.KindIdentifier && f.IdentName(c) == "URL" && len(n.Args()) == 2 {
			if s, ok := literal(f, n.Args()[0]); ok {
				return s, true
			}
		}
	case jsast.KindCall:
		// fileURLToPath(new URL(...)), path.join(__dirname, "a"), resolve(...)
		c := unwrap(n.Callee())
		callee := ""
		if c != nil && c.Kind == jsast.KindIdentifier {
			callee = f.IdentName(c)
		} else if c != nil && c.Kind == jsast.KindPropertyAccess {
			callee = propName(f, c.Name)
		}
		switch callee {
		case "fileURLToPath":
			if len(n.Args()) == 1 {
				return pathValueDepth(f, n.Args()[0], depth+1)
			}
		case "join", "resolve":
			// The runner runs in its configuration's directory, so a
			// relative first part means the same as __dirname.
			args := n.Args()
			if len(args) > 0 && isDirname(f, args[0]) {
				args = args[1:]
			}
			if len(args) == 0 {
				return "", false
			}
			var parts []string
			for _, a := range args {
				s, ok := literal(f, a)
				if !ok {
					return "", false
				}
				parts = append(parts, s)
			}
			return strings.Join(parts, "/"), true
		}
	}
	return "", false
}

func literal(f *jsast.File, n *jsast.Node) (string, bool) {
	n = unwrap(n)
	if n != nil && (n.Kind == jsast.KindStringLiteral || n.Kind == jsast.KindNoSubstitutionTemplate) {
		return f.StringValue(n), true
	}
	return "", false
}

// isDirname reports whether n is the runner configuration's directory:
// __dirname or import.meta.dirname.
func isDirname(f *jsast.File, n *jsast.Node) bool {
	return dirnameExpr(f, n, 0)
}

func dirnameExpr(f *jsast.File, n *jsast.Node, depth int) bool {
	n = unwrap(n)
	if n == nil || depth > 4 {
		return false
	}
	if n.Kind == jsast.KindIdentifier {
		name := f.IdentName(n)
		if name == "__dirname" {
			return true
		}
		// const testsDir = import.meta.dirname (or __dirname, or
		// path.dirname(fileURLToPath(import.meta.url))) at the top level.
		if init := topConst(f, n); init != nil {
			return dirnameExpr(f, init, depth+1)
		}
		return false
	}
	if n.Kind == jsast.KindCall {
		c := unwrap(n.Callee())
		if c != nil && c.Kind == jsast.KindPropertyAccess && propName(f, c.Name) == "dirname" && len(n.Args()) == 1 {
			// path.dirname(fileURLToPath(import.meta.url))
			a := unwrap(n.Args()[0])
			if a != nil && a.Kind == jsast.KindCall && len(a.Args()) == 1 {
				if u := unwrap(a.Args()[0]); u != nil && u.Kind == jsast.KindPropertyAccess && propName(f, u.Name) == "url" {
					x := unwrap(u.Object())
					return x != nil && x.Kind == jsast.KindMetaProperty
				}
			}
		}
		return false
	}
	if n.Kind == jsast.KindPropertyAccess && propName(f, n.Name) == "dirname" {
		x := unwrap(n.Object())
		return x != nil && x.Kind == jsast.KindMetaProperty
	}
	return false
}

// topConst returns the initializer of the top-level const that the
// identifier id refers to, or nil.
func topConst(f *jsast.File, id *jsast.Node) *jsast.Node {
	sym := scope.Of(f).Resolve(id)
	if sym == nil || sym.Kind != scope.Const || sym.Scope.Kind != scope.ModuleScope || sym.Elem != nil {
		return nil
	}
	return sym.Decl.Y
}
