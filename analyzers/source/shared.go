package source

import (
	"bytes"
	"container/list"
	"fmt"
	"go/token"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/dolint-dev/dolint/analyzers/source/internal/resolve"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/jsast"
)

// A run lints many projects with one FileSet, and a monorepo's shared
// modules are reached by dozens of them. What a file yields on its own,
// whatever project reaches it (the tree, its index, its dynamic imports),
// is computed once per FileSet and shared: a file is parsed once per run
// and registered once in the FileSet, so that every project's findings in
// it carry the same token.Pos and can be merged.
//
// What depends on the project (how specifiers resolve, which classes are
// bound, the extends chains through other modules) stays per project, in
// the File values each run builds over the shared module.

// shared is the per-run state, keyed by the run's FileSet.
//
// A tree takes about 25 bytes of memory per byte of source, so a run over
// a large monorepo cannot keep every tree until its end. The projects
// that hold a File keep its module alive; besides them, the most recently
// used modules are kept up to a budget of source bytes. A module that
// neither keeps is left to the garbage collector, and parsed again should
// a later project reach it (dolint lints a tree's projects in path order,
// so projects that share modules mostly run close together).
type shared struct {
	mu      sync.Mutex
	modules map[string]*cached // by absolute path
	recent  list.List          // of *module, most recently used first
	bytes   int                // source bytes of the modules in recent
	budget  int                // bound of bytes; recentBudget unless KeepRecent
	parses  int                // for tests: how many modules were parsed
	// resolve is what resolution learns about the file system, for every
	// project of the run.
	resolve *resolve.Cache
}

type cached struct {
	m    weak.Pointer[module]
	elem *list.Element // in recent, or nil
}

// recentBudget bounds the source bytes of the modules kept for later
// projects beyond those in use. It is small on purpose: the projects in
// flight already hold the modules a monorepo's neighbours share, so over
// the public-repository tier (534 projects, 2,962 files) a 256 KiB budget
// parses 5% of the files twice where 4 MiB parsed none twice; but every
// kept tree is live heap that each collection scans, and with 4 MiB the
// run spent a quarter more CPU time, most of it in the collector.
var recentBudget = 256 << 10

// KeepRecent makes the runs on fset keep up to bytes of source in modules
// beyond those in use, instead of recentBudget. A caller that lints the
// same project again and again on one FileSet (an editor's server) keeps
// the whole project, so that only edited files are parsed again and what
// rules keep per module and class serves again.
func KeepRecent(fset *token.FileSet, bytes int) {
	s := sharedFor(fset)
	s.mu.Lock()
	s.budget = bytes
	s.mu.Unlock()
}

// runs maps a FileSet to its shared state. The key is weak and the entry
// is dropped when the FileSet is collected, so that a run's trees live as
// long as its result and no longer. Nothing in a shared value refers to the
// FileSet itself (a token.File does not), or the entry would never go.
var runs sync.Map // weak.Pointer[token.FileSet] → *shared

func sharedFor(fset *token.FileSet) *shared {
	key := weak.Make(fset)
	if v, ok := runs.Load(key); ok {
		return v.(*shared)
	}
	v, loaded := runs.LoadOrStore(key, &shared{modules: map[string]*cached{}, resolve: resolve.NewCacheListings(osfile.For(fset)), budget: recentBudget})
	if !loaded {
		runtime.AddCleanup(fset, func(k weak.Pointer[token.FileSet]) { runs.Delete(k) }, key)
	}
	return v.(*shared)
}

// module is one parsed file.
type module struct {
	once    sync.Once
	path    string
	src     []byte
	ast     *jsast.File // nil when the parser failed (failure says why)
	index   *Index
	failure string
	// dynamic are the string literals of import("x") and require("x"):
	// finding them walks the whole tree, which module facts otherwise do
	// not need to.
	dynamic []*jsast.Node
	// values holds what PerModule computed for the module.
	values sync.Map // key → *memoEntry
	// memo holds the findings of checks that look at one class of the
	// module whatever the project (see PerClass).
	memo sync.Map // memoKey → *memoEntry
	// fx are the module facts; every project's File asks for them.
	fxOnce sync.Once
	fx     *facts
	// words is the set of registered words the text holds (see Mentions),
	// which every rule asks of every file of every project.
	wordsOnce sync.Once
	words     []uint64
	// resolved is the last of the module's resolutions (see resolutions).
	resolved atomic.Pointer[resolved]
}

// PerModule returns what compute finds in file f, computing it once per
// run for the module however many projects reach it. key names the
// computation (a value of an unexported type of the caller, as with
// Index.Select). compute may read only f's own tree and its syntactic
// facts (its top-level declarations and classes, its scopes), never what
// depends on the project (resolved imports, bindings, the config), and
// the value must not be changed once returned.
func PerModule[T any](f *File, key any, compute func() T) T {
	if f == nil || f.mod == nil {
		return compute()
	}
	return memoized(&f.mod.values, key, compute)
}

// module returns the parsed form of path with contents src, parsing it
// the first time. src is what the run's ReadFile returned; a driver run
// returns the same bytes to every project, but a caller whose ReadFile
// differs (another overlay on the same FileSet) gets a parse of its own
// rather than another content's tree.
func (s *shared) module(fset *token.FileSet, path string, src []byte) *module {
	s.mu.Lock()
	c := s.modules[path]
	if c == nil {
		c = &cached{}
		s.modules[path] = c
	}
	m := c.m.Value()
	if m == nil || !sameBytes(m.src, src) {
		if m != nil {
			// Another content: parse it privately, keep the run's module.
			s.mu.Unlock()
			m = &module{src: src}
			m.once.Do(func() { m.parse(fset, path) })
			return m
		}
		m = &module{path: path, src: src}
		c.m = weak.Make(m)
		if c.elem != nil {
			s.bytes -= len(c.elem.Value.(*module).src)
			s.recent.Remove(c.elem)
			c.elem = nil
		}
	}
	if c.elem != nil {
		s.recent.MoveToFront(c.elem)
	} else {
		c.elem = s.recent.PushFront(m)
		s.bytes += len(src)
		for s.bytes > s.budget && s.recent.Len() > 1 {
			old := s.recent.Back()
			om := old.Value.(*module)
			s.recent.Remove(old)
			s.bytes -= len(om.src)
			if oc := s.modules[om.path]; oc != nil && oc.elem == old {
				oc.elem = nil
			}
		}
	}
	s.mu.Unlock()
	m.once.Do(func() {
		m.parse(fset, path)
		s.mu.Lock()
		s.parses++
		s.mu.Unlock()
	})
	return m
}

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

func (m *module) parse(fset *token.FileSet, path string) {
	defer func() {
		// The parser is new; a crash on one file must not lose the others.
		if x := recover(); x != nil {
			m.ast, m.dynamic = nil, nil
			m.index, m.failure = newIndex(nil, 0), fmt.Sprintf("parser failure: %v", x)
		}
	}()
	m.ast = jsast.ParseFile(fset, path, m.src)
	m.index = newIndex(m.ast.Root, len(m.src))
	m.dynamic = dynamicSpecs(m.ast)
}
