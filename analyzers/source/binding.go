package source

import (
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// localOf returns the top-level declaration that the identifier id, in
// the extends expression of class in (nil: in a top-level initializer),
// refers to; nil when a declaration inside a function, block or class
// expression hides it, or when no declaration of f binds it.
//
// Only a factory's class sits inside a function. Elsewhere the one scope
// between the expression and the module is a class expression's own
// name, so the module's declarations answer without resolving the file's
// scopes, which would cost more than the rest of the graph's work on it.
func (f *File) localOf(id *jsast.Node, in *Class) *Local {
	if in == nil || in.Factory == nil {
		name := f.AST.NameOf(id)
		if in != nil && in.Node.Kind == jsast.KindClassExpr && in.Node.Name != nil && f.AST.NameOf(in.Node.Name) == name {
			return nil
		}
		return f.Local(name)
	}
	return f.scopedLocal(id)
}

func (f *File) scopedLocal(id *jsast.Node) *Local {
	sym := scope.Of(f.AST).Resolve(id)
	if sym == nil || sym.Scope.Kind != scope.ModuleScope {
		return nil
	}
	return f.Local(sym.Name)
}

// global reports whether the identifier id refers to a global: nothing
// in f declares it where it is used, or only a declaration the compiler
// erases (declare function addEventListener ..., import type), which
// describes the global rather than hiding it.
func (f *File) global(id *jsast.Node) bool {
	in := scope.Of(f.AST)
	sym := in.Resolve(id)
	if sym == nil {
		return in.Unresolved(id)
	}
	return sym.Ident != id && (sym.Ambient || sym.TypeOnly)
}
