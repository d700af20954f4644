package source

import (
	"sync"
	"sync/atomic"

	"github.com/dolint-dev/dolint/jsast"
)

// File is one reachable JS/TS module and what it imports, exports and
// declares at the top level.
type File struct {
	Path string      // absolute
	AST  *jsast.File // nil when the file could not be read or parsed at all
	// ParseFailure says why AST is nil; syntax errors of a parsed file
	// are in AST.Errors instead.
	ParseFailure string
	Index        *Index // every node, for kind queries; empty when AST is nil

	Deps    []*Dep    // every module specifier, in source order
	Imports []*Import // import bindings, in source order
	Exports []*Export // named and default exports, in source order
	Stars   []*Dep    // targets of `export * from`, in source order
	Classes []*Class  // top-level and factory-made classes, Durable Objects or not, by position

	facts *facts // what the module's projects share
	// own holds f's copies of the top-level declarations that are not
	// shared, by slot (facts.localSlot), made on first use.
	own []atomic.Pointer[Local]
	// context is FileContext's answer, made once.
	contextOnce sync.Once
	context     string
	// mod is the shared parse; holding it keeps the run from dropping
	// the tree while this project uses it.
	mod *module
}

// Local returns the top-level declaration of name in f, or nil.
func (f *File) Local(name string) *Local {
	fx := f.facts
	if fx == nil {
		return nil
	}
	if i, ok := fx.names[name]; ok {
		if f.own != nil {
			if slot := fx.localSlot[i]; slot >= 0 {
				return f.ownLocal(i, slot)
			}
		}
		return fx.locals[i]
	}
	return nil
}

// Export returns f's own export entry for name ("default" for the default
// export), not following `export *`; nil if f has none.
func (f *File) Export(name string) *Export {
	for _, e := range f.Exports {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// DepKind says what a module specifier resolved to.
type DepKind int

const (
	DepNotFound DepKind = iota // a path with no file behind it
	DepModule                  // a JS/TS file of the graph (Dep.File)
	DepAsset                   // an existing non-JS file (json, wasm, text)
	DepBuiltin                 // cloudflare:*, node:*, workerd:*
	DepExternal                // an installed or unknown package, not followed
)

// Dep is one module specifier of a file: an import, a re-export, or a
// dynamic import() or require() with a literal argument.
type Dep struct {
	Spec string      // decoded specifier
	Node *jsast.Node // the string literal
	Kind DepKind
	Path string // resolved path for DepModule and DepAsset
	File *File  // the parsed module for DepModule
}

// Import is one binding an import declaration creates.
type Import struct {
	Local    string      // the local name
	Imported string      // the exported name in Dep; "default", or "*" for a namespace
	Node     *jsast.Node // the specifier (or clause) that binds Local
	TypeOnly bool        // import type / { type X }: erased by the compiler
	Dep      *Dep
}

// Export is one name a module exports by its own statements.
type Export struct {
	Name string      // the exported name; "default" for the default export
	Node *jsast.Node // where the export is written: specifier, declaration or `export default` statement
	// Local is the binding exported, for exports of this module's own
	// declarations and imports; "" for re-exports and for anonymous
	// default exports (export default { fetch }).
	Local string
	// Dep and Imported are set for re-exports (export { a as b } from "m",
	// export * as ns from "m"); Imported is "*" for a namespace.
	Dep      *Dep
	Imported string
	// Value is the exported expression of `export default <expr>`, or nil.
	Value *jsast.Node
	// Class is the class an export declares in place (export class X,
	// export default class {}), anonymous ones included.
	Class    *Class
	TypeOnly bool // export type, { type X }, interfaces, type aliases, declare
}

// LocalKind classifies a top-level declaration.
type LocalKind int

const (
	LocalOther  LocalKind = iota
	LocalClass            // class declaration, or const X = class ...
	LocalFunc             // function declaration
	LocalVar              // var, let, const (Init holds the initializer)
	LocalImport           // an import binding (Import)
	LocalType             // interface, type alias: no runtime value
	LocalEnum             // enum or namespace
)

// Local is a top-level binding of a module.
type Local struct {
	Name   string
	Kind   LocalKind
	Node   *jsast.Node // the declaration (VarDecl for variables)
	Init   *jsast.Node // a variable's initializer
	Class  *Class      // for LocalClass
	Import *Import     // for LocalImport
}

// collect fills f's module facts from its AST and returns its top-level
// declarations, one per name, and the index of each name's; dynamic are
// the literals of its import() and require() calls (dynamicSpecs). Deps
// lists the specifiers as they are met; resolution fills them in later.
func (f *File) collect(dynamic []*jsast.Node) (locals []*Local, names map[string]int32) {
	if f.AST == nil {
		return nil, map[string]int32{}
	}
	src := f.AST
	names = make(map[string]int32, len(src.Root.List))
	newDep := func(lit *jsast.Node) *Dep {
		if lit == nil || lit.Kind != jsast.KindStringLiteral {
			return nil
		}
		d := &Dep{Spec: src.NameOf(lit), Node: lit}
		f.Deps = append(f.Deps, d)
		return d
	}
	declare := func(l *Local) {
		if l.Name == "" {
			return
		}
		i, ok := names[l.Name]
		if !ok {
			names[l.Name] = int32(len(locals))
			locals = append(locals, l)
			return
		}
		// A class merged with an interface or namespace keeps its class.
		if locals[i].Kind != LocalType && l.Kind == LocalType {
			return
		}
		locals[i] = l
	}
	for _, st := range src.Root.List {
		switch st.Kind {
		case jsast.KindImportDecl:
			dep := newDep(st.Y)
			cl := st.X
			if cl == nil || dep == nil {
				continue
			}
			typeOnly := cl.Has(jsast.FlagTypeOnly)
			add := func(local, imported string, node *jsast.Node, t bool) {
				im := &Import{Local: local, Imported: imported, Node: node, TypeOnly: typeOnly || t, Dep: dep}
				f.Imports = append(f.Imports, im)
				declare(&Local{Name: local, Kind: LocalImport, Node: node, Import: im})
			}
			if cl.Name != nil {
				add(src.NameOf(cl.Name), "default", cl.Name, false)
			}
			if b := cl.Y; b != nil {
				switch b.Kind {
				case jsast.KindNamespaceImport:
					add(src.NameOf(b.Name), "*", b, false)
				case jsast.KindNamedImports:
					for _, sp := range b.List {
						imported := src.NameOf(sp.X)
						if sp.X == nil {
							imported = src.NameOf(sp.Name)
						}
						add(src.NameOf(sp.Name), imported, sp, sp.Has(jsast.FlagTypeOnly))
					}
				}
			}
		case jsast.KindImportEquals:
			if ref := st.Y; ref != nil && ref.Kind == jsast.KindExternalModuleRef {
				if dep := newDep(ref.X); dep != nil {
					im := &Import{Local: src.NameOf(st.Name), Imported: "*", Node: st, TypeOnly: st.Has(jsast.FlagTypeOnly), Dep: dep}
					f.Imports = append(f.Imports, im)
					declare(&Local{Name: im.Local, Kind: LocalImport, Node: st, Import: im})
				}
			}
		case jsast.KindExportDecl:
			dep := newDep(st.Y)
			typeOnly := st.Has(jsast.FlagTypeOnly)
			switch {
			case st.X == nil:
				if dep != nil {
					f.Stars = append(f.Stars, dep)
				}
			case st.X.Kind == jsast.KindNamespaceExport:
				f.Exports = append(f.Exports, &Export{Name: src.NameOf(st.X.Name), Node: st.X, Dep: dep, Imported: "*", TypeOnly: typeOnly})
			case st.X.Kind == jsast.KindNamedExports:
				for _, sp := range st.X.List {
					inner := src.NameOf(sp.X)
					if sp.X == nil {
						inner = src.NameOf(sp.Name)
					}
					e := &Export{Name: src.NameOf(sp.Name), Node: sp, TypeOnly: typeOnly || sp.Has(jsast.FlagTypeOnly)}
					if dep != nil {
						e.Dep, e.Imported = dep, inner
					} else {
						e.Local = inner
					}
					f.Exports = append(f.Exports, e)
				}
			}
		case jsast.KindExportAssign:
			if st.Has(jsast.FlagExportEquals) {
				continue
			}
			e := &Export{Name: "default", Node: st, Value: st.X}
			if x := unwrap(st.X); x != nil && x.Kind == jsast.KindIdentifier {
				e.Local = src.NameOf(x)
			} else if x != nil && x.Kind == jsast.KindClassExpr {
				c := f.newClass(x, x.Name, nameOrDefault(src, x.Name))
				e.Local, e.Class = c.localName(), c
				if x.Name != nil {
					declare(&Local{Name: c.Name, Kind: LocalClass, Node: x, Class: c})
				}
			}
			f.Exports = append(f.Exports, e)
		default:
			f.declaration(st, declare)
		}
	}
	for _, lit := range dynamic {
		newDep(lit)
	}
	return locals, names
}

// declaration records a top-level declaration statement, and its export
// when it has the export modifier.
func (f *File) declaration(st *jsast.Node, declare func(*Local)) {
	src := f.AST
	exported := st.Has(jsast.FlagExport)
	isDefault := st.Has(jsast.FlagDefault)
	erased := st.Has(jsast.FlagDeclare) && src.Lang != jsast.LangDTS
	export := func(local string, node *jsast.Node, typeOnly bool) *Export {
		if !exported {
			return nil
		}
		name := local
		if isDefault {
			name = "default"
		}
		e := &Export{Name: name, Node: node, Local: local, TypeOnly: typeOnly || erased}
		f.Exports = append(f.Exports, e)
		return e
	}
	switch st.Kind {
	case jsast.KindClassDecl:
		c := f.newClass(st, st.Name, nameOrDefault(src, st.Name))
		if st.Name != nil {
			declare(&Local{Name: c.Name, Kind: LocalClass, Node: st, Class: c})
		}
		if e := export(c.localName(), st, false); e != nil {
			e.Class = c
		}
	case jsast.KindFuncDecl:
		name := src.NameOf(st.Name)
		declare(&Local{Name: name, Kind: LocalFunc, Node: st})
		if st.Body != nil || f.Export(name) == nil {
			export(name, st, false) // overloads export one name
		}
	case jsast.KindVarStmt:
		for _, d := range st.List {
			if d.Kind != jsast.KindVarDecl || d.Name == nil {
				continue
			}
			if d.Name.Kind == jsast.KindIdentifier {
				name := src.NameOf(d.Name)
				l := &Local{Name: name, Kind: LocalVar, Node: d, Init: d.Y}
				if init := unwrap(d.Y); init != nil && init.Kind == jsast.KindClassExpr {
					l.Kind = LocalClass
					l.Class = f.newClass(init, d.Name, name)
				}
				declare(l)
				if e := export(name, d, false); e != nil {
					e.Class = l.Class
				}
				continue
			}
			for _, id := range bindingNames(d.Name, nil) {
				name := src.NameOf(id)
				declare(&Local{Name: name, Kind: LocalVar, Node: d})
				export(name, id, false)
			}
		}
	case jsast.KindEnumDecl, jsast.KindModuleDecl:
		if st.Name == nil || st.Name.Kind != jsast.KindIdentifier {
			return
		}
		name := src.NameOf(st.Name)
		declare(&Local{Name: name, Kind: LocalEnum, Node: st})
		export(name, st, false)
	case jsast.KindInterfaceDecl, jsast.KindTypeAliasDecl:
		name := src.NameOf(st.Name)
		declare(&Local{Name: name, Kind: LocalType, Node: st})
		export(name, st, true)
	}
}

// bindingNames appends the identifiers a binding pattern declares.
func bindingNames(n *jsast.Node, out []*jsast.Node) []*jsast.Node {
	if n == nil {
		return out
	}
	switch n.Kind {
	case jsast.KindIdentifier:
		return append(out, n)
	case jsast.KindObjectBindingPattern, jsast.KindArrayBindingPattern:
		for _, e := range n.List {
			out = bindingNames(e, out)
		}
	case jsast.KindBindingElement:
		out = bindingNames(n.Name, out)
	}
	return out
}

// unwrap strips what does not change which value an expression denotes:
// parentheses and type assertions.
func unwrap(n *jsast.Node) *jsast.Node {
	for n != nil {
		switch n.Kind {
		case jsast.KindParen, jsast.KindAs, jsast.KindSatisfies, jsast.KindNonNull, jsast.KindTypeAssertion, jsast.KindExprWithTypeArgs:
			n = n.X
		default:
			return n
		}
	}
	return nil
}

func nameOrDefault(f *jsast.File, n *jsast.Node) string {
	if n == nil {
		return "default"
	}
	return f.NameOf(n)
}
