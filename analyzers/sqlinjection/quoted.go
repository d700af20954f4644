package sqlinjection

import (
	"strconv"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// SQLite has no backslash escapes: inside a '...' string literal only '
// is special, written '', and inside a "..." quoted name only ", written
// "". A value whose every q is doubled, spliced where the text around it
// is inside a q-quoted literal or name, stays inside it: the statement
// cannot change, whatever the value holds.

// quotedSpan reports whether the interpolation span of template tpl lies
// inside a '...' or "..." SQL token and its value doubles that quote.
func (v *eval) quotedSpan(file *source.File, tpl, span *jsast.Node, depth int) bool {
	for _, q := range []byte{'\'', '"'} {
		if insideQuotes(file.AST, tpl, span, q) && v.escapes(file, span.Expr(), q, depth+1) {
			return true
		}
	}
	return false
}

// insideQuotes reports whether the ${...} of span opens inside a q-quoted
// token of the template's text: the literal text before it, all spans
// before it counted as even (they are values, and a quoted one doubles
// its quotes), holds an odd number of q, and the next character after the
// closing } is q, so the token does not end at the value.
func insideQuotes(f *jsast.File, tpl, span *jsast.Node, q byte) bool {
	src := f.Src
	n := 0
	from := int(tpl.Start) + 1 // after the backtick
	for _, s := range tpl.List {
		open := dollarBefore(src, int(s.Expr().Start))
		if open < 0 || open < from {
			return false
		}
		n += countQuote(src[from:open], q)
		if s == span {
			close := closeAfter(src, int(s.Expr().End))
			return n%2 == 1 && close >= 0 && close+1 < len(src) && src[close+1] == q
		}
		from = closeAfter(src, int(s.Expr().End)) + 1
		if from <= 0 {
			return false
		}
	}
	return false
}

// countQuote counts the q characters that raw template text stands for:
// a bare q, and an escaped one (\' is a ' in the string, as in
// `'it\'${x}'`, where the value follows a closed literal).
func countQuote(text []byte, q byte) int {
	n := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\\':
			if i+1 < len(text) && text[i+1] == q {
				n++
			}
			i++
		case q:
			n++
		}
	}
	return n
}

// dollarBefore returns the offset of the "${" that opens the expression
// starting at x, or -1.
func dollarBefore(src []byte, x int) int {
	i := x - 1
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	if i >= 1 && src[i] == '{' && src[i-1] == '$' {
		return i - 1
	}
	return -1
}

// closeAfter returns the offset of the } that closes the expression
// ending at x, or -1.
func closeAfter(src []byte, x int) int {
	i := x
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	if i < len(src) && src[i] == '}' {
		return i
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// escapes reports whether the value of e has every q doubled:
// x.replace(/q/g, "qq"), x.replaceAll("q", "qq") or x.replaceAll(/q/g,
// "qq"), directly or through a const.
func (v *eval) escapes(file *source.File, e *jsast.Node, q byte, depth int) bool {
	f := file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > maxDepth {
		return false
	}
	switch e.Kind {
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, e)
		return d != nil && d.Const && d.Param == nil && d.Pattern == nil && d.Init != nil && v.escapes(file, d.Init, q, depth+1)
	case jsast.KindCall:
		recv, name := f.CalleeName(e)
		if recv == nil || (name != "replace" && name != "replaceAll") || len(e.Args()) != 2 {
			return false
		}
		pat, repl := jsast.Unwrap(e.Args()[0]), jsast.Unwrap(e.Args()[1])
		if pat == nil || repl == nil || stringValue(f, repl) != string([]byte{q, q}) {
			return false
		}
		switch pat.Kind {
		case jsast.KindRegExpLiteral:
			return globalRegexpOf(f.Text(pat), q)
		case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
			return name == "replaceAll" && stringValue(f, pat) == string(q)
		}
	}
	return false
}

// globalRegexpOf reports whether the regexp literal text matches exactly
// the character q everywhere: /'/g, /"/g, /\'/g.
func globalRegexpOf(text string, q byte) bool {
	if len(text) < 4 || text[0] != '/' {
		return false
	}
	end := len(text) - 1
	for end > 0 && text[end] != '/' {
		end--
	}
	body, flags := text[1:end], text[end+1:]
	global := false
	for i := 0; i < len(flags); i++ {
		switch flags[i] {
		case 'g':
			global = true
		case 'i', 'm', 's', 'u', 'd', 'v':
		default:
			return false
		}
	}
	return global && (body == string(q) || body == `\`+string(q))
}

// stringValue returns the value of a string literal or a template without
// substitutions, or "\x00" for anything else.
func stringValue(f *jsast.File, n *jsast.Node) string {
	t := f.Text(n)
	switch n.Kind {
	case jsast.KindStringLiteral:
		if len(t) >= 2 && t[0] == '\'' {
			// strconv.Unquote knows no single-quoted strings.
			t = `"` + quoteInner(t[1:len(t)-1]) + `"`
		}
		if s, err := strconv.Unquote(t); err == nil {
			return s
		}
	case jsast.KindNoSubstitutionTemplate:
		if s, err := strconv.Unquote(t); err == nil {
			return s
		}
	}
	return "\x00"
}

// quoteInner turns the inside of a single-quoted JS string into the
// inside of a double-quoted one: \' becomes ', a bare " is escaped.
func quoteInner(s string) string {
	out := make([]byte, 0, len(s)+2)
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '\'':
			out = append(out, '\'')
			i++
		case s[i] == '\\' && i+1 < len(s):
			out = append(out, s[i], s[i+1])
			i++
		case s[i] == '"':
			out = append(out, '\\', '"')
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}
