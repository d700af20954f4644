// Package wsaccept reports WebSockets that a Durable Object accepts with
// the standard accept() instead of the hibernation API.
package wsaccept

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "wsaccept",
	Title: "durable object accepts a websocket without hibernation",
	What: `Reports .accept() on an end of a new WebSocketPair() inside a Durable
Object class. The ends are followed through const pair = new WebSocketPair(),
Object.values(pair) destructuring, const { 0: client, 1: server } = pair and
pair[1], also into a method of the same class that receives an end as an
argument (this.handleSession(pair[1])). A WebSocket from a fetch() response (res.webSocket.accept(), an
outbound connection) is not reported: there accept() is the only way; nor
is a pair in a function that also opens such an outbound socket (a relay),
which keeps the object in memory as long as the pair is open whichever way
the client end is accepted. When the class already defines webSocketMessage,
webSocketClose or webSocketError and no listener of the socket calls them,
the finding says so and points at them: for a socket accepted with accept()
they are dead code. An error path that accepts, sends at most a few
frames and closes the socket at once (server.accept(); server.send(err);
server.close(1011, "...")) holds nothing open and is not reported.`,
	Why: `A socket accepted with ws.accept() is a standard-API socket: the
object cannot hibernate while it is open, so it stays in memory and is billed
for the whole connection, and the hibernation handlers (webSocketMessage,
webSocketClose, webSocketError) are never called; without
addEventListener listeners incoming messages are silently dropped. The
socket is also invisible to ctx.getWebSockets(), and a later
ctx.acceptWebSocket() on it throws "Cannot call ` + "`acceptWebSocket()`" + ` if the
WebSocket was already accepted via ` + "`accept()`" + `". Accepting with
this.ctx.acceptWebSocket(server) lets the object sleep between messages, and
the runtime delivers each message to webSocketMessage(ws, message), waking
the object, with a fresh instance if it was evicted meanwhile.`,
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
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (event) => {
      server.send("echo: " + event.data);
    });
    return new Response(null, { status: 101, webSocket: client });
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
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    ws.send("echo: " + message);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Replaces server.accept() with this.ctx.acceptWebSocket(server) (this.state,
or the constructor's state parameter, in legacy classes). The socket's
"message", "close" and "error" listeners move into webSocketMessage(ws,
message), webSocketClose(ws, code, reason, wasClean) and webSocketError(ws,
error) methods, with event.data, event.code, event.reason, event.wasClean and
event.error rewritten to the parameters and the socket to ws. When a listener
cannot move (it captures other local variables, uses the event otherwise, or
the class already has that handler), no fix is offered and the finding points
at the listeners to move by hand. Hibernation changes when code runs (the
object may be rebuilt between messages, so in-memory state set in fetch is
gone), hence unsafe.`,
	Safety:   rule.Unsafe,
	Severity: rule.Warning,
	Verify:   rule.VerifyWebSocket,
	Category: rule.Perf,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/best-practices/websockets/",
		"https://developers.cloudflare.com/durable-objects/api/state/#acceptwebsocket",
		"https://developers.cloudflare.com/durable-objects/api/base/#websocketmessage",
	},
}

// Rule reports WebSocketPair ends accepted with accept().
var Rule = rule.New(doc, run, source.Analyzer)

const (
	acceptMsg = "%s.accept() in Durable Object %s: webSocketMessage/webSocketClose handlers never fire and the object cannot hibernate while the socket is open (billed duration); use %s.acceptWebSocket(%s)%s"
	// deadHandlersMsg is for a class that defines hibernation handlers:
	// with accept() they are dead code for this socket.
	// forwardedMsg is for a class whose handlers the socket's listeners
	// call themselves.
	forwardedMsg    = "%s.accept() in Durable Object %s: the object cannot hibernate while the socket is open (billed duration), though its listeners call the class's handlers; use %s.acceptWebSocket(%s)%s"
	deadHandlersMsg = "%s.accept() in Durable Object %s: the class's %s never run for this socket, because the runtime calls them only for sockets accepted with acceptWebSocket(), and the object cannot hibernate while the socket is open (billed duration); use %s.acceptWebSocket(%s)%s"
)

// handlerNames are the hibernation handlers, in the order they are named.
var handlerNames = []string{"webSocketMessage", "webSocketClose", "webSocketError"}

// list joins names as English does: "a", "a and b", "a, b and c".
func list(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// handlerMethods returns the hibernation handlers the class defines.
func (p *pair) handlerMethods() []*source.Method {
	var out []*source.Method
	for _, name := range handlerNames {
		if m := p.c.Method(name); m != nil && m.NameNode != nil {
			out = append(out, m)
		}
	}
	return out
}

// uncalledHandlers are the hibernation handlers the class defines that no
// listener of the socket calls itself: a listener that forwards to
// this.webSocketMessage(...) does run it, only without hibernation.
func (p *pair) uncalledHandlers(ls []*listener) []*source.Method {
	f := p.c.File.AST
	called := map[string]bool{}
	for _, l := range ls {
		if l.fn == nil {
			continue
		}
		for n := range p.c.File.Index.Nodes(l.fn, jsast.KindCall) {
			if recv, name := f.CalleeName(n); recv != nil && jsast.Unwrap(recv).Kind == jsast.KindThis {
				called[name] = true
			}
		}
	}
	var out []*source.Method
	for _, m := range p.handlerMethods() {
		if !called[m.Name] {
			out = append(out, m)
		}
	}
	return out
}

var pairWord = source.NewWord("WebSocketPair")

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		// Every finding follows a new WebSocketPair() in the class.
		if !c.File.Mentions(pairWord) {
			continue
		}
		done := map[*jsast.Node]bool{}
		for n := range c.Nodes(jsast.KindNew) {
			if !dosrc.IsGlobal(c.File, n, "WebSocketPair") {
				continue
			}
			fn := dosrc.EnclosingFunc(c.File.Index, n)
			if fn == nil {
				continue
			}
			if holdsOutbound(c, fn) {
				continue
			}
			p := &pair{c: c, fn: fn, ends: map[*jsast.Node]bool{}, pairs: map[*jsast.Node]bool{}}
			p.track(n)
			for _, q := range append([]*pair{p}, p.helpers(helperDepth)...) {
				for _, s := range q.accepts() {
					if !done[s.call] {
						done[s.call] = true
						q.report(pass, s)
					}
				}
			}
		}
	}
	return nil, nil
}

// holdsOutbound reports whether fn also opens an outbound WebSocket: a
// response's webSocket (fetch with an Upgrade header) or new WebSocket(url).
// Such a function is a proxy: the outbound socket keeps the object in memory
// for as long as the pair is open, so acceptWebSocket would win no
// hibernation, and the outbound rule speaks of that socket.
func holdsOutbound(c *source.Class, fn *jsast.Node) bool {
	f := c.File.AST
	for n := range c.File.Index.Nodes(fn, jsast.KindPropertyAccess, jsast.KindNew) {
		if n.Kind == jsast.KindNew {
			if dosrc.IsGlobal(c.File, n, "WebSocket") {
				return true
			}
			continue
		}
		if _, name, ok := f.Member(n); ok && name == "webSocket" {
			return true
		}
	}
	return false
}

// helperDepth bounds how many method calls deep an end is followed.
const helperDepth = 2

// helpers follows the ends into methods of the same class that receive one
// as an argument, as in this.handleSession(pair[1], ip): each returned pair
// tracks the parameter that holds the end inside that method.
func (p *pair) helpers(depth int) []*pair {
	if depth == 0 {
		return nil
	}
	f := p.c.File.AST
	var out []*pair
	for call := range p.c.File.Index.Nodes(p.fn, jsast.KindCall) {
		recv, name := f.CalleeName(call)
		if recv = jsast.Unwrap(recv); recv == nil || recv.Kind != jsast.KindThis {
			continue
		}
		m := p.c.Method(name)
		if m == nil || m.Func == nil || m.Func == p.fn {
			continue
		}
		for i, arg := range call.List {
			if i >= len(m.Func.Params()) || !p.isEnd(arg) {
				continue
			}
			param := m.Func.Params()[i]
			if param.Kind != jsast.KindParameter || param.Name == nil || param.Name.Kind != jsast.KindIdentifier {
				continue
			}
			q := &pair{c: p.c, fn: m.Func, ends: map[*jsast.Node]bool{param.Name: true}, pairs: map[*jsast.Node]bool{}}
			out = append(out, q)
			out = append(out, q.helpers(depth-1)...)
		}
	}
	return out
}

// pair follows the ends of one WebSocketPair through a function.
type pair struct {
	c     *source.Class
	fn    *jsast.Node
	ends  map[*jsast.Node]bool // declared identifiers that hold an end
	pairs map[*jsast.Node]bool // declared identifiers that hold the pair (or Object.values of it)
}

// track records where the value of expression e (the pair, or
// Object.values of it) is stored.
func (p *pair) track(e *jsast.Node) {
	f, ix := p.c.File.AST, p.c.File.Index
	outer, parent := dosrc.Outer(ix, e)
	if parent == nil {
		return
	}
	if parent.Kind == jsast.KindCall && len(parent.Args()) == 1 && parent.Args()[0] == outer {
		if recv, name := f.CalleeName(parent); name == "values" && isIdent(f, recv, "Object") {
			p.track(parent)
		}
		return
	}
	if parent.Kind != jsast.KindVarDecl || parent.Init() != outer || parent.Name == nil {
		return
	}
	switch parent.Name.Kind {
	case jsast.KindIdentifier:
		p.pairs[parent.Name] = true
		// Later destructurings and pair[i] reads of the variable.
		for vd := range ix.Nodes(p.fn, jsast.KindVarDecl) {
			if vd.Init() == nil {
				continue
			}
			y := jsast.Unwrap(vd.Init())
			if y == nil {
				continue
			}
			if p.isPair(y) {
				p.bindEnds(vd.Name)
				continue
			}
			if y.Kind == jsast.KindCall && len(y.Args()) == 1 && p.isPair(y.Args()[0]) {
				if recv, name := f.CalleeName(y); name == "values" && isIdent(f, recv, "Object") {
					p.bindEnds(vd.Name)
				}
				continue
			}
			if p.isEnd(y) && vd.Name.Kind == jsast.KindIdentifier {
				p.ends[vd.Name] = true
			}
		}
	default:
		p.bindEnds(parent.Name)
	}
}

// bindEnds records the names a pattern binds to the pair's ends:
// [client, server] or { 0: client, 1: server }.
func (p *pair) bindEnds(pat *jsast.Node) {
	if pat == nil || (pat.Kind != jsast.KindArrayBindingPattern && pat.Kind != jsast.KindObjectBindingPattern) {
		return
	}
	for _, e := range pat.List {
		if e.Kind != jsast.KindBindingElement || e.Name == nil || e.Name.Kind != jsast.KindIdentifier {
			continue
		}
		if key, ok := dosrc.ElementKey(p.c.File.AST, p.c.File.Index, e); ok && (key == "0" || key == "1") {
			p.ends[e.Name] = true
		}
	}
}

// isPair reports whether e reads a variable holding the pair.
func (p *pair) isPair(e *jsast.Node) bool {
	e = jsast.Unwrap(e)
	if e == nil || e.Kind != jsast.KindIdentifier {
		return false
	}
	d := dosrc.Lookup(p.c.File, e)
	return d != nil && p.pairs[d.Ident]
}

// isEnd reports whether e denotes an end of the pair: a variable holding
// one, or pair[0] / pair[1].
func (p *pair) isEnd(e *jsast.Node) bool {
	f := p.c.File.AST
	e = jsast.Unwrap(e)
	if e == nil {
		return false
	}
	switch e.Kind {
	case jsast.KindIdentifier:
		d := dosrc.Lookup(p.c.File, e)
		return d != nil && p.ends[d.Ident]
	case jsast.KindElementAccess:
		y := jsast.Unwrap(e.Element())
		if y == nil || y.Kind != jsast.KindNumericLiteral || (f.Text(y) != "0" && f.Text(y) != "1") {
			return false
		}
		if p.isPair(e.Object()) {
			return true
		}
		x := jsast.Unwrap(e.Object())
		if x != nil && x.Kind == jsast.KindCall && len(x.Args()) == 1 && p.isPair(x.Args()[0]) {
			recv, name := f.CalleeName(x)
			return name == "values" && isIdent(f, recv, "Object")
		}
	}
	return false
}

func isIdent(f *jsast.File, n *jsast.Node, name string) bool {
	n = jsast.Unwrap(n)
	return n != nil && n.Kind == jsast.KindIdentifier && f.NameOf(n) == name
}

// accepted is one accept() call on an end.
type accepted struct {
	call   *jsast.Node
	socket *jsast.Node // the receiver
}

func (p *pair) accepts() []accepted {
	f := p.c.File.AST
	var out []accepted
	for call := range p.c.File.Index.Nodes(p.fn, jsast.KindCall) {
		recv, name := f.CalleeName(call)
		if name == "accept" && len(call.List) == 0 && recv != nil && p.isEnd(recv) {
			a := accepted{call, jsast.Unwrap(recv)}
			if !p.closedAtOnce(a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// closedAtOnce reports whether the socket is closed right after accept(),
// with at most some send() calls (and logging) in between, as error paths
// do: server.accept(); server.send(err); server.close(1011, "..."). Such
// a socket holds nothing open, and no event of it is ever handled.
func (p *pair) closedAtOnce(a accepted) bool {
	f, ix := p.c.File.AST, p.c.File.Index
	outer, stmt := dosrc.Outer(ix, a.call)
	if stmt == nil || stmt.Kind != jsast.KindExprStmt || stmt.Expr() != outer {
		return false
	}
	block := ix.Parent(stmt)
	if block == nil {
		return false
	}
	var list []*jsast.Node
	switch block.Kind {
	case jsast.KindBlock, jsast.KindCase, jsast.KindDefault:
		list = block.List
	default:
		return false
	}
	sock := f.Text(a.socket)
	// on reports the method name when e is a call on the same socket.
	on := func(e *jsast.Node) string {
		recv, name := f.CalleeName(e)
		if r := jsast.Unwrap(recv); r != nil && f.Text(r) == sock && p.isEnd(r) {
			return name
		}
		return ""
	}
	after := false
	for _, s := range list {
		if s == stmt {
			after = true
			continue
		}
		if !after {
			continue
		}
		if s.Kind != jsast.KindExprStmt {
			return false
		}
		x := jsast.Unwrap(s.Expr())
		if x == nil || x.Kind != jsast.KindCall {
			return false
		}
		for range ix.Nodes(s, jsast.KindAwait, jsast.KindYield) {
			return false // the socket stays open while this waits
		}
		switch on(x) {
		case "close":
			return true
		case "send":
			continue
		}
		if recv, _ := f.CalleeName(x); recv != nil {
			if r := jsast.Unwrap(recv); r != nil && r.Kind == jsast.KindIdentifier && f.NameOf(r) == "console" {
				continue
			}
		}
		return false
	}
	return false
}

func (p *pair) report(pass *analysis.Pass, a accepted) {
	f := p.c.File.AST
	sock := f.Text(a.socket)
	state := p.stateRef(a.call)
	suggestion, keep := state, ""
	if suggestion == "" {
		suggestion = "this.ctx"
		if p.c.ExtendsDO == source.No {
			// A legacy class has no this.ctx: the state exists only as
			// the constructor's argument.
			suggestion = "this.state"
			keep = ", keeping the constructor's DurableObjectState in this.state"
		}
	}
	var opts []rule.Option
	var msg string
	ls, movable := p.listeners(a.socket)
	if dead := p.uncalledHandlers(ls); len(dead) > 0 {
		// The class was written for hibernation: its handlers exist but
		// this socket never reaches them.
		names := make([]string, len(dead))
		for i, m := range dead {
			names[i] = m.Name
			opts = append(opts, rule.Related(f.Pos(m.NameNode.Start), f.Pos(m.NameNode.End), "%s is never called for a socket accepted with accept()", m.Name))
		}
		msg = fmt.Sprintf(deadHandlersMsg, sock, p.c.Name, list(names), suggestion, sock, keep)
	} else if len(p.handlerMethods()) > 0 {
		// Every handler the class has is called by the socket's own
		// listeners: they run, just never with hibernation.
		msg = fmt.Sprintf(forwardedMsg, sock, p.c.Name, suggestion, sock, keep)
	} else {
		msg = fmt.Sprintf(acceptMsg, sock, p.c.Name, suggestion, sock, keep)
	}
	switch {
	case state == "":
	case movable:
		edits := []analysis.TextEdit{{Pos: f.Pos(a.call.Start), End: f.Pos(a.call.End), NewText: []byte(state + ".acceptWebSocket(" + sock + ")")}}
		edits = append(edits, p.moveEdits(a, ls)...)
		what := "accept with " + state + ".acceptWebSocket(" + sock + ")"
		if len(ls) > 0 {
			what += " and move the listeners into hibernation handlers"
		}
		opts = append(opts, rule.Fix(what, edits...))
	default:
		msg += ", and move the socket's event listeners into webSocketMessage/webSocketClose/webSocketError methods, where the runtime delivers its events once it is accepted that way"
		for _, l := range ls {
			opts = append(opts, rule.Related(f.Pos(l.call.Start), f.Pos(l.call.End), "move this listener into %s", l.handler.method))
		}
	}
	rule.Report(pass, f.Pos(a.call.Start), f.Pos(a.call.End), msg, opts...)
}

// stateRef is the expression for the object's state at call: the class's
// state field, or the constructor's first parameter inside it.
func (p *pair) stateRef(call *jsast.Node) string {
	if ref := dosrc.StateRef(p.c); ref != "" {
		return ref
	}
	ctor := p.c.Method("constructor")
	if ctor == nil || len(ctor.Func.Params()) == 0 || p.fn != ctor.Func {
		return ""
	}
	if n := ctor.Func.Params()[0].Name; n != nil && n.Kind == jsast.KindIdentifier {
		return p.c.File.AST.NameOf(n)
	}
	return ""
}
