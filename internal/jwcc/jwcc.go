// Package jwcc reads JSON with comments and trailing commas by the rules
// of github.com/tailscale/hujson, which is what dolint reads wrangler
// configs, package.json and tsconfig files with. hujson keeps every byte
// of a document in a tree and checks each literal with encoding/json;
// the quick parsers built on this package read only the values, and give
// up on whatever this package does not accept, leaving hujson to decide
// and to word the error.
package jwcc

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/internal/jsondepth"
)

// SkipExtra skips the whitespace and comments of b from n as hujson does
// and returns where they end. A line comment needs its newline, and no
// comment may hold invalid UTF-8, nor a line comment U+2028 or U+2029; ok
// is false at a comment that breaks these rules.
func SkipExtra(b []byte, n int) (end int, ok bool) {
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

// String returns the string literal at b[n], a quote, whole with its
// quotes, if it is a valid JSON string. plain says that it has no escape
// and is ASCII, so that its value is the text between its quotes.
func String(b []byte, n int) (lit []byte, plain, ok bool) {
	start := n
	escaped, nonASCII := false, false
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
				return nil, false, false
			}
			return lit, !escaped && !nonASCII, true
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			nonASCII = true
		}
	}
	return nil, false, false
}

// Literal returns the run of bytes from n that hujson takes for one
// literal (null, true, false or a number), which need not be a valid one.
func Literal(b []byte, n int) []byte {
	start := n
	for n < len(b) && (b[n] == '-' || b[n] == '+' || b[n] == '.' ||
		'a' <= b[n] && b[n] <= 'z' || 'A' <= b[n] && b[n] <= 'Z' || '0' <= b[n] && b[n] <= '9') {
		n++
	}
	return b[start:n]
}

// Number reports whether lit is a JSON number:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func Number(lit []byte) bool {
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

// A Builder makes the values of a document as Parse reads it. Offsets are
// into the document; a literal (String's and Member's key included) is
// passed whole, quotes and all, and already checked.
type Builder[V any] interface {
	// String makes a string value; plain is String's plain.
	String(lit []byte, plain bool, start int) V
	// Literal makes null, true, false or a number.
	Literal(lit []byte, start int) V
	// Object and Array start a value that Member or Elem then fill and
	// End closes, at the offset after its closing delimiter.
	Object(start int) V
	Member(obj V, key []byte, keyPlain bool, keyStart int, val V)
	Array(start int) V
	Elem(arr V, elem V)
	End(v V, end int)
}

// Parse reads the document src whole with b, and reports false for what
// hujson would reject or what this reading is not sure of (see the
// package doc), and for a document nested deeper than jsondepth.Max. Its
// callers check the depth only of what it refuses, before hujson reads
// that: a document read here needs no second pass.
func Parse[V any](src []byte, b Builder[V]) (v V, ok bool) {
	n, ok := SkipExtra(src, 0)
	if !ok {
		return v, false
	}
	if v, n, ok = parseValue(src, n, b, 0); !ok {
		return v, false
	}
	if n, ok = SkipExtra(src, n); !ok || n != len(src) {
		return v, false
	}
	return v, true
}

// parseValue reads the value at n, where no whitespace or comment is, and
// returns the offset after it. depth is how many objects and arrays hold
// it.
func parseValue[V any](src []byte, n int, b Builder[V], depth int) (v V, end int, ok bool) {
	var zero V
	if n == len(src) {
		return zero, n, false
	}
	switch src[n] {
	case '{', '[':
		if depth == jsondepth.Max {
			return zero, n, false
		}
		closer := byte('}')
		if src[n] == '{' {
			v = b.Object(n)
		} else {
			v, closer = b.Array(n), ']'
		}
		for n++; ; {
			if n, ok = SkipExtra(src, n); !ok || n == len(src) {
				return zero, n, false
			}
			if src[n] == closer {
				b.End(v, n+1)
				return v, n + 1, true
			}
			if closer == '}' {
				if src[n] != '"' {
					return zero, n, false
				}
				key, plain, ok := String(src, n)
				if !ok {
					return zero, n, false
				}
				ks := n
				n += len(key)
				if n, ok = SkipExtra(src, n); !ok || n == len(src) || src[n] != ':' {
					return zero, n, false
				}
				if n, ok = SkipExtra(src, n+1); !ok {
					return zero, n, false
				}
				var val V
				if val, n, ok = parseValue(src, n, b, depth+1); !ok {
					return zero, n, false
				}
				b.Member(v, key, plain, ks, val)
			} else {
				var elem V
				if elem, n, ok = parseValue(src, n, b, depth+1); !ok {
					return zero, n, false
				}
				b.Elem(v, elem)
			}
			if n, ok = SkipExtra(src, n); !ok || n == len(src) {
				return zero, n, false
			}
			switch src[n] {
			case ',':
				n++
			case closer:
				b.End(v, n+1)
				return v, n + 1, true
			default:
				return zero, n, false
			}
		}
	case '"':
		lit, plain, ok := String(src, n)
		if !ok {
			return zero, n, false
		}
		return b.String(lit, plain, n), n + len(lit), true
	}
	// null, booleans and numbers: the run of characters hujson takes for
	// one literal, which must be one JSON literal whole.
	lit := Literal(src, n)
	switch string(lit) {
	case "null", "true", "false":
	default:
		if !Number(lit) {
			return zero, n + len(lit), false
		}
	}
	return b.Literal(lit, n), n + len(lit), true
}
