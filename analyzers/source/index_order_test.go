package source

import (
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/jsast"
)

// preorder is the order Index must give: every child of a node, the named
// fields and every list together, sorted by start offset, stably.
func preorder(n *jsast.Node, out []*jsast.Node) []*jsast.Node {
	out = append(out, n)
	var kids []*jsast.Node
	kids = append(kids, n.Decorators()...)
	for _, c := range []*jsast.Node{n.Name, n.X, n.Y, n.Z, n.Type, n.Body} {
		if c != nil {
			kids = append(kids, c)
		}
	}
	kids = append(kids, n.TypeParams()...)
	kids = append(kids, n.Params()...)
	kids = append(kids, n.List...)
	slices.SortStableFunc(kids, func(a, b *jsast.Node) int { return int(a.Start) - int(b.Start) })
	for _, c := range kids {
		out = preorder(c, out)
	}
	return out
}

// The index lists a file's nodes in source order whichever fields and
// lists hold them, including kinds whose fields follow their list (a JSX
// element's closing tag) or are out of order (export { a as b }).
func TestIndexPreorder(t *testing.T) {
	srcs := map[string]string{
		"jsx.tsx":     `const v = <Box a="1" {...p}>text {x} <b/></Box>;`,
		"export.ts":   `export { a as b, c } from "./m"; import { d as e } from "./n";`,
		"generic.ts":  `f<string, number>(1, 2); new G<T>(x); class K<T> extends B<T> implements I { @dec m<U>(@p a: U): void {} }`,
		"template.ts": "const s = tag`a${1}b${c}d`;",
		"broken.ts":   `function (a, { b = , ...c }) { if (x) { y( }`,
		"object.js":   `const o = { a, [k]: 1, get g() { return 2 }, ...rest, m() {} };`,
	}
	// Every module the package's tests read, for breadth.
	filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && jsFile(p) {
			if b, err := os.ReadFile(p); err == nil {
				srcs[p] = string(b)
			}
		}
		return nil
	})
	for name, src := range srcs {
		f := jsast.ParseFile(token.NewFileSet(), name, []byte(src))
		want := preorder(f.Root, nil)
		ix := newIndex(f.Root, len(src))
		got := slices.Collect(ix.Nodes(nil))
		if !slices.Equal(got, want) {
			t.Errorf("%s: index order differs from the preorder (%d nodes, want %d)", name, len(got), len(want))
		}
	}
}

func jsFile(p string) bool {
	for _, ext := range []string{".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}
