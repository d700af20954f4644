// Package dosrc holds the small syntactic questions that rules about
// Durable Object source code keep asking: what a call's callee is, which
// function a node sits in, what a local name was initialised with, and
// whether an expression denotes the object's state (ctx) or its storage.
//
// Everything here is syntax plus the file's node index: no type
// information. Answers err on the side of "not recognised", so that a
// rule built on them stays quiet rather than guessing.
package dosrc

import (
	"iter"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// IsGlobal reports whether a call or new expression in file calls the
// global function name: `name(...)` where name is not declared or
// imported in the file, `globalThis.name(...)` or `self.name(...)`.
func IsGlobal(file *source.File, call *jsast.Node, name string) bool {
	f := file.AST
	recv, got := f.CalleeName(call)
	if got != name {
		return false
	}
	if recv == nil {
		return Global(file, jsast.Unwrap(call.Callee()))
	}
	r := jsast.Unwrap(recv)
	return r != nil && r.Kind == jsast.KindIdentifier && (f.NameOf(r) == "globalThis" || f.NameOf(r) == "self")
}

// Global reports whether the identifier id refers to a global: no
// declaration of the file binds it where it is used, or only an ambient
// one (declare function setTimeout ...), which describes the global
// rather than hiding it.
func Global(file *source.File, id *jsast.Node) bool {
	if file.AST == nil || id == nil || id.Kind != jsast.KindIdentifier {
		return false
	}
	in := scope.Of(file.AST)
	if sym := in.Resolve(id); sym != nil {
		return sym.Ambient && sym.Ident != id
	}
	return in.Unresolved(id)
}

// TopLevel returns the top-level declaration the identifier id refers
// to, or nil when id refers to a name declared inside a function or
// block, or to no declaration of the file.
func TopLevel(file *source.File, id *jsast.Node) *source.Local {
	if file.AST == nil || id == nil || id.Kind != jsast.KindIdentifier {
		return nil
	}
	sym := scope.Of(file.AST).Resolve(id)
	if sym == nil || sym.Scope.Kind != scope.ModuleScope {
		return nil
	}
	return file.Local(sym.Name)
}

// IsFunc reports whether n is a function-like node: a function
// declaration or expression, an arrow function, a method, accessor or
// constructor.
func IsFunc(n *jsast.Node) bool {
	switch n.Kind {
	case jsast.KindFuncDecl, jsast.KindFuncExpr, jsast.KindArrowFunc, jsast.KindMethodDecl,
		jsast.KindConstructor, jsast.KindGetAccessor, jsast.KindSetAccessor:
		return true
	}
	return false
}

// EnclosingFunc returns the innermost function-like node that holds n,
// or nil at the top level.
func EnclosingFunc(ix *source.Index, n *jsast.Node) *jsast.Node {
	for a := range ix.Ancestors(n) {
		if IsFunc(a) {
			return a
		}
		if a.Kind == jsast.KindClassDecl || a.Kind == jsast.KindClassExpr || a.Kind == jsast.KindStaticBlock {
			return nil
		}
	}
	return nil
}

// Outer returns the node that stands for n's value in its context:
// going up through parentheses and type assertions.
func Outer(ix *source.Index, n *jsast.Node) (outer, parent *jsast.Node) {
	outer = n
	for {
		p := ix.Parent(outer)
		if p == nil {
			return outer, nil
		}
		switch p.Kind {
		case jsast.KindParen, jsast.KindAs, jsast.KindSatisfies, jsast.KindNonNull, jsast.KindTypeAssertion:
			outer = p
			continue
		}
		return outer, p
	}
}

// IsAwaited reports whether the value of n is awaited: `await n`, or n
// handed to Promise.all/allSettled/race/any whose result is awaited,
// directly or as an array element.
func IsAwaited(f *jsast.File, ix *source.Index, n *jsast.Node) bool {
	for depth := 0; depth < 8; depth++ {
		outer, p := Outer(ix, n)
		if p == nil {
			return false
		}
		switch p.Kind {
		case jsast.KindAwait:
			return true
		case jsast.KindArrayLit:
			n = p
			continue
		case jsast.KindCall:
			if p.Callee() == outer {
				return false
			}
			recv, name := f.CalleeName(p)
			r := jsast.Unwrap(recv)
			if r == nil || r.Kind != jsast.KindIdentifier || f.NameOf(r) != "Promise" {
				return false
			}
			switch name {
			case "all", "allSettled", "race", "any":
				n = p
				continue
			}
		}
		return false
	}
	return false
}

// Decl is what a local name was declared as.
type Decl struct {
	Ident *jsast.Node // the declared identifier
	// Init is the initializer of `const x = init`, or of the whole
	// pattern for a destructured name; nil when there is none.
	Init *jsast.Node
	// Pattern is the binding element of a destructured name
	// (const { storage } = ..., const [a, b] = ...), else nil.
	Pattern *jsast.Node
	// Const is true for const declarations.
	Const bool
	// Param is the parameter node when the name is a parameter.
	Param *jsast.Node
	// Func is the function the name is local to; nil at the top level.
	Func *jsast.Node
}

// Lookup finds the declaration of the identifier use through the
// lexical scopes that hold it (see jsast/scope). It returns nil when use
// resolves to no variable, parameter or function declaration: a global,
// an import, a class, a catch parameter, or not a reference at all.
func Lookup(file *source.File, use *jsast.Node) *Decl {
	if file.AST == nil || use == nil || use.Kind != jsast.KindIdentifier {
		return nil
	}
	sym := scope.Of(file.AST).Resolve(use)
	if sym == nil {
		return nil
	}
	d := &Decl{Ident: sym.Ident, Pattern: sym.Elem, Func: sym.Scope.Func()}
	switch sym.Kind {
	case scope.Var, scope.Let, scope.Const, scope.Using:
		d.Init, d.Const = sym.Decl.Init(), sym.Kind == scope.Const
		if sym.Redeclared {
			d.Init = nil // var x = a; ... var x = b: either may be the value
		}
	case scope.Param:
		d.Param = sym.Decl
	case scope.Func:
		d.Init, d.Const = sym.Decl, true
	default:
		return nil
	}
	return d
}

// ElementKey is the key a binding element takes from its source: the
// property name for { key: x } and { x }, the index for [a, b]. ok is
// false for computed keys and rest elements.
func ElementKey(f *jsast.File, ix *source.Index, e *jsast.Node) (key string, ok bool) {
	if e.Has(jsast.FlagRest) {
		return "", false
	}
	p := ix.Parent(e)
	if p == nil {
		return "", false
	}
	if p.Kind == jsast.KindArrayBindingPattern {
		for i, el := range p.List {
			if el == e {
				return itoa(i), true
			}
		}
		return "", false
	}
	if e.PropertyName() == nil {
		return f.NameOf(e.Name), true
	}
	k := jsast.Unwrap(e.PropertyName())
	if k == nil {
		return "", false
	}
	switch k.Kind {
	case jsast.KindNumericLiteral:
		return f.Text(k), true
	case jsast.KindIdentifier, jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return f.NameOf(k), true
	}
	return "", false
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// CallsNamed yields, in source order, the calls inside within (nil: the
// whole file) whose callee name (see Callee) is one of names. Which calls
// of a module have which names is found once per run, however many
// projects reach the module.
func CallsNamed(file *source.File, within *jsast.Node, names ...string) iter.Seq[*jsast.Node] {
	f := file.AST
	if f == nil || !mentionsAny(file, names) {
		return func(func(*jsast.Node) bool) {}
	}
	return file.Index.Select(within, callsNamed(strings.Join(names, ",")), func(call *jsast.Node) bool {
		_, name := f.CalleeName(call)
		return name != "" && slices.Contains(names, name)
	}, jsast.KindCall)
}

type callsNamed string

// calleeWords are the names rules select calls by, as source words: a
// module that names none of a call's names has no such call, and need
// not have its calls listed.
var calleeWords = func() map[string]source.Word {
	m := map[string]source.Word{}
	for _, n := range []string{"exec", "setAlarm", "deleteAlarm", "deleteAll", "blockConcurrencyWhile", "acceptWebSocket", "setInterval"} {
		m[n] = source.NewWord(n)
	}
	return m
}()

// mentionsAny reports whether file may name one of names; a name that is
// not among calleeWords may be anywhere.
func mentionsAny(file *source.File, names []string) bool {
	words := make([]source.Word, 0, len(names))
	for _, n := range names {
		w, ok := calleeWords[n]
		if !ok {
			return true
		}
		words = append(words, w)
	}
	return file.Mentions(words...)
}
