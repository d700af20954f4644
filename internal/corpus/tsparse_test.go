package corpus

import (
	"context"
	"github.com/dolint-dev/dolint/internal/npmtier"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// refSource exercises every convention the reference results promise:
// decorators and modifiers open a class or method, comments do not, only
// class members count as methods, optional and chained calls are calls but
// new and tagged templates are not, template literal types are templates,
// and offsets are UTF-8 bytes after non-ASCII text.
const refSource = `/** doc */
@dec() export class A<T> extends B {
  // c
  @m static async *gen(): void {}
  constructor(private x: string) { super("s"); }
  get g() { return ` + "`t${1}`" + `; }
  set g(v) {}
  declare y: number;
  over(): void;
}
const o = { m() {}, get z() { return 1 } };
const é = "😀", C = class { m() {} };
f?.(a)(b); new X(); tag` + "`q`" + `; import("m");
type T = 'lit' | ` + "`tmpl`" + `;
`

// span returns the byte range of the n-th (0-based) occurrence of text.
func span(t *testing.T, src, text string, n int) Range {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], text)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", text, n+1)
		}
		if i == n {
			return Range{off + j, off + j + len(text)}
		}
		off += j + 1
	}
}

// TestReferenceConventions runs bench/tsparse.mjs on refSource and checks
// every range by hand, so that the conformance tier compares against what
// it claims to.
func TestReferenceConventions(t *testing.T) {
	npmtier.Require(t, "the TypeScript reference")
	if testing.Short() {
		t.Skip("-short: the TypeScript reference needs an npm install")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if err := Ensure(ctx, dir); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "ref.ts")
	if err := os.WriteFile(file, []byte(refSource), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(tmp, "bad.js")
	if err := os.WriteFile(bad, []byte("let s = 'é';\nif (x {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "bench", "tsparse.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	// A private cache: the shared one must not fill with test files.
	cmd := exec.CommandContext(ctx, "node", script, "--corpus", dir, "--cache", filepath.Join(tmp, "c.jsonl"))
	cmd.Stdin = strings.NewReader(file + "\n" + bad + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsparse: %v\n%s", err, out)
	}
	res := map[string]*TSResult{}
	if err := ReadResults(filepath.Join(tmp, "c.jsonl"), res, nil); err != nil {
		t.Fatal(err)
	}
	got := res[Key([]byte(refSource), file)]
	if got == nil {
		t.Fatalf("no result for ref.ts in %v", res)
	}
	if !got.Accepted || got.Error != nil {
		t.Fatalf("ref.ts rejected: %+v", got.Error)
	}

	s := refSource
	classEnd := strings.Index(s, "\n}\n") + 2
	want := Ranges{
		Classes: {
			{strings.Index(s, "@dec()"), classEnd},
			span(t, s, "class { m() {} }", 0),
		},
		Methods: {
			span(t, s, "@m static async *gen(): void {}", 0),
			span(t, s, `constructor(private x: string) { super("s"); }`, 0),
			span(t, s, "get g() { return `t${1}`; }", 0),
			span(t, s, "set g(v) {}", 0),
			span(t, s, "over(): void;", 0),
			span(t, s, "m() {}", 1),
		},
		Calls: {
			span(t, s, "dec()", 0),
			span(t, s, `super("s")`, 0),
			span(t, s, "f?.(a)", 0),
			span(t, s, "f?.(a)(b)", 0),
			span(t, s, `import("m")`, 0),
		},
		Templates: {
			span(t, s, "`t${1}`", 0),
			span(t, s, "`q`", 0),
			span(t, s, "`tmpl`", 0),
		},
		Strings: {
			span(t, s, `"s"`, 0),
			span(t, s, `"😀"`, 0),
			span(t, s, `"m"`, 0),
			span(t, s, `'lit'`, 0),
		},
	}
	for k := Kind(0); k < NumKinds; k++ {
		SortRanges(want[k])
		if g := got.Ranges()[k]; !reflect.DeepEqual(g, want[k]) {
			t.Errorf("%s = %v, want %v", k, g, want[k])
		}
	}

	b := res[Key([]byte("let s = 'é';\nif (x {\n"), bad)]
	if b == nil || b.Accepted || b.Error == nil {
		t.Fatalf("bad.js: want a syntax error, got %+v", b)
	}
	if e := b.Error; e.Line != 2 || e.Column != 7 || e.Offset != len("let s = 'é';\nif (x ") || e.Message != "')' expected." {
		t.Errorf("bad.js error = %+v", e)
	}
}
