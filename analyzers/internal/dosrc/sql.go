package dosrc

import (
	"fmt"
	"iter"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// IsSQL reports whether expr, inside class c, denotes the object's SQL
// API (storage.sql): state.storage.sql with any storage expression
// IsStorage accepts, a field or local initialised from it
// (this.sql = ctx.storage.sql, a class field sql = this.ctx.storage.sql),
// or `const { sql } = this.ctx.storage`.
func IsSQL(c *source.Class, expr *jsast.Node) bool {
	return storageMember(c, expr, "sql", 0)
}

// IsSyncKV reports whether expr, inside class c, denotes the synchronous
// KV API (storage.kv), directly or through the aliases IsSQL follows.
func IsSyncKV(c *source.Class, expr *jsast.Node) bool {
	return storageMember(c, expr, "kv", 0)
}

// SQLCall matches a call of the SQL API's method name on class c's
// storage: this.ctx.storage.sql.exec(...), this.sql.exec(...), sql.exec(...)
// with an alias.
func SQLCall(c *source.Class, call *jsast.Node, name string) bool {
	if call == nil || call.Kind != jsast.KindCall {
		return false
	}
	recv, got := c.File.AST.CalleeName(call)
	return got == name && recv != nil && IsSQL(c, recv)
}

// storageMember reports whether expr denotes storage.<member>.
func storageMember(c *source.Class, expr *jsast.Node, member string, depth int) bool {
	f := c.File.AST
	e := jsast.Unwrap(expr)
	if e == nil || depth > maxDepth {
		return false
	}
	if x, name, ok := f.Member(e); ok {
		if name == member && isStorage(c, x, depth+1) {
			return true
		}
		if field := thisField(f, e); field != "" {
			return memberField(c, field, member, depth)
		}
		return false
	}
	if e.Kind != jsast.KindIdentifier {
		return false
	}
	d := Lookup(c.File, e)
	if d == nil || d.Param != nil {
		return false
	}
	if d.Pattern != nil {
		if d.Init == nil {
			return false
		}
		key, ok := ElementKey(f, c.File.Index, d.Pattern)
		parent := c.File.Index.Parent(d.Pattern)
		if !ok || key != member || parent == nil || parent.Kind != jsast.KindObjectBindingPattern {
			return false
		}
		vd := c.File.Index.Parent(parent)
		return vd != nil && vd.Kind == jsast.KindVarDecl && isStorage(c, d.Init, depth+1)
	}
	return d.Init != nil && storageMember(c, d.Init, member, depth+1)
}

// memberField reports whether this.field holds storage.<member>: a class
// property initialised with it, or a field the constructor assigns it to.
func memberField(c *source.Class, field, member string, depth int) bool {
	f := c.File.AST
	for _, m := range c.Node.List {
		if m.Kind == jsast.KindPropertyDecl && m.Init() != nil && f.NameOf(m.Name) == field && !m.Has(jsast.FlagStatic) {
			return storageMember(c, m.Init(), member, depth+1)
		}
	}
	ctor := c.Method("constructor")
	if ctor == nil || ctor.Func.Body == nil {
		return false
	}
	for b := range c.File.Index.Nodes(ctor.Func.Body, jsast.KindBinary) {
		if b.Op == jsast.TEquals && thisField(f, b.Left()) == field {
			return storageMember(c, b.Right(), member, depth+1)
		}
	}
	return false
}

// CallText renders a callee the way V8 names it in "x is not a function"
// (node 20 and workerd print the same): identifiers, this and property
// accesses as written (?. kept), a string key as a property name (a["x"]
// and a[`x`] both print a.x, even a["0"] prints a.0), numeric and
// identifier keys in brackets, calls as (...), and anything else as
// (intermediate value).
func CallText(f *jsast.File, n *jsast.Node) string {
	n = jsast.Unwrap(n)
	if n == nil {
		return "(intermediate value)"
	}
	switch n.Kind {
	case jsast.KindIdentifier:
		return f.NameOf(n)
	case jsast.KindThis:
		return "this"
	case jsast.KindPropertyAccess:
		if n.Name != nil {
			dot := "."
			if n.Has(jsast.FlagOptionalChain) {
				dot = "?."
			}
			return CallText(f, n.Object()) + dot + f.Text(n.Name)
		}
	case jsast.KindElementAccess:
		if y := jsast.Unwrap(n.Element()); y != nil && !n.Has(jsast.FlagOptionalChain) {
			switch y.Kind {
			case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
				return CallText(f, n.Object()) + "." + f.StringValue(y)
			case jsast.KindNumericLiteral:
				return CallText(f, n.Object()) + "[" + f.Text(y) + "]"
			case jsast.KindIdentifier:
				return CallText(f, n.Object()) + "[" + f.NameOf(y) + "]"
			}
		}
	case jsast.KindCall:
		return CallText(f, n.Callee()) + "(...)"
	}
	return "(intermediate value)"
}

// storageTypes are the type names TypedSQL goes by.
var storageTypes = []source.Word{source.NewWord("SqlStorage"), source.NewWord("DurableObjectStorage"), source.NewWord("DurableObjectState")}

// MayTypeSQL reports whether file may hold an expression that TypedSQL
// accepts: a module that names none of its types holds none, and need
// not have its calls and members looked at for one.
func MayTypeSQL(file *source.File) bool {
	return file.Mentions(storageTypes...)
}

// TypedSQL reports whether x is SQL storage by its declared type, for
// helpers outside a Durable Object class: a name typed SqlStorage,
// name.sql with name typed DurableObjectStorage, or name.storage.sql with
// name typed DurableObjectState (parameters and annotated variables).
func TypedSQL(file *source.File, x *jsast.Node) bool {
	f := file.AST
	x = jsast.Unwrap(x)
	if x == nil {
		return false
	}
	want := "SqlStorage"
	for _, step := range []struct{ member, typ string }{{"sql", "DurableObjectStorage"}, {"storage", "DurableObjectState"}} {
		if x.Kind == jsast.KindIdentifier {
			break
		}
		obj, name, ok := f.Member(x)
		if !ok || name != step.member {
			return false
		}
		x, want = jsast.Unwrap(obj), step.typ
	}
	if x == nil || x.Kind != jsast.KindIdentifier {
		return false
	}
	d := Lookup(file, x)
	if d == nil || d.Pattern != nil {
		return false
	}
	var t *jsast.Node
	if d.Param != nil {
		t = d.Param.Type
	} else if vd := file.Index.Parent(d.Ident); vd != nil && vd.Kind == jsast.KindVarDecl {
		t = vd.Type
	}
	return t != nil && t.Kind == jsast.KindTypeRef && t.Name != nil && t.Name.Kind == jsast.KindIdentifier && f.NameOf(t.Name) == want
}

// Wrapper is a function that hands its parameter Arg on unchanged, such
// as a query helper: query(q: string) { return this.sql.exec(q) }.
type Wrapper struct {
	Func *jsast.Node // the function-like node
	Arg  int         // index of the parameter in Func.Params()
	Name string      // the function's or method's name, for messages
	// Path is the module Func is in. CalledFunc finds only functions of
	// the call's own module, so the calls that run a wrapper are all in
	// this module, and the others need not be looked at.
	Path string
}

// WrapperOf returns the Wrapper that passing use on makes of its
// function, when use is a plain parameter of a named function, method or
// arrow that is never assigned to; else nil.
func WrapperOf(file *source.File, use *jsast.Node) *Wrapper {
	f := file.AST
	use = jsast.Unwrap(use)
	if use == nil || use.Kind != jsast.KindIdentifier {
		return nil
	}
	d := Lookup(file, use)
	if d == nil || d.Param == nil || d.Pattern != nil || d.Param.Has(jsast.FlagRest) || d.Func == nil || Assigned(file, d) {
		return nil
	}
	fn := d.Func
	name := ""
	switch fn.Kind {
	case jsast.KindFuncDecl, jsast.KindMethodDecl:
		name = f.NameOf(fn.Name)
	case jsast.KindArrowFunc, jsast.KindFuncExpr:
		if _, p := Outer(file.Index, fn); p != nil && (p.Kind == jsast.KindVarDecl || p.Kind == jsast.KindPropertyDecl) {
			name = f.NameOf(p.Name)
		}
	}
	if name == "" {
		return nil
	}
	for i, p := range fn.Params() {
		if p == d.Param {
			return &Wrapper{Func: fn, Arg: i, Name: name, Path: file.Path}
		}
	}
	return nil
}

// Assigned reports whether the variable d declares is written after its
// declaration: assigned (=, +=, ...), incremented, a target of a
// destructuring assignment, or the variable of a for-in or for-of head
// that does not declare it.
func Assigned(file *source.File, d *Decl) bool {
	in := scope.Of(file.AST)
	sym := in.Resolve(d.Ident)
	if sym == nil {
		return false
	}
	for u := range in.Uses(sym) {
		if written(file.Index, u) {
			return true
		}
	}
	return false
}

// written reports whether the reference id is a target the code stores
// into rather than a value it reads.
func written(ix *source.Index, id *jsast.Node) bool {
	n := id
	for {
		p := ix.Parent(n)
		if p == nil {
			return false
		}
		switch p.Kind {
		case jsast.KindBinary:
			return p.Left() == n && p.Op.IsAssignment()
		case jsast.KindPrefix, jsast.KindPostfix:
			return p.Op == jsast.TPlusPlus || p.Op == jsast.TMinusMinus
		case jsast.KindForIn, jsast.KindForOf:
			return p.Left() == n
		case jsast.KindParen, jsast.KindAs, jsast.KindSatisfies, jsast.KindNonNull, jsast.KindTypeAssertion,
			jsast.KindArrayLit, jsast.KindObjectLit, jsast.KindSpread:
			// (x) = v, and the elements of a literal that may be a
			// destructuring target: the assignment above decides.
		case jsast.KindPropertyAssign:
			if p.Value() != n {
				return false
			}
		case jsast.KindShorthandProp:
			if p.Name != n {
				return false // the default of { x = d } = v is read
			}
		default:
			return false
		}
		n = p
	}
}

// CalledFunc returns the function a call runs when that is known from
// syntax: fn() for a function or const arrow of the file, this.m() for a
// method or arrow field of the enclosing top-level class. nil otherwise.
func CalledFunc(file *source.File, call *jsast.Node) *jsast.Node {
	f := file.AST
	if call == nil || call.Kind != jsast.KindCall {
		return nil
	}
	callee := jsast.Unwrap(call.Callee())
	if callee == nil {
		return nil
	}
	if callee.Kind == jsast.KindIdentifier {
		d := Lookup(file, callee)
		if d == nil || d.Param != nil || d.Pattern != nil || d.Init == nil || !d.Const {
			return nil
		}
		if fn := jsast.Unwrap(d.Init); fn != nil && IsFunc(fn) {
			return fn
		}
		return nil
	}
	m := thisField(f, callee)
	if m == "" {
		return nil
	}
	for _, c := range file.Classes {
		if c.Node.Start <= call.Start && call.End <= c.Node.End {
			if meth := c.Method(m); meth != nil {
				return meth.Func
			}
		}
	}
	return nil
}

// FuncCalls yields, in source order, the calls of file for which
// CalledFunc may find a function: those of a const function of the file
// and those of this.m(). The calls are found once per module, not again
// for every project that reaches it.
func FuncCalls(file *source.File) iter.Seq[*jsast.Node] {
	f := file.AST
	if f == nil {
		return func(func(*jsast.Node) bool) {}
	}
	return file.Index.Select(nil, funcCalls{}, func(call *jsast.Node) bool {
		callee := jsast.Unwrap(call.Callee())
		if callee == nil {
			return false
		}
		if callee.Kind == jsast.KindIdentifier {
			d := Lookup(file, callee)
			if d == nil || d.Param != nil || d.Pattern != nil || d.Init == nil || !d.Const {
				return false
			}
			fn := jsast.Unwrap(d.Init)
			return fn != nil && IsFunc(fn)
		}
		return thisField(f, callee) != ""
	}, jsast.KindCall)
}

type funcCalls struct{}

type funcCallsKey string

// FuncCall is a call and the function CalledFunc finds it runs.
type FuncCall struct {
	Call, Func *jsast.Node
}

// FuncCallsOf lists, in source order, the calls of file for which
// CalledFunc finds a function, with that function. What a call runs
// follows from the module and the classes the project found in it (a
// factory's class is one only where a module of the project calls the
// factory), so the list is made once per module and set of classes, and
// shared by every project that reaches the module with those classes;
// callers must not change it.
func FuncCallsOf(file *source.File) []FuncCall {
	var key strings.Builder
	key.WriteString("funcCalls")
	for _, c := range file.Classes {
		fmt.Fprintf(&key, ",%d", c.Node.Start)
	}
	return source.PerModule(file, funcCallsKey(key.String()), func() []FuncCall {
		var out []FuncCall
		for call := range FuncCalls(file) {
			if fn := CalledFunc(file, call); fn != nil {
				out = append(out, FuncCall{call, fn})
			}
		}
		return out
	})
}

// WrapperHomes returns the modules of wrappers (see Wrapper.Path): the
// only ones whose FuncCallsOf can hold a call of one of them.
func WrapperHomes(wrappers map[*jsast.Node]*Wrapper) map[string]bool {
	homes := make(map[string]bool, len(wrappers))
	for _, w := range wrappers {
		homes[w.Path] = true
	}
	return homes
}
