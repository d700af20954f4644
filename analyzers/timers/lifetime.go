package timers

import (
	"strconv"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// verdict is what the rule concludes about one setTimeout or setInterval
// call.
type verdict int

const (
	// ends: the timer cannot outlive the event that set it, or only by a
	// moment; nothing to report.
	ends verdict = iota
	// pending: a callback timer that nothing clears.
	pending
	// partlyCleared: the handle is cleared in the same function, but not
	// on every path the analysis can see.
	partlyCleared
	// unsettled: a sleep (a timer settling a promise) whose promise nobody
	// waits for.
	unsettled
)

// timer is a setTimeout or setInterval call and what is known of it.
type timer struct {
	file     *source.File
	call     *jsast.Node
	interval bool
	verdict  verdict
	clear    string // for partlyCleared: the clearing call as written
}

// judge decides whether the timer set by call (a global setTimeout or
// setInterval) can outlive the event that runs it; owner is the class
// whose method sets it, if any. It errs towards ends: a timer is reported
// only when no pattern that bounds its life applies.
func judge(file *source.File, call *jsast.Node, interval bool, owner *source.Class) timer {
	t := timer{file: file, call: call, interval: interval, verdict: ends}
	if !interval && zeroDelay(file, call) {
		// A deferral to the next turn of the event loop, not a wait.
		return t
	}
	p := executorPromise(file, call)
	if p != nil && settledAt(file, p, 0) {
		return t
	}
	if !interval && abortsOnly(file, call, owner) {
		// The callback only cancels a request this function started, or
		// resets the object: if the object is evicted first, there is
		// nothing left for it to do.
		return t
	}
	h := handleOf(file, call)
	if h != nil {
		home := homeFunc(file, call)
		if home != nil && clearedOnEveryPath(file, call, h, home) {
			return t
		}
		if d := outerHome(file, h, home); d != nil && clearedAtEnd(file, h, d, home) {
			return t
		}
		if home != nil {
			if c := clearAfter(file, home, call, h); c != nil {
				t.verdict, t.clear = partlyCleared, file.AST.Text(c)
				return t
			}
		}
	}
	if p != nil {
		t.verdict = unsettled
	} else {
		t.verdict = pending
	}
	return t
}

// zeroDelay reports whether a setTimeout call has no delay or a literal
// delay of 0.
func zeroDelay(file *source.File, call *jsast.Node) bool {
	if len(call.List) == 0 || call.List[0].Kind == jsast.KindSpread {
		return false
	}
	if len(call.List) < 2 {
		return true
	}
	d := jsast.Unwrap(call.List[1])
	if d == nil || d.Kind != jsast.KindNumericLiteral {
		return false
	}
	text := strings.ReplaceAll(file.AST.Text(d), "_", "")
	if v, err := strconv.ParseInt(text, 0, 64); err == nil {
		return v == 0
	}
	v, err := strconv.ParseFloat(text, 64)
	return err == nil && v == 0
}

// abortsOnly reports whether the timer's callback does nothing but abort
// an AbortController that a function (not the module) created:
// setTimeout(() => controller.abort(), ms), or controller.abort.bind(...);
// or reset the object itself: setTimeout(() => this.ctx.abort(), ms).
func abortsOnly(file *source.File, call *jsast.Node, owner *source.Class) bool {
	if len(call.List) == 0 {
		return false
	}
	f := file.AST
	cb := jsast.Unwrap(call.List[0])
	if cb == nil {
		return false
	}
	switch cb.Kind {
	case jsast.KindArrowFunc, jsast.KindFuncExpr:
		body := cb.Body
		if body == nil {
			return false
		}
		if body.Kind != jsast.KindBlock {
			return isAbort(file, body, owner)
		}
		if len(body.List) == 0 {
			return false
		}
		for _, s := range body.List {
			if s.Kind != jsast.KindExprStmt || !isAbort(file, s.Expr(), owner) {
				return false
			}
		}
		return true
	case jsast.KindCall:
		recv, name := f.CalleeName(cb)
		if name != "bind" || recv == nil {
			return false
		}
		x, m, ok := f.Member(recv)
		return ok && m == "abort" && isLocalController(file, x)
	}
	return false
}

// isAbort reports whether e is a call c.abort(...) on a local
// AbortController, or on the state of owner (this.ctx.abort()).
func isAbort(file *source.File, e *jsast.Node, owner *source.Class) bool {
	e = jsast.Unwrap(e)
	if e == nil || e.Kind != jsast.KindCall {
		return false
	}
	recv, name := file.AST.CalleeName(e)
	if name != "abort" || recv == nil {
		return false
	}
	return isLocalController(file, recv) || (owner != nil && owner.File == file && dosrc.IsState(owner, recv))
}

func isLocalController(file *source.File, x *jsast.Node) bool {
	x = jsast.Unwrap(x)
	if x == nil || x.Kind != jsast.KindIdentifier {
		return false
	}
	d := dosrc.Lookup(file, x)
	if d == nil || d.Func == nil || d.Pattern != nil || d.Init == nil {
		return false
	}
	n := jsast.Unwrap(d.Init)
	return n != nil && n.Kind == jsast.KindNew && dosrc.IsGlobal(file, n, "AbortController")
}

// handle is where a timer's id is kept: a local variable or a field of
// this.
type handle struct {
	decl  *jsast.Node // the declared identifier of the local, if found
	name  string      // the local's name
	field string      // for this.field
}

// handleOf returns where the id that call returns is stored, or nil:
// const t = setTimeout(...), t = setTimeout(...), this.t = setTimeout(...).
func handleOf(file *source.File, call *jsast.Node) *handle {
	f := file.AST
	outer, parent := dosrc.Outer(file.Index, call)
	if parent == nil {
		return nil
	}
	switch parent.Kind {
	case jsast.KindVarDecl:
		if parent.Init() == outer && parent.Name != nil && parent.Name.Kind == jsast.KindIdentifier {
			return &handle{decl: parent.Name, name: f.NameOf(parent.Name)}
		}
	case jsast.KindBinary:
		if parent.Op != jsast.TEquals || parent.Right() != outer {
			return nil
		}
		if field := dosrc.ThisField(f, parent.Left()); field != "" {
			return &handle{field: field}
		}
		if x := jsast.Unwrap(parent.Left()); x != nil && x.Kind == jsast.KindIdentifier {
			h := &handle{name: f.NameOf(x)}
			if d := dosrc.Lookup(file, x); d != nil {
				h.decl = d.Ident
			}
			return h
		}
	}
	return nil
}

// refersTo reports whether expression e reads the handle.
func (h *handle) refersTo(file *source.File, e *jsast.Node) bool {
	f := file.AST
	e = jsast.Unwrap(e)
	if e == nil {
		return false
	}
	if h.field != "" {
		return dosrc.ThisField(f, e) == h.field
	}
	if e.Kind != jsast.KindIdentifier || f.NameOf(e) != h.name {
		return false
	}
	d := dosrc.Lookup(file, e)
	if h.decl == nil {
		return d == nil
	}
	return d != nil && d.Ident == h.decl
}

// mentions reports whether the handle is read anywhere in n (the guard
// of `if (t) clearTimeout(t)`).
func (h *handle) mentions(file *source.File, n *jsast.Node) bool {
	if n == nil {
		return false
	}
	for m := range file.Index.Nodes(n, jsast.KindIdentifier, jsast.KindPropertyAccess) {
		if h.refersTo(file, m) {
			return true
		}
	}
	return false
}

// isClear reports whether e is clearTimeout(h) or clearInterval(h): the
// runtime clears either kind of timer with either function.
func isClear(file *source.File, e *jsast.Node, h *handle) bool {
	e = jsast.Unwrap(e)
	if e == nil || e.Kind != jsast.KindCall || len(e.Args()) == 0 {
		return false
	}
	if !dosrc.IsGlobal(file, e, "clearTimeout") && !dosrc.IsGlobal(file, e, "clearInterval") {
		return false
	}
	return h.refersTo(file, e.Args()[0])
}

// homeFunc is the function in whose run the timer is set: the function
// holding the call, or, for a call in a Promise executor (which runs at
// once), the function that creates the promise.
func homeFunc(file *source.File, call *jsast.Node) *jsast.Node {
	fn := dosrc.EnclosingFunc(file.Index, call)
	for i := 0; fn != nil && i < 4; i++ {
		p := executorOf(file, fn)
		if p == nil {
			return fn
		}
		fn = dosrc.EnclosingFunc(file.Index, p)
	}
	return fn
}

// executorOf returns `new Promise(fn)` when fn is that promise's
// executor, else nil.
func executorOf(file *source.File, fn *jsast.Node) *jsast.Node {
	if fn.Kind != jsast.KindArrowFunc && fn.Kind != jsast.KindFuncExpr {
		return nil
	}
	outer, p := dosrc.Outer(file.Index, fn)
	if p == nil || p.Kind != jsast.KindNew || len(p.Args()) == 0 || p.Args()[0] != outer || !dosrc.IsGlobal(file, p, "Promise") {
		return nil
	}
	return p
}

// clearedOnEveryPath reports whether the timer's handle is cleared however
// home goes on after setting it: in a finally block, in a cleanup callback
// home registers (abort, close, a promise's finally), or by a statement
// after the timer that every path reaches. Only exceptions thrown between
// the timer and a clear that is not in a finally block can skip it.
func clearedOnEveryPath(file *source.File, call *jsast.Node, h *handle, home *jsast.Node) bool {
	return clearedInCleanup(file, h, home) || clearedAfter(file, call, h, home)
}

// clearedInCleanup looks for a callback registered in home that clears
// the handle when the work is cancelled or done:
// signal.addEventListener("abort", ...), ws.addEventListener("close", ...),
// signal.onabort = ..., p.finally(...).
func clearedInCleanup(file *source.File, h *handle, home *jsast.Node) bool {
	f := file.AST
	for n := range file.Index.Nodes(home, jsast.KindCall, jsast.KindBinary) {
		var cb *jsast.Node
		switch n.Kind {
		case jsast.KindCall:
			recv, name := f.CalleeName(n)
			if recv == nil {
				continue
			}
			switch name {
			case "addEventListener":
				if len(n.Args()) >= 2 && cleanupEvent(f.NameOf(jsast.Unwrap(n.Args()[0]))) {
					cb = n.Args()[1]
				}
			case "finally":
				if len(n.Args()) >= 1 {
					cb = n.Args()[0]
				}
			}
		case jsast.KindBinary:
			if n.Op != jsast.TEquals {
				continue
			}
			if _, name, ok := f.Member(n.Left()); ok && strings.HasPrefix(name, "on") && cleanupEvent(name[2:]) {
				cb = n.Right()
			}
		}
		if cb != nil && callbackClears(file, cb, h) {
			return true
		}
	}
	return false
}

// cleanupEvent reports whether the event ends the work a timer belongs to.
func cleanupEvent(name string) bool {
	return name == "abort" || name == "close"
}

// callbackClears reports whether the function cb (written inline, or a
// local constant or function) clears the handle.
func callbackClears(file *source.File, cb *jsast.Node, h *handle) bool {
	fn := jsast.Unwrap(cb)
	if fn != nil && fn.Kind == jsast.KindIdentifier {
		d := dosrc.Lookup(file, fn)
		if d == nil || d.Pattern != nil || d.Init == nil {
			return false
		}
		fn = jsast.Unwrap(d.Init)
	}
	if fn == nil || !dosrc.IsFunc(fn) || fn.Body == nil {
		return false
	}
	for c := range file.Index.Nodes(fn.Body, jsast.KindCall) {
		if isClear(file, c, h) {
			return true
		}
	}
	return false
}

// clearedAfter walks up from the timer to home. At each level it looks
// for a try whose block or catch clause holds the timer and whose finally
// clears the handle, or for a later statement of the same block that
// always clears it, with no return, throw, break or continue before it
// (in this block or an inner one).
func clearedAfter(file *source.File, call *jsast.Node, h *handle, home *jsast.Node) bool {
	ix := file.Index
	node := call
	// left is set once a jump may skip the rest of a block: later
	// statements of outer blocks may then not run, finally blocks still do.
	left := false
	for a := range ix.Ancestors(call) {
		if a == home {
			return false
		}
		if dosrc.IsFunc(a) && executorOf(file, a) == nil {
			return false
		}
		switch a.Kind {
		case jsast.KindTry:
			if (node == a.TryBlock() || node == a.CatchClause()) && a.Finally() != nil && clearsIn(file, a.Finally(), h, home) {
				return true // set in the try block or the catch clause
			}
		case jsast.KindBlock, jsast.KindCase, jsast.KindDefault:
			i := indexIn(a.List, node)
			if i < 0 || left {
				break
			}
			for _, s := range a.List[i+1:] {
				if alwaysClears(file, s, h, home) {
					return true
				}
				if mayLeave(file, s) {
					left = true
					break
				}
			}
		}
		node = a
	}
	return false
}

func indexIn(list []*jsast.Node, n *jsast.Node) int {
	for i, m := range list {
		if m == n {
			return i
		}
	}
	return -1
}

// clearsIn reports whether n holds a clear of the handle that runs as
// part of home (not in a function nested in it).
func clearsIn(file *source.File, n *jsast.Node, h *handle, home *jsast.Node) bool {
	for c := range file.Index.Nodes(n, jsast.KindCall) {
		if isClear(file, c, h) && dosrc.EnclosingFunc(file.Index, c) == home {
			return true
		}
	}
	return false
}

// alwaysClears reports whether running statement s clears the handle
// unless it throws.
func alwaysClears(file *source.File, s *jsast.Node, h *handle, home *jsast.Node) bool {
	if s == nil {
		return false
	}
	switch s.Kind {
	case jsast.KindExprStmt:
		x := jsast.Unwrap(s.Expr())
		if x != nil && x.Kind == jsast.KindBinary && x.Op == jsast.TAmpersandAmpersand && h.refersTo(file, x.Left()) {
			x = x.Right() // t && clearTimeout(t)
		}
		return isClear(file, x, h)
	case jsast.KindBlock:
		for _, t := range s.List {
			if alwaysClears(file, t, h, home) {
				return true
			}
			if mayLeave(file, t) {
				return false
			}
		}
	case jsast.KindIf:
		if s.Else() == nil {
			// if (t) clearTimeout(t): nothing to clear otherwise.
			return h.mentions(file, s.Cond()) && alwaysClears(file, s.Then(), h, home)
		}
		return alwaysClears(file, s.Then(), h, home) && alwaysClears(file, s.Else(), h, home)
	case jsast.KindTry:
		return (s.Finally() != nil && clearsIn(file, s.Finally(), h, home)) || alwaysClears(file, s.TryBlock(), h, home)
	}
	return false
}

// mayLeave reports whether statement s may jump out of the statement list
// it is in: a return or throw, or a break or continue that no loop or
// switch inside s catches. Nested functions do not count.
func mayLeave(file *source.File, s *jsast.Node) bool {
	ix := file.Index
	for n := range ix.Nodes(s, jsast.KindReturn, jsast.KindThrow, jsast.KindBreak, jsast.KindContinue) {
		if leaves(ix, n, s) {
			return true
		}
	}
	return false
}

// leaves reports whether the jump n, inside s, can take control out of s.
func leaves(ix *source.Index, n, s *jsast.Node) bool {
	if n == s {
		return true
	}
	for a := range ix.Ancestors(n) {
		if dosrc.IsFunc(a) {
			return false // a jump of a nested function
		}
		if n.Kind == jsast.KindBreak || n.Kind == jsast.KindContinue {
			if n.Name == nil {
				switch a.Kind {
				case jsast.KindFor, jsast.KindForIn, jsast.KindForOf, jsast.KindWhile, jsast.KindDoWhile:
					return false
				case jsast.KindSwitch:
					if n.Kind == jsast.KindBreak {
						return false
					}
				}
			}
		}
		if a == s {
			return true
		}
	}
	return true
}

// clearAfter returns a clear of the handle written in home after the
// timer, or nil. A clear before it (if (t) clearTimeout(t); t =
// setTimeout(...)) stops the previous timer, not this one.
func clearAfter(file *source.File, home, call *jsast.Node, h *handle) *jsast.Node {
	for c := range file.Index.Nodes(home, jsast.KindCall) {
		if c.Start >= call.End && isClear(file, c, h) {
			return c
		}
	}
	return nil
}

// outerHome returns the function that declares a local handle when that
// is not home but encloses it: the timer is set by a closure
// (const arm = () => { t = setTimeout(...) }) and the handle outlives it.
func outerHome(file *source.File, h *handle, home *jsast.Node) *jsast.Node {
	if h.decl == nil || home == nil {
		return nil
	}
	d := dosrc.EnclosingFunc(file.Index, h.decl)
	if d == nil || d == home || d.Start > home.Start || home.End > d.End {
		return nil
	}
	return d
}

// clearedAtEnd reports whether fn, which owns the handle, clears it
// whenever the closure home may have set it: in a cleanup callback fn
// registers, or in a finally block of fn whose try block holds every
// call of home (a named local function: const arm = () => {...}).
func clearedAtEnd(file *source.File, h *handle, fn, home *jsast.Node) bool {
	if clearedInCleanup(file, h, fn) {
		return true
	}
	refs := closureCalls(file, fn, home)
	if len(refs) == 0 {
		return false
	}
	for t := range file.Index.Nodes(fn, jsast.KindTry) {
		if t.Finally() == nil || t.TryBlock() == nil || dosrc.EnclosingFunc(file.Index, t) != fn || !clearsIn(file, t.Finally(), h, fn) {
			continue
		}
		inside := true
		for _, r := range refs {
			if r.Start < t.TryBlock().Start || r.End > t.TryBlock().End {
				inside = false
			}
		}
		if inside {
			return true
		}
	}
	return false
}

// closureCalls returns the uses, within fn, of the name a local function
// home is bound to; nil when home is not bound to a name (an inline
// callback, which may run at any time).
func closureCalls(file *source.File, fn, home *jsast.Node) []*jsast.Node {
	var id *jsast.Node
	if home.Kind == jsast.KindFuncDecl {
		id = home.Name
	} else if outer, p := dosrc.Outer(file.Index, home); p != nil && p.Kind == jsast.KindVarDecl && p.Init() == outer {
		id = p.Name
	}
	if id == nil || id.Kind != jsast.KindIdentifier {
		return nil
	}
	f := file.AST
	name := f.NameOf(id)
	var out []*jsast.Node
	for u := range file.Index.Nodes(fn, jsast.KindIdentifier) {
		if u == id || f.NameOf(u) != name {
			continue
		}
		if d := dosrc.Lookup(file, u); d != nil && d.Ident == id {
			out = append(out, u)
		}
	}
	return out
}

// settledAt reports whether the promise that expression n evaluates to is
// waited for within the current event: awaited (also through
// Promise.all/any/allSettled/race, .then chains, or any call whose result
// is awaited, such as withDeadline(p, ms)), handed to waitUntil, stored
// in a variable that is waited for later, or returned to a caller
// (whose calls of a sleep helper are checked where they are made).
func settledAt(file *source.File, n *jsast.Node, depth int) bool {
	if depth > 8 {
		return false
	}
	f, ix := file.AST, file.Index
	if dosrc.IsAwaited(f, ix, n) {
		return true
	}
	outer, parent := dosrc.Outer(ix, n)
	if parent == nil {
		return false
	}
	switch parent.Kind {
	case jsast.KindCall:
		if parent.Callee() == outer {
			return false
		}
		if _, name := f.CalleeName(parent); name == "waitUntil" {
			return true
		}
		// An argument of a wrapper: settled when the wrapper's result is.
		return settledAt(file, parent, depth+1)
	case jsast.KindArrayLit:
		return settledAt(file, parent, depth+1)
	case jsast.KindConditional:
		if parent.Cond() != outer {
			return settledAt(file, parent, depth+1)
		}
	case jsast.KindPropertyAccess:
		pp := ix.Parent(parent)
		if parent.Object() != outer || pp == nil || pp.Kind != jsast.KindCall || pp.Callee() != parent {
			return false
		}
		switch f.NameOf(parent.Name) {
		case "then", "catch", "finally":
			return settledAt(file, pp, depth+1)
		}
	case jsast.KindReturn:
		if fn := dosrc.EnclosingFunc(ix, parent); fn != nil {
			return returnSettled(file, fn, depth)
		}
	case jsast.KindArrowFunc:
		if parent.Body == outer {
			return returnSettled(file, parent, depth)
		}
	case jsast.KindVarDecl:
		if parent.Init() != outer || parent.Name == nil || parent.Name.Kind != jsast.KindIdentifier {
			return false
		}
		fn := dosrc.EnclosingFunc(ix, parent)
		if fn == nil {
			return false
		}
		name := f.NameOf(parent.Name)
		for id := range ix.Nodes(fn, jsast.KindIdentifier) {
			if id == parent.Name || f.NameOf(id) != name {
				continue
			}
			if d := dosrc.Lookup(file, id); d != nil && d.Ident == parent.Name && settledAt(file, id, depth+1) {
				return true
			}
		}
	}
	return false
}

// returnSettled reports whether what fn returns is waited for: fn is a
// callback (items.map(i => sleep(i)), p.then(() => sleep(5))) whose call
// is settled, or a function or method whose callers get the promise.
func returnSettled(file *source.File, fn *jsast.Node, depth int) bool {
	outer, parent := dosrc.Outer(file.Index, fn)
	if parent != nil && parent.Kind == jsast.KindCall && parent.Callee() != outer {
		return settledAt(file, parent, depth+1)
	}
	return true
}

// isInterval tells a setInterval call from a setTimeout call.
func isInterval(file *source.File, call *jsast.Node) bool {
	return dosrc.IsGlobal(file, call, "setInterval")
}
