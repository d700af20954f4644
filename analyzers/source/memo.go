package source

import (
	"strconv"
	"sync"

	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// In a monorepo dozens of projects reach the same class through a shared
// module, and a rule that looks at each class on its own would find the
// same things in it for every one of them. PerClass lets such a rule look
// once per run: the findings of the first project to reach the class are
// kept and reported again for every other project whose view of the class
// is the same (the driver then merges them into one finding that lists all
// the projects).
//
// A project's view of a class is its node (the shared tree), what the
// project's module graph made of it (binding name, extends chain and the
// classes along it, whether it is a Durable Object, the factory call it
// came from) and what the rule says it reads besides (extra). A rule may
// use PerClass only when what it finds in a class follows from these; one
// that also reads the project's config, other modules through imports or
// other classes must put those facts in extra, or not use PerClass.

// The memo lives with the class's module: a tree parsed again (an edited
// file in the editor) is another module, and the entries of the old one
// go with it.
type memoKey struct {
	a     *analysis.Analyzer
	value bool // a PerClassValue, not findings
	node  *jsast.Node
	view  string
}

type memoEntry struct {
	once  sync.Once
	ok    bool // the computation ran to its end
	value any
}

// memoized returns what compute gives for key in m, computing it once. A
// computation that panicked is not kept: the caller computes again, and
// panics alike, so that its project fails as the first one did.
func memoized[T any](m *sync.Map, key any, compute func() T) T {
	// Most calls find the entry: look before making one to store.
	v, ok := m.Load(key)
	if !ok {
		v, _ = m.LoadOrStore(key, &memoEntry{})
	}
	e := v.(*memoEntry)
	e.once.Do(func() {
		e.value = compute()
		e.ok = true
	})
	if !e.ok {
		return compute()
	}
	return e.value.(T)
}

// PerClass runs check, which reports what pass's rule finds in class c,
// once per run for each view of c, and reports its findings again for
// every later project with the same view. check must report through the
// pass it is given, and must not depend on the project beyond c's view
// and extra.
func PerClass(pass *analysis.Pass, c *Class, extra string, check func(*analysis.Pass)) {
	if c == nil || c.Node == nil || c.File == nil || c.File.mod == nil {
		check(pass)
		return
	}
	key := memoKey{a: pass.Analyzer, node: c.Node, view: classView(c) + "\x00" + extra}
	diags := memoized(&c.File.mod.memo, key, func() []analysis.Diagnostic {
		var out []analysis.Diagnostic
		rec := *pass
		rec.Report = func(d analysis.Diagnostic) { out = append(out, d) }
		check(&rec)
		return out
	})
	for _, d := range diags {
		pass.Report(d)
	}
}

// PerClassValue returns what compute finds in class c for pass's rule,
// computing it once per run for each view of c (see PerClass). The value
// is shared by every project with that view, so it must not be changed
// once returned, nor refer to the project's Files.
func PerClassValue[T any](pass *analysis.Pass, c *Class, extra string, compute func() T) T {
	if c == nil || c.Node == nil || c.File == nil || c.File.mod == nil {
		return compute()
	}
	key := memoKey{a: pass.Analyzer, value: true, node: c.Node, view: classView(c) + "\x00" + extra}
	return memoized(&c.File.mod.memo, key, compute)
}

// ClassContext describes, for PerClass's extra, what a project's graph
// makes of the surroundings of class c that a check reading c's module
// and the modules it imports may depend on beyond c's view: how the
// project resolves imports, which classes factories make in its modules
// (a factory's class is one only where a module calls the factory), and
// which classes of c's module it takes for Durable Objects. A rule whose
// check also reads the config, the bindings or other classes of the
// project adds those itself.
func (r *Result) ClassContext(c *Class) string { return r.FileContext(c.File) }

// FileContext is ClassContext for a check of module f as a whole.
func (r *Result) FileContext(f *File) string {
	if f == nil {
		return r.fileContext(nil)
	}
	// Rules ask for every class they check; the graph is complete by
	// then and no longer changes.
	f.contextOnce.Do(func() { f.context = r.fileContext(f) })
	return f.context
}

func (r *Result) fileContext(f *File) string {
	// Rules ask for every module they check, and most have no class.
	if f == nil || len(f.Classes) == 0 {
		return r.resolveKey
	}
	b := make([]byte, 0, len(r.resolveKey)+24*len(f.Classes))
	b = append(b, r.resolveKey...)
	for _, k := range f.Classes {
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(k.Node.Start), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(k.Node.End), 10)
		b = append(b, ':')
		b = strconv.AppendBool(b, k.IsDO)
		if k.Factory != nil {
			b = append(b, ':')
			b = appendNode(b, k.Factory.File, k.Factory.Call)
		}
	}
	return string(b)
}

// classView describes what the project's graph made of c. Other classes
// are named by file and range: within a run a path always reads the same
// bytes, so these name the same code.
func classView(c *Class) string {
	c.viewOnce.Do(func() { c.view = makeClassView(c) })
	return c.view
}

func makeClassView(c *Class) string {
	b := appendClass(nil, c)
	// Bases is the whole chain, so each base's own chain is a part of it.
	for _, base := range c.Bases {
		b = append(b, "|b:"...)
		b = strconv.AppendInt(b, int64(base.Kind), 10)
		b = append(b, ':')
		b = strconv.AppendQuote(b, base.Name)
		b = append(b, ':')
		b = strconv.AppendQuote(b, base.Source)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(len(base.Mixins)), 10)
		if base.Class != nil {
			b = append(b, '(')
			b = appendClass(b, base.Class)
			b = append(b, ')')
		}
	}
	return string(b)
}

func appendClass(b []byte, c *Class) []byte {
	b = appendNode(b, c.File, c.Node)
	b = append(b, '|')
	b = strconv.AppendQuote(b, c.Name)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(c.ExtendsDO), 10)
	b = append(b, '|')
	b = strconv.AppendQuote(b, c.Library)
	b = append(b, '|')
	b = strconv.AppendBool(b, c.IsDO)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(len(c.Bases)), 10)
	if c.Factory != nil {
		b = append(b, "|f:"...)
		b = appendNode(b, c.Factory.File, c.Factory.Call)
	}
	return b
}

// appendNode names n of f by path and range.
func appendNode(b []byte, f *File, n *jsast.Node) []byte {
	if f == nil || n == nil {
		return append(b, '-')
	}
	b = append(b, f.Path...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(n.Start), 10)
	b = append(b, '-')
	return strconv.AppendInt(b, int64(n.End), 10)
}
