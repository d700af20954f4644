// Package source is the input analyzer for rules about a Worker's code. It
// resolves the module graph from each script's `main`, parses every
// reachable JS/TS file once, and finds the Durable Object classes.
//
// A rule requires Analyzer and reads the *Result:
//
//	res := pass.ResultOf[source.Analyzer].(*source.Result)
//	for _, c := range res.Classes { // Durable Object classes
//		for call := range c.Nodes(jsast.KindCall) { ... }
//	}
//
// Positions: every file is registered in pass.Fset, so
// File.AST.Pos(node.Start) is a token.Pos a diagnostic can use.
//
// A broken source file never fails the run: what does not parse is
// skipped, and the sourcesyntax rule reports the syntax errors.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/analyzers/source/internal/resolve"
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// Analyzer builds the module graph and finds Durable Object classes. Its
// result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "source",
	Doc:        "resolve and parse the Worker's modules and find its Durable Object classes",
	Run:        run,
	Requires:   []*analysis.Analyzer{workerconfig.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// Result is the Worker's source as the bundler would see it.
type Result struct {
	Config *wrangler.Config
	// Scripts are the deployable scripts: the top level first, then each
	// environment in file order. Environments share files when their
	// main is the same.
	Scripts []*Script
	// Files are the reachable JS/TS modules, sorted by path.
	Files []*File
	// Classes are the Durable Object classes (Class.IsDO) of all files,
	// sorted by file and position, one per class node. File.Classes has
	// every class.
	Classes []*Class

	byPath map[string]*File
	// resolveKey is the resolver's Key and the project's factory classes
	// (see ClassContext).
	resolveKey string
}

// Script is the top level or one environment of the config.
type Script struct {
	Env     string            // "" for the top level
	Section *wrangler.Section // the effective section
	// Main is the config's main value, nil when the script has none
	// (a service-worker or assets-only Worker).
	Main *wrangler.String
	// MainPath is main joined to the config's directory ("" without
	// main); Entry.Path may add an extension the bundler probes for.
	MainPath string
	// Entry is the parsed entry module; nil when there is no main, when
	// MainPath does not exist (typically a build output) or is not JS/TS.
	Entry *File
	// MainExists reports whether MainPath names an existing file.
	MainExists bool
	// NoBundle is the effective no_bundle value.
	NoBundle bool
}

// File returns the module at path (absolute), or nil.
func (r *Result) File(path string) *File {
	// Rules mostly pass a File's own Path, which is clean already.
	if f, ok := r.byPath[path]; ok {
		return f
	}
	return r.byPath[filepath.Clean(path)]
}

// ClassesNamed returns every top-level class of the graph whose binding
// name is name, bound or not, Durable Object or not.
func (r *Result) ClassesNamed(name string) []*Class {
	var out []*Class
	for _, f := range r.Files {
		for _, c := range f.Classes {
			if c.Name == name {
				out = append(out, c)
			}
		}
	}
	return out
}

// BindingNames returns the names of the Durable Object bindings of every
// script: the env properties that hold a namespace.
func (r *Result) BindingNames() map[string]bool {
	names := map[string]bool{}
	for _, s := range r.Scripts {
		if s.Section.DurableObjects == nil {
			continue
		}
		for _, b := range s.Section.DurableObjects.Bindings {
			if b.Name != nil {
				names[b.Name.Value] = true
			}
		}
	}
	return names
}

// Script returns the script of env ("" for the top level), or nil.
func (r *Result) Script(env string) *Script {
	for _, s := range r.Scripts {
		if s.Env == env {
			return s
		}
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	res := &Result{Config: cfg, byPath: map[string]*File{}}
	dir := filepath.Dir(pass.OtherFiles[0])
	envs := []string{""}
	for _, e := range cfg.Envs {
		envs = append(envs, e.Name)
	}
	run := sharedFor(pass.Fset)
	r := resolve.NewShared(dir, pass.ReadFile, run.resolve)
	res.resolveKey = r.Key()
	g := &graph{res: res, pass: pass, r: r, run: run}
	for _, env := range envs {
		sec := cfg.Effective(env)
		if sec == nil {
			continue
		}
		s := &Script{Env: env, Section: sec, Main: sec.Main}
		if sec.NoBundle != nil {
			s.NoBundle = sec.NoBundle.Value
		}
		if sec.Main != nil && sec.Main.Value != "" {
			s.MainPath = filepath.Join(dir, filepath.FromSlash(sec.Main.Value))
			if filepath.IsAbs(sec.Main.Value) {
				s.MainPath = filepath.Clean(sec.Main.Value)
			}
			rs := r.Resolve(s.MainPath, s.MainPath)
			// The bundler resolves entry points like relative imports, so
			// an extensionless main still names a file.
			s.MainExists = rs.Kind == resolve.Module || rs.Kind == resolve.Asset
			if rs.Kind == resolve.Module {
				s.Entry = g.visit(rs.Path)
			}
		}
		res.Scripts = append(res.Scripts, s)
	}
	g.wg.Wait()

	for _, f := range res.byPath {
		res.Files = append(res.Files, f)
	}
	slices.SortFunc(res.Files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range res.Files {
		res.factoryClasses(f)
	}
	// A factory's class changes what its module's constant is, which
	// ClassContext must say for every module, not just the class's own.
	var factories strings.Builder
	for _, f := range res.Files {
		for _, c := range f.Classes {
			if c.Factory != nil {
				fmt.Fprintf(&factories, "|%s:%d", f.Path, c.Node.Start)
			}
		}
	}
	res.resolveKey += factories.String()
	for _, f := range res.Files {
		for _, c := range f.Classes {
			res.resolveChain(c)
		}
	}
	res.bind()
	res.listClasses()
	return res, nil
}

// listClasses marks the Durable Object classes and lists them in
// r.Classes. Classes one factory made for several constants share their
// code: the first of them is listed, with the bindings of all, so that
// rules look at that code once.
func (r *Result) listClasses() {
	listed := map[*jsast.Node]*Class{}
	for _, f := range r.Files {
		for _, c := range f.Classes {
			c.IsDO = len(c.Bindings) > 0 || c.ExtendsDO == Yes
			if !c.IsDO {
				continue
			}
			if first := listed[c.Node]; first != nil {
				first.Bindings = append(first.Bindings, c.Bindings...)
				continue
			}
			listed[c.Node] = c
			r.Classes = append(r.Classes, c)
		}
	}
}

// bind attaches each script's local bindings to the classes they name.
func (r *Result) bind() {
	for _, s := range r.Scripts {
		if s.Entry == nil || s.Section.DurableObjects == nil {
			continue
		}
		for _, b := range s.Section.DurableObjects.Bindings {
			if !b.Local() || b.ClassName == nil {
				continue
			}
			sym, st := r.LookupExport(s.Entry, b.ClassName.Value)
			if st != Found || sym.Class == nil || sym.TypeOnly {
				continue
			}
			sym.Class.Bindings = append(sym.Class.Bindings, &BindingRef{Script: s, Binding: b})
		}
	}
}

// graph discovers and parses modules, files in parallel (see spawn).
type graph struct {
	res  *Result
	pass *analysis.Pass
	r    *resolve.Resolver
	run  *shared
	mu   sync.Mutex
	wg   sync.WaitGroup
	// slabs hold the project's copies of module facts.
	slabs slabs
}

// visit returns the File for path, scheduling its parse the first time.
func (g *graph) visit(path string) *File {
	g.mu.Lock()
	f := g.res.byPath[path]
	if f != nil {
		g.mu.Unlock()
		return f
	}
	f = &File{Path: path}
	g.res.byPath[path] = f
	g.mu.Unlock()
	g.wg.Add(1)
	spawn(func() {
		defer g.wg.Done()
		g.load(f)
		if len(f.Deps) > 0 {
			for i, rs := range f.mod.resolutions(g.r, f) {
				g.link(f.Deps[i], rs)
			}
		}
	})
	return f
}

// load reads f, takes its parsed module from the run (parsing it the
// first time any project reaches it) and copies its module facts.
func (g *graph) load(f *File) {
	// Every project reads the file, even when another one parsed it: the
	// driver learns from the read which files' suppression comments apply
	// to the project.
	src, err := g.pass.ReadFile(f.Path)
	if err != nil {
		f.Index, f.ParseFailure = newIndex(nil, 0), err.Error()
		// The path is the File's own; say only what went wrong.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			f.ParseFailure = pe.Err.Error()
		}
		return
	}
	m := g.run.module(g.pass.Fset, f.Path, src)
	f.mod, f.AST, f.Index, f.ParseFailure = m, m.ast, m.index, m.failure
	if f.AST == nil {
		return
	}
	fx := m.facts()
	if fx.failure != "" {
		f.AST, f.Index, f.ParseFailure = nil, newIndex(nil, 0), fx.failure
		return
	}
	fx.instantiate(f, &g.slabs)
}

// link records what d resolved to, scheduling a module's parse.
func (g *graph) link(d *Dep, rs resolve.Resolution) {
	d.Path = rs.Path
	switch rs.Kind {
	case resolve.Module:
		d.Kind = DepModule
		d.File = g.visit(rs.Path)
	case resolve.Asset:
		d.Kind = DepAsset
	case resolve.Builtin:
		d.Kind = DepBuiltin
	case resolve.External:
		d.Kind = DepExternal
	default:
		d.Kind = DepNotFound
	}
}
