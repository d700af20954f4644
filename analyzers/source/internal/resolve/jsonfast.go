package resolve

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

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
func (p *fastParser) extra(n int) (int, bool) {
	b := p.b
	for n < len(b) {
		switch b[n] {
		case ' ', '\t', '\r', '\n':
			n++
		case '/':
			if n+1 == len(b) {
				return n, true
			}
			var c []byte
			switch b[n+1] {
			case '/':
				i := bytes.IndexByte(b[n+2:], '\n')
				if i < 0 {
					return n, false
				}
				c = b[n : n+2+i+1]
				if !ascii(c) && (!utf8.Valid(c) || bytes.Contains(c, []byte("\u2028")) || bytes.Contains(c, []byte("\u2029"))) {
					return n, false
				}
			case '*':
				i := bytes.Index(b[n+2:], []byte("*/"))
				if i < 0 {
					return n, false
				}
				c = b[n : n+2+i+2]
				if !ascii(c) && !utf8.Valid(c) {
					return n, false
				}
			default:
				return n, true
			}
			n += len(c)
		default:
			return n, true
		}
	}
	return n, true
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

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
	start := n
	for n < len(b) && (b[n] == '-' || b[n] == '+' || b[n] == '.' ||
		'a' <= b[n] && b[n] <= 'z' || 'A' <= b[n] && b[n] <= 'Z' || '0' <= b[n] && b[n] <= '9') {
		n++
	}
	switch lit := b[start:n]; string(lit) {
	case "null", "true", "false":
	default:
		if !jsonNumber(lit) {
			return nil, n, false
		}
	}
	return &jsonValue{kind: jsonOther}, n, true
}

// str parses the string literal at n, which starts with a quote, and
// returns its value as hujson.Literal.String does and the offset after it.
func (p *fastParser) str(n int) (string, int, bool) {
	b := p.b
	start := n
	plain := true // no escape, all ASCII
	for n++; n < len(b); n++ {
		switch c := b[n]; {
		case c == '\\':
			plain = false
			n++ // hujson ends the literal at the first quote not escaped
		case c == '"':
			if plain {
				return string(b[start+1 : n]), n + 1, true
			}
			lit := b[start : n+1]
			// Without an escape, a control character is all that
			// encoding/json would refuse; with one, ask it.
			if bytes.IndexByte(lit, '\\') >= 0 && !json.Valid(lit) {
				return "", n, false
			}
			return hujson.Literal(lit).String(), n + 1, true
		case c < 0x20:
			return "", n, false
		case c >= utf8.RuneSelf:
			plain = false
		}
	}
	return "", n, false
}

// jsonNumber reports whether lit is a JSON number:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func jsonNumber(lit []byte) bool {
	i := 0
	digits := func() int {
		j := i
		for i < len(lit) && '0' <= lit[i] && lit[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(lit) && lit[i] == '-' {
		i++
	}
	switch {
	case i < len(lit) && lit[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(lit) && lit[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		if i < len(lit) && (lit[i] == '+' || lit[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(lit)
}
