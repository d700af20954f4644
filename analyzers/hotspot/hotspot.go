// Package hotspot reports a Worker whose fetch handler sends every request
// to one Durable Object named by a constant.
package hotspot

import (
	"fmt"
	"strconv"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "hotspot",
	Title: "every request of the worker goes to one durable object",
	What: `Reports, at info level, ns.idFromName(NAME), ns.getByName(NAME) and
ns.idFromString(NAME) on a Durable Object binding of the script when NAME is
a constant (a string literal, or a const initialised with one) and the call
sits on the unconditional path of the Worker's default export fetch
handler: directly in its body, not inside an if, switch, conditional
expression, short-circuit operator, catch clause or callback, and with no
return or throw before it that would let some requests leave earlier.
A name taken from the request (URL, headers, body, route parameters), and
a constant object that only one route reaches (inside a route branch or
behind a guard that returns), are not reported, nor is a config that only a
test runner uses (named by a vitest configuration and kept in a test
directory or named as a test config), which serves no real traffic.`,
	Why: `An object handles its requests one at a time on a single thread,
and Cloudflare documents a soft limit of 1,000 requests per second for an
individual object (less when each request does real work). When the Worker
sends every request to the same object, that one object caps the whole
Worker's throughput, wherever in the world the requests come from, and
requests queue and then fail with an "overloaded" error under load. A name
derived from the request (a room, document, user or tenant) spreads the
load over many objects. A single coordinator can be right for low traffic,
which is why this is only information.`,
	Bad: `-- wrangler.jsonc --
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
  async fetch() {
    return new Response("ok");
  }
}
export default {
  async fetch(request: Request, env: any) {
    const stub = env.COUNTER.getByName("global");
    return stub.fetch(request);
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
  async fetch() {
    return new Response("ok");
  }
}
export default {
  async fetch(request: Request, env: any) {
    const page = new URL(request.url).pathname;
    const stub = env.COUNTER.getByName(page);
    return stub.fetch(request);
  },
};
`,
	Safety:   rule.NoFix,
	Severity: rule.Info,
	Category: rule.Perf,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/platform/limits/",
		"https://developers.cloudflare.com/durable-objects/best-practices/rules-of-durable-objects/",
	},
}

// Rule reports constant object names on the Worker's request path.
var Rule = rule.New(doc, run, source.Analyzer)

var methods = map[string]bool{"idFromName": true, "getByName": true, "idFromString": true}

var methodWords = []source.Word{source.NewWord("idFromName"), source.NewWord("getByName"), source.NewWord("idFromString")}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	if res.Config == nil || res.Config.TestHarness != nil {
		return nil, nil // a test runner's config serves no real traffic
	}
	reported := map[*jsast.Node]bool{}
	for _, s := range res.Scripts {
		sec := s.Section
		if s.Entry == nil || s.Entry.AST == nil || sec.DurableObjects == nil {
			continue
		}
		bindings := map[string]*wrangler.Binding{}
		for _, b := range sec.DurableObjects.Bindings {
			if b.Name != nil {
				bindings[b.Name.Value] = b
			}
		}
		file := s.Entry
		// Every finding is a call of one of methods in the entry module.
		if !file.Mentions(methodWords...) {
			continue
		}
		fn := fetchHandler(file)
		if fn == nil || fn.Body == nil || fn.Body.Kind != jsast.KindBlock {
			continue
		}
		f, ix := file.AST, file.Index
		for call := range ix.Nodes(fn.Body, jsast.KindCall) {
			if reported[call] || len(call.List) == 0 {
				continue
			}
			recv, name := f.CalleeName(call)
			if !methods[name] || recv == nil {
				continue
			}
			_, bname, ok := f.Member(recv)
			if !ok || bindings[bname] == nil {
				continue
			}
			value, ok := constString(file, call.List[0])
			if !ok || !unconditional(f, ix, fn, call) {
				continue
			}
			reported[call] = true
			rule.Report(pass, f.Pos(call.Start), f.Pos(call.End), fmt.Sprintf(
				"every request that fetch() handles goes to the one %s object named %s: an object runs one request at a time, with a soft limit of 1,000 requests per second, so it caps the whole Worker's throughput; if the traffic can be split, derive the name from the request (a room, user or tenant id)",
				bname, strconv.Quote(value)))
		}
	}
	return nil, nil
}

// fetchHandler returns the fetch function of the module's default export:
// an object literal's fetch method or property, or a class's fetch method.
func fetchHandler(file *source.File) *jsast.Node {
	e := file.Export("default")
	if e == nil || e.TypeOnly {
		return nil
	}
	if e.Class != nil {
		if m := e.Class.Method("fetch"); m != nil {
			return m.Func
		}
		return nil
	}
	v := jsast.Unwrap(e.Value)
	if v == nil && e.Local != "" {
		if l := file.Local(e.Local); l != nil {
			switch l.Kind {
			case source.LocalVar:
				v = jsast.Unwrap(l.Init)
			case source.LocalClass:
				if l.Class != nil {
					if m := l.Class.Method("fetch"); m != nil {
						return m.Func
					}
				}
				return nil
			}
		}
	} else if v != nil && v.Kind == jsast.KindIdentifier {
		if d := dosrc.Lookup(file, v); d != nil && d.Const {
			v = jsast.Unwrap(d.Init)
		}
	}
	if v == nil || v.Kind != jsast.KindObjectLit {
		return nil
	}
	f := file.AST
	for _, p := range v.List {
		if f.NameOf(p.Name) != "fetch" {
			continue
		}
		switch p.Kind {
		case jsast.KindMethodDecl:
			return p
		case jsast.KindPropertyAssign:
			fn := jsast.Unwrap(p.Value())
			if fn != nil && fn.Kind == jsast.KindIdentifier {
				if d := dosrc.Lookup(file, fn); d != nil && d.Const {
					fn = jsast.Unwrap(d.Init)
				}
			}
			if fn != nil && (fn.Kind == jsast.KindArrowFunc || fn.Kind == jsast.KindFuncExpr || fn.Kind == jsast.KindFuncDecl) {
				return fn
			}
		case jsast.KindShorthandProp:
			if d := dosrc.Lookup(file, p.Name); d != nil && d.Init != nil {
				if fn := jsast.Unwrap(d.Init); fn.Kind == jsast.KindFuncDecl || fn.Kind == jsast.KindArrowFunc || fn.Kind == jsast.KindFuncExpr {
					return fn
				}
			}
		}
	}
	return nil
}

// constString returns the value of a string constant: a literal, a
// template without substitutions, or a const initialised with one.
func constString(file *source.File, n *jsast.Node) (string, bool) {
	for depth := 0; depth < 4; depth++ {
		n = jsast.Unwrap(n)
		if n == nil {
			return "", false
		}
		switch n.Kind {
		case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
			return file.AST.NameOf(n), true
		case jsast.KindIdentifier:
			d := dosrc.Lookup(file, n)
			if d == nil || !d.Const || d.Pattern != nil || d.Param != nil || d.Init == nil {
				return "", false
			}
			n = d.Init
			continue
		}
		return "", false
	}
	return "", false
}

// unconditional reports whether every run of fn that gets as far as its
// statement reaches call: no branch, callback or catch clause holds it,
// and no statement before it in an enclosing block can leave fn.
func unconditional(f *jsast.File, ix *source.Index, fn, call *jsast.Node) bool {
	child := call
	for a := range ix.Ancestors(call) {
		switch a.Kind {
		case jsast.KindIf, jsast.KindSwitch, jsast.KindCase, jsast.KindDefault, jsast.KindConditional,
			jsast.KindCatch, jsast.KindWhile, jsast.KindDoWhile, jsast.KindFor, jsast.KindForIn, jsast.KindForOf:
			return false
		case jsast.KindBinary:
			switch a.Op {
			case jsast.TAmpersandAmpersand, jsast.TBarBar, jsast.TQuestionQuestion,
				jsast.TAmpersandAmpersandEquals, jsast.TBarBarEquals, jsast.TQuestionQuestionEquals:
				if a.Right() == child || contains(a.Right(), child) {
					return false
				}
			}
		case jsast.KindCall:
			if a.Callee() != nil && contains(a.Callee(), child) && a.Callee().Kind == jsast.KindPropertyAccess && a.Callee().Has(jsast.FlagOptionalChain) {
				return false
			}
		case jsast.KindBlock:
			for _, st := range a.List {
				if st.Start >= child.Start {
					break
				}
				if leaves(ix, fn, st) {
					return false
				}
			}
		}
		if a == fn {
			return true
		}
		if dosrc.IsFunc(a) {
			return false // a callback: it may run for some requests only
		}
		child = a
	}
	return false
}

func contains(outer, n *jsast.Node) bool {
	return outer != nil && outer.Start <= n.Start && n.End <= outer.End
}

// leaves reports whether statement st holds a return or throw of fn.
func leaves(ix *source.Index, fn, st *jsast.Node) bool {
	if st.Kind == jsast.KindReturn || st.Kind == jsast.KindThrow {
		return true
	}
	for n := range ix.Nodes(st, jsast.KindReturn, jsast.KindThrow) {
		if dosrc.EnclosingFunc(ix, n) == fn {
			return true
		}
	}
	return false
}
