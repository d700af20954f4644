package sqltransaction

import (
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
	"golang.org/x/tools/go/analysis"
)

// fixer holds what one BEGIN ... COMMIT rewrite needs.
type fixer struct {
	c   *source.Class
	f   *jsast.File
	src []byte
	nl  string
	fn  *jsast.Node // the function holding the sequence
}

// fixBegin rewrites the BEGIN ... COMMIT sequence that starts with the
// exec call begin into a transactionSync callback.
func fixBegin(c *source.Class, begin *jsast.Node) ([]analysis.TextEdit, string, bool) {
	fx := &fixer{c: c, f: c.File.AST, src: c.File.AST.Src, nl: dosrc.Newline(c.File.AST.Src), fn: dosrc.EnclosingFunc(c.File.Index, begin)}
	ix := c.File.Index
	if sts, ok := fx.execStatements(begin); !ok || len(sts) != 1 || !isBegin(sts[0]) {
		return nil, "", false
	}
	store := fx.storage(begin)
	if store == "" || fx.fn == nil {
		return nil, "", false
	}
	outer, stmt := dosrc.Outer(ix, begin)
	if stmt == nil || stmt.Kind != jsast.KindExprStmt || stmt.Expr() != outer || !fx.ownLine(stmt) {
		return nil, "", false
	}
	block := ix.Parent(stmt)
	if block == nil || block.Kind != jsast.KindBlock {
		return nil, "", false
	}
	i := indexOf(block.List, stmt)
	// BEGIN; try { stmts; COMMIT } catch { ROLLBACK ... }
	if i+1 < len(block.List) && block.List[i+1].Kind == jsast.KindTry {
		t := block.List[i+1]
		if t.TryBlock() != nil && len(t.TryBlock().List) > 0 {
			return fx.withTry(stmt, t, t.TryBlock().List[:len(t.TryBlock().List)-1], store)
		}
	}
	// try { BEGIN; stmts; COMMIT } catch { ROLLBACK ... }
	if t := ix.Parent(block); i == 0 && len(block.List) >= 2 && t != nil && t.Kind == jsast.KindTry && t.TryBlock() == block {
		return fx.withTry(stmt, t, block.List[1:len(block.List)-1], store)
	}
	// BEGIN; stmts; COMMIT in one block.
	for j := i + 1; j < len(block.List); j++ {
		sts, ok := fx.stmtStatements(block.List[j])
		if ok && len(sts) == 1 && isCommit(sts[0]) {
			if !fx.movable(block.List[i+1:j]) || fx.usedAfter(block.List[i+1:j], block.List[j+1:]) || !fx.ownLine(block.List[j]) {
				return nil, "", false
			}
			return fx.plain(stmt, block.List[j], block, store), "wrap the statements between BEGIN and COMMIT in transactionSync", true
		}
		if fx.hasTxn(block.List[j]) {
			return nil, "", false
		}
	}
	return nil, "", false
}

// withTry handles a sequence whose COMMIT ends the try block and whose
// catch runs ROLLBACK.
func (fx *fixer) withTry(begin, t *jsast.Node, body []*jsast.Node, store string) ([]analysis.TextEdit, string, bool) {
	tb := t.TryBlock()
	if t.Finally() != nil || t.CatchClause() == nil || t.CatchClause().Body == nil || len(tb.List) == 0 {
		return nil, "", false
	}
	commit := tb.List[len(tb.List)-1]
	if commit == begin {
		return nil, "", false
	}
	if sts, ok := fx.stmtStatements(commit); !ok || len(sts) != 1 || !isCommit(sts[0]) || !fx.ownLine(commit) {
		return nil, "", false
	}
	if !fx.movable(body) {
		return nil, "", false
	}
	var rollback *jsast.Node
	var rest []*jsast.Node
	for _, s := range t.CatchClause().Body.List {
		if sts, ok := fx.stmtStatements(s); ok && len(sts) == 1 && sts[0].is("ROLLBACK", "ROLLBACK TRANSACTION") {
			if rollback != nil {
				return nil, "", false
			}
			rollback = s
			continue
		}
		if fx.hasTxn(s) {
			return nil, "", false
		}
		rest = append(rest, s)
	}
	if rollback == nil || !fx.ownLine(rollback) || !fx.endsLine(tb.Start+1) || !fx.endsLine(t.End) {
		return nil, "", false
	}
	src := fx.src
	tryIndent := dosrc.Indent(src, t.Start)
	unit := dosrc.IndentUnit(src, commit.Start, t.Start)
	first := begin
	innerStart := lineAfter(src, begin.End)
	if begin.Start < t.Start {
		// BEGIN stands before the try: the body starts after "try {".
		innerStart = lineAfter(src, tb.Start)
	} else {
		first = t
	}
	innerEnd := dosrc.LineStart(src, commit.Start)
	if innerStart > innerEnd {
		return nil, "", false
	}
	open := store + ".transactionSync(() => {" + fx.nl
	if rethrows(fx.f, t.CatchClause(), rest) {
		// The catch only rethrows: transactionSync does both.
		text := tryIndent + open + string(src[innerStart:innerEnd]) + tryIndent + "});" + fx.nl
		return []analysis.TextEdit{fx.edit(dosrc.LineStart(src, first.Start), lineAfter(src, t.End), text)},
			"wrap the statements in transactionSync, which rolls back and rethrows on a throw, instead of BEGIN, COMMIT and a catch that runs ROLLBACK", true
	}
	inner := fx.reindent(innerStart, innerEnd, unit)
	text := tryIndent + unit + open + inner + tryIndent + unit + "});" + fx.nl
	start := lineAfter(src, tb.Start)
	if first == t {
		start = dosrc.LineStart(src, begin.Start)
		if strings.TrimSpace(string(src[lineAfter(src, tb.Start):start])) != "" {
			return nil, "", false // comments before BEGIN would be lost
		}
	}
	edits := []analysis.TextEdit{
		fx.edit(start, lineAfter(src, commit.End), text),
		fx.edit(dosrc.LineStart(src, rollback.Start), lineAfter(src, rollback.End), ""),
	}
	if first == begin {
		edits = append(edits, fx.edit(dosrc.LineStart(src, begin.Start), lineAfter(src, begin.End), ""))
	}
	return edits, "wrap the statements in transactionSync and drop ROLLBACK: transactionSync rolls back by itself when the callback throws, then rethrows to the catch", true
}

// plain rewrites BEGIN; body; COMMIT within one block.
func (fx *fixer) plain(begin, commit, block *jsast.Node, store string) []analysis.TextEdit {
	src := fx.src
	indent := dosrc.Indent(src, begin.Start)
	unit := dosrc.IndentUnit(src, begin.Start, block.Start)
	innerStart, innerEnd := lineAfter(src, begin.End), dosrc.LineStart(src, commit.Start)
	text := indent + store + ".transactionSync(() => {" + fx.nl + fx.reindent(innerStart, innerEnd, unit) + indent + "});" + fx.nl
	return []analysis.TextEdit{fx.edit(dosrc.LineStart(src, begin.Start), lineAfter(src, commit.End), text)}
}

// rethrows reports whether the catch's statements (ROLLBACK removed) are
// just `throw e` of its own parameter.
func rethrows(f *jsast.File, catch *jsast.Node, rest []*jsast.Node) bool {
	if len(rest) != 1 || rest[0].Kind != jsast.KindThrow || catch.Name == nil || catch.Name.Kind != jsast.KindIdentifier {
		return false
	}
	x := jsast.Unwrap(rest[0].X)
	in := scope.Of(f)
	return x != nil && x.Kind == jsast.KindIdentifier && in.Resolve(x) != nil && in.Resolve(x) == in.Resolve(catch.Name)
}

func (fx *fixer) edit(start, end int32, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: fx.f.Pos(start), End: fx.f.Pos(end), NewText: []byte(text)}
}

// reindent adds one level of indentation to each line of src[start:end],
// except blank lines and lines that begin inside a string or template.
func (fx *fixer) reindent(start, end int32, unit string) string {
	var lits []*jsast.Node
	for n := range fx.c.File.Index.Nodes(fx.fn, jsast.KindTemplateExpr, jsast.KindNoSubstitutionTemplate, jsast.KindStringLiteral) {
		if n.End > start && n.Start < end {
			lits = append(lits, n)
		}
	}
	var b strings.Builder
	for off := start; off < end; {
		next := lineAfter(fx.src, off)
		if next > end {
			next = end
		}
		line := string(fx.src[off:next])
		inLit := false
		for _, l := range lits {
			if l.Start < off && off < l.End {
				inLit = true
			}
		}
		if !inLit && strings.TrimSpace(line) != "" {
			b.WriteString(unit)
		}
		b.WriteString(line)
		off = next
	}
	return b.String()
}

// lineAfter returns the offset just past the line ending at or after off.
func lineAfter(src []byte, off int32) int32 {
	for int(off) < len(src) && src[off] != '\n' {
		off++
	}
	if int(off) < len(src) {
		off++
	}
	return off
}

// ownLine reports whether n is alone on its line(s).
func (fx *fixer) ownLine(n *jsast.Node) bool {
	ls := dosrc.LineStart(fx.src, n.Start)
	return strings.TrimSpace(string(fx.src[ls:n.Start])) == "" && fx.endsLine(n.End)
}

// endsLine reports whether only blanks, or a line comment, follow off
// on its line. A comment on a BEGIN or COMMIT line goes with the line.
func (fx *fixer) endsLine(off int32) bool {
	rest := strings.TrimSpace(string(fx.src[off:lineAfter(fx.src, off)]))
	return rest == "" || strings.HasPrefix(rest, "//")
}

// storage returns the expression for the object's storage at the call:
// the one its sql receiver is read from, or the class's state field.
func (fx *fixer) storage(call *jsast.Node) string {
	recv, _ := fx.f.CalleeName(call)
	if x, name, ok := fx.f.Member(recv); ok && name == "sql" && dosrc.IsStorage(fx.c, x) {
		return fx.f.Text(x)
	}
	ref := dosrc.StateRef(fx.c)
	if ref == "" {
		return ""
	}
	// this must be the object: only arrows between the call and a member.
	for fn := dosrc.EnclosingFunc(fx.c.File.Index, call); fn != nil; fn = dosrc.EnclosingFunc(fx.c.File.Index, fn) {
		switch fn.Kind {
		case jsast.KindArrowFunc:
			continue
		case jsast.KindMethodDecl, jsast.KindConstructor, jsast.KindGetAccessor, jsast.KindSetAccessor:
			if fx.c.File.Index.Parent(fn) == fx.c.Node {
				return ref + ".storage"
			}
		}
		return ""
	}
	return ""
}

// movable reports whether statements can move into a callback: nothing
// in them (outside nested functions) awaits, yields, returns or jumps,
// and none declares a function or class.
func (fx *fixer) movable(body []*jsast.Node) bool {
	ix := fx.c.File.Index
	for _, s := range body {
		if s.Kind == jsast.KindFuncDecl || s.Kind == jsast.KindClassDecl || fx.hasTxn(s) {
			return false
		}
		for n := range ix.Nodes(s, jsast.KindAwait, jsast.KindYield, jsast.KindReturn, jsast.KindBreak, jsast.KindContinue) {
			if dosrc.EnclosingFunc(ix, n) == fx.fn {
				return false
			}
		}
		if s.Kind == jsast.KindVarStmt && s.Op != jsast.TConst && s.Op != jsast.TLet && s.Op != jsast.TVar {
			return false // using declarations
		}
	}
	return true
}

// usedAfter reports whether a name declared by body is used by later.
func (fx *fixer) usedAfter(body, later []*jsast.Node) bool {
	names := map[string]bool{}
	for _, s := range body {
		if s.Kind != jsast.KindVarStmt {
			continue
		}
		for _, d := range s.List {
			for id := range fx.c.File.Index.Nodes(d.Name, jsast.KindIdentifier) {
				names[fx.f.NameOf(id)] = true
			}
		}
	}
	if len(names) == 0 {
		return false
	}
	for _, s := range later {
		for id := range fx.c.File.Index.Nodes(s, jsast.KindIdentifier) {
			if names[fx.f.NameOf(id)] {
				return true
			}
		}
	}
	return false
}

// hasTxn reports whether n runs a transaction statement through exec.
func (fx *fixer) hasTxn(n *jsast.Node) bool {
	for call := range fx.c.File.Index.Nodes(n, jsast.KindCall) {
		if sts, ok := fx.execStatements(call); ok {
			for _, st := range sts {
				if st.txn() != "" {
					return true
				}
			}
		}
	}
	return false
}

// stmtStatements returns the SQL statements of `sql.exec("...");`.
func (fx *fixer) stmtStatements(s *jsast.Node) ([]statement, bool) {
	if s.Kind != jsast.KindExprStmt {
		return nil, false
	}
	x := jsast.Unwrap(s.Expr())
	if x == nil || x.Kind != jsast.KindCall {
		return nil, false
	}
	return fx.execStatements(x)
}

// execStatements returns the SQL statements of an exec call on the
// class's SQL storage, when its query is constant and it has no bindings.
func (fx *fixer) execStatements(call *jsast.Node) ([]statement, bool) {
	if len(call.List) != 1 || !dosrc.SQLCall(fx.c, call, "exec") {
		return nil, false
	}
	text, ok := sqlText(fx.c.File, call.List[0], 0)
	if !ok {
		return nil, false
	}
	return statements(text), true
}

func isBegin(s statement) bool {
	if len(s.words) == 0 || s.words[0] != "BEGIN" {
		return false
	}
	for _, w := range s.words[1:] {
		switch w {
		case "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "TRANSACTION":
		default:
			return false
		}
	}
	return true
}

func isCommit(s statement) bool {
	return s.is("COMMIT", "COMMIT TRANSACTION", "END", "END TRANSACTION")
}

func indexOf(list []*jsast.Node, n *jsast.Node) int {
	for i, x := range list {
		if x == n {
			return i
		}
	}
	return -1
}
