//go:build unix

package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fenceLayout makes base/secret.txt (and other files outside) and a project
// at base/repo/app whose repository root is base/repo.
func fenceLayout(t *testing.T) (base, app string) {
	t.Helper()
	base = t.TempDir()
	app = filepath.Join(base, "repo", "app")
	for _, d := range []string{filepath.Join(base, "repo", ".git"), filepath.Join(app, "src"),
		filepath.Join(base, "repo", "shared"), filepath.Join(base, "repo", "node_modules", "pkg")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(base, "secret.txt"), "TOPSECRET")
	write(filepath.Join(base, "secret.json"), `{"k": "TOPSECRET"}`)
	write(filepath.Join(base, "secret.js"), `export default "TOPSECRET";`)
	write(filepath.Join(base, "repo", "shared", "util.ts"), `export const shared = "shared";`)
	write(filepath.Join(base, "repo", "node_modules", "pkg", "package.json"), `{"name": "pkg", "main": "index.js"}`)
	write(filepath.Join(base, "repo", "node_modules", "pkg", "index.js"), `export const pkg = "pkg";`)
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(app, "src", "link.txt")); err != nil {
		t.Fatal(err)
	}
	return base, app
}

func loadIn(app, src string) (*Runtime, error) {
	os.WriteFile(filepath.Join(app, "src", "index.ts"), []byte(src), 0o644)
	return Load(Options{Main: "src/index.ts", Dir: app, Limits: Limits{CPU: 2 * time.Second}})
}

// TestBundleReadsOnlyProjectFiles imports host files in every way esbuild
// would read them. Each must fail naming the import, without a byte of the
// file in the error, and quickly: /dev/zero never ends.
func TestBundleReadsOnlyProjectFiles(t *testing.T) {
	base, app := fenceLayout(t)
	big := filepath.Join(app, "src", "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(maxSourceFile + 1) // sparse: no disk used
	f.Close()
	// A FIFO inside the project: reading it would wait forever.
	if err := syscall.Mkfifo(filepath.Join(app, "src", "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ spec, attr, want string }{
		{"/etc/passwd", `with { type: "text" }`, "outside the project"},
		{"../../../secret.txt", `with { type: "text" }`, "outside the project"},
		{filepath.Join(base, "secret.json"), "", "outside the project"},
		{filepath.Join(base, "secret.js"), "", "outside the project"},
		{"./link.txt", "", "outside the project"},
		{"/etc/no-such-file-anywhere", `with { type: "text" }`, "outside the project"},
		{"/dev/zero", `with { type: "text" }`, "outside the project"},
		{"./fifo.txt", `with { type: "text" }`, "not a regular file"},
		{"./big.txt", "", "larger than"},
	}
	for _, c := range cases {
		start := time.Now()
		rt, err := loadIn(app, "import x from "+strconvQuote(c.spec)+" "+c.attr+";\nexport default { fetch() { return new Response(String(x)); } };\n")
		if err == nil {
			rt.Close()
			t.Errorf("import %s: bundled", c.spec)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, `import "`+c.spec+`"`) || !strings.Contains(msg, c.want) {
			t.Errorf("import %s: error does not name the import and say %q:\n%s", c.spec, c.want, msg)
		}
		if strings.Contains(msg, "TOPSECRET") || strings.Contains(msg, "root:") {
			t.Errorf("import %s: error leaks the file:\n%s", c.spec, msg)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("import %s: took %v", c.spec, d)
		}
	}

	// Import patterns are expanded over directories without resolving
	// each import; the files they match are neither read nor named.
	for _, src := range []string{
		"export default { async fetch(r) { const n = new URL(r.url).pathname.slice(1); return new Response(String((await import(`../../../${n}.txt`)).default)); } };",
		"export default { fetch() { const n = 'secret'; return new Response(String(require('../../../' + n + '.txt'))); } };",
	} {
		rt, err := loadIn(app, src)
		if err == nil {
			rt.Close()
			t.Errorf("import pattern bundled: %s", src)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "outside the project") || strings.Contains(msg, "TOPSECRET") || strings.Contains(msg, "secret.txt") {
			t.Errorf("import pattern: %s", msg)
		}
	}

	// Many files, each under the limit, that add up past the total.
	defer func(f, b int64) { maxSourceFile, maxBundleInput = f, b }(maxSourceFile, maxBundleInput)
	maxSourceFile, maxBundleInput = 1<<20, 4<<20
	var imports strings.Builder
	var sum []string
	for i := int64(0); i < maxBundleInput/maxSourceFile+1; i++ {
		sum = append(sum, fmt.Sprintf("p%d.length", i))
		name := filepath.Join(app, "src", fmt.Sprintf("part%d.txt", i))
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Truncate(maxSourceFile) // sparse
		f.Close()
		fmt.Fprintf(&imports, "import p%d from \"./part%d.txt\";\n", i, i)
	}
	start := time.Now()
	if rt, err := loadIn(app, imports.String()+"export default { fetch() { return new Response(String("+strings.Join(sum, " + ")+")); } };\n"); err == nil {
		rt.Close()
		t.Errorf("%d files of %d MiB bundled", maxBundleInput/maxSourceFile+1, maxSourceFile>>20)
	} else if !strings.Contains(err.Error(), "MiB together") {
		t.Errorf("files past the total: %v", err)
	}
	t.Logf("files past the total refused in %v", time.Since(start))

	// The entry module itself.
	_, err = Load(Options{Main: filepath.Join(base, "secret.js"), Dir: app})
	if err == nil || !strings.Contains(err.Error(), "outside the project") || strings.Contains(err.Error(), "TOPSECRET") {
		t.Errorf("entry module outside: %v", err)
	}

	// What is inside stays reachable: the repository's other directories
	// and node_modules.
	rt, err := loadIn(app, `import { shared } from "../../shared/util";
import { pkg } from "pkg";
export default { fetch() { return new Response(shared + pkg); } };
`)
	if err != nil {
		t.Fatalf("files inside the repository: %v", err)
	}
	rt.Close()
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }

// TestBundleErrorsDoNotQuoteOutsideFiles points a tsconfig's "extends" at
// host files. esbuild reads those itself, past any plugin, and quoted the
// first token it could not parse ("Unexpected "root" in JSON").
func TestBundleErrorsDoNotQuoteOutsideFiles(t *testing.T) {
	base, app := fenceLayout(t)
	os.WriteFile(filepath.Join(base, "notjson.txt"), []byte("TOPSECRET and more"), 0o644)
	for _, target := range []string{"/etc/passwd", filepath.Join(base, "notjson.txt")} {
		os.WriteFile(filepath.Join(app, "tsconfig.json"), []byte(`{"extends": "`+target+`"}`), 0o644)
		rt, err := loadIn(app, `export default { fetch() { return new Response("x"); } };`)
		if rt != nil {
			rt.Close()
		}
		if err == nil {
			t.Errorf("extends %s: bundled", target)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "TOPSECRET") || strings.Contains(msg, "root") || !strings.Contains(msg, "outside the project") {
			t.Errorf("extends %s:\n%s", target, msg)
		}
	}
}

// TestDeeplyNestedSourceDoesNotCrash bundles source nested a million levels
// deep. esbuild's parser recurses, and a Go stack overflow cannot be
// recovered: it ended the whole process. Now the bundling fails, and the
// process goes on.
func TestDeeplyNestedSourceDoesNotCrash(t *testing.T) {
	_, app := fenceLayout(t)
	for _, src := range []string{
		"const x = " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + ";\n",
		"const x = " + strings.Repeat("!", 2_000_000) + "0;\n",
	} {
		start := time.Now()
		rt, err := loadIn(app, src+"export default { fetch() { return new Response(String(x)); } };\n")
		if err == nil {
			rt.Close()
			continue // bundled after all: no crash either
		}
		if !strings.Contains(err.Error(), "nested too deeply") && !strings.Contains(err.Error(), "stopped") {
			t.Errorf("%.20s...: %v", src, err)
		}
		t.Logf("%.20s...: %v after %v", src, err, time.Since(start).Round(time.Millisecond))
	}
	// The process still bundles.
	rt, err := loadIn(app, "export default { fetch() { return new Response('ok'); } };\n")
	if err != nil {
		t.Fatal(err)
	}
	rt.Close()
}

// TestSlowCompileIsBounded loads a sum of a hundred thousand terms, which
// goja's compiler takes minutes over and cannot be interrupted in. The
// trial compile in the bundling child is killed at the time limit instead.
func TestSlowCompileIsBounded(t *testing.T) {
	defer func(d time.Duration) { bundleTimeout = d }(bundleTimeout)
	bundleTimeout = 2 * time.Second
	_, app := fenceLayout(t)
	start := time.Now()
	rt, err := loadIn(app, "let y = 1;\nconst x = 1"+strings.Repeat("+y", 100_000)+";\nexport default { fetch() { return new Response(String(x)); } };\n")
	if rt != nil {
		rt.Close()
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("Load took %v", d)
	}
	if err == nil || !strings.Contains(err.Error(), "took longer than") {
		t.Fatalf("err = %v", err)
	}
}
