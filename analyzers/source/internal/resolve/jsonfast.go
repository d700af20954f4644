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
func fastJSONC(src []byte) (v *jsonValue, ok bool) {
	p := fastParser{b: src}
	n, ok := p.extra(0)
	if !ok {
		return nil, false
	}
	if v, n, ok = p.value(n); !ok {
		return nil, false
	}
	if n, ok = p.extra(n); !ok || n != len(src) {
		return nil, false
	}
	return v, true
}

type fastParser struct{ b []byte }

// extra skips whitespace and comments from n as hujson does: a line
// comment needs its newline, and no comment may hold invalid UTF-8, nor a
// line comment U+2028 or U+2029.
func (p *fastParser) extra(n int) (int, bool) { return jwcc.SkipExtra(p.b, n) }

// value parses the value at n, where no whitespace or comment is.
func (p *fastParser) value(n int) (*jsonValue, int, bool) {
	b := p.b
	if n == len(b) {
		return nil, n, false
	}
	var ok bool
	switch b[n] {
	case '{':
		v := &jsonValue{kind: jsonObject}
		for n++; ; {
			if n, ok = p.extra(n); !ok || n == len(b) {
				return nil, n, false
			}
			if b[n] == '}' {
				return v, n + 1, true
			}
			if b[n] != '"' {
				return nil, n, false
			}
			var m jsonMember
			if m.key, n, ok = p.str(n); !ok {
				return nil, n, false
			}
			if n, ok = p.extra(n); !ok || n == len(b) || b[n] != ':' {
				return nil, n, false
			}
			if n, ok = p.extra(n + 1); !ok {
				return nil, n, false
			}
			if m.value, n, ok = p.value(n); !ok {
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
				return v, n + 1, true
			default:
				return nil, n, false
			}
		}
	case '[':
		v := &jsonValue{kind: jsonArray}
		for n++; ; {
			if n, ok = p.extra(n); !ok || n == len(b) {
				return nil, n, false
			}
			if b[n] == ']' {
				return v, n + 1, true
			}
			var e *jsonValue
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
		return &jsonValue{kind: jsonString, str: s}, end, true
	}
	// null, booleans and numbers: the run of characters hujson takes for
	// one literal, which must be one JSON literal whole.
	lit := jwcc.Literal(b, n)
	n += len(lit)
	switch string(lit) {
	case "null", "true", "false":
	default:
		if !jwcc.Number(lit) {
			return nil, n, false
		}
	}
	return &jsonValue{kind: jsonOther}, n, true
}

// str parses the string literal at n, which starts with a quote, and
// returns its value as hujson.Literal.String does and the offset after it.
func (p *fastParser) str(n int) (string, int, bool) {
	lit, plain, ok := jwcc.String(p.b, n)
	if !ok {
		return "", n, false
	}
	if plain {
		return string(lit[1 : len(lit)-1]), n + len(lit), true
	}
	return hujson.Literal(lit).String(), n + len(lit), true
}
