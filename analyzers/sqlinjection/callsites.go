package sqlinjection

import (
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// A private method (#name, or TypeScript's private) is called only from
// its own class, so its parameters hold what those calls pass, and the
// object it returns holds what its return statements put there. These
// two follow a value across such a call: a parameter every call gives a
// safe value, and a name destructured from the method's result.

// privateMethod returns the method of the enclosing class whose function
// is fn, when it is private; else nil.
func privateMethod(file *source.File, fn *jsast.Node) (*source.Class, *source.Method) {
	c := enclosingClass(file, fn)
	if c == nil {
		return nil, nil
	}
	for _, m := range c.Methods {
		if m.Func != fn || m.Static || m.Computed || m.Name == "constructor" {
			continue
		}
		if len(m.Name) > 0 && m.Name[0] == '#' || m.Node.Has(jsast.FlagPrivate) {
			return c, m
		}
	}
	return nil, nil
}

// callsOf returns the calls this.name(...) of the private method m in its
// class, or ok false when the method is referred to any other way (passed
// as a callback, bound, called with spread arguments).
func callsOf(file *source.File, c *source.Class, m *source.Method) (calls []*jsast.Node, ok bool) {
	f := file.AST
	callee := map[*jsast.Node]bool{}
	for call := range c.Nodes(jsast.KindCall) {
		if dosrc.ThisField(f, call.Callee()) == m.Name {
			for _, a := range call.List {
				if a.Kind == jsast.KindSpread {
					return nil, false
				}
			}
			callee[jsast.Unwrap(call.Callee())] = true
			calls = append(calls, call)
		}
	}
	for ref := range c.Nodes(jsast.KindPropertyAccess, jsast.KindElementAccess) {
		if _, name, ok := f.Member(ref); ok && name == m.Name && !callee[ref] {
			return nil, false
		}
	}
	return calls, true
}

// safeParamByCalls reports whether the parameter d of a private method is
// safe at every call: the argument passed, or the default when the call
// passes none.
func (v *eval) safeParamByCalls(file *source.File, d *dosrc.Decl, depth int) bool {
	if d.Pattern != nil || d.Func == nil || d.Param.Has(jsast.FlagRest) || depth > maxDepth {
		return false
	}
	idx := -1
	for i, p := range d.Func.Params() {
		if p == d.Param {
			idx = i
		}
	}
	c, m := privateMethod(file, d.Func)
	if idx < 0 || m == nil {
		return false
	}
	calls, ok := callsOf(file, c, m)
	if !ok || len(calls) == 0 {
		return false
	}
	for _, call := range calls {
		if idx < len(call.List) {
			if !v.safe(file, call.List[idx], depth+1) {
				return false
			}
			continue
		}
		if d.Param.Init() != nil && !v.safe(file, d.Param.Init(), depth+1) {
			return false
		}
	}
	return true
}

// returnedProperty returns, for a name destructured from a call of a local
// function or of a private method of the enclosing class
// (const { a } = this.#m()),
// the expressions every return statement of that function gives the
// property: { a: x } gives x, { a } the identifier a. It returns nil when
// any return is not an object literal that sets the property.
func returnedProperty(file *source.File, d *dosrc.Decl) []*jsast.Node {
	f := file.AST
	el := d.Pattern
	if el == nil || el.Kind != jsast.KindBindingElement || el.Has(jsast.FlagRest) || el.Init() != nil {
		return nil
	}
	if pat := file.Index.Parent(el); pat == nil || pat.Kind != jsast.KindObjectBindingPattern || file.Index.Parent(pat) == nil ||
		file.Index.Parent(pat).Kind != jsast.KindVarDecl {
		return nil // a nested pattern
	}
	key := el.PropertyName()
	if key == nil {
		key = el.Name
	}
	if key == nil || (key.Kind != jsast.KindIdentifier && key.Kind != jsast.KindStringLiteral) {
		return nil
	}
	prop := propName(f, key)
	init := jsast.Unwrap(d.Init)
	if init != nil && init.Kind == jsast.KindAwait {
		init = jsast.Unwrap(init.Operand())
	}
	if init == nil || init.Kind != jsast.KindCall {
		return nil
	}
	var fn *jsast.Node
	callee := jsast.Unwrap(init.Callee())
	switch {
	case callee == nil:
		return nil
	case callee.Kind == jsast.KindIdentifier:
		cd := dosrc.Lookup(file, callee)
		if cd == nil || cd.Param != nil || cd.Pattern != nil || cd.Init == nil || !(cd.Const || cd.Init.Kind == jsast.KindFuncDecl) {
			return nil
		}
		fn = jsast.Unwrap(cd.Init)
	default:
		name := dosrc.ThisField(f, callee)
		c := enclosingClass(file, init)
		if name == "" || c == nil {
			return nil
		}
		m := c.Method(name)
		if m == nil || m.Func == nil {
			return nil
		}
		if _, pm := privateMethod(file, m.Func); pm != m {
			return nil // a subclass may override a method that is not private
		}
		fn = m.Func
	}
	if fn == nil || fn.Body == nil || fn.Body.Kind != jsast.KindBlock || fn.Has(jsast.FlagGenerator) {
		return nil
	}
	var out []*jsast.Node
	for r := range file.Index.Nodes(fn.Body, jsast.KindReturn) {
		if dosrc.EnclosingFunc(file.Index, r) != fn {
			continue
		}
		obj := jsast.Unwrap(r.Expr())
		if obj == nil || obj.Kind != jsast.KindObjectLit {
			return nil
		}
		var val *jsast.Node
		for _, p := range obj.List {
			switch p.Kind {
			case jsast.KindPropertyAssign:
				if p.Name != nil && (p.Name.Kind == jsast.KindIdentifier || p.Name.Kind == jsast.KindStringLiteral) && propName(f, p.Name) == prop {
					val = p.Value()
				}
			case jsast.KindShorthandProp:
				if p.Name != nil && propName(f, p.Name) == prop {
					val = p.Name
				}
			case jsast.KindSpread:
				return nil // could set the property too
			}
		}
		if val == nil {
			return nil
		}
		out = append(out, val)
	}
	return out
}

// propName is the name an identifier or string literal key stands for.
func propName(f *jsast.File, key *jsast.Node) string {
	if key.Kind == jsast.KindStringLiteral {
		return stringValue(f, key)
	}
	return f.NameOf(key)
}
