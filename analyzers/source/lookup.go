package source

// Lookup is the outcome of looking up an exported name.
type Lookup int

const (
	// NotFound: the module graph certainly has no such export.
	NotFound Lookup = iota
	// Found: the name is exported; Symbol says what it denotes.
	Found
	// Uncertain: the name may come from an `export *` of a module that is
	// not followed (a package), or a module on the way has syntax errors.
	Uncertain
)

// Symbol is what an exported name denotes at the end of its re-export
// chain.
type Symbol struct {
	// File is the module that declares the symbol; when the chain leaves
	// the graph (External), the last module of the graph on it.
	File *File
	// Name is the symbol's local name in File; for External, the name
	// imported from the external module.
	Name  string
	Local *Local // the declaration; nil for anonymous default exports and External
	Class *Class // the class, when the symbol is a class of the graph
	// External is set when the chain ends in a module that is not parsed:
	// a package, a builtin module, a missing file.
	External  *Dep
	Namespace bool // a module namespace object (export * as ns, import * as ns)
	// TypeOnly is set when a link of the chain is type-only, or the
	// symbol is an interface or type alias: the bundle has no such value.
	TypeOnly bool
	// Via lists the export entries followed, starting in the queried module.
	Via []*Export
}

type lookupKey struct {
	f    *File
	name string
}

// LookupExport resolves the export name of module f as the bundler does:
// f's own export statements first, then its `export *` targets (which
// never provide "default"), following re-exports and imported bindings to
// the declaration.
func (r *Result) LookupExport(f *File, name string) (*Symbol, Lookup) {
	return r.lookupIn(f, name, map[lookupKey]bool{})
}

func (r *Result) lookupIn(f *File, name string, seen map[lookupKey]bool) (*Symbol, Lookup) {
	k := lookupKey{f, name}
	if seen[k] {
		return nil, NotFound // a re-export cycle resolves to nothing
	}
	seen[k] = true
	if f.AST == nil {
		return nil, Uncertain
	}
	if e := f.Export(name); e != nil {
		sym, st := r.follow(f, e, seen)
		if sym != nil {
			sym.Via = append([]*Export{e}, sym.Via...)
			if e.TypeOnly {
				sym.TypeOnly = true
			}
		}
		return sym, st
	}
	// A file with syntax errors may have lost the statement that exports it.
	uncertain := len(f.AST.Errors) > 0
	if name == "default" {
		if uncertain {
			return nil, Uncertain
		}
		return nil, NotFound
	}
	for _, d := range f.Stars {
		if d.Kind != DepModule {
			uncertain = true
			continue
		}
		sym, st := r.lookupIn(d.File, name, seen)
		switch st {
		case Found:
			return sym, Found
		case Uncertain:
			uncertain = true
		}
	}
	if uncertain {
		return nil, Uncertain
	}
	return nil, NotFound
}

func (r *Result) follow(f *File, e *Export, seen map[lookupKey]bool) (*Symbol, Lookup) {
	if e.Dep != nil {
		switch {
		case e.Imported == "*":
			return &Symbol{File: f, Name: e.Name, Namespace: true}, Found
		case e.Dep.Kind != DepModule:
			return &Symbol{File: f, Name: e.Imported, External: e.Dep}, Found
		}
		return r.lookupIn(e.Dep.File, e.Imported, seen)
	}
	if e.Local == "" {
		return &Symbol{File: f, Name: e.Name, Class: e.Class}, Found
	}
	return r.resolveLocal(f, e.Local, seen)
}

// resolveLocal follows a top-level binding of f to its declaration.
func (r *Result) resolveLocal(f *File, name string, seen map[lookupKey]bool) (*Symbol, Lookup) {
	l := f.Local(name)
	if l == nil {
		// export { X } with no X: the bundler stops with an error of its
		// own; the name is still spelled as an export.
		return &Symbol{File: f, Name: name}, Found
	}
	if l.Kind != LocalImport {
		return &Symbol{File: f, Name: name, Local: l, Class: l.Class, TypeOnly: l.Kind == LocalType}, Found
	}
	im := l.Import
	switch {
	case im.Imported == "*":
		return &Symbol{File: f, Name: name, Local: l, Namespace: true, TypeOnly: im.TypeOnly}, Found
	case im.Dep.Kind != DepModule:
		return &Symbol{File: f, Name: im.Imported, Local: l, External: im.Dep, TypeOnly: im.TypeOnly}, Found
	}
	sym, st := r.lookupIn(im.Dep.File, im.Imported, seen)
	if sym != nil && im.TypeOnly {
		sym.TypeOnly = true
	}
	return sym, st
}

// ExportNames lists every name module f exports, its own and those that
// reach it through `export *`, in order of first appearance.
func (r *Result) ExportNames(f *File) []string {
	var out []string
	seen := map[string]bool{}
	visited := map[*File]bool{}
	var walk func(f *File, top bool)
	walk = func(f *File, top bool) {
		if f == nil || visited[f] {
			return
		}
		visited[f] = true
		for _, e := range f.Exports {
			if (!top && e.Name == "default") || seen[e.Name] {
				continue
			}
			seen[e.Name] = true
			out = append(out, e.Name)
		}
		for _, d := range f.Stars {
			walk(d.File, false)
		}
	}
	walk(f, true)
	return out
}
