package dosrc

import (
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// StateField returns the name of the instance field that holds the
// object's DurableObjectState in class c: "ctx" for classes that extend
// DurableObject (the base class sets this.ctx), otherwise the field the
// constructor stores its first parameter in (this.state = state, or a
// TypeScript parameter property). "" when the class keeps no such field.
func StateField(c *source.Class) string {
	f := c.File.AST
	if ctor := c.Method("constructor"); ctor != nil && ctor.Func.Body != nil && len(ctor.Func.Params()) > 0 {
		p := ctor.Func.Params()[0]
		if p.Name != nil && p.Name.Kind == jsast.KindIdentifier {
			if p.Flags&(jsast.FlagPublic|jsast.FlagPrivate|jsast.FlagProtected|jsast.FlagReadonly) != 0 {
				return f.NameOf(p.Name)
			}
			in := scope.Of(f)
			for b := range c.File.Index.Nodes(ctor.Func.Body, jsast.KindBinary) {
				if b.Op != jsast.TEquals {
					continue
				}
				y := jsast.Unwrap(b.Right())
				if y == nil || y.Kind != jsast.KindIdentifier {
					continue
				}
				if sym := in.Resolve(y); sym == nil || sym.Ident != p.Name {
					continue
				}
				if field := thisField(f, b.Left()); field != "" {
					return field
				}
			}
		}
	}
	if c.ExtendsDO == source.Yes {
		return "ctx"
	}
	// A class whose chain is not known but that reads this.ctx gets it
	// from its base.
	for pa := range c.Nodes(jsast.KindPropertyAccess) {
		if thisField(f, pa) == "ctx" {
			return "ctx"
		}
	}
	return ""
}

// thisField returns name for this.name, else "".
func thisField(f *jsast.File, n *jsast.Node) string {
	x, name, ok := f.Member(n)
	if !ok {
		return ""
	}
	if x = jsast.Unwrap(x); x == nil || x.Kind != jsast.KindThis {
		return ""
	}
	return name
}

// ThisField returns name when n is this.name, else "".
func ThisField(f *jsast.File, n *jsast.Node) string { return thisField(f, n) }

// StateRef is the expression code inside a method of c uses for the
// object's state: "this.ctx", "this.state", ...; "" when unknown.
func StateRef(c *source.Class) string {
	if field := StateField(c); field != "" {
		return "this." + field
	}
	return ""
}

const maxDepth = 6

// IsState reports whether expr, inside class c, denotes the object's
// DurableObjectState: this.ctx (or the class's state field), the
// constructor's first parameter, or a local initialised with one of those.
func IsState(c *source.Class, expr *jsast.Node) bool {
	return isState(c, expr, 0)
}

func isState(c *source.Class, expr *jsast.Node, depth int) bool {
	f := c.File.AST
	e := jsast.Unwrap(expr)
	if e == nil || depth > maxDepth {
		return false
	}
	if field := thisField(f, e); field != "" {
		return field == "ctx" || field == StateField(c)
	}
	if e.Kind != jsast.KindIdentifier {
		return false
	}
	d := Lookup(c.File, e)
	if d == nil {
		return false
	}
	if d.Param != nil && d.Pattern == nil {
		ctor := c.Method("constructor")
		return ctor != nil && d.Func == ctor.Func && len(d.Func.Params()) > 0 && d.Func.Params()[0] == d.Param
	}
	if d.Pattern == nil && d.Init != nil {
		return isState(c, d.Init, depth+1)
	}
	return false
}

// IsStorage reports whether expr, inside class c, denotes the object's
// storage (DurableObjectStorage) or a transaction handle, which has the
// same alarm and KV methods: state.storage, a field or local initialised
// from it, `const { storage } = this.ctx`, or the parameter of a
// storage.transaction(txn => ...) callback.
func IsStorage(c *source.Class, expr *jsast.Node) bool {
	return isStorage(c, expr, 0)
}

func isStorage(c *source.Class, expr *jsast.Node, depth int) bool {
	f := c.File.AST
	e := jsast.Unwrap(expr)
	if e == nil || depth > maxDepth {
		return false
	}
	if x, name, ok := f.Member(e); ok {
		if name == "storage" && isState(c, x, depth+1) {
			return true
		}
		if field := thisField(f, e); field != "" {
			return storageField(c, field, depth)
		}
		return false
	}
	if e.Kind != jsast.KindIdentifier {
		return false
	}
	d := Lookup(c.File, e)
	if d == nil {
		return false
	}
	switch {
	case d.Param != nil && d.Pattern == nil:
		return isTxnParam(c, d, depth)
	case d.Pattern != nil && d.Init != nil:
		key, ok := ElementKey(f, c.File.Index, d.Pattern)
		parent := c.File.Index.Parent(d.Pattern)
		// Only const { storage } = state, not a nested pattern.
		if !ok || key != "storage" || parent == nil || parent.Kind != jsast.KindObjectBindingPattern {
			return false
		}
		vd := c.File.Index.Parent(parent)
		return vd != nil && vd.Kind == jsast.KindVarDecl && isState(c, d.Init, depth+1)
	case d.Init != nil:
		return isStorage(c, d.Init, depth+1)
	}
	return false
}

// storageField reports whether this.field holds the storage: assigned
// from a storage expression in the constructor, or declared as a class
// property initialised with one.
func storageField(c *source.Class, field string, depth int) bool {
	f := c.File.AST
	for _, member := range c.Node.List {
		if member.Kind == jsast.KindPropertyDecl && member.Init() != nil && f.NameOf(member.Name) == field &&
			!member.Has(jsast.FlagStatic) {
			return isStorage(c, member.Init(), depth+1)
		}
	}
	ctor := c.Method("constructor")
	if ctor == nil || ctor.Func.Body == nil {
		return false
	}
	for b := range c.File.Index.Nodes(ctor.Func.Body, jsast.KindBinary) {
		if b.Op == jsast.TEquals && thisField(f, b.Left()) == field {
			return isStorage(c, b.Right(), depth+1)
		}
	}
	return false
}

// isTxnParam reports whether the parameter d is the first parameter of a
// callback passed to storage.transaction(...).
func isTxnParam(c *source.Class, d *Decl, depth int) bool {
	fn := d.Func
	if fn == nil || len(fn.Params()) == 0 || fn.Params()[0] != d.Param {
		return false
	}
	outer, call := Outer(c.File.Index, fn)
	if call == nil || call.Kind != jsast.KindCall || len(call.Args()) == 0 || call.Args()[0] != outer {
		return false
	}
	recv, name := c.File.AST.CalleeName(call)
	return name == "transaction" && isStorage(c, recv, depth+1)
}

// StorageCall matches a call of storage method name on class c's storage:
// this.ctx.storage.setAlarm(...), storage.setAlarm(...) with an alias,
// txn.setAlarm(...) in a transaction.
func StorageCall(c *source.Class, call *jsast.Node, name string) bool {
	if call.Kind != jsast.KindCall {
		return false
	}
	recv, got := c.File.AST.CalleeName(call)
	return got == name && recv != nil && IsStorage(c, recv)
}
