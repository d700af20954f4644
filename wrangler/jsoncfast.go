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
func fastJSONC(src []byte, base int) (v *value, ok bool) {
	p := &fastParser{b: src, base: base}
	n, ok := p.extra(0)
	if !ok {
		return nil, false
	}
	v, n, ok = p.value(n)
	if !ok {
		return nil, false
	}
	n, ok = p.extra(n)
	if !ok || n != len(src) {
		return nil, false
	}
	return v, true
}

type fastParser struct {
	b    []byte
	base int
}

// extra skips whitespace and comments from n as hujson's consumeExtra
// does: a line comment needs its newline, and no comment may hold invalid
// UTF-8, nor a line comment U+2028 or U+2029.
func (p *fastParser) extra(n int) (int, bool) { return jwcc.SkipExtra(p.b, n) }

// value parses the value at n, where no whitespace or comment is.
func (p *fastParser) value(n int) (*value, int, bool) {
	b := p.b
	if n == len(b) {
		return nil, n, false
	}
	start := n
	switch b[n] {
	case '{':
		v := &value{kind: kObject, start: p.base + start, members: []member{}}
		n++
		for {
			var ok bool
			if n, ok = p.extra(n); !ok || n == len(b) {
				return nil, n, false
			}
			if b[n] == '}' {
				v.end = p.base + n + 1
				return v, n + 1, true
			}
			if b[n] != '"' {
				return nil, n, false
			}
			ks := n
			var key string
			if key, n, ok = p.str(n); !ok {
				return nil, n, false
			}
			m := member{key: key, kstart: p.base + ks, kend: p.base + n}
			if n, ok = p.extra(n); !ok || n == len(b) || b[n] != ':' {
				return nil, n, false
			}
			if n, ok = p.extra(n + 1); !ok {
				return nil, n, false
			}
			if m.val, n, ok = p.value(n); !ok {
				return nil, n, false
			}
			v.members = append(v.members, m)
			if n, ok = p.extra(n); !ok || n == len(b) {
				return nil, n, false
			}
			switch b[n] {
			case ',':
				n++
			case '}':
				v.end = p.base + n + 1
				return v, n + 1, true
			default:
				return nil, n, false
			}
		}
	case '[':
		v := &value{kind: kArray, start: p.base + start, elems: []*value{}}
		n++
		for {
			var ok bool
			if n, ok = p.extra(n); !ok || n == len(b) {
				return nil, n, false
			}
			if b[n] == ']' {
				v.end = p.base + n + 1
				return v, n + 1, true
			}
			var e *value
			if e, n, ok = p.value(n); !ok {
				return nil, n, false
			}
			v.elems = append(v.elems, e)
			if n, ok = p.extra(n); !ok || n == len(b) {
				return nil, n, false
			}
			switch b[n] {
			case ',':
				n++
			case ']':
				v.end = p.base + n + 1
				return v, n + 1, true
			default:
				return nil, n, false
			}
		}
	case '"':
		s, end, ok := p.str(n)
		if !ok {
			return nil, end, false
		}
		return &value{kind: kString, start: p.base + start, end: p.base + end, str: s}, end, true
	}
	// null, booleans and numbers: the run of characters hujson takes for
	// one literal, which must be one JSON literal whole.
	lit := jwcc.Literal(b, n)
	n += len(lit)
	v := &value{start: p.base + start, end: p.base + n}
	switch string(lit) {
	case "null":
		v.kind = kNull
	case "true", "false":
		v.kind, v.b = kBool, lit[0] == 't'
	default:
		if !jwcc.Number(lit) {
			return nil, n, false
		}
		v.kind = kNumber
		v.num, _ = strconv.ParseFloat(string(lit), 64)
	}
	return v, n, true
}

// str parses the string literal at n, which starts with a quote, and
// returns its value as jsonString does and the offset after it.
func (p *fastParser) str(n int) (string, int, bool) {
	lit, _, ok := jwcc.String(p.b, n)
	if !ok {
		return "", n, false
	}
	return jsonString(hujson.Literal(lit)), n + len(lit), true
}
