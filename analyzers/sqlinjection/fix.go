package sqlinjection

import (
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// valueWords are the SQL keywords after which a lone value stands.
var valueWords = map[string]bool{
	"LIMIT": true, "OFFSET": true, "LIKE": true, "GLOB": true, "IS": true, "THEN": true, "ELSE": true,
	"WHEN": true, "BETWEEN": true,
}

// valueOps are the operators after which a lone value stands.
var valueOps = []string{"<>", "<=", ">=", "!=", "==", "=", "<", ">", "+", "-", "*", "/", "%"}

// slot is one placeholder of the rewritten query, in text order.
type slot struct {
	existing int    // index into the call's extra arguments, or -1
	value    string // the moved expression's text, for new placeholders
}

// fix rewrites a template query so that its non-constant values become ?
// bindings. ok is false when some value stands where no binding can go.
func (v *eval) fix(file *source.File, call *jsast.Node) ([]analysis.TextEdit, bool) {
	f := file.AST
	tpl := dosrc.Unwrap(call.List[0])
	if tpl == nil || tpl != call.List[0] || tpl.Kind != jsast.KindTemplateExpr {
		return nil, false
	}
	parts, ok := dosrc.TemplateParts(f, tpl)
	if !ok {
		return nil, false
	}
	for _, a := range call.List[1:] {
		if a.Kind == jsast.KindSpread {
			return nil, false
		}
	}
	var (
		edits []analysis.TextEdit
		slots []slot
		sql   strings.Builder // the literal text seen so far, substitutions as "x"
		moved bool
		next  int // next existing argument
	)
	// scan adds the existing placeholders of one literal part to slots.
	scan := func(raw string) bool {
		st := sqlState(sql.String())
		for i := 0; i < len(raw); i++ {
			ch := raw[i]
			switch {
			case st != 0:
				if ch == st {
					st = 0
				}
			case ch == '\'' || ch == '"':
				st = ch
			case ch == '?':
				if i+1 < len(raw) && raw[i+1] >= '0' && raw[i+1] <= '9' {
					return false // numbered parameters do not mix with appended ones
				}
				slots = append(slots, slot{existing: next})
				next++
			case ch == ':' || ch == '@' || ch == '$':
				if i+1 < len(raw) && isWordByte(raw[i+1]) {
					return false // named parameters
				}
			case ch == ';' && moved:
				if strings.TrimSpace(raw[i+1:]) != "" {
					return false // bindings are allowed only in the last statement
				}
			case ch == '\\':
				return false // escapes make the text differ from the SQL
			}
		}
		sql.WriteString(raw)
		return true
	}
	if !scan(parts[0].Raw) {
		return nil, false
	}
	for i, span := range tpl.List {
		before, after := parts[i], parts[i+1]
		if v.safe(file, span.X, 0) {
			sql.WriteString("x")
			if !scan(after.Raw) {
				return nil, false
			}
			continue
		}
		text := sql.String()
		inString := sqlState(text) == '\''
		switch {
		case inString && strings.HasSuffix(before.Raw, "'") && strings.HasPrefix(after.Raw, "'"):
			// '${x}' → ?
			edits = append(edits, analysis.TextEdit{Pos: f.Pos(before.End - 1), End: f.Pos(after.Start + 1), NewText: []byte("?")})
			sql.WriteString("x'") // the quoted string is closed in the original
			after.Raw = after.Raw[1:]
		case sqlState(text) == 0 && valuePosition(text) && endsValue(after.Raw) && !isJoin(f, span.X):
			edits = append(edits, analysis.TextEdit{Pos: f.Pos(before.End), End: f.Pos(after.Start), NewText: []byte("?")})
			sql.WriteString("x")
		default:
			return nil, false
		}
		slots = append(slots, slot{existing: -1, value: f.Text(span.X)})
		moved = true
		if !scan(after.Raw) {
			return nil, false
		}
	}
	extra := call.List[1:]
	if next != len(extra) || len(edits) == 0 {
		return nil, false
	}
	var args []string
	for _, s := range slots {
		if s.existing >= 0 {
			args = append(args, f.Text(extra[s.existing]))
		} else {
			args = append(args, s.value)
		}
	}
	end := tpl.End
	if len(extra) > 0 {
		end = extra[len(extra)-1].End
	}
	edits = append(edits, analysis.TextEdit{Pos: f.Pos(tpl.End), End: f.Pos(end), NewText: []byte(", " + strings.Join(args, ", "))})
	return edits, true
}

// sqlState returns the quote character of the SQL string or quoted name
// open at the end of text, or 0.
func sqlState(text string) byte {
	var st byte
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case st != 0:
			if ch == st {
				st = 0
			}
		case ch == '\'' || ch == '"' || ch == '`':
			st = ch
		}
	}
	return st
}

// valuePosition reports whether the SQL text before a substitution ends
// where a value goes: after a comparison or arithmetic operator, after
// LIMIT, OFFSET, LIKE and similar keywords, or in a VALUES (...) list.
func valuePosition(text string) bool {
	t := strings.TrimRight(text, " \t\r\n")
	for _, op := range valueOps {
		if strings.HasSuffix(t, op) {
			// "--" starts a comment and "*" may be SELECT *.
			return !strings.HasSuffix(t, "--") && !(op == "*" && strings.HasSuffix(strings.ToUpper(strings.TrimRight(t[:len(t)-1], " \t\r\n")), "SELECT"))
		}
	}
	if strings.HasSuffix(t, "(") || strings.HasSuffix(t, ",") {
		return inValues(t)
	}
	i := len(t)
	for i > 0 && isWordByte(t[i-1]) {
		i--
	}
	return valueWords[strings.ToUpper(t[i:])]
}

// inValues reports whether text ends inside the parentheses of a VALUES
// list: VALUES (..., or VALUES (...), (... .
func inValues(text string) bool {
	depth := 0
	for i := len(text) - 1; i >= 0; i-- {
		switch text[i] {
		case ')':
			depth++
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			return valuesBefore(strings.TrimRight(text[:i], " \t\r\n"))
		}
	}
	return false
}

// valuesBefore reports whether text ends with VALUES, or with VALUES and
// complete (...) groups followed by a comma.
func valuesBefore(text string) bool {
	for n := 0; n < 1000; n++ {
		if strings.HasSuffix(strings.ToUpper(text), "VALUES") {
			return true
		}
		if !strings.HasSuffix(text, ",") {
			return false
		}
		text = strings.TrimRight(text[:len(text)-1], " \t\r\n")
		if !strings.HasSuffix(text, ")") {
			return false
		}
		depth, open := 0, -1
		for i := len(text) - 1; i >= 0 && open < 0; i-- {
			switch text[i] {
			case ')':
				depth++
			case '(':
				depth--
				if depth == 0 {
					open = i
				}
			}
		}
		if open < 0 {
			return false
		}
		text = strings.TrimRight(text[:open], " \t\r\n")
	}
	return false
}

// endsValue reports whether the text after a substitution lets it stand
// alone: the end, a blank, a closing parenthesis, a comma or a semicolon.
func endsValue(after string) bool {
	if after == "" {
		return true
	}
	switch after[0] {
	case ' ', '\t', '\r', '\n', ')', ',', ';':
		return true
	}
	return false
}

// isJoin reports whether e is a .join(...) call: a list spliced into
// IN (...) would become one string if bound.
func isJoin(f *jsast.File, e *jsast.Node) bool {
	_, name := dosrc.Callee(f, dosrc.Unwrap(e))
	return name == "join"
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
