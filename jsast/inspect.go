package jsast

// eachChild calls f for the children of n in source order and stops when f
// returns false.
func eachChild(n *Node, f func(*Node) bool) bool {
	for _, d := range n.Decorators() {
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
		return one(n.X) && one(n.Z) && one(n.Name) && list(n.TypeParams())
	case KindJSXElement:
		return one(n.X) && list(n.List) && one(n.Z)
	case KindMappedType:
		return one(n.Name) && one(n.Z) && one(n.Type)
	case KindTypeAssertion:
		return one(n.Type) && one(n.X)
	case KindDoWhile:
		return one(n.Body) && one(n.X)
	}
	return one(n.X) && one(n.Name) && list(n.TypeParams()) && list(n.Params()) && one(n.Type) &&
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
