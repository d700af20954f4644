// Package asyncinit reports a Durable Object constructor that starts
// asynchronous initialisation which requests can overtake.
package asyncinit

import (
	"fmt"
	"sort"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "asyncinit",
	Title: "constructor initialisation that requests can overtake",
	What: `Reports asynchronous work that a Durable Object's constructor starts
outside ctx.blockConcurrencyWhile() and does not wait for, when it sets
instance fields after waiting on something other than storage, and another
method reads those fields. Recognised starts: a promise chain whose .then
callback sets a field (env.CONFIG.get("x").then((v) => { this.config = v })),
a call of an async method of the class (this.load(), void this.load(),
this.load().catch(...)), and the same kept in a field (this.ready =
this.load()). Recognised waits that let requests in: fetch(), calls on env
bindings (KV, R2, D1, services, Durable Object stubs), scheduler.wait() and
new Promise around setTimeout, also inside methods the initialisation awaits,
three calls deep. Not reported: a constructor that waits only on storage
(ctx.storage reads hold the object's input gate, so requests wait for them),
a method that awaits the kept promise (await this.ready) or assigns the
field itself before reading it, and a constructor whose
blockConcurrencyWhile callback waits for the same promise or method.`,
	Why: `A constructor cannot await. While the initialisation waits on the
network or a timer, workerd delivers the request that created the object,
and any that follow, to the handlers: they read the field before it is set
(undefined, or the field's initial value) and may write state derived from
it. Only storage operations hold the input gate, and only
blockConcurrencyWhile() holds events back until a callback settles.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "config",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CONFIG", "class_name": "Config" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Config"] }],
  "kv_namespaces": [{ "binding": "SETTINGS", "id": "0123456789abcdef0123456789abcdef" }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
interface Env { SETTINGS: KVNamespace }
export class Config extends DurableObject<Env> {
  settings: string | null = null;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.load();
  }
  async load() {
    this.settings = await this.env.SETTINGS.get("settings");
  }
  async fetch() {
    return new Response(this.settings ?? "none");
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "config",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "CONFIG", "class_name": "Config" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Config"] }],
  "kv_namespaces": [{ "binding": "SETTINGS", "id": "0123456789abcdef0123456789abcdef" }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
interface Env { SETTINGS: KVNamespace }
export class Config extends DurableObject<Env> {
  settings: string | null = null;
  ready: Promise<void>;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ready = this.load();
  }
  async load() {
    this.settings = await this.env.SETTINGS.get("settings");
  }
  async fetch() {
    await this.ready;
    return new Response(this.settings ?? "none");
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Wraps the initialisation in the constructor's state's
blockConcurrencyWhile(): this.load(); becomes
ctx.blockConcurrencyWhile(async () => { await this.load(); });, and
this.ready = this.load() becomes this.ready =
ctx.blockConcurrencyWhile(() => this.load()). Unsafe: every event now waits
for the initialisation, a rejection that was ignored now resets the object,
and the runtime cancels a callback that runs over 30 seconds (the
blockconcurrency rule reports network I/O awaited there). Keeping the
promise and awaiting it in the handlers that read the fields is the
alternative that keeps the object responsive.`,
	Safety:   rule.Unsafe,
	Severity: rule.Warning,
	Verify:   rule.VerifyAsyncInit,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/state/#blockconcurrencywhile",
		"https://developers.cloudflare.com/durable-objects/best-practices/rules-of-durable-objects/",
	},
}

// Rule reports constructor initialisation that handlers can overtake.
var Rule = rule.New(doc, run, source.Analyzer)

// maxFollow bounds how deep awaited method calls are followed.
const maxFollow = 3

// localNamespaceMethods are methods of Durable Object namespace bindings
// that do no I/O; get is among them only for bindings the config declares
// as Durable Object namespaces.
var localNamespaceMethods = map[string]bool{
	"idFromName": true, "idFromString": true, "newUniqueId": true, "jurisdiction": true,
}

type checker struct {
	pass       *analysis.Pass
	c          *source.Class
	f          *jsast.File
	ix         *source.Index
	ctor       *source.Method
	namespaces map[string]bool
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	namespaces := res.BindingNames()
	for _, c := range res.Classes {
		ctor := c.Method("constructor")
		if ctor == nil || ctor.Func == nil || ctor.Func.Body == nil {
			continue
		}
		k := &checker{pass: pass, c: c, f: c.File.AST, ix: c.File.Index, ctor: ctor, namespaces: namespaces}
		k.check()
	}
	return nil, nil
}

// site is one initialisation the constructor starts.
type site struct {
	stmt   *jsast.Node // the expression statement
	expr   *jsast.Node // the promise: the chain or the method call
	keep   string      // field the promise is stored in, "" when dropped
	method *source.Method
	waits  string          // what it waits for that lets requests in
	fields map[string]bool // fields set after that wait
	// callbacks are the functions handed to the chain's links.
	callbacks []*jsast.Node
	firstAt   map[string]string // how each field is set, for the message
}

func (k *checker) check() {
	var sites []*site
	for s := range k.ix.Nodes(k.ctor.Func.Body, jsast.KindExprStmt) {
		if dosrc.EnclosingFunc(k.ix, s) != k.ctor.Func {
			continue
		}
		if st := k.siteOf(s); st != nil && len(st.fields) > 0 {
			sites = append(sites, st)
		}
	}
	for _, st := range sites {
		if k.heldByCtor(st) {
			continue
		}
		reads := k.reads(st)
		if len(reads) == 0 {
			continue
		}
		k.report(st, reads)
	}
}

// siteOf recognises an initialisation started by statement s.
func (k *checker) siteOf(s *jsast.Node) *site {
	e := jsast.Unwrap(s.Expr())
	if e != nil && e.Kind == jsast.KindPrefix && e.Op == jsast.TVoid {
		e = jsast.Unwrap(e.Operand())
	}
	st := &site{stmt: s, expr: e, fields: map[string]bool{}, firstAt: map[string]string{}}
	if e != nil && e.Kind == jsast.KindBinary && e.Op == jsast.TEquals {
		st.keep = dosrc.ThisField(k.f, e.Left())
		if st.keep == "" {
			return nil
		}
		e = jsast.Unwrap(e.Right())
		st.expr = e
	}
	if e == nil || e.Kind != jsast.KindCall {
		return nil
	}
	// Peel .then/.catch/.finally links; their callbacks run in order
	// after the root settles.
	var links []*jsast.Node
	root := e
	for {
		recv, name := k.f.CalleeName(root)
		if recv == nil || (name != "then" && name != "catch" && name != "finally") {
			break
		}
		r := jsast.Unwrap(recv)
		if r == nil || r.Kind != jsast.KindCall {
			return nil
		}
		links = append(links, root)
		root = r
	}
	waits := ""
	if m := k.asyncMethod(root); m != nil {
		st.method = m
		waits = k.methodFields(m, st, 0)
	} else {
		waits = k.racy(root, 0)
	}
	// Callbacks, innermost link first.
	for i := len(links) - 1; i >= 0; i-- {
		for _, arg := range links[i].List {
			cb := jsast.Unwrap(arg)
			if cb == nil || (cb.Kind != jsast.KindArrowFunc && cb.Kind != jsast.KindFuncExpr) || cb.Body == nil {
				continue
			}
			st.callbacks = append(st.callbacks, cb)
			if w := k.fnFields(cb, waits, st, 0); waits == "" {
				waits = w
			}
		}
	}
	st.waits = waits
	return st
}

// asyncMethod returns the async method of the class that call calls on
// this, or nil.
func (k *checker) asyncMethod(call *jsast.Node) *source.Method {
	recv, name := k.f.CalleeName(call)
	if r := jsast.Unwrap(recv); r == nil || r.Kind != jsast.KindThis {
		return nil
	}
	m := k.c.Method(name)
	if m == nil || m.Func == nil || m.Func.Body == nil || m == k.ctor || !m.Func.Has(jsast.FlagAsync) {
		return nil
	}
	return m
}

// methodFields records the fields async method m sets after a wait that
// lets requests in, and returns the first such wait ("" when none).
func (k *checker) methodFields(m *source.Method, st *site, depth int) string {
	return k.fnFields(m.Func, "", st, depth)
}

// fnFields walks fn's own body in source order: once a wait that lets
// requests in has been passed (or before is not ""), every field fn sets is
// recorded. Awaited methods of the class are followed. It returns the
// first such wait, or before.
func (k *checker) fnFields(fn *jsast.Node, before string, st *site, depth int) string {
	if depth > maxFollow {
		return before
	}
	waits := before
	for n := range k.ix.Nodes(fn.Body, jsast.KindAwait, jsast.KindBinary, jsast.KindCall, jsast.KindReturn) {
		switch n.Kind {
		case jsast.KindAwait, jsast.KindReturn:
			if n.X == nil || dosrc.EnclosingFunc(k.ix, n) != fn || k.asyncMethod(jsast.Unwrap(n.X)) != nil {
				// An awaited method of the class is followed as a call.
				continue
			}
			if w := k.racy(n.X, depth); w != "" && waits == "" {
				waits = w
			}
		case jsast.KindBinary:
			switch n.Op {
			case jsast.TEquals, jsast.TQuestionQuestionEquals, jsast.TBarBarEquals, jsast.TAmpersandAmpersandEquals:
			default:
				continue
			}
			name := dosrc.ThisField(k.f, n.Left())
			if name == "" || !k.ownThis(n, fn) {
				continue
			}
			// The right side runs first: a wait in it comes before the
			// store (the index yields the assignment before its parts).
			if waits == "" && dosrc.EnclosingFunc(k.ix, n) == fn {
				for a := range k.ix.Nodes(n.Right(), jsast.KindAwait) {
					if dosrc.EnclosingFunc(k.ix, a) == fn {
						if w := k.racy(a.Operand(), depth); w != "" {
							waits = w
							break
						}
					}
				}
			}
			if waits == "" {
				continue
			}
			if !st.fields[name] {
				st.fields[name] = true
				st.firstAt[name] = waits
			}
		case jsast.KindCall:
			if dosrc.EnclosingFunc(k.ix, n) != fn {
				continue
			}
			if m := k.asyncMethod(n); m != nil {
				// A method called after the wait sets its fields late
				// too; one called before may wait itself.
				if w := k.fnFields(m.Func, waits, st, depth+1); waits == "" && dosrc.IsAwaited(k.f, k.ix, n) {
					waits = w
				}
			}
		}
	}
	return waits
}

// ownThis reports whether this at n is the instance: only arrow functions
// stand between n and fn.
func (k *checker) ownThis(n, fn *jsast.Node) bool {
	for a := range k.ix.Ancestors(n) {
		if a == fn {
			return true
		}
		if dosrc.IsFunc(a) && a.Kind != jsast.KindArrowFunc {
			return false
		}
	}
	return false
}

// racy describes e when waiting for it lets requests in: network I/O,
// binding calls or timers; "" for storage and anything not recognised.
func (k *checker) racy(expr *jsast.Node, depth int) string {
	e := jsast.Unwrap(expr)
	if e == nil || depth > maxFollow {
		return ""
	}
	switch e.Kind {
	case jsast.KindAwait:
		return k.racy(e.Operand(), depth)
	case jsast.KindArrayLit:
		for _, el := range e.List {
			if w := k.racy(el, depth); w != "" {
				return w
			}
		}
		return ""
	case jsast.KindNew:
		if !dosrc.IsGlobal(k.c.File, e, "Promise") || len(e.Args()) == 0 {
			return ""
		}
		for call := range k.ix.Nodes(e.Args()[0], jsast.KindCall) {
			if dosrc.IsGlobal(k.c.File, call, "setTimeout") {
				return "a setTimeout timer"
			}
		}
		return ""
	case jsast.KindCall:
	default:
		return ""
	}
	if dosrc.IsGlobal(k.c.File, e, "fetch") {
		return "fetch()"
	}
	recv, name := k.f.CalleeName(e)
	r := jsast.Unwrap(recv)
	if r == nil {
		return ""
	}
	switch {
	case r.Kind == jsast.KindThis:
		if m := k.asyncMethod(e); m != nil {
			return k.fnFields(m.Func, "", &site{fields: map[string]bool{}, firstAt: map[string]string{}}, depth+1)
		}
		return ""
	case r.Kind == jsast.KindIdentifier && k.f.NameOf(r) == "scheduler" && name == "wait" && dosrc.Global(k.c.File, r):
		return "scheduler.wait()"
	case r.Kind == jsast.KindIdentifier && k.f.NameOf(r) == "Promise" && dosrc.Global(k.c.File, r):
		switch name {
		case "all", "allSettled", "race", "any":
			if len(e.Args()) > 0 {
				return k.racy(e.Args()[0], depth)
			}
		}
		return ""
	}
	switch name {
	case "then", "catch", "finally":
		return k.racy(r, depth)
	}
	if dosrc.IsState(k.c, r) || dosrc.IsStorage(k.c, r) {
		return ""
	}
	if x, binding, ok := k.f.Member(r); ok && k.isEnv(x) {
		if localNamespaceMethods[name] || ((name == "get" || name == "getByName") && k.namespaces[binding]) {
			return ""
		}
		return text(k.f, recv) + "." + name + "()"
	}
	if k.rootedAtEnv(r, 0) {
		return text(k.f, recv) + "." + name + "()"
	}
	return ""
}

// rootedAtEnv reports whether e is a member/call chain that starts at a
// binding: env.DB.prepare(q).bind(x), env.ROOM.get(id).
func (k *checker) rootedAtEnv(expr *jsast.Node, depth int) bool {
	e := jsast.Unwrap(expr)
	if e == nil || depth > 8 {
		return false
	}
	switch e.Kind {
	case jsast.KindCall:
		return k.rootedAtEnv(e.Callee(), depth+1)
	case jsast.KindPropertyAccess, jsast.KindElementAccess:
		if k.isEnv(e.Object()) {
			return true
		}
		return k.rootedAtEnv(e.Object(), depth+1)
	}
	return false
}

// isEnv reports whether e is the object's env: this.env, or the
// constructor's second parameter.
func (k *checker) isEnv(expr *jsast.Node) bool {
	e := jsast.Unwrap(expr)
	if e == nil {
		return false
	}
	if dosrc.ThisField(k.f, e) == "env" {
		return true
	}
	if e.Kind != jsast.KindIdentifier {
		return false
	}
	d := dosrc.Lookup(k.c.File, e)
	return d != nil && d.Param != nil && d.Pattern == nil && d.Func == k.ctor.Func &&
		len(k.ctor.Func.Params()) > 1 && k.ctor.Func.Params()[1] == d.Param
}

// heldByCtor reports whether the constructor also hands the promise or
// the method to blockConcurrencyWhile, which then holds events back.
func (k *checker) heldByCtor(st *site) bool {
	for call := range k.ix.Nodes(k.ctor.Func.Body, jsast.KindCall) {
		if _, name := k.f.CalleeName(call); name != "blockConcurrencyWhile" || len(call.List) == 0 {
			continue
		}
		for pa := range k.ix.Nodes(call.List[0], jsast.KindPropertyAccess) {
			field := dosrc.ThisField(k.f, pa)
			if field != "" && (field == st.keep || (st.method != nil && field == st.method.Name)) {
				return true
			}
		}
		if pa := jsast.Unwrap(call.List[0]); pa != nil && st.keep != "" && dosrc.ThisField(k.f, pa) == st.keep {
			return true
		}
	}
	return false
}

// read is a field read by a method that can run before the
// initialisation finishes.
type read struct {
	node   *jsast.Node
	field  string
	method *source.Method
}

// reads returns, by method, the first read of a field the site sets late,
// skipping methods that wait for the initialisation or set the field
// themselves.
func (k *checker) reads(st *site) []read {
	skip := map[*source.Method]bool{k.ctor: true}
	if st.method != nil {
		for m := range k.reach(st.method) {
			skip[m] = true
		}
	}
	// Methods the constructor runs itself, and those the initialization's
	// callbacks run once it has set the fields, are not requests.
	for call := range k.ix.Nodes(k.ctor.Func.Body, jsast.KindCall) {
		fn := dosrc.EnclosingFunc(k.ix, call)
		inCallback := false
		for _, cb := range st.callbacks {
			if call.Start >= cb.Start && call.End <= cb.End {
				inCallback = true
			}
		}
		if fn != k.ctor.Func && !inCallback {
			continue
		}
		recv, name := k.f.CalleeName(call)
		if r := jsast.Unwrap(recv); r != nil && r.Kind == jsast.KindThis {
			if m := k.c.Method(name); m != nil && m != k.ctor {
				for n := range k.reach(m) {
					skip[n] = true
				}
			}
		}
	}
	var out []read
	for _, m := range k.c.Methods {
		if skip[m] || m.Static || m.Func == nil || m.Func.Body == nil || k.waitsOrSets(m, st) {
			continue
		}
		for pa := range k.ix.Nodes(m.Func.Body, jsast.KindPropertyAccess) {
			name := dosrc.ThisField(k.f, pa)
			if !st.fields[name] || !k.ownThis(pa, m.Func) {
				continue
			}
			if _, p := dosrc.Outer(k.ix, pa); p != nil && p.Kind == jsast.KindBinary && jsast.Unwrap(p.Left()) == pa && p.Op == jsast.TEquals {
				continue
			}
			out = append(out, read{pa, name, m})
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].node.Start < out[j].node.Start })
	return out
}

// waitsOrSets reports whether m, or a method it calls, names the kept
// promise or calls the initialisation method again, or whether m sets
// one of the fields: such a method does not simply read an unset field.
func (k *checker) waitsOrSets(m *source.Method, st *site) bool {
	for n := range k.reach(m) {
		for pa := range k.ix.Nodes(n.Func.Body, jsast.KindPropertyAccess) {
			field := dosrc.ThisField(k.f, pa)
			if field == "" {
				continue
			}
			if field == st.keep || (st.method != nil && field == st.method.Name) {
				return true
			}
			if st.fields[field] {
				if _, p := dosrc.Outer(k.ix, pa); p != nil && p.Kind == jsast.KindBinary && jsast.Unwrap(p.Left()) == pa {
					switch p.Op {
					case jsast.TEquals, jsast.TQuestionQuestionEquals, jsast.TBarBarEquals:
						return true
					}
				}
			}
		}
	}
	return false
}

// reach returns m and the methods of the class it calls on this, three
// calls deep.
func (k *checker) reach(m *source.Method) map[*source.Method]bool {
	out := map[*source.Method]bool{}
	var walk func(m *source.Method, depth int)
	walk = func(m *source.Method, depth int) {
		if out[m] || m.Func == nil || m.Func.Body == nil {
			return
		}
		out[m] = true
		if depth == maxFollow {
			return
		}
		for call := range k.ix.Nodes(m.Func.Body, jsast.KindCall) {
			recv, name := k.f.CalleeName(call)
			if r := jsast.Unwrap(recv); r != nil && r.Kind == jsast.KindThis {
				if n := k.c.Method(name); n != nil && n != k.ctor {
					walk(n, depth+1)
				}
			}
		}
	}
	walk(m, 0)
	return out
}

func (k *checker) report(st *site, reads []read) {
	f := k.f
	r := reads[0]
	what := text(f, st.expr)
	msg := fmt.Sprintf("the constructor of %s starts %s without blockConcurrencyWhile() and does not wait for it; this.%s is set only after %s, which unlike storage does not hold the object's input gate, so %s() can run first and read this.%s before it is set (observed: the first request saw the field unset); wrap the initialization in ctx.blockConcurrencyWhile(async () => { ... }), or keep the promise and await it in the handlers",
		k.c.Name, what, r.field, st.firstAt[r.field], r.method.Name, r.field)
	var opts []rule.Option
	for i, x := range reads {
		if i == 3 {
			break
		}
		opts = append(opts, rule.Related(f.Pos(x.node.Start), f.Pos(x.node.End), "%s() reads this.%s without waiting for the initialization", x.method.Name, x.field))
	}
	if edits := k.fix(st); edits != nil {
		// The verification reads the method to ask from this message.
		opts = append(opts, rule.Fix(fmt.Sprintf("wrap the initialization in blockConcurrencyWhile() so that %s() waits for it", r.method.Name), edits...))
	}
	rule.Report(k.pass, f.Pos(st.expr.Start), f.Pos(st.expr.End), msg, opts...)
}

// fix wraps the site in the constructor's state's blockConcurrencyWhile.
func (k *checker) fix(st *site) []analysis.TextEdit {
	f := k.f
	state := ""
	if ps := k.ctor.Func.Params(); len(ps) > 0 && ps[0].Name != nil && ps[0].Name.Kind == jsast.KindIdentifier {
		state = f.NameOf(ps[0].Name)
	} else if ref := dosrc.StateRef(k.c); ref != "" && k.c.ExtendsDO == source.Yes {
		state = ref
	}
	if state == "" {
		return nil
	}
	if st.keep != "" {
		return []analysis.TextEdit{{Pos: f.Pos(st.expr.Start), End: f.Pos(st.expr.End),
			NewText: []byte(state + ".blockConcurrencyWhile(() => " + f.Text(st.expr) + ")")}}
	}
	x := st.stmt.Expr()
	src := f.Src
	ind := dosrc.Indent(src, st.stmt.Start)
	unit := dosrc.IndentUnit(src, st.stmt.Start, k.ctor.Node.Start)
	nl := dosrc.Newline(src)
	return []analysis.TextEdit{{Pos: f.Pos(x.Start), End: f.Pos(x.End),
		NewText: []byte(state + ".blockConcurrencyWhile(async () => {" + nl + ind + unit + "await " + f.Text(st.expr) + ";" + nl + ind + "})")}}
}

func text(f *jsast.File, n *jsast.Node) string {
	s := f.Text(n)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
