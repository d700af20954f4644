package wrangler

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

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
	for n < len(b) && (b[n] == '-' || b[n] == '+' || b[n] == '.' ||
		'a' <= b[n] && b[n] <= 'z' || 'A' <= b[n] && b[n] <= 'Z' || '0' <= b[n] && b[n] <= '9') {
		n++
	}
	lit := b[start:n]
	v := &value{start: p.base + start, end: p.base + n}
	switch string(lit) {
	case "null":
		v.kind = kNull
	case "true", "false":
		v.kind, v.b = kBool, lit[0] == 't'
	default:
		if !jsonNumber(lit) {
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
	b := p.b
	start := n
	escaped := false
	for n++; n < len(b); n++ {
		switch c := b[n]; {
		case c == '\\':
			escaped = true
			n++ // hujson ends the literal at the first quote not escaped
		case c == '"':
			lit := b[start : n+1]
			// Without an escape, a control character is all that
			// encoding/json would refuse; with one, ask it.
			if escaped && !json.Valid(lit) {
				return "", n, false
			}
			return jsonString(hujson.Literal(lit)), n + 1, true
		case c < 0x20:
			return "", n, false
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
