package source

import "github.com/dolint-dev/dolint/jsast"

// nameOf returns the name an identifier, private name or string literal
// spells ("" for other nodes), escapes decoded. Module export names may be
// string literals: export { x as "a-b" }.
func nameOf(f *jsast.File, n *jsast.Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case jsast.KindIdentifier, jsast.KindPrivateIdentifier:
		return f.IdentName(n)
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return f.StringValue(n)
	}
	return ""
}
