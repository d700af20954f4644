package wrangler

import (
	"strconv"

	"github.com/dolint-dev/dolint/internal/jwcc"
	"github.com/tailscale/hujson"
)

// hujson checks each literal by handing it to encoding/json, a scanner per
// string, which was most of the time a run spent reading configs. fastJSONC
// accepts exactly the documents that hujson.Parse accepts, byte for byte by
// the same rules, and builds what lowerJSON builds from hujson's tree; it
// checks a string without escapes, the common case, itself. It gives up
// (ok false) on anything that hujson would reject, so that hujson parses
// that document and says what is wrong, in its own words.
func fastJSONC(src []byte, base int) (*value, bool) {
	return jwcc.Parse[*value](src, valueBuilder{base})
}

// valueBuilder makes values for jwcc.Parse, with offsets from base.
type valueBuilder struct{ base int }

func (b valueBuilder) String(lit []byte, _ bool, start int) *value {
	return &value{kind: kString, start: b.base + start, end: b.base + start + len(lit), str: jsonString(hujson.Literal(lit))}
}

func (b valueBuilder) Literal(lit []byte, start int) *value {
	v := &value{start: b.base + start, end: b.base + start + len(lit)}
	switch string(lit) {
	case "null":
		v.kind = kNull
	case "true", "false":
		v.kind, v.b = kBool, lit[0] == 't'
	default:
		v.kind = kNumber
		v.num, _ = strconv.ParseFloat(string(lit), 64)
	}
	return v
}

func (b valueBuilder) Object(start int) *value {
	return &value{kind: kObject, start: b.base + start, members: []member{}}
}

func (b valueBuilder) Array(start int) *value {
	return &value{kind: kArray, start: b.base + start, elems: []*value{}}
}

func (b valueBuilder) Member(obj *value, key []byte, _ bool, keyStart int, val *value) {
	obj.members = append(obj.members, member{
		key:    jsonString(hujson.Literal(key)),
		kstart: b.base + keyStart, kend: b.base + keyStart + len(key),
		val: val,
	})
}

func (valueBuilder) Elem(arr, elem *value) { arr.elems = append(arr.elems, elem) }

func (b valueBuilder) End(v *value, end int) { v.end = b.base + end }
