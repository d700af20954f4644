// Package blockconcurrency reports outbound I/O awaited inside
// blockConcurrencyWhile().
package blockconcurrency

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// timeout is workerd's error when the callback runs for more than 30 s.
const timeout = "Error: A call to blockConcurrencyWhile() in a Durable Object waited for too long. The call was canceled and the Durable Object was reset."

var doc = &rule.Doc{
	Name:  "blockconcurrency",
	Title: "outbound i/o awaited inside blockconcurrencywhile",
	What: `Reports network I/O that the callback of ctx.blockConcurrencyWhile()
waits for: fetch(), a service binding's or stub's fetch(), calls on other
bindings of env (KV, R2, D1, queues, services), and RPC calls on Durable
Object stubs. Methods of the class that the callback awaits are followed,
three calls deep; a finding in such a method names every call of the chain
from the callback to it, and points at each. Storage calls (ctx.storage)
are what the callback is for and are not reported.`,
	Why: `blockConcurrencyWhile() is a critical section: until the callback
settles, no other event (request, RPC call, alarm, WebSocket message) is
delivered to the object. Waiting on the network there stalls every caller
for the length of a round trip, and a slow or hung peer is worse: after 30
seconds the runtime gives up with "` + timeout + `" The object is reset: the
in-flight request fails, and the next one runs the constructor again, which
may block again. Fetch what you need before the critical section (or after
it, in the handler), and keep only storage work inside.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "config",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CONFIG", "class_name": "Config" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Config"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Config extends DurableObject {
  settings: unknown;
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const res = await fetch("https://config.example.com/settings");
      this.settings = await res.json();
    });
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "config",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CONFIG", "class_name": "Config" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Config"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Config extends DurableObject {
  settings: unknown;
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.settings = await ctx.storage.get("settings");
    });
  }
  async refresh() {
    const res = await fetch("https://config.example.com/settings");
    this.settings = await res.json();
    await this.ctx.storage.put("settings", this.settings);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Warning,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/state/#blockconcurrencywhile",
		"https://developers.cloudflare.com/durable-objects/best-practices/rules-of-durable-objects/",
	},
}

// Rule reports I/O awaited in blockConcurrencyWhile callbacks.
var Rule = rule.New(doc, run, source.Analyzer)

// maxFollow bounds how deep awaited method calls are followed.
const maxFollow = 3

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	namespaces := res.BindingNames()
	names := make([]string, 0, len(namespaces))
	for n := range namespaces {
		names = append(names, n)
	}
	slices.Sort(names)
	// What the rule finds follows from the class, its module and the
	// project's binding names, so a class that many projects reach is
	// checked once for each set of names.
	extra := strings.Join(names, ",") + "|"
	for _, c := range res.Classes {
		source.PerClass(pass, c, extra+res.ClassContext(c), func(pass *analysis.Pass) { check(pass, c, namespaces) })
	}
	return nil, nil
}

func check(pass *analysis.Pass, c *source.Class, namespaces map[string]bool) {
	for call := range dosrc.CallsNamed(c.File, c.Node, "blockConcurrencyWhile") {
		if len(call.List) == 0 {
			continue
		}
		cb, via := callback(c, call.List[0])
		if cb == nil {
			continue
		}
		w := &walker{pass: pass, c: c, bcw: call, namespaces: namespaces, seen: map[*jsast.Node]bool{}}
		var path []step
		if via != "" {
			path = []step{{name: via, call: call.List[0]}}
		}
		w.walk(cb, path, 0)
	}
}

// callback resolves the function blockConcurrencyWhile runs: an inline
// function, or a method (this.m, this.m.bind(this)), which via names.
func callback(c *source.Class, arg *jsast.Node) (fn *jsast.Node, via string) {
	f := c.File.AST
	a := jsast.Unwrap(arg)
	if a == nil {
		return nil, ""
	}
	switch a.Kind {
	case jsast.KindArrowFunc, jsast.KindFuncExpr:
		return a, ""
	case jsast.KindCall:
		if recv, name := f.CalleeName(a); name == "bind" && recv != nil {
			a = jsast.Unwrap(recv)
		}
	}
	if field := dosrc.ThisField(f, a); field != "" {
		if m := c.Method(field); m != nil {
			return m.Func, "this." + field + "()"
		}
	}
	return nil, ""
}

// step is one method call on the way from the critical section to the
// I/O: the method as written (this.load()) and the call or argument that
// reaches it.
type step struct {
	name string
	call *jsast.Node
}

type walker struct {
	pass *analysis.Pass
	c    *source.Class
	bcw  *jsast.Node
	// namespaces are the names of the config's Durable Object bindings,
	// whose get() makes a stub without I/O.
	namespaces map[string]bool
	seen       map[*jsast.Node]bool
}

// walk reports the outbound calls fn waits for; path is the chain of
// methods from the callback to fn, empty when fn is the callback itself.
func (w *walker) walk(fn *jsast.Node, path []step, depth int) {
	if w.seen[fn] || depth > maxFollow || fn.Body == nil {
		return
	}
	w.seen[fn] = true
	file := w.c.File
	f := file.AST
	for call := range file.Index.Nodes(fn.Body, jsast.KindCall) {
		if !waited(file, call, fn) {
			continue
		}
		if what := outbound(w.c, call, w.namespaces); what != "" {
			opts := []rule.Option{rule.Related(f.Pos(w.bcw.Start), f.Pos(w.bcw.End), "the critical section starts here")}
			for i, s := range path {
				from := "blockConcurrencyWhile()"
				if i > 0 {
					from = path[i-1].name
				}
				opts = append(opts, rule.Related(f.Pos(s.call.Start), f.Pos(s.call.End), "%s waits for %s here", from, s.name))
			}
			rule.Report(w.pass, f.Pos(call.Start), f.Pos(call.End), fmt.Sprintf(
				"%s awaited %s: no other event reaches the object while it waits on the network, and after 30 s the runtime fails with %q and resets the object; do the I/O outside the critical section",
				what, where(path), timeout), opts...)
			continue
		}
		recv, name := f.CalleeName(call)
		if r := jsast.Unwrap(recv); r != nil && r.Kind == jsast.KindThis {
			if m := w.c.Method(name); m != nil {
				next := append(path[:len(path):len(path)], step{name: "this." + name + "()", call: call})
				w.walk(m.Func, next, depth+1)
			}
		}
	}
}

// where says where the I/O is awaited: in the callback itself, or in a
// method it reaches, with every call of the chain.
func where(path []step) string {
	switch len(path) {
	case 0:
		return "inside blockConcurrencyWhile()"
	case 1:
		return fmt.Sprintf("in %s, which blockConcurrencyWhile() waits for", path[0].name)
	}
	names := make([]string, len(path))
	for i, s := range path {
		names[i] = s.name
	}
	return fmt.Sprintf("in %s, which blockConcurrencyWhile() waits for through %s", path[len(path)-1].name, strings.Join(names, " and "))
}

// waited reports whether the value of call is waited for by fn: awaited
// (also through Promise.all and friends and .then chains), returned from
// fn, or returned by a callback whose caller is waited for
// (urls.map(u => fetch(u)) inside an awaited Promise.all).
func waited(file *source.File, call, fn *jsast.Node) bool {
	f, ix := file.AST, file.Index
	n := call
	for i := 0; i < 8; i++ {
		if dosrc.IsAwaited(f, ix, n) {
			return true
		}
		outer, parent := dosrc.Outer(ix, n)
		if parent == nil {
			return false
		}
		switch parent.Kind {
		case jsast.KindPropertyAccess:
			// fetch(u).then(...): the chain's result carries the wait.
			pp := ix.Parent(parent)
			if pp == nil || pp.Kind != jsast.KindCall || pp.Callee() != parent || parent.Object() != outer {
				return false
			}
			switch f.NameOf(parent.Name) {
			case "then", "catch", "finally":
				n = pp
				continue
			}
			return false
		case jsast.KindReturn:
			g := dosrc.EnclosingFunc(ix, parent)
			if g == fn {
				return true
			}
			n = g
		case jsast.KindArrowFunc:
			if parent.Body != outer {
				return false
			}
			if parent == fn {
				return true
			}
			n = parent
		default:
			return false
		}
		// n is a callback returning the call: waited when the call it is
		// passed to is.
		o, p := dosrc.Outer(ix, n)
		if n == nil || p == nil || p.Kind != jsast.KindCall || p.Callee() == o {
			return false
		}
		n = p
	}
	return false
}

// localNamespaceMethods are methods of Durable Object namespace bindings
// that do no I/O. get is among them only for bindings the config declares
// as Durable Object namespaces: on a KV or R2 binding it does I/O.
var localNamespaceMethods = map[string]bool{
	"idFromName": true, "idFromString": true, "newUniqueId": true, "jurisdiction": true, "getByName": true,
}

// outbound describes call when it is network I/O, else "".
func outbound(c *source.Class, call *jsast.Node, namespaces map[string]bool) string {
	f := c.File.AST
	if dosrc.IsGlobal(c.File, call, "fetch") {
		return "fetch()"
	}
	recv, name := f.CalleeName(call)
	if recv == nil || name == "" {
		return ""
	}
	r := jsast.Unwrap(recv)
	if r == nil || r.Kind == jsast.KindThis || dosrc.IsState(c, r) || dosrc.IsStorage(c, r) {
		return ""
	}
	if isEnv(c, r) {
		return "" // env.X(...) is not a binding call
	}
	if name == "fetch" {
		return text(f, recv) + ".fetch()"
	}
	if x, binding, ok := f.Member(r); ok && isEnv(c, x) {
		if localNamespaceMethods[name] || (name == "get" && namespaces[binding]) {
			return ""
		}
		return text(f, recv) + "." + name + "()"
	}
	if stub(c, r, 0) {
		return "RPC call " + text(f, recv) + "." + name + "()"
	}
	if chainReachesBinding(c, r, 0) {
		return text(f, recv) + "." + name + "()"
	}
	return ""
}

// chainReachesBinding reports whether expr is a member/call chain rooted
// at a binding: env.DB.prepare(q).bind(x).
func chainReachesBinding(c *source.Class, expr *jsast.Node, depth int) bool {
	e := jsast.Unwrap(expr)
	if e == nil || depth > 8 {
		return false
	}
	if isBinding(c, e) {
		return true
	}
	switch e.Kind {
	case jsast.KindCall:
		return chainReachesBinding(c, e.Callee(), depth+1)
	case jsast.KindPropertyAccess, jsast.KindElementAccess:
		return chainReachesBinding(c, e.Object(), depth+1)
	}
	return false
}

// stub reports whether expr is a Durable Object stub: a call of get or
// getByName on a binding, or a local initialised with one.
func stub(c *source.Class, expr *jsast.Node, depth int) bool {
	e := jsast.Unwrap(expr)
	if e == nil || depth > 4 {
		return false
	}
	switch e.Kind {
	case jsast.KindCall:
		recv, name := c.File.AST.CalleeName(e)
		return (name == "get" || name == "getByName") && recv != nil && isBinding(c, jsast.Unwrap(recv))
	case jsast.KindIdentifier:
		d := dosrc.Lookup(c.File, e)
		return d != nil && d.Pattern == nil && d.Init != nil && stub(c, d.Init, depth+1)
	}
	return false
}

// isBinding reports whether e is env.X: a member of the Worker's env.
func isBinding(c *source.Class, e *jsast.Node) bool {
	x, _, ok := c.File.AST.Member(e)
	return ok && isEnv(c, x)
}

// isEnv reports whether e is the object's env: this.env, or the
// constructor's second parameter.
func isEnv(c *source.Class, e *jsast.Node) bool {
	f := c.File.AST
	e = jsast.Unwrap(e)
	if e == nil {
		return false
	}
	if dosrc.ThisField(f, e) == "env" {
		return true
	}
	if e.Kind != jsast.KindIdentifier {
		return false
	}
	d := dosrc.Lookup(c.File, e)
	if d == nil {
		return false
	}
	if d.Param != nil && d.Pattern == nil {
		ctor := c.Method("constructor")
		return ctor != nil && d.Func == ctor.Func && len(ctor.Func.Params()) > 1 && ctor.Func.Params()[1] == d.Param
	}
	return d.Pattern == nil && d.Init != nil && isEnv(c, d.Init)
}

func text(f *jsast.File, n *jsast.Node) string {
	s := f.Text(n)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
