// Package wsclose reports hibernation webSocketClose handlers that never
// close the socket, which leaves the client's close handshake unanswered.
package wsclose

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "wsclose",
	Title: "hibernation close handler never answers the client's close",
	What: `Reports a webSocketClose(ws, code, reason, wasClean) method of a
Durable Object class that never calls close(): no ws.close(...), no close()
on anything else, no super.webSocketClose(...), no call handing ws to a
function or method (which may close it) and no call of a method of the
class that closes a socket. Classes built on a library base class
(partyserver, agents, ...) are left alone: the library answers the close.
So is a Worker none of whose modules calls acceptWebSocket, where the
handler never runs.`,
	Why: `A client that closes a hibernatable WebSocket (one accepted with
ctx.acceptWebSocket) sends a Close frame and waits for the reply. The runtime
calls webSocketClose with the socket in the CLOSING state and sends no reply
of its own, at every compatibility date: the "web_socket_auto_reply_to_close"
flag (on from 2026-04-07) answers automatically only for sockets accepted
with ws.accept(). Unless the handler calls ws.close(), the client's close
handshake never completes: a browser keeps the socket in CLOSING until its
own timeout and then reports an abnormal closure (1006) instead of the code
it sent.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "compatibility_date": "2026-04-26",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log("closed", code, reason);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "compatibility_date": "2026-04-26",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log("closed", code, reason);
    if (code === 1005 || code === 1006) ws.close();
    else ws.close(code, reason);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Appends to the end of the handler "if (code === 1005 || code === 1006)
ws.close(); else ws.close(code, reason);", using the handler's own
parameter names and adding the code and reason parameters when the handler
does not declare them. The received code is sent back as it came; 1005 (the
client sent no code) and 1006 (the connection dropped without a Close
frame) are codes close() refuses with "InvalidAccessError: Invalid
WebSocket close code", so for them the reply carries no code. Not offered
when the handler returns early, when a parameter is destructured or has a
default, or when the body already uses a name the fix would add.`,
	Safety:   rule.Safe,
	Severity: rule.Warning,
	Verify:   rule.VerifyWSClose,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/best-practices/websockets/",
		"https://developers.cloudflare.com/durable-objects/api/base/#websocketclose",
	},
}

// Rule reports webSocketClose handlers that never close the socket.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	if !acceptsAny(res) {
		return nil, nil // without acceptWebSocket no handler ever runs
	}
	for _, c := range res.Classes {
		if c.Library != "" || c.ExtendsDO == source.Unknown {
			continue
		}
		m := c.Method("webSocketClose")
		if m == nil || m.Func == nil || m.Func.Body == nil || m.NameNode == nil || m.Computed {
			continue
		}
		fn := m.Func
		var ws *jsast.Node
		if len(fn.Params()) > 0 {
			p := fn.Params()[0]
			if p.Name == nil || p.Name.Kind != jsast.KindIdentifier || p.Has(jsast.FlagRest) {
				continue
			}
			ws = p.Name
		}
		if ws != nil && closes(c, fn, ws, 0) {
			continue
		}
		if ws == nil && closes(c, fn, nil, 0) {
			continue
		}
		f := c.File.AST
		wsName := "ws"
		if ws != nil {
			wsName = f.IdentName(ws)
		}
		msg := fmt.Sprintf("webSocketClose() never calls %s.close(): the runtime sends no Close frame back for a hibernatable WebSocket at any compatibility date (\"web_socket_auto_reply_to_close\", from 2026-04-07, covers only sockets accepted with ws.accept()), so the client's close handshake never completes; reply with %s.close(code, reason)", wsName, wsName)
		var opts []rule.Option
		if edits, ok := fix(c, fn, ws); ok {
			opts = append(opts, rule.Fix("answer the client's close with "+wsName+".close(code, reason)", edits...))
		}
		rule.Report(pass, f.Pos(m.NameNode.Start), f.Pos(m.NameNode.End), msg, opts...)
	}
	return nil, nil
}

// acceptsAny reports whether some module of the Worker calls
// acceptWebSocket, on whatever receiver: the socket may be accepted by a
// helper outside the class.
func acceptsAny(res *source.Result) bool {
	for _, file := range res.Files {
		if file.AST == nil || !file.Mentions(acceptWord) {
			continue
		}
		for range dosrc.CallsNamed(file, nil, "acceptWebSocket") {
			return true
		}
	}
	return false
}

var acceptWord = source.NewWord("acceptWebSocket")

// inert are method names that receive a socket without closing it: map
// and set bookkeeping, the hibernation API's getters, logging.
var inert = map[string]bool{
	"delete": true, "get": true, "has": true, "set": true, "add": true, "indexOf": true, "includes": true,
	"getTags": true, "deserializeAttachment": true, "serializeAttachment": true,
	"log": true, "info": true, "warn": true, "error": true, "debug": true, "stringify": true,
}

// closes reports whether fn may close a socket: it calls close() on
// anything, calls super.webSocketClose, hands ws to a call that is not
// known to leave it open, or calls a method of c that may close.
func closes(c *source.Class, fn *jsast.Node, ws *jsast.Node, depth int) bool {
	if depth > 3 {
		return true // too deep to tell: assume it does
	}
	f, ix := c.File.AST, c.File.Index
	var wsSym string
	if ws != nil {
		wsSym = f.IdentName(ws)
	}
	for call := range ix.Nodes(fn, jsast.KindCall) {
		recv, name := f.CalleeName(call)
		if name == "close" {
			return true
		}
		r := jsast.Unwrap(recv)
		if r != nil && r.Kind == jsast.KindSuper {
			return true
		}
		if ws != nil && !inert[name] {
			for _, a := range call.List {
				a = jsast.Unwrap(a)
				if a != nil && a.Kind == jsast.KindSpread {
					return true
				}
				if a != nil && a.Kind == jsast.KindIdentifier && f.IdentName(a) == wsSym {
					if d := dosrc.Lookup(c.File, a); d != nil && d.Ident == ws {
						return true
					}
				}
			}
		}
		if r != nil && r.Kind == jsast.KindThis && name != "" {
			if m := c.Method(name); m != nil && m.Func != nil && m.Func != fn && closes(c, m.Func, nil, depth+1) {
				return true
			}
			if c.Method(name) == nil && len(c.Bases) > 0 && c.Bases[0].Kind != source.BaseDurableObject {
				return true // a base class's method: not followed
			}
		}
	}
	return false
}

// fix appends the reply to the end of the handler's body, adding the code
// and reason parameters when they are missing.
func fix(c *source.Class, fn, ws *jsast.Node) ([]analysis.TextEdit, bool) {
	f, ix := c.File.AST, c.File.Index
	body := fn.Body
	if ws == nil || body.Kind != jsast.KindBlock || len(fn.Params()) > 4 {
		return nil, false
	}
	for r := range ix.Nodes(body, jsast.KindReturn) {
		if dosrc.EnclosingFunc(ix, r) == fn {
			return nil, false
		}
	}
	names := []string{f.IdentName(ws), "code", "reason"}
	var edits []analysis.TextEdit
	ts := isTS(c.File.Path)
	last := fn.Params()[0]
	var added string
	for i := 1; i <= 2; i++ {
		if i < len(fn.Params()) {
			p := fn.Params()[i]
			if p.Name == nil || p.Name.Kind != jsast.KindIdentifier || p.Init() != nil || p.Has(jsast.FlagRest) {
				return nil, false
			}
			names[i] = f.IdentName(p.Name)
			last = p
			continue
		}
		// The body must not already mean something else by the name.
		for id := range ix.Nodes(body, jsast.KindIdentifier) {
			if f.IdentName(id) == names[i] {
				return nil, false
			}
		}
		typ := ""
		if ts {
			typ = map[int]string{1: ": number", 2: ": string"}[i]
		}
		added += ", " + names[i] + typ
	}
	if added != "" {
		if last.Has(jsast.FlagOptional) {
			return nil, false
		}
		pos := f.Pos(last.End)
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(added)})
	}
	nl := dosrc.Newline(f.Src)
	wsN, code, reason := names[0], names[1], names[2]
	lines := []string{
		fmt.Sprintf("if (%s === 1005 || %s === 1006) %s.close();", code, code, wsN),
		fmt.Sprintf("else %s.close(%s, %s);", wsN, code, reason),
	}
	closeBrace := body.End - 1
	outer := dosrc.Indent(f.Src, fn.Start)
	if m := ix.Parent(fn); m != nil && m.Kind != jsast.KindClassDecl && m.Kind != jsast.KindClassExpr {
		outer = dosrc.Indent(f.Src, m.Start)
	}
	var inner string
	if len(body.List) > 0 {
		inner = dosrc.Indent(f.Src, body.List[0].Start)
	} else {
		inner = outer + dosrc.IndentUnit(f.Src, body.Start, fn.Start)
		if inner == outer {
			inner = outer + "  "
		}
	}
	var text string
	at := closeBrace
	if ls := dosrc.LineStart(f.Src, closeBrace); ls+int32(len(dosrc.Indent(f.Src, closeBrace))) == closeBrace && ls > body.Start {
		// The brace stands on its own line: add whole lines before it.
		at = ls
		for _, l := range lines {
			text += inner + l + nl
		}
	} else {
		for _, l := range lines {
			text += nl + inner + l
		}
		text += nl + outer
	}
	pos := f.Pos(at)
	edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)})
	return edits, true
}

func isTS(path string) bool {
	for _, ext := range []string{".ts", ".mts", ".cts", ".tsx"} {
		if len(path) > len(ext) && path[len(path)-len(ext):] == ext {
			return true
		}
	}
	return false
}
