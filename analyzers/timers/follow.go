package timers

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// followDepth is how many calls deep timers are looked for outside the
// Durable Object class: a helper the class calls, and what that helper
// calls in turn.
const followDepth = 2

// target is a function outside the Durable Object classes that a Durable
// Object runs by calling it: a function of the project, or a method of a
// class the object creates with new.
type target struct {
	file  *source.File
	fn    *jsast.Node   // function-like, with a body
	owner *source.Class // the class fn is a method of; nil for a function
	name  string        // for messages: "RateLimiter.acquire" or "flush"
}

// scope is where calls are resolved: the function they are written in and
// the class whose `this` it sees.
type scope struct {
	file  *source.File
	owner *source.Class
}

// indirect is a timer reached through calls, reported once however many
// call sites reach it.
type indirect struct {
	file  *source.File
	call  *jsast.Node
	msg   string
	sites []site
}

// callAt is where a timer call is written. Timers are told apart by
// place, not node: a replayed add holds the node of the parse that
// recorded it, and a module that the run dropped in between and parsed
// again has other nodes for the same calls.
type callAt struct {
	path  string
	start int32
}

// site is the call in a Durable Object class through which a timer runs.
type site struct {
	file *source.File
	call *jsast.Node
	do   *source.Class
}

type follower struct {
	res     *source.Result
	helpers func(*source.File) map[*jsast.Node]bool
	found   map[callAt]*indirect
	order   []*indirect
	// Memos: the same call is resolved from the direct checks and from
	// fromClass, and a large class asks for the same field many times.
	resolved map[resolveKey]*target
	fields   map[fieldKey]*source.Class
	judged   map[resolveKey]timer
	// reached memoizes reach; seenAt marks the modules one search of
	// reach has been through, by the search's number.
	reached map[*source.File]reachBits
	seenAt  map[*source.File]int
	search  int
	own     map[*source.File]reachBits // memoizes ownBits
	// rec, when set, records what fromClass does (see followClass).
	rec *followRec
}

// followRec is what following one class's calls did: the timers it added
// and the answers of inDurableObject it relied on. Everything else it
// read follows from the class's view and context, the key it is kept
// under; which classes are Durable Objects varies from project to
// project, so another project replays the adds only where every answer
// is the same in it.
type followRec struct {
	adds []recAdd
	dos  []recDO
	// skips are the functions passed over because their modules reach
	// no timer (see mayFind); another project may import more from them.
	skips []recSkip
}

type recSkip struct {
	path string
	last bool
}

type recAdd struct {
	path     string // the timer's module
	call     *jsast.Node
	msg      string
	siteCall *jsast.Node // the call in the class through which it runs
}

type recDO struct {
	path string
	fn   *jsast.Node
	in   bool
}

// followClass is fromClass, done once per run for each view and context
// of c (extra) and replayed for the other projects that see c alike.
func (w *follower) followClass(pass *analysis.Pass, c *source.Class, extra string) {
	ran := false
	rec := source.PerClassValue(pass, c, extra, func() *followRec {
		ran = true
		w.rec = &followRec{}
		defer func() { w.rec = nil }()
		w.fromClass(c)
		return w.rec
	})
	if ran {
		return
	}
	for _, q := range rec.dos {
		if f := w.res.File(q.path); f == nil || w.inDurableObject(f, q.fn) != q.in {
			w.fromClass(c)
			return
		}
	}
	for _, q := range rec.skips {
		if f := w.res.File(q.path); f == nil || w.mayFind(f, q.last) {
			w.fromClass(c)
			return
		}
	}
	for _, a := range rec.adds {
		w.add(w.res.File(a.path), a.call, a.msg, site{c.File, a.siteCall, c})
	}
}

// judge is judge, once per timer however many Durable Objects reach it.
func (w *follower) judge(file *source.File, call *jsast.Node, owner *source.Class) timer {
	key := resolveKey{call: call, owner: owner}
	if t, ok := w.judged[key]; ok {
		return t
	}
	t := judge(file, call, isInterval(file, call), owner)
	if w.judged == nil {
		w.judged = map[resolveKey]timer{}
	}
	w.judged[key] = t
	return t
}

type resolveKey struct {
	call  *jsast.Node
	owner *source.Class
	top   bool
}

type fieldKey struct {
	k     *source.Class
	field string
}

// fromClass follows the calls a Durable Object class makes into the
// project's other functions and classes.
func (w *follower) fromClass(c *source.Class) {
	sc := scope{file: c.File, owner: c}
	for call := range c.Nodes(jsast.KindCall) {
		t := w.resolve(sc, call, true)
		if t == nil {
			continue
		}
		w.visit(t, c.File, call, site{c.File, call, c}, []string{t.name}, followDepth, map[*jsast.Node]bool{})
	}
}

// visit looks for timers in t, then follows t's own calls; from is the
// call (in fromFile) that runs t.
func (w *follower) visit(t *target, fromFile *source.File, from *jsast.Node, s site, path []string, depth int, seen map[*jsast.Node]bool) {
	if seen[t.fn] {
		return
	}
	if !w.mayFind(t.file, depth == 1) {
		// As a visit that found nothing would, so that a deeper visit
		// of t.fn later on is left out as well.
		seen[t.fn] = true
		return
	}
	if w.inDurableObject(t.file, t.fn) {
		return
	}
	seen[t.fn] = true
	file := t.file
	via := strings.Join(path, "() and ") + "()"
	for call := range file.Index.Nodes(t.fn.Body, jsast.KindCall) {
		_, callee := file.AST.CalleeName(call)
		switch {
		case (callee == "setInterval" || callee == "setTimeout") && dosrc.IsGlobal(file, call, callee):
			if handleReturned(file, call, t.fn) && resultKept(fromFile, from) {
				// The caller takes the handle, to clear the timer when
				// its work ends.
				continue
			}
			if msg := w.judge(file, call, t.owner).indirectMessage(s.do.Name, via); msg != "" {
				w.add(file, call, msg, s)
			}
		default:
			next := w.resolve(scope{file: file, owner: t.owner}, call, false)
			if next == nil {
				continue
			}
			if w.isHelper(next) {
				if !settledAt(file, call, 0) {
					w.add(file, call, fmt.Sprintf(indirectHelperMsg, next.name, s.do.Name, via), s)
				}
				continue
			}
			if depth > 1 {
				w.visit(next, file, call, s, append(path[:len(path):len(path)], next.name), depth-1, seen)
			}
		}
	}
}

func (w *follower) add(file *source.File, call *jsast.Node, msg string, s site) {
	if w.rec != nil {
		w.rec.adds = append(w.rec.adds, recAdd{file.Path, call, msg, s.call})
	}
	at := callAt{file.Path, call.Start}
	in := w.found[at]
	if in == nil {
		in = &indirect{file: file, call: call, msg: msg}
		w.found[at] = in
		w.order = append(w.order, in)
	}
	for _, old := range in.sites {
		if old.call == s.call {
			return
		}
	}
	in.sites = append(in.sites, s)
}

func (w *follower) report(pass *analysis.Pass) {
	for _, in := range w.order {
		f := in.file.AST
		var opts []rule.Option
		for _, s := range in.sites {
			sf := s.file.AST
			opts = append(opts, rule.Related(sf.Pos(s.call.Start), sf.Pos(s.call.End), "called from Durable Object %s here", s.do.Name))
		}
		rule.Report(pass, f.Pos(in.call.Start), f.Pos(in.call.End), in.msg, opts...)
	}
}

// isHelper reports whether t is a sleep helper. A helper's setTimeout
// call is in its own text: the helpers of a module are found only once
// a function that names setTimeout is asked about.
func (w *follower) isHelper(t *target) bool {
	return w.ownBits(t.file)&reachHelper != 0 && strings.Contains(t.file.AST.Text(t.fn), "setTimeout") && w.helpers(t.file)[t.fn]
}

// mayFind reports whether visiting a function of file can find a timer:
// file must reach a module that names one. On the last level, where the
// function's own calls are not followed, the timer must be in file
// itself, or be a sleep helper the function calls, in a module that
// names both setTimeout and Promise.
func (w *follower) mayFind(file *source.File, last bool) bool {
	r := w.reach(file)
	ok := r&reachTimer != 0
	if last {
		ok = r&reachHelper != 0 || w.ownBits(file)&reachTimer != 0
	}
	if !ok && w.rec != nil {
		w.rec.skips = append(w.rec.skips, recSkip{file.Path, last})
	}
	return ok
}

// reachBits says what the modules a module reaches name.
type reachBits uint8

const (
	reachTimer  reachBits = 1 << iota // setTimeout or setInterval
	reachHelper                       // setTimeout and Promise, as a sleep helper's does
	reachAll    = reachTimer | reachHelper
)

// ownBits is what file itself names.
func (w *follower) ownBits(file *source.File) reachBits {
	if r, ok := w.own[file]; ok {
		return r
	}
	if w.own == nil {
		w.own = map[*source.File]reachBits{}
	}
	var r reachBits
	if file.Mentions(timerWords...) {
		r = reachTimer
		if file.Mentions(timerWords[0]) && file.Mentions(promiseWord) {
			r |= reachHelper
		}
	}
	w.own[file] = r
	return r
}

// reach says what file and the modules it imports, directly or through
// other modules, name: a timer, or what a sleep helper does. A call
// resolves to a function of its own module or of one it imports (through
// re-exports too), so the timers a function can run are all in modules
// its own module reaches. The search stops as soon as both are found,
// which most Durable Objects' modules are, or name themselves.
func (w *follower) reach(file *source.File) reachBits {
	if r, ok := w.reached[file]; ok {
		return r
	}
	if w.reached == nil {
		w.reached = map[*source.File]reachBits{}
		w.seenAt = map[*source.File]int{}
	}
	w.search++
	r := reachBits(0)
	stack := []*source.File{file}
	w.seenAt[file] = w.search
	for len(stack) > 0 && r != reachAll {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		r |= w.ownBits(f)
		for _, deps := range [2][]*source.Dep{f.Deps, f.Stars} {
			for _, d := range deps {
				if d.File != nil && w.seenAt[d.File] != w.search {
					w.seenAt[d.File] = w.search
					stack = append(stack, d.File)
				}
			}
		}
	}
	w.reached[file] = r
	return r
}

// inDurableObject reports whether fn lies inside a Durable Object class,
// whose timers the rule reports directly.
func (w *follower) inDurableObject(file *source.File, fn *jsast.Node) bool {
	in := false
	for _, c := range w.res.Classes {
		if c.File == file && c.Node.Start <= fn.Start && fn.End <= c.Node.End {
			in = true
			break
		}
	}
	if w.rec != nil {
		w.rec.dos = append(w.rec.dos, recDO{file.Path, fn, in})
	}
	return in
}

// resolve finds the function a call runs: fn(...) for a function of the
// project, obj.m(...) for a method of the class obj was created from with
// new (obj a local, a module constant or a field of the scope's class), and
// this.m(...) inside a helper class. this.m(...) in the Durable Object
// itself (top) is left to the direct checks.
func (w *follower) resolve(sc scope, call *jsast.Node, top bool) *target {
	// The direct checks ask about every call of a class, most of which
	// resolveCall turns down by their syntax alone: their answer is not
	// worth a place in the memo.
	if unresolvable(sc.file.AST, call, top) {
		return nil
	}
	key := resolveKey{call, sc.owner, top}
	if t, ok := w.resolved[key]; ok {
		return t
	}
	t := w.resolveCall(sc, call, top)
	if w.resolved == nil {
		w.resolved = map[resolveKey]*target{}
	}
	w.resolved[key] = t
	return t
}

func (w *follower) resolveCall(sc scope, call *jsast.Node, top bool) *target {
	f := sc.file.AST
	recv, name := f.CalleeName(call)
	if name == "" || call.Kind != jsast.KindCall {
		return nil
	}
	if recv == nil {
		return w.function(sc.file, jsast.Unwrap(call.Callee()))
	}
	r := jsast.Unwrap(recv)
	var k *source.Class
	switch {
	case r.Kind == jsast.KindThis:
		if top {
			return nil
		}
		k = sc.owner
	case dosrc.ThisField(f, r) != "":
		if sc.owner != nil {
			k = w.fieldClass(sc.owner, dosrc.ThisField(f, r))
		}
	case r.Kind == jsast.KindNew:
		k = w.classOf(sc.file, r.Callee())
	case r.Kind == jsast.KindIdentifier:
		if d := dosrc.Lookup(sc.file, r); d != nil && d.Pattern == nil && d.Init != nil {
			if n := jsast.Unwrap(d.Init); n != nil && n.Kind == jsast.KindNew {
				k = w.classOf(sc.file, n.Callee())
			}
		}
	}
	if k == nil {
		return nil
	}
	for _, c := range w.chain(k) {
		if m := c.Method(name); m != nil && m.Func != nil && m.Func.Body != nil {
			return &target{file: c.File, fn: m.Func, owner: k, name: k.Name + "." + name}
		}
	}
	return nil
}

// unresolvable reports whether resolveCall answers nil for call whatever
// the scope: a call of no name, this.m(...) at the top, or a method of an
// object that is neither this, a field of this, a new expression nor a
// name.
func unresolvable(f *jsast.File, call *jsast.Node, top bool) bool {
	if call.Kind != jsast.KindCall {
		return true
	}
	recv, name := f.CalleeName(call)
	if name == "" {
		return true
	}
	if recv == nil {
		return false
	}
	switch r := jsast.Unwrap(recv); r.Kind {
	case jsast.KindThis:
		return top
	case jsast.KindNew, jsast.KindIdentifier:
		return false
	default:
		return dosrc.ThisField(f, r) == ""
	}
}

// chain is k followed by the classes of the graph it extends.
func (w *follower) chain(k *source.Class) []*source.Class {
	out := []*source.Class{k}
	for _, b := range k.Bases {
		if b.Kind != source.BaseClass {
			break
		}
		out = append(out, b.Class)
	}
	return out
}

// function resolves a called identifier to a top-level function of the
// file, or one imported from another module of the graph.
func (w *follower) function(file *source.File, id *jsast.Node) *target {
	if id == nil || id.Kind != jsast.KindIdentifier {
		return nil
	}
	name := file.AST.NameOf(id)
	if d := dosrc.Lookup(file, id); d != nil {
		if d.Func != nil || d.Pattern != nil {
			return nil // local to a function that is being looked at already
		}
		return funcTarget(file, d.Init, name)
	}
	l := dosrc.TopLevel(file, id)
	if l == nil || l.Kind != source.LocalImport || l.Import.TypeOnly || l.Import.Dep.Kind != source.DepModule {
		return nil
	}
	sym, st := w.res.LookupExport(l.Import.Dep.File, l.Import.Imported)
	if st != source.Found || sym.Local == nil || sym.TypeOnly {
		return nil
	}
	switch sym.Local.Kind {
	case source.LocalFunc:
		return funcTarget(sym.File, sym.Local.Node, sym.Name)
	case source.LocalVar:
		return funcTarget(sym.File, sym.Local.Init, sym.Name)
	}
	return nil
}

func funcTarget(file *source.File, n *jsast.Node, name string) *target {
	n = jsast.Unwrap(n)
	if n == nil || n.Body == nil {
		return nil
	}
	switch n.Kind {
	case jsast.KindFuncDecl, jsast.KindFuncExpr, jsast.KindArrowFunc:
		return &target{file: file, fn: n, name: name}
	}
	return nil
}

// classOf resolves the class expression of `new X(...)`: a class of the
// file or one imported from another module of the graph.
func (w *follower) classOf(file *source.File, x *jsast.Node) *source.Class {
	x = jsast.Unwrap(x)
	if x == nil || x.Kind != jsast.KindIdentifier {
		return nil
	}
	l := dosrc.TopLevel(file, x)
	if l == nil {
		return nil
	}
	switch l.Kind {
	case source.LocalClass:
		return l.Class
	case source.LocalImport:
		if l.Import.TypeOnly || l.Import.Dep.Kind != source.DepModule {
			return nil
		}
		sym, st := w.res.LookupExport(l.Import.Dep.File, l.Import.Imported)
		if st == source.Found && !sym.TypeOnly {
			return sym.Class
		}
	}
	return nil
}

// fieldClass returns the class whose instance k keeps in this.field: a
// property initialised with new X(), or an assignment this.field = new X()
// (also ??=) anywhere in the class.
func (w *follower) fieldClass(k *source.Class, field string) *source.Class {
	key := fieldKey{k, field}
	if c, ok := w.fields[key]; ok {
		return c
	}
	c := w.findFieldClass(k, field)
	if w.fields == nil {
		w.fields = map[fieldKey]*source.Class{}
	}
	w.fields[key] = c
	return c
}

func (w *follower) findFieldClass(k *source.Class, field string) *source.Class {
	f := k.File.AST
	for _, m := range k.Node.List {
		if m.Kind == jsast.KindPropertyDecl && !m.Has(jsast.FlagStatic) && f.NameOf(m.Name) == field {
			if n := jsast.Unwrap(m.Init()); n != nil && n.Kind == jsast.KindNew {
				return w.classOf(k.File, n.Callee())
			}
		}
	}
	for b := range k.Nodes(jsast.KindBinary) {
		if (b.Op != jsast.TEquals && b.Op != jsast.TQuestionQuestionEquals) || dosrc.ThisField(f, b.Left()) != field {
			continue
		}
		if n := jsast.Unwrap(b.Right()); n != nil && n.Kind == jsast.KindNew {
			if c := w.classOf(k.File, n.Callee()); c != nil {
				return c
			}
		}
	}
	return nil
}

// handleReturned reports whether fn returns the handle of the timer that
// call sets: return setInterval(...), or a local holding it.
func handleReturned(file *source.File, call, fn *jsast.Node) bool {
	ix := file.Index
	outer, parent := dosrc.Outer(ix, call)
	if parent != nil && ((parent.Kind == jsast.KindReturn && dosrc.EnclosingFunc(ix, parent) == fn) ||
		(parent == fn && fn.Kind == jsast.KindArrowFunc && fn.Body == outer)) {
		return true
	}
	h := handleOf(file, call)
	if h == nil || h.decl == nil {
		return false
	}
	for r := range ix.Nodes(fn, jsast.KindReturn) {
		if r.Expr() != nil && dosrc.EnclosingFunc(ix, r) == fn && h.refersTo(file, r.Expr()) {
			return true
		}
	}
	return false
}

// resultKept reports whether the value of call is used rather than
// dropped (a statement of its own, or void).
func resultKept(file *source.File, call *jsast.Node) bool {
	_, parent := dosrc.Outer(file.Index, call)
	if parent == nil || parent.Kind == jsast.KindExprStmt {
		return false
	}
	return parent.Kind != jsast.KindPrefix || parent.Op != jsast.TVoid
}
