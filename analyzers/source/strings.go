package source

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/jsast"
)

// nameOf returns the name an identifier, private name or string literal
// spells ("" for other nodes). Module export names may be string
// literals: export { x as "a-b" }.
func nameOf(f *jsast.File, n *jsast.Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case jsast.KindIdentifier, jsast.KindPrivateIdentifier:
		return f.Text(n)
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return unquote(f.Text(n))
	}
	return ""
}

// unquote decodes a JS string literal's text, quotes included. Invalid
// escapes are kept as written; the parser has reported them.
func unquote(s string) string {
	if len(s) < 2 {
		return s
	}
	s = s[1 : len(s)-1]
	if !strings.ContainsRune(s, '\\') {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0':
			b.WriteByte(0)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		case 'x':
			if i+2 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					b.WriteRune(rune(v))
					i += 2
					continue
				}
			}
			b.WriteByte(e)
		case 'u':
			hex, n := "", 0
			if i+1 < len(s) && s[i+1] == '{' {
				if j := strings.IndexByte(s[i:], '}'); j > 0 {
					hex, n = s[i+2:i+j], j
				}
			} else if i+4 < len(s) {
				hex, n = s[i+1:i+5], 4
			}
			if v, err := strconv.ParseUint(hex, 16, 32); err == nil && hex != "" && v <= utf8.MaxRune {
				b.WriteRune(rune(v))
				i += n
				continue
			}
			b.WriteByte(e)
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}
