package jsast

import "sort"

// eachChild calls f for the children of n in source order and stops when f
// returns false.
func eachChild(n *Node, f func(*Node) bool) bool {
	for _, d := range n.Decorators {
		if !f(d) {
			return false
		}
	}
	one := func(c *Node) bool { return c == nil || f(c) }
	list := func(l []*Node) bool {
		for _, c := range l {
			if !f(c) {
				return false
			}
		}
		return true
	}
	switch n.Kind {
	case KindImportType:
		return one(n.X) && one(n.Z) && one(n.Name) && list(n.TypeParams)
	case KindJSXElement:
		return one(n.X) && list(n.List) && one(n.Z)
	case KindMappedType:
		return one(n.Name) && one(n.Z) && one(n.Type)
	case KindTypeAssertion:
		return one(n.Type) && one(n.X)
	case KindDoWhile:
		return one(n.Body) && one(n.X)
	}
	return one(n.X) && one(n.Name) && list(n.TypeParams) && list(n.Params) && one(n.Type) &&
		one(n.Y) && one(n.Z) && list(n.List) && one(n.Body)
}

// Inspect traverses the tree rooted at n in depth-first source order. It
// calls f(node); if f returns true it visits the node's children and then
// calls f(nil), as go/ast.Inspect does.
func Inspect(n *Node, f func(*Node) bool) {
	if n == nil || !f(n) {
		return
	}
	eachChild(n, func(c *Node) bool {
		Inspect(c, f)
		return true
	})
	f(nil)
}

// Children returns the direct children of n in source order.
func Children(n *Node) []*Node {
	var out []*Node
	eachChild(n, func(c *Node) bool {
		out = append(out, c)
		return true
	})
	return out
}

// An Inspector holds a precomputed traversal of a tree so that many rules
// can each visit just the node kinds they need without walking the tree
// again (the design of golang.org/x/tools/go/ast/inspector).
type Inspector struct {
	events []event
	byKind [kindCount][]int32 // indices of push events per kind, in order
}

type event struct {
	node  *Node
	index int32 // push: index of the matching pop; pop: index of the push
}

// NewInspector builds an Inspector for the tree rooted at root.
func NewInspector(root *Node) *Inspector {
	in := &Inspector{events: make([]event, 0, 64)}
	var visit func(n *Node)
	visit = func(n *Node) {
		i := int32(len(in.events))
		in.events = append(in.events, event{node: n})
		in.byKind[n.Kind] = append(in.byKind[n.Kind], i)
		eachChild(n, func(c *Node) bool {
			visit(c)
			return true
		})
		j := int32(len(in.events))
		in.events = append(in.events, event{node: n, index: i})
		in.events[i].index = j
	}
	if root != nil {
		visit(root)
	}
	return in
}

// Preorder calls f for every node whose kind is in kinds (all nodes if
// kinds is empty), in depth-first source order. Asking for one kind costs
// only the number of nodes of that kind.
func (in *Inspector) Preorder(kinds []Kind, f func(*Node)) {
	switch len(kinds) {
	case 0:
		for i, e := range in.events {
			if e.index > int32(i) {
				f(e.node)
			}
		}
		return
	case 1:
		for _, i := range in.byKind[kinds[0]] {
			f(in.events[i].node)
		}
		return
	}
	var idx []int32
	for _, k := range kinds {
		idx = append(idx, in.byKind[k]...)
	}
	sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
	for i, x := range idx {
		if i > 0 && idx[i-1] == x {
			continue // a kind listed twice
		}
		f(in.events[x].node)
	}
}

// Nodes visits every node in depth-first order, calling f on entry
// (push=true) and exit (push=false) of nodes whose kind is in kinds (all
// if empty). Returning false on entry skips the node's subtree.
func (in *Inspector) Nodes(kinds []Kind, f func(n *Node, push bool) bool) {
	in.WithStack(kinds, func(n *Node, push bool, _ []*Node) bool { return f(n, push) })
}

// WithStack is like Nodes but also passes the path from the root to the
// current node (inclusive). The stack is reused: copy it to keep it.
func (in *Inspector) WithStack(kinds []Kind, f func(n *Node, push bool, stack []*Node) bool) {
	var want [kindCount]bool
	for _, k := range kinds {
		want[k] = true
	}
	all := len(kinds) == 0
	var stack []*Node
	for i := int32(0); i < int32(len(in.events)); i++ {
		e := in.events[i]
		if e.index > i { // push
			stack = append(stack, e.node)
			if all || want[e.node.Kind] {
				if !f(e.node, true, stack) {
					i = e.index // skip to the pop, which is processed below
					stack = stack[:len(stack)-1]
					continue
				}
			}
			continue
		}
		if all || want[e.node.Kind] {
			f(e.node, false, stack)
		}
		stack = stack[:len(stack)-1]
	}
}
