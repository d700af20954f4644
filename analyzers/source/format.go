package source

import "github.com/dolint-dev/dolint/jsast"

// Format is the Worker format wrangler infers from the entry module before
// it bundles. wrangler has no setting for it: it builds the entry alone and
// looks at what the entry itself exports (`export *` names are unknown to
// that build) and, since September 2026, at whether it refers to the global
// addEventListener.
type Format int

const (
	// FormatUnknown: no parsed entry, or an entry with syntax errors.
	FormatUnknown Format = iota
	// FormatModules: the entry has a default export.
	FormatModules
	// FormatServiceWorker: the entry exports nothing of its own, or exports
	// names but no default and refers to the global addEventListener.
	// Every wrangler release builds it as a service worker.
	FormatServiceWorker
	// FormatNamedOnly: named exports, no default export and no
	// addEventListener. wrangler releases before September 2026 build it
	// as a service worker, later ones as a module Worker.
	FormatNamedOnly
)

func (f Format) String() string {
	switch f {
	case FormatModules:
		return "modules"
	case FormatServiceWorker:
		return "service-worker"
	case FormatNamedOnly:
		return "named-only"
	}
	return "unknown"
}

// Format returns the format wrangler infers for s, and for
// FormatServiceWorker the first reference to the global addEventListener
// in the entry (nil when there is none).
func (s *Script) Format() (Format, *jsast.Node) {
	f := s.Entry
	if f == nil || f.AST == nil || len(f.AST.Errors) > 0 {
		return FormatUnknown, nil
	}
	named := false
	for _, e := range f.Exports {
		if e.TypeOnly {
			continue // erased by the compiler: not in the built module
		}
		if e.Name == "default" {
			return FormatModules, nil
		}
		named = true
	}
	listener := f.globalListener()
	if !named || listener != nil {
		return FormatServiceWorker, listener
	}
	return FormatNamedOnly, nil
}

// globalListener returns the first reference to the global
// addEventListener (bare, globalThis. or self.) in f, or nil. A name the
// module declares, at the top level or in the function or block around
// the reference, hides the global, as it does from the bundler's define
// substitution.
func (f *File) globalListener() *jsast.Node {
	const name = "addEventListener"
	for n := range f.Index.Nodes(nil, jsast.KindIdentifier, jsast.KindPropertyAccess) {
		switch n.Kind {
		case jsast.KindIdentifier:
			if f.AST.NameOf(n) == name && f.global(n) {
				return n
			}
		case jsast.KindPropertyAccess:
			x := unwrap(n.X)
			if n.Name == nil || f.AST.NameOf(n.Name) != name || x == nil || x.Kind != jsast.KindIdentifier {
				continue
			}
			if obj := f.AST.NameOf(x); (obj == "globalThis" || obj == "self") && f.global(x) {
				return n
			}
		}
	}
	return nil
}
