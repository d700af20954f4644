package source

import (
	"sort"

	"github.com/dolint-dev/dolint/jsast"
)

// maxFactoryDepth bounds how many re-exports and aliases are followed to
// find the function a constant's initializer calls.
const maxFactoryDepth = 8

// factoryClasses turns the top-level constants of f that are initialised
// with a call of a function returning a class into classes of the graph:
// `export const Room = makeRoom("chat")` and `const Lobby = withLogging(Base)`.
// Each constant gets a Class of its own, named after it; classes that share
// a node are listed once in Result.Classes (see Result.listClasses).
func (r *Result) factoryClasses(f *File) {
	if f.AST == nil || f.facts == nil {
		return
	}
	for _, v := range f.facts.aliases {
		l := f.Local(v.name)
		if l == nil || l.Kind != LocalVar || l.Node != v.decl {
			continue
		}
		call := v.init
		if call.Kind == jsast.KindIdentifier {
			// const Room = ChatRoom: another name for a class of the
			// module, as export { ChatRoom as Room } would be.
			if src := f.Local(f.AST.NameOf(call)); src != nil && src.Kind == LocalClass && src != l {
				l.Kind, l.Class = LocalClass, src.Class
			}
			continue
		}
		fnFile, fn := r.funcOf(f, call.X, 0)
		if fn == nil {
			continue
		}
		node := returnedClass(fnFile, fn)
		if node == nil {
			continue
		}
		c := fnFile.factoryClass(node, l.Name, &FactoryCall{File: f, Call: call, Func: fn})
		l.Kind, l.Class = LocalClass, c
		if e := f.Export(l.Name); e != nil && e.Local == l.Name {
			e.Class = c
		}
	}
}

// factoryClass records the class node a factory returns as a class of f
// named name, keeping f.Classes in source order.
func (f *File) factoryClass(node *jsast.Node, name string, fc *FactoryCall) *Class {
	c := f.newClass(node, node.Name, name)
	c.Factory = fc
	if node.Name == nil {
		c.NameNode = node
	}
	sort.SliceStable(f.Classes, func(i, j int) bool { return f.Classes[i].Node.Start < f.Classes[j].Node.Start })
	return c
}

// funcOf resolves a callee written in f to a function declaration or a
// function-valued constant, through imports and re-exports of the graph.
// It returns the function's module and node, or nil.
func (r *Result) funcOf(f *File, callee *jsast.Node, depth int) (*File, *jsast.Node) {
	callee = unwrap(callee)
	if callee == nil || callee.Kind != jsast.KindIdentifier || depth > maxFactoryDepth || f.AST == nil {
		return nil, nil
	}
	l := f.Local(f.AST.NameOf(callee))
	if l == nil {
		return nil, nil
	}
	return r.funcOfLocal(f, l, depth)
}

func (r *Result) funcOfLocal(f *File, l *Local, depth int) (*File, *jsast.Node) {
	switch l.Kind {
	case LocalFunc:
		if l.Node != nil && l.Node.Body != nil {
			return f, l.Node
		}
		// An overload signature: the implementation is a later
		// declaration of the same name.
		for _, st := range f.AST.Root.List {
			if st.Kind == jsast.KindFuncDecl && st.Body != nil && st.Name != nil && f.AST.NameOf(st.Name) == l.Name {
				return f, st
			}
		}
	case LocalVar:
		if init := unwrap(l.Init); init != nil && (init.Kind == jsast.KindArrowFunc || init.Kind == jsast.KindFuncExpr) {
			return f, init
		}
		if init := unwrap(l.Init); init != nil && init.Kind == jsast.KindIdentifier {
			return r.funcOf(f, init, depth+1)
		}
	case LocalImport:
		im := l.Import
		if im.TypeOnly || im.Imported == "*" || im.Dep.Kind != DepModule {
			return nil, nil
		}
		sym, st := r.LookupExport(im.Dep.File, im.Imported)
		if st != Found || sym.Local == nil || sym.File == nil {
			return nil, nil
		}
		return r.funcOfLocal(sym.File, sym.Local, depth+1)
	}
	return nil, nil
}

// returnedClass returns the class a function returns: an arrow function
// whose body is a class expression, or a `return` of a class expression or
// of a class declared in the function's own body. The first such return
// wins; nil when there is none.
func returnedClass(f *File, fn *jsast.Node) *jsast.Node {
	if fn.Body == nil {
		return nil
	}
	if b := unwrap(fn.Body); b.Kind == jsast.KindClassExpr {
		return b
	}
	if fn.Body.Kind != jsast.KindBlock {
		return nil
	}
	for ret := range f.Index.Nodes(fn.Body, jsast.KindReturn) {
		if !ownedBy(f.Index, ret, fn) {
			continue
		}
		x := unwrap(ret.X)
		if x == nil {
			continue
		}
		switch x.Kind {
		case jsast.KindClassExpr:
			return x
		case jsast.KindIdentifier:
			name := f.AST.NameOf(x)
			for cd := range f.Index.Nodes(fn.Body, jsast.KindClassDecl) {
				if cd.Name != nil && f.AST.NameOf(cd.Name) == name && ownedBy(f.Index, cd, fn) {
					return cd
				}
			}
		}
	}
	return nil
}

// ownedBy reports whether fn is the innermost function holding n.
func ownedBy(ix *Index, n, fn *jsast.Node) bool {
	for a := range ix.Ancestors(n) {
		switch a.Kind {
		case jsast.KindFuncDecl, jsast.KindFuncExpr, jsast.KindArrowFunc, jsast.KindMethodDecl,
			jsast.KindConstructor, jsast.KindGetAccessor, jsast.KindSetAccessor, jsast.KindClassDecl,
			jsast.KindClassExpr:
			return a == fn
		}
	}
	return false
}
