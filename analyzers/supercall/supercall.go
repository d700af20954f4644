// Package supercall reports Durable Object constructors that do not hand
// ctx and env to the base class.
package supercall

import (
	"bytes"
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// thisBeforeSuper is V8's error for touching this before super() returns.
const thisBeforeSuper = "ReferenceError: Must call super constructor in derived class before accessing 'this' or returning from derived constructor"

// workerd's DurableObject base constructor checks its arguments' types:
// without env (super(ctx)) it throws noEnv, without either (super()) noCtx.
const (
	noEnv = "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 2 is not of type 'JsObject'."
	noCtx = "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'."
)

var doc = &rule.Doc{
	Name:  "supercall",
	Title: "constructor does not pass ctx and env to super",
	What: `Reports the constructor of a class that extends DurableObject (directly
or through other classes) when it never calls super(), calls it without env
(super(ctx)), or uses this before calling it.`,
	Why: `The DurableObject base class takes (ctx, env), stores them as this.ctx
and this.env, and checks both. Called as super(ctx), it throws
"` + noEnv + `" (super() fails the same way on parameter 1), so the object is
never constructed and every request and RPC call to it fails with that
error. A derived constructor that uses this before super(), or never calls
super() at all, fails the same way with "` + thisBeforeSuper + `".
TypeScript with @cloudflare/workers-types rejects all of these at compile
time, so the rule matters for JavaScript and for code that type-checks
loosely.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
interface Env { API_KEY: string }
export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx);
  }
  key() {
    return this.env.API_KEY;
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
interface Env { API_KEY: string }
export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
  }
  key() {
    return this.env.API_KEY;
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Passes env: super(ctx) becomes super(ctx, env), using the constructor's
second parameter. When the constructor has no second parameter, one named env
is added (typed with the class's DurableObject<Env> type argument in
TypeScript; no fix when there is none). A constructor without super() gets
super(ctx, env) as its first statement. A use of this before super() has no
fix: moving statements needs review.`,
	Safety:   rule.Safe,
	Severity: rule.Error,
	Verify:   rule.VerifySuperCall,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/base/",
		"https://developers.cloudflare.com/durable-objects/api/state/",
	},
}

// Rule reports constructors that do not call super(ctx, env).
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		if c.ExtendsDO != source.Yes {
			continue
		}
		ctor := c.Method("constructor")
		if ctor == nil || ctor.Func.Body == nil {
			continue
		}
		check(pass, c, ctor.Func)
	}
	return nil, nil
}

func check(pass *analysis.Pass, c *source.Class, fn *jsast.Node) {
	f, ix := c.File.AST, c.File.Index
	var first *jsast.Node
	for call := range ix.Nodes(fn.Body, jsast.KindCall) {
		if x := jsast.Unwrap(call.Callee()); x != nil && x.Kind == jsast.KindSuper && owned(ix, call, fn) {
			first = call
			break
		}
	}
	p0, p1 := param(f, fn, 0), param(f, fn, 1)
	if first == nil {
		kw := keyword(f, fn)
		var opts []rule.Option
		if p0 != "" && p1 != "" && fn.Body.Kind == jsast.KindBlock {
			stmt := "super(" + p0 + ", " + p1 + ");"
			opts = append(opts, rule.Fix(fmt.Sprintf("call super(%s, %s) first", p0, p1), insertFirst(f, fn.Body, stmt)))
		}
		rule.Report(pass, f.Pos(kw), f.Pos(kw+int32(len("constructor"))), fmt.Sprintf(
			"the constructor of %s never calls super(ctx, env): constructing the object throws %q, so every request to it fails",
			c.Name, thisBeforeSuper), opts...)
		return
	}
	for this := range ix.Nodes(fn.Body, jsast.KindThis) {
		if this.Start >= first.Start {
			break
		}
		if dosrc.EnclosingFunc(ix, this) == fn {
			rule.Report(pass, f.Pos(this.Start), f.Pos(this.End), fmt.Sprintf(
				"this is used before super() in the constructor of %s: constructing the object throws %q; call super(ctx, env) first",
				c.Name, thisBeforeSuper),
				rule.Related(f.Pos(first.Start), f.Pos(first.End), "super() is called here"))
			return
		}
	}
	if len(first.List) >= 2 {
		return
	}
	for _, a := range first.List {
		if a.Kind == jsast.KindSpread {
			return // super(...args) passes what it is given
		}
	}
	var opts []rule.Option
	if edits, msg := envFix(c, fn, first, p0, p1); edits != nil {
		opts = append(opts, rule.Fix(msg, edits...))
	}
	thrown := noEnv
	if len(first.List) == 0 {
		thrown = noCtx
	}
	rule.Report(pass, f.Pos(first.Start), f.Pos(first.End), fmt.Sprintf(
		"%s does not pass env: the DurableObject constructor throws %q, so %s is never constructed and every request to it fails; call super(ctx, env)",
		f.Text(first), thrown, c.Name), opts...)
}

// insertFirst builds the edit that makes stmt the first statement of
// body, keeping the layout: on its own line before the first statement,
// or on a new line of an empty body.
func insertFirst(f *jsast.File, body *jsast.Node, stmt string) analysis.TextEdit {
	nl := dosrc.Newline(f.Src)
	open := body.Start + 1
	if len(body.List) > 0 {
		first := body.List[0].Start
		sep := nl + dosrc.Indent(f.Src, first)
		if dosrc.LineStart(f.Src, first) <= body.Start {
			sep = " " // { a(); } on one line
		}
		return analysis.TextEdit{Pos: f.Pos(first), End: f.Pos(first), NewText: []byte(stmt + sep)}
	}
	outer := dosrc.Indent(f.Src, body.Start)
	text := nl + outer + dosrc.IndentUnit(f.Src, body.End, body.Start) + stmt
	if dosrc.LineStart(f.Src, body.End-1) <= body.Start {
		text += nl + outer // {} on one line: put } on its own line
	}
	return analysis.TextEdit{Pos: f.Pos(open), End: f.Pos(open), NewText: []byte(text)}
}

// envFix builds the edits that make super(ctx) pass env.
func envFix(c *source.Class, fn, call *jsast.Node, p0, p1 string) ([]analysis.TextEdit, string) {
	f := c.File.AST
	var edits []analysis.TextEdit
	if p1 == "" {
		// Add the parameter: env, typed like the base's Env type argument.
		if p0 == "" || len(fn.Params()) != 1 || mentions(c.File, fn, "env") {
			return nil, ""
		}
		decl := ", env"
		if f.Lang != jsast.LangJS {
			t := envType(c)
			if t == "" {
				return nil, ""
			}
			decl += ": " + t
		}
		p := fn.Params()[0]
		edits = append(edits, analysis.TextEdit{Pos: f.Pos(p.End), End: f.Pos(p.End), NewText: []byte(decl)})
		p1 = "env"
	}
	args := p0 + ", " + p1
	switch len(call.List) {
	case 0:
		open := bytes.IndexByte(f.Src[call.Callee().End:call.End], '(')
		if open < 0 || p0 == "" {
			return nil, ""
		}
		at := call.Callee().End + int32(open) + 1
		edits = append(edits, analysis.TextEdit{Pos: f.Pos(at), End: f.Pos(at), NewText: []byte(args)})
	case 1:
		at := call.List[0].End
		edits = append(edits, analysis.TextEdit{Pos: f.Pos(at), End: f.Pos(at), NewText: []byte(", " + p1)})
		args = f.Text(call.List[0]) + ", " + p1
	}
	return edits, "pass env: super(" + args + ")"
}

// envType is the Env type argument of the class's DurableObject (or
// library) base, as written: extends DurableObject<Env>.
func envType(c *source.Class) string {
	if len(c.Bases) != 1 || (c.Bases[0].Kind != source.BaseDurableObject && c.Bases[0].Kind != source.BaseLibrary) {
		return ""
	}
	h := c.Heritage
	if h == nil || h.Kind != jsast.KindExprWithTypeArgs || len(h.TypeArgs()) == 0 {
		return ""
	}
	return c.File.AST.Text(h.TypeArgs()[0])
}

// mentions reports whether fn uses the identifier name anywhere.
func mentions(file *source.File, fn *jsast.Node, name string) bool {
	for id := range file.Index.Nodes(fn, jsast.KindIdentifier) {
		if file.AST.NameOf(id) == name {
			return true
		}
	}
	return false
}

// owned reports whether n runs as part of fn's own body: not inside a
// nested function other than arrow functions, which share fn's this.
func owned(ix *source.Index, n, fn *jsast.Node) bool {
	for a := range ix.Ancestors(n) {
		if a == fn {
			return true
		}
		if dosrc.IsFunc(a) && a.Kind != jsast.KindArrowFunc {
			return false
		}
		if a.Kind == jsast.KindClassDecl || a.Kind == jsast.KindClassExpr {
			return false
		}
	}
	return false
}

// param returns the name of fn's i-th parameter when it is a plain
// identifier, else "".
func param(f *jsast.File, fn *jsast.Node, i int) string {
	if i >= len(fn.Params()) {
		return ""
	}
	p := fn.Params()[i]
	if p.Kind != jsast.KindParameter || p.Has(jsast.FlagRest) || p.Name == nil || p.Name.Kind != jsast.KindIdentifier {
		return ""
	}
	return f.NameOf(p.Name)
}

// keyword finds the offset of the constructor keyword, after any
// modifiers and decorators.
func keyword(f *jsast.File, fn *jsast.Node) int32 {
	if i := bytes.Index(f.Src[fn.Start:fn.End], []byte("constructor")); i >= 0 {
		return fn.Start + int32(i)
	}
	return fn.Start
}
