package jsast

// The syntactic questions that rules ask of any expression: what it is
// once parentheses and type assertions are stripped, what name it spells,
// which member it reads and what a call calls.

// Unwrap strips what does not change the value an expression denotes:
// parentheses, type assertions, `satisfies` and non-null assertions.
func Unwrap(n *Node) *Node {
	for n != nil {
		switch n.Kind {
		case KindParen, KindAs, KindSatisfies, KindNonNull, KindTypeAssertion:
			n = n.Operand()
		default:
			return n
		}
	}
	return nil
}

// NameOf returns the name an identifier, private name or string literal
// spells, and "" for any other node.
func (f *File) NameOf(n *Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case KindIdentifier, KindPrivateIdentifier:
		return f.IdentName(n)
	case KindStringLiteral, KindNoSubstitutionTemplate:
		return f.StringValue(n)
	}
	return ""
}

// Member splits a member access x.name or x["name"] into its object and
// the property name; ok is false for anything else.
func (f *File) Member(n *Node) (x *Node, name string, ok bool) {
	n = Unwrap(n)
	if n == nil {
		return nil, "", false
	}
	switch n.Kind {
	case KindPropertyAccess:
		return n.Object(), f.NameOf(n.Name), n.Name != nil
	case KindElementAccess:
		if y := Unwrap(n.Element()); y != nil && (y.Kind == KindStringLiteral || y.Kind == KindNoSubstitutionTemplate) {
			return n.Object(), f.NameOf(y), true
		}
	}
	return nil, "", false
}

// CalleeName describes the callee of a KindCall or KindNew: for
// obj.m(...) it returns obj and "m"; for m(...) it returns nil and "m".
// Other callees give "".
func (f *File) CalleeName(call *Node) (recv *Node, name string) {
	if call == nil || (call.Kind != KindCall && call.Kind != KindNew) {
		return nil, ""
	}
	c := Unwrap(call.Callee())
	if c == nil {
		return nil, ""
	}
	if c.Kind == KindIdentifier {
		return nil, f.NameOf(c)
	}
	if x, name, ok := f.Member(c); ok {
		return x, name
	}
	return nil, ""
}
