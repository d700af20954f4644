// Package facets is the input analyzer that finds the Durable Object
// classes a Worker runs as facets.
//
// A facet is started by its parent object at run time:
//
//	this.ctx.facets.get("child", () => ({ class: this.ctx.exports.Child }))
//
// It gets a SQLite database of its own, stored with the parent's, and
// needs neither a binding nor a migration: the parent creates it. So a
// class that is only ever a facet has no namespace for a migration to
// create, and its storage is SQLite whatever the config's migrations say
// about classes. The Agents SDK's sub-agents are facets too:
// this.subAgent(Child, name) and this.runAgentTool(Child, ...) in an Agent,
// and the tools agentTool(Child, ...) makes, run Child through
// ctx.facets.get with ctx.exports.Child.
//
// A class reached through ctx.exports.X as a namespace
// (ctx.exports.X.getByName(...), .get, .idFromName, ...) is a top-level
// Durable Object, like a bound one, and is recorded as such.
package facets

import (
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// Analyzer finds facet classes. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "facets",
	Doc:        "find the Durable Object classes the Worker runs as facets",
	Run:        run,
	Requires:   []*analysis.Analyzer{source.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// Use is one place that starts a facet.
type Use struct {
	File *source.File
	Call *jsast.Node // the ctx.facets.get(...) or this.subAgent(...) call
	// Export is the name the class is given by: X of ctx.exports.X, or
	// the exported name of an imported or local class; "" when the class
	// resolves but is not exported by the entry module.
	Export string
	Class  *source.Class // nil when the class does not resolve in the graph
}

// Result lists the facets of the Worker.
type Result struct {
	Uses []*Use // in file and source order

	byNode    map[*jsast.Node]bool
	byName    map[string]bool
	namespace map[string]bool
}

// Of reports whether class c is started as a facet somewhere.
func (r *Result) Of(c *source.Class) bool {
	return c != nil && (r.byNode[c.Node] || r.byName[c.Name])
}

// Named reports whether the class exported as name is started as a
// facet somewhere.
func (r *Result) Named(name string) bool { return r.byName[name] }

// Namespace reports whether the class exported as name is reached as a
// namespace through ctx.exports (ctx.exports.X.getByName(...)), which
// needs a namespace as much as a binding does.
func (r *Result) Namespace(name string) bool { return r.namespace[name] }

// namespaceMethods are DurableObjectNamespace's methods: a class reached
// through one of them has a namespace of its own.
var namespaceMethods = map[string]bool{
	"get": true, "getByName": true, "idFromName": true, "idFromString": true,
	"newUniqueId": true, "jurisdiction": true,
}

// calleeNames are every name the rule looks at a call of.
var calleeNames = func() []string {
	names := []string{"agentTool", "get", "subAgent", "runAgentTool"}
	for n := range namespaceMethods {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}()

// subAgentBases are the packages whose Agent base class has subAgent(),
// which starts its class argument as a facet.
var subAgentBases = map[string]bool{"agents": true, "@cloudflare/ai-chat": true}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	out := &Result{byNode: map[*jsast.Node]bool{}, byName: map[string]bool{}, namespace: map[string]bool{}}
	var entries []*source.File
	for _, s := range res.Scripts {
		if s.Entry != nil {
			entries = append(entries, s.Entry)
		}
	}
	subAgentClasses := map[*jsast.Node]bool{}
	for _, c := range res.Classes {
		if subAgentBases[c.Library] {
			subAgentClasses[c.Node] = true
		}
	}
	for _, f := range res.Files {
		if f.AST == nil {
			continue
		}
		for call := range candidates(f) {
			recv, name := f.AST.CalleeName(call)
			var cls *jsast.Node
			switch {
			case recv == nil:
				if name == "agentTool" && len(call.List) >= 1 && importedFromAgents(f, call) {
					cls = call.List[0]
				} else {
					continue
				}
			case name == "get" && isFacets(f.AST, recv) && len(call.List) >= 2:
				cls = classOption(f.AST, call.List[1])
			case (name == "subAgent" || name == "runAgentTool") && len(call.List) >= 1 && isThis(recv) && inSubAgentClass(f, call, subAgentClasses):
				cls = call.List[0]
			case namespaceMethods[name]:
				if x, ok := exportsMember(f, recv); ok {
					out.namespace[x] = true
				}
				continue
			default:
				continue
			}
			if cls == nil {
				continue
			}
			u := resolve(res, entries, f, cls)
			u.File, u.Call = f, call
			out.Uses = append(out.Uses, u)
			if u.Export != "" {
				out.byName[u.Export] = true
			}
			if u.Class != nil {
				out.byNode[u.Class.Node] = true
			}
		}
	}
	return out, nil
}

// candidates yields the calls of f that may start a facet or reach a
// namespace through ctx.exports, by what their syntax alone says; the
// calls are found once per module, not again for every project that
// reaches it, so that the common get() calls are looked at once.
func candidates(f *source.File) iter.Seq[*jsast.Node] {
	if !mayHoldCandidate(f) {
		return func(func(*jsast.Node) bool) {}
	}
	return f.Index.Select(nil, candidateCalls{}, func(call *jsast.Node) bool {
		recv, name := f.AST.CalleeName(call)
		switch {
		case !slices.Contains(calleeNames, name):
			return false
		case recv == nil:
			return name == "agentTool" && len(call.List) >= 1 && importedFromAgents(f, call)
		case name == "get" && isFacets(f.AST, recv) && len(call.List) >= 2:
			return true
		case name == "subAgent" || name == "runAgentTool":
			return len(call.List) >= 1 && isThis(recv)
		case namespaceMethods[name]:
			_, ok := exportsMember(f, recv)
			return ok
		}
		return false
	}, jsast.KindCall)
}

type candidateCalls struct{}

// The words a candidate's module must hold, by kind of candidate: every
// name the call's syntax is matched against is written in the module,
// the import specifier of agentTool included.
var (
	wordFacets, wordGet       = source.NewWord("facets"), source.NewWord("get")
	wordAgentTool, wordAgents = source.NewWord("agentTool"), source.NewWord("agents")
	wordExports               = source.NewWord("exports")
	subAgentWords             = []source.Word{source.NewWord("subAgent"), source.NewWord("runAgentTool")}
	// leadWords are the words one of which every kind needs.
	leadWords      = append([]source.Word{wordFacets, wordAgentTool, wordExports}, subAgentWords...)
	namespaceWords = func() []source.Word {
		var words []source.Word
		for _, n := range slices.Sorted(maps.Keys(namespaceMethods)) {
			words = append(words, source.NewWord(n))
		}
		return words
	}()
)

// mayHoldCandidate reports whether f may hold a call candidates yields:
// ctx.facets.get(...), this.subAgent(...) or this.runAgentTool(...),
// agentTool(...) imported from "agents", or a namespace method of
// ctx.exports.X or of exports imported from "cloudflare:workers".
func mayHoldCandidate(f *source.File) bool {
	// Most modules hold none of the words a kind starts with: one look
	// tells them.
	if !f.Mentions(leadWords...) {
		return false
	}
	return f.Mentions(subAgentWords...) ||
		f.Mentions(wordFacets) && f.Mentions(wordGet) ||
		f.Mentions(wordAgentTool) && f.Mentions(wordAgents) ||
		f.Mentions(wordExports) && f.Mentions(namespaceWords...)
}

// isFacets reports whether x is a `.facets` member: ctx.facets,
// this.ctx.facets, state.facets.
func isFacets(f *jsast.File, x *jsast.Node) bool {
	_, name, ok := f.Member(x)
	return ok && name == "facets"
}

// importedFromAgents reports whether the callee of call is agentTool
// imported from the Agents SDK, whose tools run their class as a facet.
func importedFromAgents(f *source.File, call *jsast.Node) bool {
	c := jsast.Unwrap(call.X)
	if c == nil || c.Kind != jsast.KindIdentifier {
		return false
	}
	l := dosrc.TopLevel(f, c)
	if l == nil || l.Kind != source.LocalImport || l.Import.Imported != "agentTool" || l.Import.Dep == nil {
		return false
	}
	spec := l.Import.Dep.Spec
	return spec == "agents" || strings.HasPrefix(spec, "agents/")
}

func isThis(x *jsast.Node) bool {
	x = jsast.Unwrap(x)
	return x != nil && x.Kind == jsast.KindThis
}

// inSubAgentClass reports whether call sits in a class that extends the
// Agents SDK's Agent.
func inSubAgentClass(f *source.File, call *jsast.Node, classes map[*jsast.Node]bool) bool {
	for a := range f.Index.Ancestors(call) {
		if a.Kind == jsast.KindClassDecl || a.Kind == jsast.KindClassExpr {
			return classes[a]
		}
	}
	return false
}

// classOption returns the `class` value of the object that the startup
// callback of facets.get returns: () => ({ class: X }), or a function
// whose return statements return such an object.
func classOption(f *jsast.File, cb *jsast.Node) *jsast.Node {
	cb = jsast.Unwrap(cb)
	if cb == nil || (cb.Kind != jsast.KindArrowFunc && cb.Kind != jsast.KindFuncExpr) || cb.Body == nil {
		return nil
	}
	if b := jsast.Unwrap(cb.Body); b != nil && b.Kind == jsast.KindObjectLit {
		return classProp(f, b)
	}
	var found *jsast.Node
	var walk func(n *jsast.Node)
	walk = func(n *jsast.Node) {
		if n == nil || found != nil {
			return
		}
		switch n.Kind {
		case jsast.KindFuncExpr, jsast.KindArrowFunc, jsast.KindFuncDecl, jsast.KindClassDecl, jsast.KindClassExpr:
			return // their returns are not the callback's
		case jsast.KindReturn:
			if o := jsast.Unwrap(n.Expr()); o != nil && o.Kind == jsast.KindObjectLit {
				found = classProp(f, o)
			}
			return
		}
		for _, c := range []*jsast.Node{n.X, n.Y, n.Z, n.Body} {
			walk(c)
		}
		for _, c := range n.List {
			walk(c)
		}
	}
	for _, s := range cb.Body.List {
		walk(s)
	}
	return found
}

func classProp(f *jsast.File, obj *jsast.Node) *jsast.Node {
	for _, p := range obj.List {
		switch p.Kind {
		case jsast.KindPropertyAssign:
			if f.NameOf(p.Name) == "class" {
				return p.Value()
			}
		}
	}
	return nil
}

// exportsMember returns X for ctx.exports.X, this.ctx.exports.X,
// ctx.exports["X"] and the exports imported from "cloudflare:workers".
func exportsMember(f *source.File, x *jsast.Node) (string, bool) {
	obj, name, ok := f.AST.Member(x)
	if !ok || name == "" {
		return "", false
	}
	if _, e, ok := f.AST.Member(obj); ok && e == "exports" {
		return name, true
	}
	if o := jsast.Unwrap(obj); o != nil && o.Kind == jsast.KindIdentifier {
		l := dosrc.TopLevel(f, o)
		if l != nil && l.Kind == source.LocalImport && l.Import.Imported == "exports" &&
			l.Import.Dep != nil && l.Import.Dep.Spec == "cloudflare:workers" {
			return name, true
		}
	}
	return "", false
}

// resolve finds the class a facet is started with: ctx.exports.X (or a
// call of it, ctx.exports.X({ props })), or an identifier naming a local
// or imported class.
func resolve(res *source.Result, entries []*source.File, f *source.File, expr *jsast.Node) *Use {
	return resolveDepth(res, entries, f, expr, 0)
}

func resolveDepth(res *source.Result, entries []*source.File, f *source.File, expr *jsast.Node, depth int) *Use {
	e := jsast.Unwrap(expr)
	if e != nil && e.Kind == jsast.KindCall {
		e = jsast.Unwrap(e.Callee())
	}
	// const cls = this.ctx.exports.Child; ... ({ class: cls })
	if e != nil && e.Kind == jsast.KindIdentifier && depth < 4 {
		if d := dosrc.Lookup(f, e); d != nil && d.Const && d.Pattern == nil && d.Init != nil {
			return resolveDepth(res, entries, f, d.Init, depth+1)
		}
	}
	if name, ok := exportsMember(f, e); ok {
		u := &Use{Export: name}
		for _, entry := range entries {
			if sym, st := res.LookupExport(entry, name); st == source.Found && sym.Class != nil {
				u.Class = sym.Class
				break
			}
		}
		return u
	}
	if e == nil || e.Kind != jsast.KindIdentifier {
		return &Use{}
	}
	var c *source.Class
	switch l := dosrc.TopLevel(f, e); {
	case l == nil:
	case l.Kind == source.LocalClass:
		c = l.Class
	case l.Kind == source.LocalImport && l.Import.Dep != nil && l.Import.Dep.File != nil:
		if sym, st := res.LookupExport(l.Import.Dep.File, l.Import.Imported); st == source.Found {
			c = sym.Class
		}
	}
	u := &Use{Class: c}
	if c == nil {
		return u
	}
	// The runtime finds a facet's class among the entry module's exports
	// (the Agents SDK looks it up by its name in ctx.exports).
	for _, entry := range entries {
		for _, n := range res.ExportNames(entry) {
			if sym, st := res.LookupExport(entry, n); st == source.Found && sym.Class != nil && sym.Class.Node == c.Node {
				u.Export = n
				return u
			}
		}
	}
	return u
}

// String is for test failure messages.
func (u *Use) String() string {
	var b strings.Builder
	b.WriteString(u.Export)
	if u.Class != nil {
		b.WriteString(" (class " + u.Class.Name + ")")
	}
	return b.String()
}
