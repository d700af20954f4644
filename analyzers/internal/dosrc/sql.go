package dosrc

import (
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
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
	recv, got := Callee(c.File.AST, call)
	return got == name && recv != nil && IsSQL(c, recv)
}

// storageMember reports whether expr denotes storage.<member>.
func storageMember(c *source.Class, expr *jsast.Node, member string, depth int) bool {
	f := c.File.AST
	e := Unwrap(expr)
	if e == nil || depth > maxDepth {
		return false
	}
	if x, name, ok := Member(f, e); ok {
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
		if m.Kind == jsast.KindPropertyDecl && m.Y != nil && Name(f, m.Name) == field && !m.Has(jsast.FlagStatic) {
			return storageMember(c, m.Y, member, depth+1)
		}
	}
	ctor := c.Method("constructor")
	if ctor == nil || ctor.Func.Body == nil {
		return false
	}
	for b := range c.File.Index.Nodes(ctor.Func.Body, jsast.KindBinary) {
		if b.Op == jsast.TEquals && thisField(f, b.X) == field {
			return storageMember(c, b.Y, member, depth+1)
		}
	}
	return false
}

// CallText renders a callee the way V8 names it in "x is not a function":
// identifiers, this, property and literal element accesses as written,
// calls as (...), and anything else as (intermediate value).
func CallText(f *jsast.File, n *jsast.Node) string {
	n = Unwrap(n)
	if n == nil {
		return "(intermediate value)"
	}
	switch n.Kind {
	case jsast.KindIdentifier:
		return Name(f, n)
	case jsast.KindThis:
		return "this"
	case jsast.KindPropertyAccess:
		if n.Name != nil {
			return CallText(f, n.X) + "." + f.Text(n.Name)
		}
	case jsast.KindElementAccess:
		if y := Unwrap(n.Y); y != nil && (y.Kind == jsast.KindStringLiteral || y.Kind == jsast.KindNumericLiteral) {
			return CallText(f, n.X) + "[" + f.Text(y) + "]"
		}
	case jsast.KindCall:
		return CallText(f, n.X) + "(...)"
	}
	return "(intermediate value)"
}

// TypedSQL reports whether x is SQL storage by its declared type, for
// helpers outside a Durable Object class: a name typed SqlStorage,
// name.sql with name typed DurableObjectStorage, or name.storage.sql with
// name typed DurableObjectState (parameters and annotated variables).
func TypedSQL(file *source.File, x *jsast.Node) bool {
	f := file.AST
	x = Unwrap(x)
	if x == nil {
		return false
	}
	want := "SqlStorage"
	for _, step := range []struct{ member, typ string }{{"sql", "DurableObjectStorage"}, {"storage", "DurableObjectState"}} {
		if x.Kind == jsast.KindIdentifier {
			break
		}
		obj, name, ok := Member(f, x)
		if !ok || name != step.member {
			return false
		}
		x, want = Unwrap(obj), step.typ
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
	return t != nil && t.Kind == jsast.KindTypeRef && t.Name != nil && t.Name.Kind == jsast.KindIdentifier && Name(f, t.Name) == want
}
