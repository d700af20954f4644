// Package hibernationstate reports in-memory state of a Durable Object
// with hibernatable WebSockets that the object loses when it hibernates.
package hibernationstate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "hibernationstate",
	Title: "in-memory state lost when the object hibernates",
	What: `Reports an instance field of a Durable Object class that accepts
WebSockets with ctx.acceptWebSocket() when a method that socket events do
not run (fetch, an RPC method, alarm) fills or sets the field
(this.sessions.set(server, ...), this.room = ...), or any method bumps a
numeric counter (this.count++), and a hibernation handler
(webSocketMessage, webSocketClose, webSocketError, or a method of the class
they name) reads it, and nothing brings it back after the object is
rebuilt: the constructor (and the methods it names, such as
blockConcurrencyWhile(this.load.bind(this))) gives the field nothing but an
empty value, and no handler assigns it (a lazy reload such as this.config
??= await this.ctx.storage.get("config")). Not reported: a field the
constructor restores (from ctx.getWebSockets(), ws.deserializeAttachment()
or storage); a class whose base is not DurableObject itself (a library's
or the project's base class), which may restore fields out of sight; a
collection that the socket events fill themselves (typing status, send
queues, a registry refilled on each message), which lives from event to
event; a class that runs setInterval, which keeps the object from
hibernating.`,
	Why: `A hibernatable WebSocket outlives the object that accepted it. After
about 10 seconds without events, workerd evicts the object and keeps its
sockets; the next message runs the constructor again on a fresh instance
and then calls webSocketMessage, so every field holds what the constructor
gave it: a Map of sessions is empty, a counter starts again from its
initial value, while the sockets are still connected. The handler then
misses the sender's session, broadcasts to nobody or counts wrong. What a
socket needs across hibernation belongs in ws.serializeAttachment() (read
back with ws.deserializeAttachment(), up to 16 KiB), in storage, or is
re-derived in the constructor from this.ctx.getWebSockets().`,
	Bad: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  sessions = new Map<WebSocket, { name: string }>();
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sessions.set(server, { name: new URL(req.url).searchParams.get("name") ?? "anon" });
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const session = this.sessions.get(ws);
    ws.send(session?.name + ": " + message);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ name: new URL(req.url).searchParams.get("name") ?? "anon" });
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const session = ws.deserializeAttachment();
    ws.send(session?.name + ": " + message);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `For a Map keyed by the socket, used only as this.m.set(server, value)
right where server is accepted, this.m.get(ws) and this.m.delete(ws) with
ws the handler's socket parameter, and declared as new Map(): the set
becomes server.serializeAttachment(value), the get becomes
ws.deserializeAttachment(), the delete and the declaration go (an
attachment lives and dies with its socket). Unsafe: the value must survive
structured clone (no functions, no other sockets) and stay under 16 KiB,
and a socket without an attachment reads null where the Map gave
undefined. No fix is offered when the class already uses attachments,
when the value from get is changed in place (an attachment hands out a
copy), or for other patterns.`,
	Safety:   rule.Unsafe,
	Severity: rule.Warning,
	Verify:   rule.VerifyWebSocket,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/best-practices/websockets/",
		"https://developers.cloudflare.com/durable-objects/api/websockets/#serializeattachment",
	},
}

// Rule reports fields that hibernation resets under live sockets.
var Rule = rule.New(doc, run, source.Analyzer)

// handlerNames are the methods the runtime calls on a woken object.
var handlerNames = []string{"webSocketMessage", "webSocketClose", "webSocketError"}

// use is one this.field occurrence and what it does to the field.
type use struct {
	node   *jsast.Node // the this.field access
	method *source.Method
	kind   useKind
}

type useKind int

const (
	read   useKind = iota
	assign         // this.f = v, ??=, ||=, &&=
	bump           // ++, --, +=, ...: reads and writes
	fill           // this.f.set/add/push(...), this.f[k] = v
	remove         // this.f.delete/clear(...): neither restores nor depends on state
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		// What the rule finds follows from the class and its module, so
		// a class that many projects reach is checked once.
		source.PerClass(pass, c, res.ClassContext(c), func(pass *analysis.Pass) { checkClass(pass, c) })
	}
	return nil, nil
}

func checkClass(pass *analysis.Pass, c *source.Class) {
	f := c.File.AST
	if c.Heritage != nil && (len(c.Bases) == 0 || c.Bases[0].Kind != source.BaseDurableObject) {
		// A base class other than DurableObject may restore the fields
		// in code not seen here (a library's wake-up hook, a base
		// constructor).
		return
	}
	var accepts []*jsast.Node
	for call := range dosrc.CallsNamed(c.File, c.Node, "acceptWebSocket", "setInterval") {
		recv, name := f.CalleeName(call)
		switch {
		case name == "acceptWebSocket" && recv != nil && dosrc.IsState(c, recv) && len(call.List) > 0:
			accepts = append(accepts, call)
		case name == "setInterval" && dosrc.IsGlobal(c.File, call, "setInterval"):
			// A running interval keeps the object in memory.
			return
		}
	}
	if len(accepts) == 0 {
		return
	}
	var handlers []*source.Method
	for _, n := range handlerNames {
		if m := c.Method(n); m != nil && m.Func != nil && m.Func.Body != nil {
			handlers = append(handlers, m)
		}
	}
	if len(handlers) == 0 {
		return
	}
	uses := fieldUses(c)
	ctorReach := reach(c, c.Method("constructor"))
	// Methods a woken object runs for a socket event, by the handler
	// that reaches them.
	byHandler := map[*source.Method]*source.Method{}
	for _, h := range handlers {
		for m := range reach(c, h) {
			if byHandler[m] == nil {
				byHandler[m] = h
			}
		}
	}
	state := dosrc.StateField(c)
	var names []string
	for name := range uses {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		us := uses[name]
		if name == "ctx" || name == "env" || name == "state" || name == "storage" || name == state || c.Method(name) != nil {
			continue
		}
		if !emptyInit(c, name) {
			continue
		}
		var writes []use
		var handlerRead *use
		restored := false
		for i, u := range us {
			inCtor := u.method == nil || ctorReach[u.method]
			if inCtor {
				if u.kind == fill || u.kind == bump || (u.kind == assign && !emptyAssign(c, u.node)) {
					restored = true
				}
				continue
			}
			h := byHandler[u.method]
			switch u.kind {
			case assign:
				if h != nil {
					restored = true // re-derived when a handler runs
				}
				if !emptyAssign(c, u.node) {
					// Resetting to empty stores nothing to lose.
					writes = append(writes, u)
				}
			case fill, bump:
				// What a socket's own events fill (typing status, send
				// queues, a socket registry refreshed on each message)
				// lives from event to event; a counter is the exception,
				// since it counts across events.
				if h == nil || (u.kind == bump && numeric(c, name)) {
					writes = append(writes, u)
				}
				if u.kind == bump && h != nil && handlerRead == nil {
					handlerRead = &us[i]
				}
			case read:
				if h != nil && handlerRead == nil {
					handlerRead = &us[i]
				}
			}
		}
		if restored || handlerRead == nil || len(writes) == 0 {
			continue
		}
		report(pass, c, name, us, writes, handlerRead, byHandler[handlerRead.method], accepts, handlers)
	}
}

func report(pass *analysis.Pass, c *source.Class, name string, us, writes []use, r *use, h *source.Method, accepts []*jsast.Node, handlers []*source.Method) {
	f := c.File.AST
	w := writes[0]
	how := "filled"
	if w.kind == bump {
		how = "changed"
	} else if w.kind == assign {
		how = "set"
	}
	where := "in " + w.method.Name + "()"
	readIn := h.Name + "()"
	if r.method != h {
		readIn = fmt.Sprintf("%s() (called from %s())", r.method.Name, h.Name)
	}
	verb := "read"
	if r.kind == bump {
		verb = "changed"
	}
	reset := "is back to its initial value"
	if mapLike(c, name) {
		reset = "is empty"
	}
	msg := fmt.Sprintf("this.%s is %s %s and %s in %s, but %s accepts hibernatable WebSockets: once the object hibernates (workerd evicts it after about 10 s without events and keeps the sockets), the next message runs the constructor again and this.%s %s while the sockets are still connected (observed); keep per-socket data with ws.serializeAttachment(), or restore the field in the constructor from ctx.getWebSockets() or storage",
		name, how, where, verb, readIn, c.Name, name, reset)
	var opts []rule.Option
	for i, x := range writes {
		if i == 3 {
			break
		}
		opts = append(opts, rule.Related(f.Pos(x.node.Start), f.Pos(x.node.End), "this.%s is %s here, in memory only", name, how))
	}
	if edits := attachmentFix(c, name, us, accepts, handlers); edits != nil {
		opts = append(opts, rule.Fix("keep the per-socket value of this."+name+" in the socket's attachment", edits...))
	}
	rule.Report(pass, f.Pos(r.node.Start), f.Pos(r.node.End), msg, opts...)
}

// fieldUses collects the this.field accesses of c's instance methods,
// field initialisers excluded, by field name.
func fieldUses(c *source.Class) map[string][]use {
	f, ix := c.File.AST, c.File.Index
	out := map[string][]use{}
	for pa := range c.Nodes(jsast.KindPropertyAccess) {
		name := dosrc.ThisField(f, pa)
		if name == "" {
			continue
		}
		m := c.MethodAt(pa.Start)
		if m == nil || m.Static || !ownThis(ix, pa, m) {
			continue
		}
		if m.Kind == jsast.KindPropertyDecl && m.Func != nil && (pa.Start < m.Func.Start || pa.End > m.Func.End) {
			continue
		}
		out[name] = append(out[name], use{node: pa, method: m, kind: kindOf(f, ix, pa)})
	}
	return out
}

// ownThis reports whether this in pa is the instance: no function between
// the access and the method rebinds this.
func ownThis(ix *source.Index, pa *jsast.Node, m *source.Method) bool {
	for a := range ix.Ancestors(pa) {
		if a == m.Func {
			return true
		}
		switch a.Kind {
		case jsast.KindFuncExpr, jsast.KindFuncDecl, jsast.KindClassDecl, jsast.KindClassExpr, jsast.KindMethodDecl:
			return false
		}
	}
	return false
}

func kindOf(f *jsast.File, ix *source.Index, pa *jsast.Node) useKind {
	outer, p := dosrc.Outer(ix, pa)
	if p == nil {
		return read
	}
	switch p.Kind {
	case jsast.KindBinary:
		if p.Left() == outer {
			switch p.Op {
			case jsast.TEquals, jsast.TQuestionQuestionEquals, jsast.TBarBarEquals, jsast.TAmpersandAmpersandEquals:
				return assign
			}
			if p.Op.IsAssignment() {
				return bump
			}
		}
	case jsast.KindPrefix, jsast.KindPostfix:
		if p.Op == jsast.TPlusPlus || p.Op == jsast.TMinusMinus {
			return bump
		}
	case jsast.KindPropertyAccess:
		call := ix.Parent(p)
		if call != nil && call.Kind == jsast.KindCall && call.Callee() == p {
			switch f.NameOf(p.Name) {
			case "set", "add", "push", "unshift", "splice":
				return fill
			case "delete", "clear":
				return remove
			}
		}
	case jsast.KindElementAccess:
		if p.Object() == outer {
			if _, q := dosrc.Outer(ix, p); q != nil && q.Kind == jsast.KindBinary && q.Op.IsAssignment() && jsast.Unwrap(q.Left()) == p {
				return fill
			}
		}
	}
	return read
}

// reach returns m and the methods of c it names on this, three calls
// deep.
func reach(c *source.Class, m *source.Method) map[*source.Method]bool {
	out := map[*source.Method]bool{}
	if m == nil {
		return out
	}
	var walk func(m *source.Method, depth int)
	walk = func(m *source.Method, depth int) {
		if out[m] || m.Func == nil || m.Func.Body == nil {
			return
		}
		out[m] = true
		if depth == 3 {
			return
		}
		// A method named on this is followed whether it is called or
		// handed on (ctx.blockConcurrencyWhile(this.load.bind(this))).
		for pa := range c.File.Index.Nodes(m.Func.Body, jsast.KindPropertyAccess) {
			if name := dosrc.ThisField(c.File.AST, pa); name != "" {
				if n := c.Method(name); n != nil {
					walk(n, depth+1)
				}
			}
		}
	}
	walk(m, 0)
	return out
}

// emptyInit reports whether the field's declaration, if any, gives it
// nothing but an empty value: a declaration that computes something may
// restore it.
func emptyInit(c *source.Class, name string) bool {
	f := c.File.AST
	for _, m := range c.Node.List {
		if m.Kind == jsast.KindPropertyDecl && !m.Has(jsast.FlagStatic) && f.NameOf(m.Name) == name {
			return m.Init() == nil || empty(c, m.Init())
		}
	}
	return true
}

func emptyAssign(c *source.Class, pa *jsast.Node) bool {
	_, p := dosrc.Outer(c.File.Index, pa)
	return p != nil && p.Kind == jsast.KindBinary && p.Op == jsast.TEquals && empty(c, p.Right())
}

// empty reports whether e is a literal or an empty collection.
func empty(c *source.Class, e *jsast.Node) bool {
	f := c.File.AST
	e = jsast.Unwrap(e)
	if e == nil {
		return false
	}
	switch e.Kind {
	case jsast.KindNumericLiteral, jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate, jsast.KindTrue, jsast.KindFalse, jsast.KindNull:
		return true
	case jsast.KindIdentifier:
		return f.NameOf(e) == "undefined"
	case jsast.KindPrefix:
		return e.Op == jsast.TMinus && jsast.Unwrap(e.Operand()) != nil && jsast.Unwrap(e.Operand()).Kind == jsast.KindNumericLiteral
	case jsast.KindArrayLit, jsast.KindObjectLit:
		return len(e.List) == 0
	case jsast.KindNew:
		_, name := f.CalleeName(e)
		switch name {
		case "Map", "Set", "WeakMap", "WeakSet", "Array":
			return len(e.Args()) == 0
		}
	}
	return false
}

// numeric reports whether the field is declared or set as a number
// literal: a counter.
func numeric(c *source.Class, name string) bool {
	f := c.File.AST
	isNum := func(e *jsast.Node) bool {
		e = jsast.Unwrap(e)
		return e != nil && e.Kind == jsast.KindNumericLiteral
	}
	for _, m := range c.Node.List {
		if m.Kind == jsast.KindPropertyDecl && f.NameOf(m.Name) == name && m.Init() != nil {
			return isNum(m.Init())
		}
	}
	if ctor := c.Method("constructor"); ctor != nil && ctor.Func.Body != nil {
		for b := range c.File.Index.Nodes(ctor.Func.Body, jsast.KindBinary) {
			if b.Op == jsast.TEquals && dosrc.ThisField(f, b.Left()) == name {
				return isNum(b.Right())
			}
		}
	}
	return false
}

// mapLike reports whether the field is declared or set as a new
// collection.
func mapLike(c *source.Class, name string) bool {
	f := c.File.AST
	for _, m := range c.Node.List {
		if m.Kind == jsast.KindPropertyDecl && f.NameOf(m.Name) == name && m.Init() != nil {
			if y := jsast.Unwrap(m.Init()); y != nil && (y.Kind == jsast.KindNew || y.Kind == jsast.KindArrayLit || y.Kind == jsast.KindObjectLit) {
				return true
			}
		}
	}
	if ctor := c.Method("constructor"); ctor != nil && ctor.Func.Body != nil {
		for b := range c.File.Index.Nodes(ctor.Func.Body, jsast.KindBinary) {
			if b.Op == jsast.TEquals && dosrc.ThisField(f, b.Left()) == name {
				if y := jsast.Unwrap(b.Right()); y != nil && (y.Kind == jsast.KindNew || y.Kind == jsast.KindArrayLit || y.Kind == jsast.KindObjectLit) {
					return true
				}
			}
		}
	}
	return false
}

// attachmentFix rewrites a Map keyed by the socket into the sockets'
// attachments, or returns nil when the field is used any other way.
func attachmentFix(c *source.Class, name string, us []use, accepts []*jsast.Node, handlers []*source.Method) []analysis.TextEdit {
	f, ix := c.File.AST, c.File.Index
	var edits []analysis.TextEdit
	isHandler := map[*source.Method]bool{}
	for _, h := range handlers {
		isHandler[h] = true
	}
	for call := range c.Nodes(jsast.KindCall) {
		if _, n := f.CalleeName(call); n == "serializeAttachment" || n == "deserializeAttachment" {
			// The attachment already holds something the fix would
			// overwrite or misread.
			return nil
		}
	}
	decl := mapDecl(c, name)
	if decl == nil {
		return nil
	}
	for _, d := range decl {
		edits = append(edits, removeStmt(f, d))
	}
	sets := 0
uses:
	for _, u := range us {
		for _, d := range decl {
			if d.Start <= u.node.Start && u.node.End <= d.End {
				continue uses
			}
		}
		_, p := dosrc.Outer(ix, u.node)
		if p == nil || p.Kind != jsast.KindPropertyAccess {
			return nil
		}
		call := ix.Parent(p)
		if call == nil || call.Kind != jsast.KindCall || call.Callee() != p {
			return nil
		}
		switch f.NameOf(p.Name) {
		case "set":
			if len(call.Args()) != 2 || !acceptedHere(c, call.Args()[0], accepts) || !isStmt(ix, call) {
				return nil
			}
			sock := f.Text(jsast.Unwrap(call.Args()[0]))
			edits = append(edits, analysis.TextEdit{Pos: f.Pos(call.Start), End: f.Pos(call.End),
				NewText: []byte(sock + ".serializeAttachment(" + f.Text(call.Args()[1]) + ")")})
			sets++
		case "get":
			if len(call.Args()) != 1 || !isHandler[u.method] || !socketParam(c, u.method, call.Args()[0]) || mutated(c, u.method, call) {
				return nil
			}
			edits = append(edits, analysis.TextEdit{Pos: f.Pos(call.Start), End: f.Pos(call.End),
				NewText: []byte(f.Text(jsast.Unwrap(call.Args()[0])) + ".deserializeAttachment()")})
		case "delete":
			if len(call.Args()) != 1 || !isHandler[u.method] || !socketParam(c, u.method, call.Args()[0]) || !isStmt(ix, call) {
				return nil
			}
			edits = append(edits, removeStmt(f, ix.Parent(call)))
		default:
			return nil
		}
	}
	if sets == 0 {
		return nil
	}
	return edits
}

// mutated reports whether the value get returns may be changed in place:
// a Map hands out the stored object, an attachment a copy, so a change
// would no longer stick. Changes are looked for on the value itself and
// on a const it is stored in.
func mutated(c *source.Class, m *source.Method, get *jsast.Node) bool {
	f, ix := c.File.AST, c.File.Index
	// changes reports whether the member chain starting at n is written.
	changes := func(n *jsast.Node) bool {
		top := n
		for {
			o, p := dosrc.Outer(ix, top)
			if p == nil {
				return false
			}
			switch p.Kind {
			case jsast.KindPropertyAccess, jsast.KindElementAccess:
				if p.Object() != o {
					return false
				}
				if call := ix.Parent(p); call != nil && call.Kind == jsast.KindCall && call.Callee() == p {
					switch f.NameOf(p.Name) {
					case "push", "pop", "shift", "unshift", "splice", "set", "add", "delete", "clear", "sort", "reverse", "fill":
						return true
					}
				}
				top = p
				continue
			case jsast.KindBinary:
				return top != n && p.Left() == o && p.Op.IsAssignment()
			case jsast.KindPrefix, jsast.KindPostfix:
				return top != n && (p.Op == jsast.TPlusPlus || p.Op == jsast.TMinusMinus || p.Op == jsast.TDelete)
			}
			return false
		}
	}
	if changes(get) {
		return true
	}
	_, p := dosrc.Outer(ix, get)
	if p == nil || p.Kind != jsast.KindVarDecl {
		return false
	}
	if p.Name == nil || p.Name.Kind != jsast.KindIdentifier {
		return true
	}
	for id := range ix.Nodes(m.Func.Body, jsast.KindIdentifier) {
		if id == p.Name || f.NameOf(id) != f.NameOf(p.Name) {
			continue
		}
		if d := dosrc.Lookup(c.File, id); d != nil && d.Ident == p.Name {
			if changes(id) {
				return true
			}
			// Handed to other code, which may change it.
			if _, q := dosrc.Outer(ix, id); q != nil && q.Kind == jsast.KindCall && q.Callee() != id {
				return true
			}
		}
	}
	return false
}

// mapDecl returns the declarations of the field when it is made as
// new Map() and nothing else: the class member that initialises it, or a
// bare typed member and the constructor statement this.m = new Map().
func mapDecl(c *source.Class, name string) []*jsast.Node {
	f := c.File.AST
	isMap := func(e *jsast.Node) bool {
		e = jsast.Unwrap(e)
		if e == nil || e.Kind != jsast.KindNew || len(e.Args()) != 0 {
			return false
		}
		_, n := f.CalleeName(e)
		return n == "Map"
	}
	var member *jsast.Node
	for _, m := range c.Node.List {
		if m.Kind == jsast.KindPropertyDecl && f.NameOf(m.Name) == name {
			if m.Init() != nil {
				if !isMap(m.Init()) {
					return nil
				}
				return []*jsast.Node{m}
			}
			member = m
		}
	}
	ctor := c.Method("constructor")
	if ctor == nil || ctor.Func.Body == nil {
		return nil
	}
	for _, s := range ctor.Func.Body.List {
		if s.Kind != jsast.KindExprStmt {
			continue
		}
		if b := jsast.Unwrap(s.Expr()); b != nil && b.Kind == jsast.KindBinary && b.Op == jsast.TEquals && dosrc.ThisField(f, b.Left()) == name && isMap(b.Right()) {
			if member != nil {
				return []*jsast.Node{member, s}
			}
			return []*jsast.Node{s}
		}
	}
	return nil
}

// acceptedHere reports whether arg names a socket that
// ctx.acceptWebSocket() accepts in the same function.
func acceptedHere(c *source.Class, arg *jsast.Node, accepts []*jsast.Node) bool {
	f, ix := c.File.AST, c.File.Index
	a := jsast.Unwrap(arg)
	if a == nil || a.Kind != jsast.KindIdentifier {
		return false
	}
	d := dosrc.Lookup(c.File, a)
	if d == nil {
		return false
	}
	fn := dosrc.EnclosingFunc(ix, arg)
	for _, acc := range accepts {
		s := jsast.Unwrap(acc.List[0])
		if s == nil || s.Kind != jsast.KindIdentifier || dosrc.EnclosingFunc(ix, acc) != fn || f.NameOf(s) != f.NameOf(a) {
			continue
		}
		if sd := dosrc.Lookup(c.File, s); sd != nil && sd.Ident == d.Ident {
			return true
		}
	}
	return false
}

// socketParam reports whether arg is the handler's first parameter, the
// socket the event is for.
func socketParam(c *source.Class, m *source.Method, arg *jsast.Node) bool {
	a := jsast.Unwrap(arg)
	if a == nil || a.Kind != jsast.KindIdentifier || len(m.Func.Params()) == 0 {
		return false
	}
	d := dosrc.Lookup(c.File, a)
	return d != nil && d.Param == m.Func.Params()[0] && d.Pattern == nil
}

func isStmt(ix *source.Index, call *jsast.Node) bool {
	p := ix.Parent(call)
	return p != nil && p.Kind == jsast.KindExprStmt && p.Expr() == call
}

// removeStmt deletes a statement or class member with its line when it
// stands alone on it.
func removeStmt(f *jsast.File, n *jsast.Node) analysis.TextEdit {
	src := f.Src
	start, end := n.Start, n.End
	ls := dosrc.LineStart(src, start)
	le := end
	for int(le) < len(src) && (src[le] == ' ' || src[le] == '\t') {
		le++
	}
	if strings.TrimSpace(string(src[ls:start])) == "" && (int(le) == len(src) || src[le] == '\n' || src[le] == '\r') {
		if int(le) < len(src) && src[le] == '\r' {
			le++
		}
		if int(le) < len(src) && src[le] == '\n' {
			le++
		}
		// A member that opened its block leaves no blank first line.
		prev := ls - 1
		for prev >= 0 && (src[prev] == '\n' || src[prev] == '\r' || src[prev] == ' ' || src[prev] == '\t') {
			prev--
		}
		if prev >= 0 && src[prev] == '{' {
			next := le
			for int(next) < len(src) && (src[next] == ' ' || src[next] == '\t' || src[next] == '\r') {
				next++
			}
			if int(next) < len(src) && src[next] == '\n' {
				le = next + 1
			}
		}
		return analysis.TextEdit{Pos: f.Pos(ls), End: f.Pos(le)}
	}
	return analysis.TextEdit{Pos: f.Pos(start), End: f.Pos(end)}
}
