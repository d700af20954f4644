package scope

import (
	"bytes"
	"slices"
	"sort"
	"sync"

	"github.com/dolint-dev/dolint/jsast"
)

// builder walks a file once, declaring names in the scope that owns them
// as it meets them and noting each reference with the scope it sits in.
// References are resolved after the walk, when every scope holds all of
// its declarations; that is what makes hoisting come out right without a
// second walk.
type builder struct {
	f   *jsast.File
	src []byte

	scopes []scopeRec
	cur    int32

	syms    []Symbol // index holds the scope until finish
	idents  []ident
	pending []pending

	names   map[string]int32 // interned identifier names
	decl    map[uint64]int32 // scope<<32 | name -> symbol
	strs    []string         // name id -> name
	only    []int32          // name id -> the one scope declaring it; noDecl, manyDecls
	ambient int
}

// Values of builder.only besides a scope.
const (
	noDecl    = -1
	manyDecls = -2
)

type scopeRec struct {
	kind   ScopeKind
	node   *jsast.Node
	parent int32
}

type pending struct {
	ident, scope, name int32
}

// scratch is what a build needs only while it runs: the name tables,
// the references waiting for the walk's end, the scope records. Builds
// reuse it, so that resolving a run's files allocates only the Info.
type scratch struct {
	names   map[string]int32 // interned identifier names
	decl    map[uint64]int32 // scope<<32 | name -> symbol
	strs    []string         // name id -> name
	only    []int32
	pending []pending
	scopes  []scopeRec
}

var scratches = sync.Pool{New: func() any {
	return &scratch{names: map[string]int32{}, decl: map[uint64]int32{}}
}}

// maxKept bounds the names a scratch may hold to be reused: clearing a
// map costs its capacity, which a rare huge file would leave to every
// small one after it.
const maxKept = 4096

func build(f *jsast.File) *Info {
	// Capacities from the pinned corpus (bench/corpus.sh): a variable
	// name every 56 bytes of source, a reference every 78, a declaration
	// every 204, a scope every 272, a distinct name every 171.
	n := len(f.Src)
	sc := scratches.Get().(*scratch)
	b := &builder{
		f:       f,
		src:     f.Src,
		names:   sc.names,
		decl:    sc.decl,
		strs:    sc.strs[:0],
		only:    sc.only[:0],
		idents:  make([]ident, 0, n/56+8),
		pending: slices.Grow(sc.pending[:0], n/78+8),
		syms:    make([]Symbol, 0, n/200+8),
		scopes:  slices.Grow(sc.scopes[:0], n/270+4),
		cur:     -1,
	}
	if f.Lang == jsast.LangDTS {
		b.ambient++
	}
	b.push(ModuleScope, f.Root)
	if f.Root != nil {
		b.stmts(f.Root.List)
	}
	in := b.finish()
	if len(b.names) <= maxKept && len(b.decl) <= maxKept {
		clear(b.names)
		clear(b.decl)
		clear(b.strs) // the names stay in the Info's symbols, not here
		clear(b.scopes)
		*sc = scratch{names: b.names, decl: b.decl, strs: b.strs[:0], only: b.only[:0], pending: b.pending[:0], scopes: b.scopes[:0]}
		scratches.Put(sc)
	}
	return in
}

func (b *builder) finish() *Info {
	for _, p := range b.pending {
		sym := int32(-1)
		switch only := b.only[p.name]; only {
		case noDecl:
			// A global such as console or Response: no scope to look in.
		case manyDecls:
			for s := p.scope; s >= 0; s = b.scopes[s].parent {
				if i, ok := b.decl[uint64(s)<<32|uint64(p.name)]; ok {
					sym = i
					break
				}
			}
		default:
			// A scope's parents come before it, so the chain passes the
			// one declaring scope, or goes below it when that is no
			// ancestor.
			s := p.scope
			for s > only {
				s = b.scopes[s].parent
			}
			if s == only {
				sym = b.decl[uint64(s)<<32|uint64(p.name)]
			}
		}
		b.idents[p.ident].sym = sym
	}
	// The walk follows the tree, whose fields are not in source order for
	// every kind (export { a as b }, decorators); lookups need the order.
	if !sort.SliceIsSorted(b.idents, func(i, j int) bool { return b.idents[i].node.Start < b.idents[j].node.Start }) {
		sort.SliceStable(b.idents, func(i, j int) bool { return b.idents[i].node.Start < b.idents[j].node.Start })
	}
	in := &Info{idents: b.idents}
	scopes := make([]Scope, len(b.scopes))
	in.Scopes = make([]*Scope, len(b.scopes))
	for i, s := range b.scopes {
		scopes[i] = Scope{Kind: s.kind, Node: s.node}
		if s.parent >= 0 {
			scopes[i].Parent = &scopes[s.parent]
		}
		in.Scopes[i] = &scopes[i]
	}
	in.Symbols = make([]*Symbol, len(b.syms))
	for i := range b.syms {
		b.syms[i].Scope = in.Scopes[b.syms[i].index]
		b.syms[i].index = int32(i)
		in.Symbols[i] = &b.syms[i]
	}
	return in
}

func (b *builder) push(kind ScopeKind, n *jsast.Node) {
	b.scopes = append(b.scopes, scopeRec{kind: kind, node: n, parent: b.cur})
	b.cur = int32(len(b.scopes) - 1)
}

func (b *builder) pop() { b.cur = b.scopes[b.cur].parent }

// varScope is the scope a var declaration made in the current one
// belongs to.
func (b *builder) varScope() int32 {
	s := b.cur
	for s > 0 {
		switch b.scopes[s].kind {
		case BodyScope, StaticScope, NamespaceScope:
			return s
		}
		s = b.scopes[s].parent
	}
	return 0
}

func (b *builder) name(id *jsast.Node) int32 {
	text := b.src[id.Start:id.End]
	var i int32
	var ok bool
	if bytes.IndexByte(text, '\\') >= 0 {
		s := b.f.IdentName(id)
		if i, ok = b.names[s]; ok {
			return i
		}
		i = int32(len(b.strs))
		b.names[s] = i
		b.strs = append(b.strs, s)
		b.only = append(b.only, noDecl)
		return i
	}
	if i, ok = b.names[string(text)]; ok {
		return i
	}
	s := string(text)
	i = int32(len(b.strs))
	b.names[s] = i
	b.strs = append(b.strs, s)
	b.only = append(b.only, noDecl)
	return i
}

func (b *builder) ref(id *jsast.Node) {
	if id.End <= id.Start {
		return // a name the parser supplied after a syntax error
	}
	b.pending = append(b.pending, pending{ident: int32(len(b.idents)), scope: b.cur, name: b.name(id)})
	b.idents = append(b.idents, ident{node: id, sym: -1})
}

// declare binds id in scope s.
func (b *builder) declare(id *jsast.Node, kind Kind, decl, elem *jsast.Node, s int32, ambient bool) {
	if id == nil || id.Kind != jsast.KindIdentifier || id.End <= id.Start {
		return
	}
	name := b.name(id)
	key := uint64(s)<<32 | uint64(name)
	if old, ok := b.decl[key]; ok {
		o := &b.syms[old]
		switch {
		case replaces(o, kind, decl):
			*o = Symbol{Name: o.Name, Kind: kind, Ident: id, Decl: decl, Elem: elem, Ambient: ambient, index: o.index}
		case !(o.Kind == Func && kind == Func && decl.Body == nil):
			o.Redeclared = true
		}
		// A redeclaration (var x twice, overloads, merged namespaces)
		// names the same binding.
		b.idents = append(b.idents, ident{node: id, sym: old, decl: true})
		return
	}
	if kind == Var && b.scopes[s].kind == BodyScope {
		// var x in a function with a parameter x is the parameter.
		if p, ok := b.decl[uint64(b.scopes[s].parent)<<32|uint64(name)]; ok && b.syms[p].Kind == Param {
			b.syms[p].Redeclared = true
			b.idents = append(b.idents, ident{node: id, sym: p, decl: true})
			return
		}
	}
	i := int32(len(b.syms))
	b.syms = append(b.syms, Symbol{Name: b.strs[name], Kind: kind, Ident: id, Decl: decl, Elem: elem, Ambient: ambient, index: s})
	b.decl[key] = i
	b.idents = append(b.idents, ident{node: id, sym: i, decl: true})
	if b.only[name] == noDecl {
		b.only[name] = s
	} else {
		b.only[name] = manyDecls
	}
}

// replaces reports whether a second declaration of a name in one scope
// takes the place of the first as the symbol's declaration: an overloaded
// function is declared by its implementation, not its signatures.
func replaces(old *Symbol, kind Kind, decl *jsast.Node) bool {
	return old.Kind == Func && kind == Func && old.Decl.Body == nil && decl.Body != nil
}

func (b *builder) stmts(list []*jsast.Node) {
	for _, s := range list {
		b.walk(s)
	}
}

func (b *builder) walks(list []*jsast.Node) {
	for _, n := range list {
		b.walk(n)
	}
}

// walk visits a node in value context.
func (b *builder) walk(n *jsast.Node) {
	if n == nil {
		return
	}
	if len(n.Decorators()) > 0 {
		b.walks(n.Decorators())
	}
	switch n.Kind {
	case jsast.KindIdentifier:
		b.ref(n)

	case jsast.KindPropertyAccess:
		b.walk(n.X)
	case jsast.KindPropertyAssign:
		b.key(n.Name)
		b.walk(n.Y)
	case jsast.KindShorthandProp:
		if n.Name != nil && n.Name.Kind == jsast.KindIdentifier {
			b.ref(n.Name)
		}
		b.walk(n.Y)
	case jsast.KindComputedPropName:
		b.walk(n.X)
	case jsast.KindMetaProperty, jsast.KindBreak, jsast.KindContinue:
	case jsast.KindLabeled:
		b.walk(n.Body)
	case jsast.KindCall, jsast.KindNew, jsast.KindTaggedTemplate:
		b.walk(n.X)
		b.walk(n.Y)
		b.walks(n.List)
	case jsast.KindAs, jsast.KindSatisfies, jsast.KindNonNull, jsast.KindTypeAssertion, jsast.KindExprWithTypeArgs:
		b.walk(n.X)

	case jsast.KindBlock:
		b.push(BlockScope, n)
		b.stmts(n.List)
		b.pop()
	case jsast.KindVarStmt:
		b.varStmt(n)
	case jsast.KindFor, jsast.KindForIn, jsast.KindForOf:
		b.push(ForScope, n)
		b.walk(n.X)
		b.walk(n.Y)
		b.walk(n.Z)
		b.walk(n.Body)
		b.pop()
	case jsast.KindSwitch:
		b.walk(n.X)
		b.push(SwitchScope, n)
		for _, c := range n.List {
			b.walk(c.X)
			b.stmts(c.List)
		}
		b.pop()
	case jsast.KindCatch:
		b.push(CatchScope, n)
		b.bind(n.Name, Catch, n, nil, b.cur, false)
		b.walk(n.Y)
		b.walk(n.Body)
		b.pop()

	case jsast.KindFuncDecl:
		b.declare(n.Name, Func, n, nil, b.cur, b.isAmbient(n))
		b.function(n)
	case jsast.KindFuncExpr, jsast.KindArrowFunc:
		b.function(n)
	case jsast.KindMethodDecl, jsast.KindConstructor, jsast.KindGetAccessor, jsast.KindSetAccessor:
		b.key(n.Name)
		b.function(n)
	case jsast.KindClassDecl:
		b.declare(n.Name, Class, n, nil, b.cur, b.isAmbient(n))
		b.class(n)
	case jsast.KindClassExpr:
		b.class(n)
	case jsast.KindPropertyDecl:
		b.key(n.Name)
		b.walk(n.Y)
	case jsast.KindStaticBlock:
		b.push(StaticScope, n)
		if n.Body != nil {
			b.stmts(n.Body.List)
		}
		b.pop()

	case jsast.KindEnumDecl:
		b.declare(n.Name, Enum, n, nil, b.cur, b.isAmbient(n))
		b.push(EnumScope, n)
		for _, m := range n.List {
			b.declare(m.Name, EnumMember, m, nil, b.cur, false)
		}
		for _, m := range n.List {
			b.key(m.Name)
			b.walk(m.Y)
		}
		b.pop()
	case jsast.KindModuleDecl:
		b.module(n)

	case jsast.KindImportDecl:
		b.importDecl(n)
	case jsast.KindImportEquals:
		b.importBinding(n.Name, n, n.Has(jsast.FlagTypeOnly))
		if n.Y != nil && n.Y.Kind != jsast.KindExternalModuleRef {
			b.entity(n.Y)
		}
	case jsast.KindExportDecl:
		if n.Y != nil || n.X == nil || n.X.Kind != jsast.KindNamedExports || n.Has(jsast.FlagTypeOnly) {
			return // a re-export, or names of types
		}
		for _, s := range n.X.List {
			local := s.X
			if local == nil {
				local = s.Name
			}
			if local != nil && local.Kind == jsast.KindIdentifier && !s.Has(jsast.FlagTypeOnly) {
				b.ref(local)
			}
		}
	case jsast.KindNamespaceExportDecl, jsast.KindInterfaceDecl, jsast.KindTypeAliasDecl,
		jsast.KindIndexSignature, jsast.KindSemicolonClassElement, jsast.KindTypeParameter:

	case jsast.KindJSXElement:
		b.walk(n.X)
		b.walks(n.List)
	case jsast.KindJSXOpening, jsast.KindJSXSelfClosing:
		b.jsxTag(n.Name)
		b.walks(n.List)
	case jsast.KindJSXAttribute:
		b.walk(n.Y)
	case jsast.KindJSXClosing, jsast.KindJSXText, jsast.KindJSXNamespacedName:

	default:
		if n.Kind >= jsast.KindPropertySignature && n.Kind <= jsast.KindJSDocType {
			return // a type
		}
		if n.Name != nil && n.Name.Kind == jsast.KindComputedPropName {
			b.walk(n.Name)
		}
		b.walk(n.X)
		b.walk(n.Y)
		b.walk(n.Z)
		b.walks(n.List)
		b.walk(n.Body)
	}
}

// key visits a property name: only a computed one holds references.
func (b *builder) key(n *jsast.Node) {
	if n != nil && n.Kind == jsast.KindComputedPropName {
		b.walk(n.X)
	}
}

// entity visits the entity name of import x = A.B.C: A is a reference.
func (b *builder) entity(n *jsast.Node) {
	for n != nil && n.Kind == jsast.KindQualifiedName {
		n = n.X
	}
	if n != nil && n.Kind == jsast.KindIdentifier {
		b.ref(n)
	}
}

// jsxTag visits a JSX tag name. A plain lowercase name (div) or one with a
// dash (my-element) is an intrinsic element, not a variable.
func (b *builder) jsxTag(n *jsast.Node) {
	if n == nil {
		return
	}
	if n.Kind == jsast.KindIdentifier {
		text := b.src[n.Start:n.End]
		if len(text) > 0 && (text[0] >= 'a' && text[0] <= 'z' || bytes.IndexByte(text, '-') >= 0) {
			return
		}
	}
	b.walk(n)
}

func (b *builder) isAmbient(n *jsast.Node) bool {
	return b.ambient > 0 || n.Has(jsast.FlagDeclare)
}

func (b *builder) varStmt(n *jsast.Node) {
	kind, s := Var, b.varScope()
	switch n.Op {
	case jsast.TLet:
		kind, s = Let, b.cur
	case jsast.TConst:
		kind, s = Const, b.cur
	case jsast.TUsing, jsast.TAwait:
		kind, s = Using, b.cur
	}
	ambient := b.isAmbient(n)
	for _, d := range n.List {
		b.bind(d.Name, kind, d, nil, s, ambient)
		b.walk(d.Y)
	}
}

// bind declares the names of a binding target in scope s. Defaults and
// computed keys in a pattern are evaluated in the current scope.
func (b *builder) bind(target *jsast.Node, kind Kind, decl, elem *jsast.Node, s int32, ambient bool) {
	if target == nil {
		return
	}
	switch target.Kind {
	case jsast.KindIdentifier:
		b.declare(target, kind, decl, elem, s, ambient)
	case jsast.KindObjectBindingPattern, jsast.KindArrayBindingPattern:
		for _, e := range target.List {
			if e.Kind != jsast.KindBindingElement {
				continue
			}
			b.key(e.X)
			b.bind(e.Name, kind, decl, e, s, ambient)
			b.walk(e.Y)
		}
	default:
		b.walk(target) // not a binding target; the parser reported it
	}
}

// function visits a function-like node: its parameters in a scope of
// their own, its block body in another, so that a default value does not
// see the body's declarations.
func (b *builder) function(n *jsast.Node) {
	named := n.Kind == jsast.KindFuncExpr && n.Name != nil
	if named {
		b.push(NameScope, n)
		b.declare(n.Name, FuncName, n, nil, b.cur, false)
	}
	b.push(FunctionScope, n)
	for _, p := range n.Params() {
		if p.Kind != jsast.KindParameter {
			b.walk(p)
			continue
		}
		b.walks(p.Decorators())
		if p.Name != nil && !(p.Name.Kind == jsast.KindIdentifier && string(b.src[p.Name.Start:p.Name.End]) == "this") {
			b.bind(p.Name, Param, p, nil, b.cur, false)
		}
		b.walk(p.Y)
	}
	switch body := n.Body; {
	case body == nil:
	case body.Kind == jsast.KindBlock:
		b.push(BodyScope, n)
		b.stmts(body.List)
		b.pop()
	default:
		b.walk(body)
	}
	b.pop()
	if named {
		b.pop()
	}
}

func (b *builder) class(n *jsast.Node) {
	named := n.Kind == jsast.KindClassExpr && n.Name != nil
	if named {
		b.push(NameScope, n)
		b.declare(n.Name, ClassName, n, nil, b.cur, false)
	}
	for _, h := range n.Params() {
		if h.Kind == jsast.KindHeritageClause && h.Op == jsast.TExtends {
			b.walks(h.List)
		}
	}
	b.walks(n.List)
	if named {
		b.pop()
	}
}

// module visits a namespace or an ambient module declaration.
func (b *builder) module(n *jsast.Node) {
	ambient := b.isAmbient(n) || n.Has(jsast.FlagGlobal)
	name := n.Name
	for name != nil && name.Kind == jsast.KindQualifiedName {
		name = name.X
	}
	if name != nil && name.Kind == jsast.KindIdentifier && !n.Has(jsast.FlagGlobal) {
		b.declare(name, Namespace, n, nil, b.cur, ambient)
	} else if name != nil && name.Kind == jsast.KindStringLiteral {
		ambient = true
	}
	if n.Body == nil {
		return
	}
	if ambient {
		b.ambient++
	}
	b.push(NamespaceScope, n)
	b.stmts(n.Body.List)
	b.pop()
	if ambient {
		b.ambient--
	}
}

func (b *builder) importDecl(n *jsast.Node) {
	c := n.X
	if c == nil || c.Kind != jsast.KindImportClause {
		return
	}
	typeOnly := c.Has(jsast.FlagTypeOnly)
	b.importBinding(c.Name, c, typeOnly)
	if y := c.Y; y != nil {
		switch y.Kind {
		case jsast.KindNamespaceImport:
			b.importBinding(y.Name, y, typeOnly)
		case jsast.KindNamedImports:
			for _, s := range y.List {
				b.importBinding(s.Name, s, typeOnly || s.Has(jsast.FlagTypeOnly))
			}
		}
	}
}

func (b *builder) importBinding(id, decl *jsast.Node, typeOnly bool) {
	n := len(b.syms)
	b.declare(id, Import, decl, nil, b.cur, b.ambient > 0)
	if len(b.syms) > n {
		b.syms[n].TypeOnly = typeOnly
	}
}
