package sqlinjection

import (
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// elementMethods call their callback with an element of the receiver as
// the first argument.
var elementMethods = map[string]bool{
	"map": true, "flatMap": true, "forEach": true, "filter": true, "some": true, "every": true,
	"find": true, "findLast": true, "findIndex": true, "findLastIndex": true,
}

// safeElementParam reports whether the parameter d is the element
// parameter of a callback that an array method runs over a safe array:
// ["a", "b"].map((table) => ...), TABLES.forEach((t) => ...).
func (v *eval) safeElementParam(file *source.File, d *dosrc.Decl, depth int) bool {
	fn := d.Func
	if fn == nil || d.Pattern != nil || len(fn.Params()) == 0 || fn.Params()[0] != d.Param || d.Param.Has(jsast.FlagRest) {
		return false
	}
	if fn.Kind != jsast.KindArrowFunc && fn.Kind != jsast.KindFuncExpr {
		return false
	}
	call := file.Index.Parent(fn)
	for call != nil && call.Kind == jsast.KindParen {
		call = file.Index.Parent(call)
	}
	if call == nil || call.Kind != jsast.KindCall || len(call.Args()) == 0 || jsast.Unwrap(call.Args()[0]) != fn {
		return false
	}
	recv, name := file.AST.CalleeName(call)
	return recv != nil && elementMethods[name] && v.safeArray(file, recv, depth+1) && !assigned(file, d)
}

// safeLoopVar reports whether d is the variable of a for-of loop over a
// safe array that the loop body does not reassign:
// for (const table of ["a", "b"]).
func (v *eval) safeLoopVar(file *source.File, d *dosrc.Decl, depth int) bool {
	if d.Param != nil || d.Pattern != nil || d.Init != nil {
		return false
	}
	decl := file.Index.Parent(d.Ident)
	if decl == nil || decl.Kind != jsast.KindVarDecl {
		return false
	}
	stmt := file.Index.Parent(decl)
	if stmt == nil || stmt.Kind != jsast.KindVarStmt || len(stmt.List) != 1 {
		return false
	}
	loop := file.Index.Parent(stmt)
	if loop == nil || loop.Kind != jsast.KindForOf || loop.Left() != stmt || loop.Has(jsast.FlagAwait) {
		return false
	}
	return v.safeArray(file, loop.Right(), depth+1) && (d.Const || !assigned(file, d))
}

// assigned reports whether anything assigns to the name d declares.
func assigned(file *source.File, d *dosrc.Decl) bool {
	if len(assignments(file, d)) > 0 {
		return true
	}
	f := file.AST
	name := f.NameOf(d.Ident)
	scopeNode := d.Func
	if scopeNode == nil {
		scopeNode = f.Root
	}
	for n := range file.Index.Nodes(scopeNode, jsast.KindPrefix, jsast.KindPostfix) {
		if n.Op != jsast.TPlusPlus && n.Op != jsast.TMinusMinus {
			continue
		}
		x := jsast.Unwrap(n.Operand())
		if x != nil && x.Kind == jsast.KindIdentifier && f.NameOf(x) == name {
			if dd := dosrc.Lookup(file, x); dd != nil && dd.Ident == d.Ident {
				return true
			}
		}
	}
	return false
}
