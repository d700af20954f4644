package resolve

import (
	"github.com/dolint-dev/dolint/internal/jwcc"
	"github.com/tailscale/hujson"
)

// hujson builds a syntax tree that keeps every byte of whitespace and
// comment, and checks each literal by handing it to encoding/json, which
// made reading the package.json files of a monorepo's workspaces most of
// what resolution cost. fastJSONC builds the jsonValue that lower makes of
// hujson's tree, for the documents hujson accepts, by the same rules; it
// gives up (ok false) on anything it is not sure of, and hujson then has
// the last word.
func fastJSONC(src []byte) (*jsonValue, bool) {
	return jwcc.Parse[*jsonValue](src, valueBuilder{})
}

// valueBuilder makes jsonValues for jwcc.Parse.
type valueBuilder struct{}

func (valueBuilder) String(lit []byte, plain bool, _ int) *jsonValue {
	return &jsonValue{kind: jsonString, str: decode(lit, plain)}
}

func (valueBuilder) Literal([]byte, int) *jsonValue { return &jsonValue{kind: jsonOther} }
func (valueBuilder) Object(int) *jsonValue          { return &jsonValue{kind: jsonObject} }
func (valueBuilder) Array(int) *jsonValue           { return &jsonValue{kind: jsonArray} }
func (valueBuilder) End(*jsonValue, int)            {}

func (valueBuilder) Member(obj *jsonValue, key []byte, plain bool, _ int, val *jsonValue) {
	obj.members = append(obj.members, jsonMember{key: decode(key, plain), value: val})
}

func (valueBuilder) Elem(arr, elem *jsonValue) { arr.elems = append(arr.elems, elem) }

// decode returns the value of the string literal lit as
// hujson.Literal.String does.
func decode(lit []byte, plain bool) string {
	if plain {
		return string(lit[1 : len(lit)-1])
	}
	return hujson.Literal(lit).String()
}
