package source

import (
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// localOf returns the top-level declaration that the identifier id
// refers to, or nil when a declaration inside a function or block hides
// it, or when no declaration of f binds it.
func (f *File) localOf(id *jsast.Node) *Local {
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
