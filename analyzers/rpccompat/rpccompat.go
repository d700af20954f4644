// Package rpccompat reports RPC method calls on Durable Object stubs that
// the runtime cannot serve: the caller's compatibility settings predate
// RPC, or the bound class is a legacy class.
package rpccompat

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// rpcDate is the compatibility date from which the rpc flag is on.
const rpcDate = "2024-04-03"

// legacyErr is the TypeError a legacy class's stub rejects RPC with.
const legacyErr = "The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported from the module \"cloudflare:workers\"."

var doc = &rule.Doc{
	Name:  "rpccompat",
	Title: "method call on a durable object stub that rpc cannot serve",
	What: `Reports a method call other than fetch() and connect() on a Durable
Object stub (env.NS.get(id).method(), env.NS.getByName(name).method(), a local
variable that holds one and is not assigned again, a helper function
returning one, this.env.NS... inside a class) when either the
script's effective compatibility_date is before ` + rpcDate + ` and its
compatibility_flags do not add "rpc", or its flags hold "no_rpc", or the
class the binding names does not extend DurableObject (a legacy class).
Each script and environment is checked with its own compatibility settings
and bindings; a script without a compatibility_date is judged by its flags
only, and a binding to another Worker's class (script_name) is checked for
the caller's settings only.`,
	Why: `RPC needs the rpc compatibility flag, which compatibility dates from
` + rpcDate + ` turn on and the no_rpc flag turns off. Without it a stub has
no methods: stub.add(5) throws "TypeError: stub.add is not a function" in the
caller, and workerd logs "WARNING: Tried to access method or property 'add'
on a Service Binding or Durable Object stub. Are you trying to use RPC? ...".
The receiving class must also extend
DurableObject from "cloudflare:workers"; a legacy class (constructor(state,
env), no extends) rejects every RPC call with "TypeError: ` + legacyErr + `"
while stub.fetch() keeps working.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "compatibility_date": "2024-01-15",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}
export default {
  async fetch(req: Request, env: any) {
    const stub = env.COUNTER.getByName("global");
    return new Response(String(await stub.add(1)));
  },
};
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}
export default {
  async fetch(req: Request, env: any) {
    const stub = env.COUNTER.getByName("global");
    return new Response(String(await stub.add(1)));
  },
};
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/best-practices/create-durable-object-stubs-and-send-requests/",
		"https://developers.cloudflare.com/workers/configuration/compatibility-flags/",
		"https://developers.cloudflare.com/workers/runtime-apis/rpc/",
	},
}

// Rule reports RPC calls the runtime cannot serve.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	reported := map[*jsast.Node]bool{}
	for _, s := range res.Scripts {
		sec := s.Section
		if s.Entry == nil || sec.DurableObjects == nil || len(sec.DurableObjects.Bindings) == 0 {
			continue
		}
		bindings := map[string]*wrangler.Binding{}
		for _, b := range sec.DurableObjects.Bindings {
			if b.Name != nil {
				bindings[b.Name.Value] = b
			}
		}
		off := rpcOff(sec)
		// With RPC on, only a stub of a legacy class can be reported: a
		// script without one is not walked at all.
		if off == nil && !bindsLegacy(res, s, sec.DurableObjects.Bindings) {
			continue
		}
		for _, file := range reachable(s.Entry) {
			f := file.AST
			// Only a call that may be on a stub, whatever the bindings, is
			// looked at; which calls those are is found once per module.
			for call := range file.Index.Select(nil, stubCalls{}, func(call *jsast.Node) bool { return stubCall(file, call) }, jsast.KindCall) {
				if reported[call] {
					continue
				}
				recv, name := f.CalleeName(call)
				if recv == nil || name == "" || name == "fetch" || name == "connect" {
					continue
				}
				st := &stubs{file: file, bindings: bindings}
				b := st.stub(recv, 0)
				if b == nil {
					continue
				}
				where := ""
				if s.Env != "" {
					where = " (env " + s.Env + ")"
				}
				callee := dosrc.CallText(f, call.Callee())
				pos, end := f.Pos(call.Start), f.Pos(call.End)
				if off != nil {
					reported[call] = true
					rule.Report(pass, pos, end, fmt.Sprintf(
						"%s() is an RPC call on a %s stub, but RPC is off for this script%s: %s, so the call throws \"TypeError: %s is not a function\"; %s",
						name, b.Name.Value, where, off.why, callee, off.advice),
						rule.Related(off.at.Pos, off.at.End, "%s", off.related))
					continue
				}
				if cl := boundClass(res, s, b); cl != nil && cl.ExtendsDO == source.No {
					reported[call] = true
					rule.Report(pass, pos, end, fmt.Sprintf(
						"%s() is an RPC call on a %s stub, but class %s does not extend DurableObject: the call rejects with \"TypeError: %s\"; make %s extend DurableObject from \"cloudflare:workers\", or use stub.fetch()",
						name, b.Name.Value, cl.Name, legacyErr, cl.Name),
						rule.Related(cl.File.AST.Pos(cl.NameNode.Start), cl.File.AST.Pos(cl.NameNode.End), "class %s is declared without extends DurableObject", cl.Name))
				}
			}
		}
	}
	return nil, nil
}

// off says why RPC is off for a script and where the config says so.
type off struct {
	why, advice, related string
	at                   *wrangler.String
}

// rpcOff applies the rpc flag's rules to a script's settings and returns
// nil when RPC is on. The first of "rpc" and "no_rpc" in the flags decides;
// without either, the compatibility_date does, and a script without one is
// not judged.
func rpcOff(sec *wrangler.Section) *off {
	if fl := sec.CompatibilityFlags; fl != nil {
		for _, f := range fl.Items {
			switch f.Value {
			case "rpc":
				return nil
			case "no_rpc":
				return &off{
					why:     `compatibility_flags holds "no_rpc", which turns RPC off`,
					advice:  `remove "no_rpc" from compatibility_flags`,
					related: `compatibility flag "no_rpc"`,
					at:      f,
				}
			}
		}
	}
	d := sec.CompatibilityDate
	if d == nil || d.Value >= rpcDate {
		return nil
	}
	return &off{
		why:     fmt.Sprintf(`compatibility_date %s is before %s and compatibility_flags does not add "rpc"`, d.Value, rpcDate),
		advice:  fmt.Sprintf(`set compatibility_date to %s or later, or add the "rpc" flag`, rpcDate),
		related: "compatibility_date " + d.Value,
		at:      d,
	}
}

// bindsLegacy reports whether one of bindings of script s names a class
// of the graph that does not extend DurableObject.
func bindsLegacy(res *source.Result, s *source.Script, bindings []*wrangler.Binding) bool {
	for _, b := range bindings {
		if cl := boundClass(res, s, b); cl != nil && cl.ExtendsDO == source.No {
			return true
		}
	}
	return false
}

// boundClass returns the class of the graph that binding b of script s
// names, or nil (another script's class, or one that does not resolve).
func boundClass(res *source.Result, s *source.Script, b *wrangler.Binding) *source.Class {
	for _, c := range res.Classes {
		for _, ref := range c.Bindings {
			if ref.Script == s && ref.Binding == b {
				return c
			}
		}
	}
	return nil
}

// reachable lists the modules the script's entry imports, directly or
// not, the entry first.
func reachable(entry *source.File) []*source.File {
	seen := map[*source.File]bool{entry: true}
	out := []*source.File{entry}
	for i := 0; i < len(out); i++ {
		for _, d := range out[i].Deps {
			if d.Kind == source.DepModule && d.File != nil && !seen[d.File] {
				seen[d.File] = true
				out = append(out, d.File)
			}
		}
	}
	var parsed []*source.File
	for _, f := range out {
		if f.AST != nil {
			parsed = append(parsed, f)
		}
	}
	return parsed
}

// stubs recognises Durable Object stubs in one file.
type stubs struct {
	file     *source.File
	bindings map[string]*wrangler.Binding
}

// stub returns the binding whose namespace made the stub e: ns.get(id),
// ns.getByName(name), or a local variable holding one.
func (st *stubs) stub(e *jsast.Node, depth int) *wrangler.Binding {
	f := st.file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > 6 {
		return nil
	}
	switch e.Kind {
	case jsast.KindCall:
		recv, name := f.CalleeName(e)
		if (name == "get" || name == "getByName") && len(e.Args()) > 0 && recv != nil {
			if b := st.namespace(recv, depth+1); b != nil {
				return b
			}
		}
		// A helper that returns a stub: stubFor(env, name) { return env.NS.getByName(name) }.
		if fn := dosrc.CalledFunc(st.file, e); fn != nil {
			return st.returnsStub(fn, depth+1)
		}
	case jsast.KindIdentifier:
		if d := st.value(e); d != nil && d.Pattern == nil {
			return st.stub(d.Init, depth+1)
		}
	}
	return nil
}

type stubCalls struct{}

// stubCall reports whether call is a method call whose receiver stub
// might find a binding for, under any bindings: it follows stub without
// asking which names are bindings, and takes any this.m() helper to
// return a stub (which class's method it runs depends on the project).
func stubCall(file *source.File, call *jsast.Node) bool {
	recv, name := file.AST.CalleeName(call)
	if recv == nil || name == "" || name == "fetch" || name == "connect" {
		return false
	}
	return mayBeStub(file, recv, 0)
}

// mayBeStub is stub with every name a binding: it is true whenever stub
// finds a binding for e.
func mayBeStub(file *source.File, e *jsast.Node, depth int) bool {
	f := file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > 6 {
		return false
	}
	switch e.Kind {
	case jsast.KindCall:
		recv, name := f.CalleeName(e)
		if (name == "get" || name == "getByName") && len(e.Args()) > 0 && recv != nil {
			return true
		}
		if callee := jsast.Unwrap(e.Callee()); callee != nil && callee.Kind != jsast.KindIdentifier && dosrc.ThisField(f, callee) != "" {
			return true
		}
		if fn := dosrc.CalledFunc(file, e); fn != nil {
			return mayReturnStub(file, fn, depth+1)
		}
	case jsast.KindIdentifier:
		st := &stubs{file: file}
		if d := st.value(e); d != nil && d.Pattern == nil {
			return mayBeStub(file, d.Init, depth+1)
		}
	}
	return false
}

// mayReturnStub is returnsStub with every name a binding.
func mayReturnStub(file *source.File, fn *jsast.Node, depth int) bool {
	if fn.Body == nil || fn.Has(jsast.FlagGenerator) || depth > 6 {
		return false
	}
	if fn.Body.Kind != jsast.KindBlock {
		return mayBeStub(file, fn.Body, depth+1)
	}
	for r := range file.Index.Nodes(fn.Body, jsast.KindReturn) {
		if dosrc.EnclosingFunc(file.Index, r) == fn && mayBeStub(file, r.Expr(), depth+1) {
			return true
		}
	}
	return false
}

// namespace returns the binding a namespace expression reads: env.NS,
// this.env.NS, c.env.NS, ns.jurisdiction(j), a local initialised with one,
// or a name destructured from env.
func (st *stubs) namespace(e *jsast.Node, depth int) *wrangler.Binding {
	f := st.file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > 6 {
		return nil
	}
	if x, name, ok := f.Member(e); ok {
		if b := st.bindings[name]; b != nil && isEnv(f, x) {
			return b
		}
		return nil
	}
	if e.Kind == jsast.KindCall {
		// ns.jurisdiction("eu") is a namespace too.
		if recv, name := f.CalleeName(e); name == "jurisdiction" && recv != nil {
			return st.namespace(recv, depth+1)
		}
		return nil
	}
	if e.Kind != jsast.KindIdentifier {
		return nil
	}
	d := st.value(e)
	if d == nil {
		return nil
	}
	if d.Pattern != nil {
		key, ok := dosrc.ElementKey(f, st.file.Index, d.Pattern)
		parent := st.file.Index.Parent(d.Pattern)
		if !ok || parent == nil || parent.Kind != jsast.KindObjectBindingPattern || st.file.Index.Parent(parent).Kind != jsast.KindVarDecl {
			return nil
		}
		if b := st.bindings[key]; b != nil && isEnv(f, d.Init) {
			return b
		}
		return nil
	}
	return st.namespace(d.Init, depth+1)
}

// value returns the declaration of the local variable id when its
// initializer is the only value it ever holds: not a parameter, and not
// assigned after its declaration.
func (st *stubs) value(id *jsast.Node) *dosrc.Decl {
	d := dosrc.Lookup(st.file, id)
	if d == nil || d.Param != nil || d.Init == nil || !d.Const && dosrc.Assigned(st.file, d) {
		return nil
	}
	return d
}

// isEnv reports whether x reads the Worker's env: a name env, or a
// property env (this.env, c.env).
func isEnv(f *jsast.File, x *jsast.Node) bool {
	x = jsast.Unwrap(x)
	if x == nil {
		return false
	}
	if x.Kind == jsast.KindIdentifier {
		return f.NameOf(x) == "env"
	}
	_, name, ok := f.Member(x)
	return ok && name == "env"
}

// returnsStub returns the binding whose stubs every return of fn yields,
// or nil.
func (st *stubs) returnsStub(fn *jsast.Node, depth int) *wrangler.Binding {
	if fn.Body == nil || fn.Has(jsast.FlagGenerator) || depth > 6 {
		return nil
	}
	if fn.Body.Kind != jsast.KindBlock {
		return st.stub(fn.Body, depth+1)
	}
	var out *wrangler.Binding
	for r := range st.file.Index.Nodes(fn.Body, jsast.KindReturn) {
		if dosrc.EnclosingFunc(st.file.Index, r) != fn {
			continue
		}
		b := st.stub(r.Expr(), depth+1)
		if b == nil || out != nil && b != out {
			return nil
		}
		out = b
	}
	return out
}
