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

// seg is one piece of a query: literal SQL text, or an expression spliced
// in. A query alternates them, starting and ending with text.
type seg struct {
	lit  string
	expr *jsast.Node
}

// How an expression segment is rewritten.
const (
	keep   = iota // constant: stays in the text
	quoted        // '${x}': the quotes and the value become ?
	value         // ${x} where a value goes: becomes ?
)

// plan decides, for a query split into segments, which expressions become
// ? bindings, and lists the placeholders in order, the existing ones (for
// the call's nargs extra arguments) included. raw says the literal text is
// source text, where a backslash is an escape the plan cannot see through.
func (v *eval) plan(file *source.File, segs []seg, nargs int, raw bool) (how []int, slots []slot, ok bool) {
	var (
		sql   strings.Builder // the literal text seen so far, expressions as "x"
		moved bool
		next  int
	)
	scan := func(text string) bool {
		st := sqlState(sql.String())
		for i := 0; i < len(text); i++ {
			ch := text[i]
			switch {
			case st != 0:
				if ch == st {
					st = 0
				}
			case ch == '\'' || ch == '"':
				st = ch
			case ch == '?':
				if i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' {
					return false // numbered parameters do not mix with appended ones
				}
				slots = append(slots, slot{existing: next})
				next++
			case ch == ':' || ch == '@' || ch == '$':
				if i+1 < len(text) && isWordByte(text[i+1]) {
					return false // named parameters
				}
			case ch == ';' && moved:
				if strings.TrimSpace(text[i+1:]) != "" {
					return false // bindings are allowed only in the last statement
				}
			case ch == '\\' && raw:
				return false // escapes make the source differ from the SQL
			}
		}
		sql.WriteString(text)
		return true
	}
	segs = append([]seg(nil), segs...) // quoted values trim the text after them
	how = make([]int, len(segs))
	for i := 0; i < len(segs); i++ {
		sg := segs[i]
		if sg.expr == nil {
			if !scan(sg.lit) {
				return nil, nil, false
			}
			continue
		}
		if v.safe(file, sg.expr, 0) {
			sql.WriteString("x")
			continue
		}
		before, after := segs[i-1].lit, segs[i+1].lit
		text := sql.String()
		switch {
		case sqlState(text) == '\'' && strings.HasSuffix(before, "'") && strings.HasPrefix(after, "'"):
			how[i] = quoted
			sql.WriteString("x'") // the quoted string is closed in the original
			segs[i+1].lit = after[1:]
		case sqlState(text) == 0 && valuePosition(text) && endsValue(after) && !isJoin(file.AST, sg.expr):
			how[i] = value
			sql.WriteString("x")
		default:
			return nil, nil, false
		}
		slots = append(slots, slot{existing: -1, value: file.AST.Text(sg.expr)})
		moved = true
	}
	if next != nargs || !moved {
		return nil, nil, false
	}
	return how, slots, true
}

// fix rewrites a query built by a template or by + so that its
// non-constant values become ? bindings. ok is false when some value
// stands where no binding can go.
func (v *eval) fix(file *source.File, call *jsast.Node) ([]analysis.TextEdit, bool) {
	f := file.AST
	q := call.List[0]
	extra := call.List[1:]
	for _, a := range extra {
		if a.Kind == jsast.KindSpread {
			return nil, false
		}
	}
	var edits []analysis.TextEdit
	var slots []slot
	switch {
	case q.Kind == jsast.KindTemplateExpr:
		parts, ok := dosrc.TemplateParts(f, q)
		if !ok {
			return nil, false
		}
		var segs []seg
		for i, p := range parts {
			if i > 0 {
				segs = append(segs, seg{expr: q.List[i-1].X})
			}
			segs = append(segs, seg{lit: p.Raw})
		}
		how, sl, ok := v.plan(file, segs, len(extra), true)
		if !ok {
			return nil, false
		}
		slots = sl
		for i := range q.List {
			before, after := parts[i], parts[i+1]
			switch how[2*i+1] {
			case quoted:
				edits = append(edits, analysis.TextEdit{Pos: f.Pos(before.End - 1), End: f.Pos(after.Start + 1), NewText: []byte("?")})
			case value:
				edits = append(edits, analysis.TextEdit{Pos: f.Pos(before.End), End: f.Pos(after.Start), NewText: []byte("?")})
			}
		}
	case q.Kind == jsast.KindBinary && q.Op == jsast.TPlus:
		segs, ok := concatSegs(f, q)
		if !ok {
			return nil, false
		}
		how, sl, ok := v.plan(file, segs, len(extra), false)
		if !ok {
			return nil, false
		}
		slots = sl
		// The concatenation becomes one template literal.
		var b strings.Builder
		b.WriteByte('`')
		for i, sg := range segs {
			lit := sg.lit
			if sg.expr == nil {
				if i > 0 && how[i-1] == quoted {
					lit = lit[1:]
				}
				if i+1 < len(segs) && how[i+1] == quoted {
					lit = lit[:len(lit)-1]
				}
				b.WriteString(templateText(lit))
				continue
			}
			if how[i] == keep {
				b.WriteString("${" + f.Text(sg.expr) + "}")
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte('`')
		edits = append(edits, analysis.TextEdit{Pos: f.Pos(q.Start), End: f.Pos(q.End), NewText: []byte(b.String())})
	default:
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
	end := q.End
	if len(extra) > 0 {
		end = extra[len(extra)-1].End
	}
	edits = append(edits, analysis.TextEdit{Pos: f.Pos(q.End), End: f.Pos(end), NewText: []byte(", " + strings.Join(args, ", "))})
	return edits, true
}

// concatSegs flattens "a" + x + "b" into segments. The chain must start
// with a string literal, so that every + is a concatenation.
func concatSegs(f *jsast.File, e *jsast.Node) ([]seg, bool) {
	var ops []*jsast.Node
	var flatten func(n *jsast.Node)
	flatten = func(n *jsast.Node) {
		if n.Kind == jsast.KindBinary && n.Op == jsast.TPlus {
			flatten(n.Left())
			ops = append(ops, n.Right())
			return
		}
		ops = append(ops, n)
	}
	flatten(e)
	if k := ops[0].Kind; k != jsast.KindStringLiteral && k != jsast.KindNoSubstitutionTemplate {
		return nil, false
	}
	var segs []seg
	lit := ""
	for _, op := range ops {
		switch op.Kind {
		case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
			lit += f.StringValue(op)
		case jsast.KindTemplateExpr, jsast.KindTaggedTemplate:
			return nil, false
		default:
			segs = append(segs, seg{lit: lit}, seg{expr: op})
			lit = ""
		}
	}
	return append(segs, seg{lit: lit}), true
}

// templateText escapes SQL text for a template literal.
func templateText(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "`", "\\`", "${", "\\${", "\r", "\\r")
	return r.Replace(s)
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
	_, name := f.CalleeName(jsast.Unwrap(e))
	return name == "join"
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
