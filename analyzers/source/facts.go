package source

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/dolint-dev/dolint/analyzers/source/internal/resolve"
	"github.com/dolint-dev/dolint/jsast"
)

// A monorepo's shared module is reached by dozens of projects, and what
// collect finds in it (its specifiers, imports, exports and top-level
// declarations and classes) follows from its tree alone. So collect runs
// once per module, over a template File that no project sees, and each
// project gets a copy of the template's facts whose pointers lead to its
// own values: resolution, factories and bindings then fill in what
// depends on the project without touching another project's view.
//
// What holds no pointer to another value of the module and is never
// changed once collected is shared rather than copied: methods, exports
// of the module's own functions, types and constants, and declarations
// that factoryClasses cannot turn into classes.

// facts is a module's collected template and, for each pointer between
// its values, the index of the target in the template's slices, so that a
// copy can link its values without looking anything up.
type facts struct {
	tmpl *File
	// failure is set when collect panicked (the parser's tree is new and
	// may hold what collect does not expect): no project gets facts.
	failure string

	importDep   []int32 // Imports[i].Dep is Deps[importDep[i]]
	exportDep   []int32 // Exports[i].Dep is Deps[exportDep[i]], -1 for nil
	exportClass []int32 // Exports[i].Class is Classes[exportClass[i]], -1 for nil
	starDep     []int32 // Stars[i] is Deps[starDep[i]]
	// aliases are the top-level constants initialised with a call or
	// another name, which factoryClasses may turn into classes.
	aliases []alias
	// exportShared marks the exports every project may share.
	exportShared []bool
	exportCopies int
	// locals are the template's top-level declarations, one per name;
	// names maps a name to its index.
	locals []*Local
	names  map[string]int32
	// localSlot is, for a local each project needs its own copy of, its
	// slot among the project's copies (File.own); -1 for one every
	// project may share.
	localSlot   []int32
	localCopies int     // how many locals each project may copy
	localClass  []int32 // locals[i].Class is Classes[localClass[i]], -1 for nil
	localImport []int32 // locals[i].Import is Imports[localImport[i]], -1 for nil
}

type alias struct {
	decl *jsast.Node // the VarDecl
	name string
	init *jsast.Node // the initializer, unwrapped: a call or an identifier
}

// fixedLocal reports whether l has no pointer to another value of the
// module and factoryClasses never changes it: only a variable initialised
// with a call or another name may become a class.
func fixedLocal(l *Local) bool {
	switch l.Kind {
	case LocalClass, LocalImport:
		return false
	case LocalVar:
		init := unwrap(l.Init)
		return init == nil || (init.Kind != jsast.KindCall && init.Kind != jsast.KindIdentifier)
	}
	return true
}

// facts returns m's collected facts, collecting them the first time a
// project asks. collectFacts does not panic: a failure is in the facts.
func (m *module) facts() *facts {
	m.fxOnce.Do(func() { m.fx = collectFacts(m) })
	return m.fx
}

func collectFacts(m *module) (fx *facts) {
	t := &File{Path: m.path, AST: m.ast, Index: m.index}
	defer func() {
		if x := recover(); x != nil {
			fx = &facts{failure: fmt.Sprintf("parser failure: %v", x)}
		}
	}()
	locals, names := t.collect(m.dynamic)
	fx = &facts{
		tmpl:         t,
		importDep:    make([]int32, 0, len(t.Imports)),
		exportDep:    make([]int32, 0, len(t.Exports)),
		exportClass:  make([]int32, 0, len(t.Exports)),
		exportShared: make([]bool, 0, len(t.Exports)),
		localSlot:    make([]int32, 0, len(locals)),
		localClass:   make([]int32, 0, len(locals)),
		localImport:  make([]int32, 0, len(locals)),
	}

	deps := make(map[*Dep]int32, len(t.Deps))
	for i, d := range t.Deps {
		deps[d] = int32(i)
	}
	depIndex := func(d *Dep) int32 {
		if d == nil {
			return -1
		}
		return deps[d]
	}
	classes := make(map[*Class]int32, len(t.Classes))
	for i, c := range t.Classes {
		classes[c] = int32(i)
	}
	classIndex := func(c *Class) int32 {
		if c == nil {
			return -1
		}
		return classes[c]
	}
	imports := make(map[*Import]int32, len(t.Imports))
	for i, im := range t.Imports {
		imports[im] = int32(i)
		fx.importDep = append(fx.importDep, depIndex(im.Dep))
	}
	for _, e := range t.Exports {
		fx.exportDep = append(fx.exportDep, depIndex(e.Dep))
		fx.exportClass = append(fx.exportClass, classIndex(e.Class))
		// factoryClasses gives an export the class its variable gets.
		shared := e.Dep == nil && e.Class == nil
		if i, ok := names[e.Local]; shared && e.Local != "" && ok && !fixedLocal(locals[i]) {
			shared = false
		}
		fx.exportShared = append(fx.exportShared, shared)
		if !shared {
			fx.exportCopies++
		}
	}
	for _, d := range t.Stars {
		fx.starDep = append(fx.starDep, depIndex(d))
	}
	fx.names, fx.locals = names, locals
	for _, l := range locals {
		slot := int32(-1)
		if !fixedLocal(l) {
			slot = int32(fx.localCopies)
			fx.localCopies++
		}
		fx.localSlot = append(fx.localSlot, slot)
		fx.localClass = append(fx.localClass, classIndex(l.Class))
		im := int32(-1)
		if l.Import != nil {
			im = imports[l.Import]
		}
		fx.localImport = append(fx.localImport, im)
	}
	for _, st := range t.AST.Root.List {
		if st.Kind != jsast.KindVarStmt {
			continue
		}
		for _, d := range st.List {
			if d.Kind != jsast.KindVarDecl || d.Name == nil || d.Name.Kind != jsast.KindIdentifier {
				continue
			}
			if init := unwrap(d.Y); init != nil && (init.Kind == jsast.KindCall || init.Kind == jsast.KindIdentifier) {
				fx.aliases = append(fx.aliases, alias{decl: d, name: t.AST.NameOf(d.Name), init: init})
			}
		}
	}
	return fx
}

// slabs hold the values of a project's copies of module facts: a project
// reaches dozens of modules and copies a few of each kind from each, and
// one allocation per kind and module was most of what instantiating cost.
// A project's Files live and go together, so their values may share
// memory.
type slabs struct {
	mu         sync.Mutex
	deps       slab[Dep]
	depPtrs    slab[*Dep]
	classes    slab[Class]
	classPtrs  slab[*Class]
	imports    slab[Import]
	importPtrs slab[*Import]
	exports    slab[Export]
	exportPtrs slab[*Export]
	ownLocals  slab[atomic.Pointer[Local]]
}

// A slab's chunks double from a few values up to slabMax, so that a
// project of a few small modules does not pay for a monorepo's chunks.
type slab[T any] struct {
	free []T
	next int // length of the next chunk
}

const slabMax = 64

// take returns n zero values, in a slice with no room to grow into its
// neighbour's values.
func (s *slab[T]) take(n int) []T {
	if n == 0 {
		return []T{}
	}
	if n > len(s.free) {
		if n > slabMax/4 {
			return make([]T, n)
		}
		size := max(s.next, 2*n, 8)
		s.next = min(2*size, slabMax)
		s.free = make([]T, size)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// instantiate gives f, a project's File of the module, its own copy of
// the module facts, taking the values from sl.
func (fx *facts) instantiate(f *File, sl *slabs) {
	t := fx.tmpl

	sl.mu.Lock()
	deps, depPtrs := sl.deps.take(len(t.Deps)), sl.depPtrs.take(len(t.Deps))
	classes, classPtrs := sl.classes.take(len(t.Classes)), sl.classPtrs.take(len(t.Classes))
	imports, importPtrs := sl.imports.take(len(t.Imports)), sl.importPtrs.take(len(t.Imports))
	var exports []Export
	var exportPtrs []*Export
	if fx.exportCopies > 0 {
		exports, exportPtrs = sl.exports.take(fx.exportCopies), sl.exportPtrs.take(len(t.Exports))
	}
	var own []atomic.Pointer[Local]
	if fx.localCopies > 0 {
		own = sl.ownLocals.take(fx.localCopies)
	}
	sl.mu.Unlock()

	f.Deps = depPtrs
	for i, d := range t.Deps {
		deps[i] = Dep{Spec: d.Spec, Node: d.Node}
		f.Deps[i] = &deps[i]
	}
	dep := func(i int32) *Dep {
		if i < 0 {
			return nil
		}
		return f.Deps[i]
	}

	f.Classes = classPtrs
	for i, c := range t.Classes {
		k := &classes[i]
		k.Name, k.File, k.Node, k.NameNode, k.Heritage, k.Methods, k.anonymous = c.Name, f, c.Node, c.NameNode, c.Heritage, c.Methods, c.anonymous
		f.Classes[i] = k
	}
	class := func(i int32) *Class {
		if i < 0 {
			return nil
		}
		return f.Classes[i]
	}

	f.Imports = importPtrs
	for i, im := range t.Imports {
		imports[i] = *im
		imports[i].Dep = f.Deps[fx.importDep[i]]
		f.Imports[i] = &imports[i]
	}

	if fx.exportCopies == 0 {
		// A module that exports only its own functions, types and
		// constants shares the template's list: no project changes an
		// entry of it, nor the list.
		f.Exports = t.Exports
	} else {
		f.Exports = exportPtrs
		for i, e := range t.Exports {
			if fx.exportShared[i] {
				f.Exports[i] = e
				continue
			}
			c := &exports[0]
			exports = exports[1:]
			*c = *e
			c.Dep, c.Class = dep(fx.exportDep[i]), class(fx.exportClass[i])
			f.Exports[i] = c
		}
	}

	if len(t.Stars) > 0 {
		f.Stars = make([]*Dep, len(t.Stars))
		for i, d := range fx.starDep {
			f.Stars[i] = f.Deps[d]
		}
	}

	// Rules ask for few of a module's top-level names (about one in
	// fourteen of those that need a copy, over the public-repository
	// tier), so the copies are made when asked for (see File.Local).
	f.facts, f.own = fx, own
}

// ownLocal returns f's copy of the template's local i, whose slot is
// slot, making it the first time.
func (f *File) ownLocal(i, slot int32) *Local {
	p := &f.own[slot]
	if l := p.Load(); l != nil {
		return l
	}
	fx := f.facts
	c := new(Local)
	*c = *fx.locals[i]
	c.Class, c.Import = nil, nil
	if j := fx.localClass[i]; j >= 0 {
		// factoryClass may since have added classes to f.Classes, which
		// moves the indices; a factory's class is never one of the
		// template's, whose nodes are top-level declarations.
		node := fx.tmpl.Classes[j].Node
		for _, k := range f.Classes {
			if k.Node == node && k.Factory == nil {
				c.Class = k
				break
			}
		}
	}
	if j := fx.localImport[i]; j >= 0 {
		c.Import = f.Imports[j]
	}
	if p.CompareAndSwap(nil, c) {
		return c
	}
	return p.Load()
}

type resolutionsKey struct{ resolver string }

// resolutions returns what r makes of the specifiers of f, a project's
// File of m, in the order of f.Deps. Resolvers with one Key resolve alike
// (see resolve.Resolver.Key), so the projects of a monorepo that share
// the module mostly share the answer too, and link takes it in one look
// rather than one per specifier.
//
// Most modules are resolved under one Key only: the last answer is kept
// where a look costs no hashing of the Key.
func (m *module) resolutions(r *resolve.Resolver, f *File) []resolve.Resolution {
	key := r.Key()
	if last := m.resolved.Load(); last != nil && last.key == key {
		return last.list
	}
	list := memoized(&m.values, resolutionsKey{key}, func() []resolve.Resolution {
		out := make([]resolve.Resolution, len(f.Deps))
		for i, d := range f.Deps {
			out[i] = r.Resolve(f.Path, d.Spec)
		}
		return out
	})
	m.resolved.Store(&resolved{key, list})
	return list
}

// resolved is a module's resolutions under one resolver Key.
type resolved struct {
	key  string
	list []resolve.Resolution
}
