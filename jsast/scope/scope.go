// Package scope resolves the identifiers of a parsed file to the
// declarations they name, following JavaScript's lexical scopes: the
// module, functions (parameters, then the body), blocks, catch clauses,
// for heads, switch blocks, class static blocks, the own names of
// function and class expressions, enums and namespaces.
//
// Function and class declarations, let, const and using are visible in
// the whole block that holds them, var in the whole function; the
// temporal dead zone is not modelled, so a use before a let refers to the
// let, as it does at run time (where it throws). Parameter defaults do
// not see the body's declarations, and a var that repeats a parameter's
// name is that parameter. Module code is strict, so a function declared
// in a block belongs to that block; sloppy-mode leftovers (with, direct
// eval, functions hoisted out of blocks) are not modelled.
//
// Only the value namespace is modelled. Interfaces, type aliases and type
// parameters declare nothing, and nothing in a type position (an
// annotation, a type argument, `implements`, `typeof x` in a type) is a
// reference. Labels, property names, and the imported or exported names of
// import and export specifiers are not references either; the local name
// of `export { x }` and a shorthand property `{ x }` are.
//
// Of computes a file's Info once, on first use, and keeps it for as long
// as the *jsast.File lives, so that every rule asking about the same
// parsed file shares one resolution.
package scope

import (
	"iter"
	"runtime"
	"sort"
	"sync"
	"unsafe"
	"weak"

	"github.com/dolint-dev/dolint/jsast"
)

// Info is the resolution of one file.
type Info struct {
	Scopes  []*Scope  // the module scope first, then each as the walk enters it
	Symbols []*Symbol // in the order the walk meets their first declarations
	idents  []ident   // every identifier that names a variable, by Start

	usesOnce sync.Once
	useStart []int32 // uses[useStart[s]:useStart[s+1]] are symbol s's references
	uses     []int32 // indices into idents
}

type ident struct {
	node *jsast.Node
	sym  int32 // -1: an unresolved reference
	decl bool  // the identifier declares sym
}

// A Scope is a region of the file in which names are declared.
type Scope struct {
	Kind   ScopeKind
	Node   *jsast.Node // the file, function, block, clause or declaration that makes the scope
	Parent *Scope      // nil for the module scope
}

// ScopeKind says what made a scope.
type ScopeKind uint8

// Scope kinds.
const (
	ModuleScope    ScopeKind = iota // Node: the file
	FunctionScope                   // Node: the function; its parameters (and a function expression's own name)
	BodyScope                       // Node: the function; the declarations of its block body, var included
	BlockScope                      // Node: the block
	ForScope                        // Node: the for, for-in or for-of statement; let and const of its head
	CatchScope                      // Node: the catch clause; its parameter
	SwitchScope                     // Node: the switch statement; the declarations of all its clauses
	NameScope                       // Node: a named function or class expression; its own name
	StaticScope                     // Node: a class static block
	EnumScope                       // Node: the enum; its members
	NamespaceScope                  // Node: the namespace or module declaration
)

// VarScope reports whether var declarations inside s belong to s.
func (s *Scope) VarScope() bool {
	switch s.Kind {
	case ModuleScope, BodyScope, StaticScope, NamespaceScope:
		return true
	}
	return false
}

// Func returns the function whose parameters or body hold s, or nil when
// s is outside every function (a class static block is not a function).
func (s *Scope) Func() *jsast.Node {
	for ; s != nil; s = s.Parent {
		switch s.Kind {
		case FunctionScope, BodyScope:
			return s.Node
		case ModuleScope, StaticScope, NamespaceScope:
			return nil
		}
	}
	return nil
}

// A Symbol is one declared name.
type Symbol struct {
	Name  string
	Kind  Kind
	Ident *jsast.Node // the identifier that declares it
	// Decl is the declaring node: the VarDecl, Parameter, FuncDecl,
	// FuncExpr, ClassDecl, ClassExpr, Catch, EnumDecl, EnumMember,
	// ModuleDecl, ImportClause, NamespaceImport, ImportSpecifier or
	// ImportEquals.
	Decl *jsast.Node
	// Elem is the binding element that declares a destructured name
	// (const { a } = x, function f([a]) {}), else nil.
	Elem  *jsast.Node
	Scope *Scope
	// Ambient is set for declarations that only describe something that
	// exists elsewhere (declare const x, declarations in a .d.ts file or
	// in a declare namespace): at run time the name is a global.
	Ambient bool
	// TypeOnly is set for import type and { type X } bindings, which the
	// compiler erases.
	TypeOnly bool
	// Redeclared is set when more than one declaration binds the name
	// (var x twice, var x over a parameter x): Decl is the first, and the
	// value the name holds may come from any of them. Overload signatures
	// do not count.
	Redeclared bool

	index int32 // in Info.Symbols
}

// Kind says how a symbol was declared.
type Kind uint8

// Symbol kinds.
const (
	Var Kind = iota
	Let
	Const
	Using // using and await using
	Param
	Func      // function declaration
	FuncName  // a function expression's own name, seen only inside it
	Class     // class declaration
	ClassName // a class expression's own name, seen only inside it
	Catch     // catch clause parameter
	Import    // import binding, import x = require(...) and import x = N.y
	Enum
	EnumMember
	Namespace
)

var kindNames = [...]string{"var", "let", "const", "using", "param", "func", "funcname", "class", "classname", "catch", "import", "enum", "enummember", "namespace"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Resolve returns the symbol an identifier denotes: the declaration a
// reference resolves to, or the symbol a binding identifier declares.
// It returns nil for an unresolved reference (a global, or a name
// declared nowhere in the file) and for an identifier that names no
// variable (a property name, a label, a type).
func (in *Info) Resolve(id *jsast.Node) *Symbol {
	if i := in.find(id); i >= 0 && in.idents[i].sym >= 0 {
		return in.Symbols[in.idents[i].sym]
	}
	return nil
}

// Unresolved reports whether id is a reference to a name that no
// declaration of the file binds where it is used: a global such as fetch
// or setTimeout, or an undeclared name.
func (in *Info) Unresolved(id *jsast.Node) bool {
	i := in.find(id)
	return i >= 0 && in.idents[i].sym < 0
}

// IsReference reports whether id is a reference to a variable, resolved
// or not, rather than a declaration, property name, label or type.
func (in *Info) IsReference(id *jsast.Node) bool {
	i := in.find(id)
	return i >= 0 && !in.idents[i].decl
}

// Uses yields the references to sym, in source order.
func (in *Info) Uses(sym *Symbol) iter.Seq[*jsast.Node] {
	return func(yield func(*jsast.Node) bool) {
		if sym == nil || int(sym.index) >= len(in.Symbols) || in.Symbols[sym.index] != sym {
			return
		}
		in.usesOnce.Do(in.indexUses)
		for _, i := range in.uses[in.useStart[sym.index]:in.useStart[sym.index+1]] {
			if !yield(in.idents[i].node) {
				return
			}
		}
	}
}

// indexUses lists the references of every symbol, grouped by symbol, on
// the first call of Uses: most files are never asked.
func (in *Info) indexUses() {
	in.useStart = make([]int32, len(in.Symbols)+1)
	for _, d := range in.idents {
		if !d.decl && d.sym >= 0 {
			in.useStart[d.sym+1]++
		}
	}
	for i := 1; i < len(in.useStart); i++ {
		in.useStart[i] += in.useStart[i-1]
	}
	in.uses = make([]int32, in.useStart[len(in.Symbols)])
	next := append([]int32(nil), in.useStart[:len(in.Symbols)]...)
	for i, d := range in.idents {
		if !d.decl && d.sym >= 0 {
			in.uses[next[d.sym]] = int32(i)
			next[d.sym]++
		}
	}
}

func (in *Info) find(id *jsast.Node) int {
	if id == nil {
		return -1
	}
	i := sort.Search(len(in.idents), func(i int) bool { return in.idents[i].node.Start >= id.Start })
	for ; i < len(in.idents) && in.idents[i].node.Start == id.Start; i++ {
		if in.idents[i].node == id {
			return i
		}
	}
	return -1
}

// cache holds each file's Info while the file is alive; a cleanup drops
// the entry when the file is collected, so a long run over many files
// keeps only the Infos of files still in use. An Info never points back
// to its *jsast.File, which would keep the file alive forever.
//
// Entries are keyed by the file's address: rules ask for the Info of the
// same few files thousands of times, and a weak pointer, which would be
// the natural key, costs a lookup in the runtime's tables to make. The
// weak pointer the entry keeps tells a live file from a collected one
// whose memory went to a new file before its cleanup ran.
var cache sync.Map // uintptr -> *entry

type entry struct {
	file weak.Pointer[jsast.File]
	once sync.Once
	info *Info
}

// Of returns the resolution of f, computing it on the first call for f.
// It is safe for concurrent use. A nil file has an empty resolution.
func Of(f *jsast.File) *Info {
	if f == nil {
		return &Info{}
	}
	addr := uintptr(unsafe.Pointer(f))
	v, ok := cache.Load(addr)
	var e *entry
	if ok {
		e = v.(*entry)
	}
	if e == nil || e.file.Value() != f {
		e = add(f, addr)
	}
	e.once.Do(func() { e.info = build(f) })
	return e.info
}

// add returns the entry of f, at addr, making it when the cache has none
// or only a collected file's.
func add(f *jsast.File, addr uintptr) *entry {
	e := &entry{file: weak.Make(f)}
	for {
		v, loaded := cache.LoadOrStore(addr, e)
		if !loaded {
			break
		}
		old := v.(*entry)
		if old.file.Value() == f {
			return old
		}
		if cache.CompareAndSwap(addr, old, e) {
			break
		}
	}
	runtime.AddCleanup(f, func(e *entry) { cache.CompareAndDelete(addr, e) }, e)
	return e
}
