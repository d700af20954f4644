package wsaccept

import (
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// handlerSpec says how a listener of one event becomes a hibernation
// handler: the method, its parameters after ws, and which event
// properties become which parameter.
type handlerSpec struct {
	method string
	params []string // names
	types  []string // TypeScript types, parallel to params
	props  map[string]string
}

var specs = map[string]*handlerSpec{
	"message": {"webSocketMessage", []string{"message"}, []string{"string | ArrayBuffer"}, map[string]string{"data": "message"}},
	"close": {"webSocketClose", []string{"code", "reason", "wasClean"}, []string{"number", "string", "boolean"},
		map[string]string{"code": "code", "reason": "reason", "wasClean": "wasClean"}},
	"error": {"webSocketError", []string{"error"}, []string{"unknown"}, map[string]string{"error": "error"}},
}

// eventOrder is the order the generated methods are written in.
var eventOrder = []string{"message", "close", "error"}

// listener is one socket.addEventListener(event, handler) call.
type listener struct {
	call    *jsast.Node
	stmt    *jsast.Node // the expression statement holding the call
	event   string
	handler *handlerSpec
	fn      *jsast.Node // the closure
	renames []rename    // in source order
}

type rename struct {
	start, end int32
	text       string
}

// listeners finds the socket's message/close/error listeners in the
// pair's function, and reports whether all of them can move into
// hibernation handlers.
func (p *pair) listeners(sock *jsast.Node) ([]*listener, bool) {
	f, ix := p.c.File.AST, p.c.File.Index
	var out []*listener
	movable := true
	seen := map[string]bool{}
	for call := range ix.Nodes(p.fn, jsast.KindCall) {
		recv, name := f.CalleeName(call)
		if name != "addEventListener" || recv == nil || !p.same(recv, sock) {
			continue
		}
		if len(call.List) < 2 {
			movable = false
			continue
		}
		ev := f.NameOf(jsast.Unwrap(call.List[0]))
		spec := specs[ev]
		if spec == nil {
			movable = false // "open", or not a literal: no handler to move it to
			continue
		}
		l := &listener{call: call, event: ev, handler: spec, fn: jsast.Unwrap(call.List[1])}
		out = append(out, l)
		outer, parent := dosrc.Outer(ix, call)
		if parent != nil && parent.Kind == jsast.KindExprStmt && parent.Expr() == outer {
			l.stmt = parent
		}
		if l.stmt == nil || len(call.List) != 2 || seen[ev] || p.c.Method(spec.method) != nil || !p.closure(l, sock) {
			movable = false
		}
		seen[ev] = true
	}
	// on<event> properties are listeners too; they are not rewritten.
	for b := range ix.Nodes(p.fn, jsast.KindBinary) {
		if x, name, ok := f.Member(b.Left()); ok && b.Op == jsast.TEquals && strings.HasPrefix(name, "on") && p.same(x, sock) {
			movable = false
		}
	}
	if len(out) > 0 && p.c.MethodAt(p.fn.Start) == nil {
		movable = false
	}
	return out, movable
}

// same reports whether e denotes the same socket as sock.
func (p *pair) same(e, sock *jsast.Node) bool {
	f := p.c.File.AST
	e, sock = jsast.Unwrap(e), jsast.Unwrap(sock)
	if e == nil || sock == nil {
		return false
	}
	if e.Kind == jsast.KindIdentifier && sock.Kind == jsast.KindIdentifier {
		d1, d2 := dosrc.Lookup(p.c.File, e), dosrc.Lookup(p.c.File, sock)
		return d1 != nil && d2 != nil && d1.Ident == d2.Ident
	}
	return e.Kind == sock.Kind && p.isEnd(e) && f.Text(e) == f.Text(sock)
}

// closure checks that the listener's handler is a closure that can become
// a method: an arrow function (or a function expression not using this)
// with at most one plain parameter, which reads only event properties the
// handler receives as parameters, the socket, this, and names declared
// inside it or outside the function. It records the renames.
func (p *pair) closure(l *listener, sock *jsast.Node) bool {
	file := p.c.File
	f, ix := file.AST, file.Index
	h := l.fn
	if h == nil || (h.Kind != jsast.KindArrowFunc && h.Kind != jsast.KindFuncExpr) || h.Has(jsast.FlagGenerator) || h.Body == nil || len(h.Params()) > 1 {
		return false
	}
	var event *jsast.Node
	if len(h.Params()) == 1 {
		pm := h.Params()[0]
		if pm.Kind != jsast.KindParameter || pm.Name == nil || pm.Name.Kind != jsast.KindIdentifier || pm.Init() != nil || pm.Has(jsast.FlagRest) {
			return false
		}
		event = pm
	}
	if h.Kind == jsast.KindFuncExpr {
		for t := range ix.Nodes(h, jsast.KindThis) {
			if ownThis(ix, t, h) {
				return false // this is the socket there
			}
		}
	}
	newNames := map[string]bool{"ws": true}
	for _, n := range l.handler.params {
		newNames[n] = true
	}
	sockDecl := dosrc.Lookup(file, sock)
	for id := range ix.Nodes(h, jsast.KindIdentifier) {
		parent := ix.Parent(id)
		if !isReference(id, parent) {
			continue
		}
		name := f.NameOf(id)
		if name == "arguments" {
			return false
		}
		d := dosrc.Lookup(file, id)
		switch {
		case d != nil && d.Ident == id:
			// a declaration
		case d == nil || d.Func == nil:
			// a global, an import or a top-level name: a new parameter
			// of the same name would shadow it.
			if newNames[name] {
				return false
			}
		case event != nil && d.Param == event:
			if parent.Kind != jsast.KindPropertyAccess || parent.Object() != id {
				return false
			}
			to := l.handler.props[f.NameOf(parent.Name)]
			if to == "" {
				return false
			}
			if isWrite(ix, parent) {
				return false
			}
			l.renames = append(l.renames, rename{parent.Start, parent.End, to})
		case d.Func.Start >= h.Start && d.Func.End <= h.End:
			// local to the handler
			if newNames[name] {
				return false
			}
		case sockDecl != nil && d.Ident == sockDecl.Ident:
			if parent.Kind == jsast.KindShorthandProp {
				return false
			}
			l.renames = append(l.renames, rename{id.Start, id.End, "ws"})
		default:
			return false // captures a local of the function
		}
	}
	if sock.Kind != jsast.KindIdentifier {
		// pair[1] inside the handler reads the captured pair.
		for e := range ix.Nodes(h, jsast.KindElementAccess) {
			if p.isEnd(e) {
				return false
			}
		}
	}
	// Renames of event.x and of the socket never nest, but sort them.
	for i := 1; i < len(l.renames); i++ {
		for j := i; j > 0 && l.renames[j].start < l.renames[j-1].start; j-- {
			l.renames[j], l.renames[j-1] = l.renames[j-1], l.renames[j]
		}
	}
	return true
}

// ownThis reports whether this-node t belongs to function h (not to a
// nested non-arrow function).
func ownThis(ix interface {
	Parent(*jsast.Node) *jsast.Node
}, t, h *jsast.Node) bool {
	for a := ix.Parent(t); a != nil; a = ix.Parent(a) {
		if a == h {
			return true
		}
		if dosrc.IsFunc(a) && a.Kind != jsast.KindArrowFunc {
			return false
		}
	}
	return false
}

// isReference reports whether identifier id reads or writes a variable,
// as opposed to naming a property, a key or a label.
func isReference(id, parent *jsast.Node) bool {
	if parent == nil {
		return true
	}
	switch parent.Kind {
	case jsast.KindPropertyAccess, jsast.KindPropertyAssign, jsast.KindMethodDecl, jsast.KindPropertyDecl,
		jsast.KindGetAccessor, jsast.KindSetAccessor, jsast.KindLabeled, jsast.KindBreak, jsast.KindContinue,
		jsast.KindPropertySignature, jsast.KindMethodSignature, jsast.KindQualifiedName:
		return parent.Name != id
	case jsast.KindBindingElement:
		return parent.PropertyName() != id
	case jsast.KindTypeRef:
		return false
	}
	return true
}

// isWrite reports whether n is assigned to.
func isWrite(ix interface {
	Parent(*jsast.Node) *jsast.Node
}, n *jsast.Node) bool {
	p := ix.Parent(n)
	return p != nil && p.Kind == jsast.KindBinary && p.Left() == n && isAssignOp(p.Op)
}

func isAssignOp(op jsast.Token) bool {
	switch op {
	case jsast.TEquals, jsast.TPlusEquals, jsast.TMinusEquals, jsast.TAsteriskEquals, jsast.TSlashEquals:
		return true
	}
	return false
}

// moveEdits deletes the listeners' statements and adds the handler
// methods after the class member holding the accept() call.
func (p *pair) moveEdits(a accepted, ls []*listener) []analysis.TextEdit {
	if len(ls) == 0 {
		return nil
	}
	f := p.c.File.AST
	src := f.Src
	nl := dosrc.Newline(src)
	member := p.c.MethodAt(p.fn.Start)
	indent := dosrc.Indent(src, member.Node.Start)
	unit := "  "
	if strings.HasPrefix(indent, "\t") {
		unit = "\t"
	}
	ts := f.Lang != jsast.LangJS
	var edits []analysis.TextEdit
	var methods strings.Builder
	for _, ev := range eventOrder {
		for _, l := range ls {
			if l.event != ev {
				continue
			}
			edits = append(edits, deleteStmt(src, f, l.stmt))
			methods.WriteString(nl + nl + indent)
			if l.fn.Has(jsast.FlagAsync) {
				methods.WriteString("async ")
			}
			params := []string{"ws"}
			if ts {
				params[0] += ": WebSocket"
			}
			for i, n := range l.handler.params {
				if ts {
					n += ": " + l.handler.types[i]
				}
				params = append(params, n)
			}
			methods.WriteString(l.handler.method + "(" + strings.Join(params, ", ") + ") ")
			stmtIndent := dosrc.Indent(src, l.stmt.Start)
			body := l.fn.Body
			if body.Kind == jsast.KindBlock {
				methods.WriteString(reindent(renamed(src, body, l.renames), stmtIndent, indent))
			} else {
				methods.WriteString("{" + nl + indent + unit + renamed(src, body, l.renames) + ";" + nl + indent + "}")
			}
		}
	}
	at := f.Pos(member.Node.End)
	edits = append(edits, analysis.TextEdit{Pos: at, End: at, NewText: []byte(methods.String())})
	return edits
}

// renamed returns the text of n with the renames applied.
func renamed(src []byte, n *jsast.Node, rs []rename) string {
	var b strings.Builder
	at := n.Start
	for _, r := range rs {
		if r.start < at || r.end > n.End {
			continue
		}
		b.Write(src[at:r.start])
		b.WriteString(r.text)
		at = r.end
	}
	b.Write(src[at:n.End])
	return b.String()
}

// reindent moves the lines after the first from indentation from to to.
func reindent(text, from, to string) string {
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], from) {
			lines[i] = to + lines[i][len(from):]
		}
	}
	return strings.Join(lines, "\n")
}

// deleteStmt removes a statement, with its line when it is alone on it.
func deleteStmt(src []byte, f *jsast.File, stmt *jsast.Node) analysis.TextEdit {
	start, end := stmt.Start, stmt.End
	ls := dosrc.LineStart(src, start)
	if strings.TrimSpace(string(src[ls:start])) == "" {
		e := end
		for int(e) < len(src) && (src[e] == ' ' || src[e] == '\t') {
			e++
		}
		switch {
		case int(e) == len(src):
			start, end = ls, e
		case src[e] == '\n':
			start, end = ls, e+1
		case src[e] == '\r' && int(e+1) < len(src) && src[e+1] == '\n':
			start, end = ls, e+2
		}
	}
	return analysis.TextEdit{Pos: f.Pos(start), End: f.Pos(end)}
}
