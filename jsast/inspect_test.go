package jsast

import (
	"strings"
	"testing"
)

func TestInspector(t *testing.T) {
	src := "class A { m() { f(g()); } }\nh(() => i());\n"
	f := Parse("i.ts", []byte(src))
	in := NewInspector(f.Root)

	var calls []string
	in.Preorder([]Kind{KindCall}, func(n *Node) { calls = append(calls, f.Text(n)) })
	if got := strings.Join(calls, "|"); got != "f(g())|g()|h(() => i())|i()" {
		t.Errorf("calls in preorder: %s", got)
	}

	var mixed []string
	in.Preorder([]Kind{KindArrowFunc, KindMethodDecl, KindArrowFunc}, func(n *Node) { mixed = append(mixed, n.Kind.String()) })
	if got := strings.Join(mixed, "|"); got != "MethodDecl|ArrowFunc" {
		t.Errorf("two kinds: %s", got)
	}

	var all int
	in.Preorder(nil, func(*Node) { all++ })
	var walked int
	Inspect(f.Root, func(n *Node) bool {
		if n != nil {
			walked++
		}
		return true
	})
	if all != walked {
		t.Errorf("Preorder(nil) saw %d nodes, Inspect %d", all, walked)
	}

	// The stack of a call inside the method starts at the file and passes
	// through the class; pruning the class hides its calls.
	var inMethod []string
	in.WithStack([]Kind{KindCall}, func(n *Node, push bool, stack []*Node) bool {
		if push {
			var kinds []string
			for _, s := range stack {
				kinds = append(kinds, s.Kind.String())
			}
			inMethod = append(inMethod, strings.Join(kinds, ">"))
		}
		return true
	})
	if inMethod[0] != "File>ClassDecl>MethodDecl>Block>ExprStmt>Call" {
		t.Errorf("stack: %s", inMethod[0])
	}
	var outside []string
	in.Nodes([]Kind{KindClassDecl, KindCall}, func(n *Node, push bool) bool {
		if push && n.Kind == KindCall {
			outside = append(outside, f.Text(n))
		}
		return n.Kind != KindClassDecl
	})
	if got := strings.Join(outside, "|"); got != "h(() => i())|i()" {
		t.Errorf("pruned traversal: %s", got)
	}
}
