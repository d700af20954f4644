package jsast

import (
	"strings"
	"testing"
)

// Inspect visits nodes in source order, calls f(nil) after a node's
// children, and skips the children of a node for which f returns false.
func TestInspect(t *testing.T) {
	src := "class A { m() { f(g()); } }\nh(() => i());\n"
	f := Parse("i.ts", []byte(src))

	var calls []string
	depth, maxDepth := 0, 0
	Inspect(f.Root, func(n *Node) bool {
		if n == nil {
			depth--
			return true
		}
		depth++
		maxDepth = max(maxDepth, depth)
		if n.Kind == KindCall {
			calls = append(calls, f.Text(n))
		}
		return true
	})
	if got := strings.Join(calls, "|"); got != "f(g())|g()|h(() => i())|i()" {
		t.Errorf("calls in preorder: %s", got)
	}
	if depth != 0 || maxDepth < 6 {
		t.Errorf("entries and exits do not pair up: depth %d at the end, %d at most", depth, maxDepth)
	}

	var outside []string
	Inspect(f.Root, func(n *Node) bool {
		if n != nil && n.Kind == KindCall {
			outside = append(outside, f.Text(n))
		}
		return n == nil || n.Kind != KindClassDecl
	})
	if got := strings.Join(outside, "|"); got != "h(() => i())|i()" {
		t.Errorf("pruned traversal: %s", got)
	}

	var kinds []string
	for _, c := range Children(f.Root.List[1].Expr()) {
		kinds = append(kinds, c.Kind.String())
	}
	if got := strings.Join(kinds, "|"); got != "Identifier|ArrowFunc" {
		t.Errorf("children of h(() => i()): %s", got)
	}
}
