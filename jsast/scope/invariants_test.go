package scope_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// TestInvariants resolves jsast's sample sources, whole and cut short
// after every tenth of their length (trees with syntax errors), and
// checks what must hold for any file.
func TestInvariants(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*.[jt]s*")
	if len(files) < 3 {
		t.Fatalf("found %d sample sources", len(files))
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for cut := 1; cut <= 10; cut++ {
			f := jsast.Parse(name, src[:len(src)*cut/10])
			invariants(t, f, cut)
		}
	}
}

func invariants(t *testing.T, f *jsast.File, cut int) {
	in := scope.Of(f)
	if len(in.Scopes) == 0 || in.Scopes[0].Kind != scope.ModuleScope || in.Scopes[0].Parent != nil {
		t.Fatalf("%s (%d/10): the first scope is not the module scope", f.Name, cut)
	}
	for _, s := range in.Scopes[1:] {
		if s.Parent == nil {
			t.Errorf("%s (%d/10): a %d scope has no parent", f.Name, cut, s.Kind)
		}
	}
	for _, s := range in.Symbols {
		if in.Resolve(s.Ident) != s || in.IsReference(s.Ident) {
			t.Errorf("%s (%d/10): the identifier that declares %s does not resolve to it", f.Name, cut, s.Name)
		}
		if s.Name != f.IdentName(s.Ident) {
			t.Errorf("%s (%d/10): symbol %s declared by %q", f.Name, cut, s.Name, f.Text(s.Ident))
		}
	}
	refs := 0
	jsast.Inspect(f.Root, func(n *jsast.Node) bool {
		if n == nil || n.Kind != jsast.KindIdentifier {
			return true
		}
		sym, ref, unresolved := in.Resolve(n), in.IsReference(n), in.Unresolved(n)
		switch {
		case unresolved && (sym != nil || !ref):
			t.Errorf("%s (%d/10): %s at %d is unresolved but has a symbol or is no reference", f.Name, cut, f.Text(n), n.Start)
		case sym != nil && f.IdentName(n) != sym.Name:
			t.Errorf("%s (%d/10): %s at %d resolves to %s", f.Name, cut, f.Text(n), n.Start, sym.Name)
		}
		if ref {
			refs++
		}
		return true
	})
	if cut == 10 && refs == 0 && len(f.Src) > 0 {
		t.Errorf("%s: no references found", f.Name)
	}
}

// FuzzResolve checks the invariants on arbitrary input, seeded with the
// sample sources; `go test -fuzz FuzzResolve ./jsast/scope` explores.
func FuzzResolve(f *testing.F) {
	files, _ := filepath.Glob("../testdata/*.[jt]s*")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(filepath.Base(name), src)
		}
	}
	f.Add("a.ts", []byte("label: { var x; let y; function z(a = x, [b] = y) { try {} catch ({ c }) { return a + b + c + z; } } }"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		switch filepath.Ext(name) {
		case ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts":
		default:
			name = "input.ts"
		}
		invariants(t, jsast.Parse(name, src), 0)
	})
}
