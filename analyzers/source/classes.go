package source

import (
	"iter"
	"sort"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/wrangler"
)

// Class is a top-level class of a reachable module: a class declaration,
// `const X = class ...`, or `export default class ...`; or the class a
// top-level constant gets from a factory or mixin call (see Factory).
type Class struct {
	// Name is the class's binding name: the declared name, the variable
	// for `const X = class`, or "default" for an anonymous default export.
	Name     string
	File     *File
	Node     *jsast.Node // KindClassDecl or KindClassExpr
	NameNode *jsast.Node // what to highlight: the name, or the class node when anonymous
	// Heritage is the `extends` expression as written (type arguments
	// included), or nil.
	Heritage *jsast.Node
	// Bases is the extends chain, nearest first, as far as it resolves.
	Bases []*Base
	// ExtendsDO says whether the chain reaches DurableObject from
	// "cloudflare:workers", directly, through classes of the graph, through
	// mixin calls or through a known library base (see Library).
	ExtendsDO Tristate
	// Library is the package of the known base class the chain reaches
	// ("agents", "partyserver", ...), or "".
	Library string
	Methods []*Method // in source order
	// Bindings are the durable_objects bindings that name this class,
	// per script. A class with bindings is a Durable Object whatever it
	// extends (classes without `extends` are the legacy form).
	Bindings []*BindingRef
	// IsDO is true for classes that are bound or extend DurableObject.
	IsDO bool
	// Factory is set for a class that a top-level constant gets from a
	// call: `export const Room = makeRoom(opts)` where makeRoom returns a
	// class (a factory or a mixin). Node is then the class inside the
	// function, and File that function's module.
	Factory *FactoryCall

	anonymous bool
	// view is classView's answer, made once: every rule that checks the
	// class through PerClass asks for it.
	viewOnce sync.Once
	view     string
}

// FactoryCall is the call a class-valued constant is initialised with.
type FactoryCall struct {
	File *File       // the module of the constant
	Call *jsast.Node // the call expression
	Func *jsast.Node // the function called, in the class's File
}

// BindingRef is a local durable_objects binding that resolves to a class
// through the script's entry module's named exports.
type BindingRef struct {
	Script  *Script
	Binding *wrangler.Binding
}

// Tristate is a yes/no answer that static analysis may not know.
type Tristate int

const (
	Unknown Tristate = iota
	No
	Yes
)

func (t Tristate) String() string {
	switch t {
	case No:
		return "no"
	case Yes:
		return "yes"
	}
	return "unknown"
}

// BaseKind says what one link of an extends chain is.
type BaseKind int

const (
	BaseUnknown       BaseKind = iota // an expression that does not resolve statically
	BaseClass                         // a class of the graph (Base.Class)
	BaseDurableObject                 // DurableObject from "cloudflare:workers"
	BaseLibrary                       // a known library's Durable Object base class
	BaseExternal                      // a class imported from a package that is not followed
)

// Base is one link of a class's extends chain.
type Base struct {
	Kind BaseKind
	// Expr is the extends expression of the deriving class (in the
	// deriving class's file), type arguments and mixin calls included.
	Expr *jsast.Node
	// Name is the base's name: the class name, or the imported name.
	Name   string
	Class  *Class // for BaseClass
	Source string // module specifier for BaseDurableObject, BaseLibrary, BaseExternal
	// Mixins are the calls the base is wrapped in, outermost first:
	// extends withA(withB(DurableObject)) has two.
	Mixins []*jsast.Node
}

// Method is a method-like member of a class.
type Method struct {
	Name     string      // "constructor" for constructors; "#x" for private names
	NameNode *jsast.Node // nil for constructors
	Node     *jsast.Node // MethodDecl, Constructor, Get/SetAccessor, or a PropertyDecl whose initializer is a function
	// Func is the function-like node holding Params and Body: Node itself,
	// or the arrow/function expression a property is initialised with.
	Func     *jsast.Node
	Kind     jsast.Kind // Node.Kind
	Static   bool
	Computed bool // [expr]() {}: Name is the expression's text
}

// Nodes yields the nodes of the given kinds inside the class, in source
// order, from the file's index (see Index.Nodes).
func (c *Class) Nodes(kinds ...jsast.Kind) iter.Seq[*jsast.Node] {
	return c.File.Index.Nodes(c.Node, kinds...)
}

// Method returns the non-static method named name, or nil.
func (c *Class) Method(name string) *Method {
	for _, m := range c.Methods {
		if m.Name == name && !m.Static {
			return m
		}
	}
	return nil
}

// MethodAt returns the method whose range holds the byte offset off, or nil.
func (c *Class) MethodAt(off int32) *Method {
	i := sort.Search(len(c.Methods), func(i int) bool { return c.Methods[i].Node.End > off })
	if i < len(c.Methods) && c.Methods[i].Node.Start <= off {
		return c.Methods[i]
	}
	return nil
}

// localName is the binding a class declares, "" when anonymous.
func (c *Class) localName() string {
	if c.anonymous {
		return ""
	}
	return c.Name
}

func (f *File) newClass(node, name *jsast.Node, bindName string) *Class {
	c := &Class{Name: bindName, File: f, Node: node, NameNode: name, anonymous: name == nil && bindName == "default"}
	if c.NameNode == nil {
		c.NameNode = node
	}
	for _, h := range node.Params() {
		if h.Kind == jsast.KindHeritageClause && h.Op == jsast.TExtends && len(h.List) > 0 {
			c.Heritage = h.List[0]
		}
	}
	for _, m := range node.List {
		if mm := methodOf(f.AST, m); mm != nil {
			c.Methods = append(c.Methods, mm)
		}
	}
	f.Classes = append(f.Classes, c)
	return c
}

func methodOf(src *jsast.File, m *jsast.Node) *Method {
	out := &Method{Node: m, Func: m, Kind: m.Kind, Static: m.Has(jsast.FlagStatic), NameNode: m.Name}
	switch m.Kind {
	case jsast.KindConstructor:
		out.Name = "constructor"
		return out
	case jsast.KindMethodDecl, jsast.KindGetAccessor, jsast.KindSetAccessor:
	case jsast.KindPropertyDecl:
		init := unwrap(m.Y)
		if init == nil || (init.Kind != jsast.KindArrowFunc && init.Kind != jsast.KindFuncExpr) {
			return nil
		}
		out.Func = init
	default:
		return nil
	}
	if m.Name == nil {
		return nil
	}
	out.Name = src.NameOf(m.Name)
	if m.Name.Kind == jsast.KindComputedPropName {
		out.Name, out.Computed = src.Text(m.Name), true
	} else if m.Name.Kind == jsast.KindNumericLiteral {
		out.Name = src.Text(m.Name)
	}
	return out
}

// knownBases are library classes that extend DurableObject, by package.
// A subpath import of the package (agents/mcp) counts as the package.
var knownBases = map[string][]string{
	"partyserver":            {"Server"},
	"agents":                 {"Agent", "AIChatAgent", "McpAgent"},
	"@cloudflare/ai-chat":    {"AIChatAgent"},
	"@cloudflare/actors":     {"Actor"},
	"@cloudflare/containers": {"Container"},
}

// libraryBase returns the package when (spec, name) is a known base.
func libraryBase(spec, name string) string {
	for pkg, names := range knownBases {
		if spec != pkg && !strings.HasPrefix(spec, pkg+"/") {
			continue
		}
		for _, n := range names {
			if n == name {
				return pkg
			}
		}
	}
	return ""
}

// resolveChain fills c.Bases and c.ExtendsDO by following extends
// expressions through the graph.
func (r *Result) resolveChain(c *Class) {
	seen := map[*Class]bool{c: true}
	cur := c
	for {
		if cur.Heritage == nil {
			c.ExtendsDO = No
			return
		}
		b := r.heritageBase(cur)
		c.Bases = append(c.Bases, b)
		switch b.Kind {
		case BaseDurableObject:
			c.ExtendsDO = Yes
			return
		case BaseLibrary:
			c.ExtendsDO, c.Library = Yes, libraryBase(b.Source, b.Name)
			return
		case BaseClass:
			if seen[b.Class] {
				c.ExtendsDO = Unknown
				return
			}
			seen[b.Class] = true
			cur = b.Class
		case BaseExternal:
			// A class from a package that is not followed may well extend
			// DurableObject; nothing says it does not.
			c.ExtendsDO = Unknown
			return
		default:
			c.ExtendsDO = Unknown
			return
		}
	}
}

const maxBaseDepth = 16

// baseOf resolves an extends expression written in file f. in is the
// class whose heritage holds expr, or nil for an expression evaluated in
// the module scope (a top-level initializer).
func (r *Result) baseOf(f *File, expr *jsast.Node, depth int, in *Class) *Base {
	b := &Base{Expr: expr}
	if depth > maxBaseDepth || f.AST == nil {
		return b
	}
	e := unwrap(expr)
	if e == nil {
		return b
	}
	switch e.Kind {
	case jsast.KindIdentifier:
		b.Name = f.AST.NameOf(e)
		l := f.localOf(e, in)
		if l == nil {
			return b
		}
		return r.baseOfLocal(f, l, b, depth)
	case jsast.KindPropertyAccess:
		// ns.DurableObject with import * as ns.
		x := unwrap(e.X)
		if x == nil || x.Kind != jsast.KindIdentifier || e.Name == nil {
			return b
		}
		l := f.localOf(x, in)
		if l == nil || l.Kind != LocalImport || l.Import.Imported != "*" {
			return b
		}
		b.Name = f.AST.NameOf(e.Name)
		return r.baseOfImport(l.Import.Dep, b.Name, b, depth)
	case jsast.KindCall:
		// A mixin: extends withX(withY(Base)). The base is an argument;
		// take the first argument that resolves.
		for _, arg := range e.List {
			inner := r.baseOf(f, arg, depth+1, in)
			if inner.Kind != BaseUnknown {
				inner.Expr = expr
				inner.Mixins = append([]*jsast.Node{e}, inner.Mixins...)
				return inner
			}
		}
		b.Mixins = []*jsast.Node{e}
	}
	return b
}

// baseOfLocal resolves a base named by a top-level binding of f.
func (r *Result) baseOfLocal(f *File, l *Local, b *Base, depth int) *Base {
	switch l.Kind {
	case LocalClass:
		b.Kind, b.Class, b.Name = BaseClass, l.Class, l.Class.Name
	case LocalImport:
		return r.baseOfImport(l.Import.Dep, l.Import.Imported, b, depth)
	case LocalVar:
		// const Base = withX(DurableObject): the initializer is the base.
		if l.Init != nil {
			inner := r.baseOf(f, l.Init, depth+1, nil)
			inner.Expr = b.Expr
			return inner
		}
	}
	return b
}

// baseOfImport resolves a base imported as name from dep.
func (r *Result) baseOfImport(dep *Dep, name string, b *Base, depth int) *Base {
	b.Name = name
	switch dep.Kind {
	case DepBuiltin:
		if dep.Spec == "cloudflare:workers" && name == "DurableObject" {
			b.Kind, b.Source = BaseDurableObject, dep.Spec
		}
		return b
	case DepModule:
		sym, st := r.LookupExport(dep.File, name)
		if st != Found {
			return b
		}
		if sym.Local != nil {
			nb := r.baseOfLocal(sym.File, sym.Local, b, depth+1)
			return nb
		}
		if sym.Class != nil {
			b.Kind, b.Class, b.Name = BaseClass, sym.Class, sym.Class.Name
			return b
		}
		if sym.External != nil {
			return r.baseOfImport(sym.External, sym.Name, b, depth+1)
		}
		return b
	}
	if pkg := libraryBase(dep.Spec, name); pkg != "" {
		b.Kind, b.Source = BaseLibrary, dep.Spec
		return b
	}
	if dep.Kind == DepExternal {
		b.Kind, b.Source = BaseExternal, dep.Spec
	}
	return b
}

// heritageBase resolves the extends expression of c. In a class a factory
// returns, a base named by one of the factory's parameters (the mixin
// pattern, `(B) => class extends B {}`) is the argument of the call that
// created the class.
func (r *Result) heritageBase(c *Class) *Base {
	if fc := c.Factory; fc != nil && c.File.AST != nil {
		if h := unwrap(c.Heritage); h != nil && h.Kind == jsast.KindIdentifier {
			name := c.File.AST.NameOf(h)
			for i, p := range fc.Func.Params() {
				if p.Kind == jsast.KindParameter && p.Name != nil && p.Name.Kind == jsast.KindIdentifier &&
					c.File.AST.NameOf(p.Name) == name && i < len(fc.Call.List) && !p.Has(jsast.FlagRest) {
					b := r.baseOf(fc.File, fc.Call.List[i], 0, nil)
					b.Expr = c.Heritage
					return b
				}
			}
		}
	}
	return r.baseOf(c.File, c.Heritage, 0, c)
}
