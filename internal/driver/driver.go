// Package driver runs dolint's analyzers over Worker projects.
//
// Go's package loader never lists .ts or wrangler files, so dolint builds
// analysis passes itself: one graph of passes per project, where every
// project's files enter one shared token.FileSet. A pass sees the project
// through OtherFiles, whose first element is the wrangler config, and
// through ReadFile, which caches file contents for the whole run.
package driver

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/internal/cleanpath"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/suppress"
	"golang.org/x/tools/go/analysis"
)

// Project is one Worker: a directory and the wrangler config that describes it.
type Project struct {
	Dir    string // absolute
	Config string // absolute path of the config file
}

// Diagnostic is a finding with its rule resolved.
type Diagnostic struct {
	analysis.Diagnostic
	// Rule is the name of the rule whose pass reported the finding.
	Rule     string
	Severity rule.Severity
	// Project is the first project the finding applies to; Projects are
	// all of them, in the order of the run's projects. A module that
	// several projects reach yields one finding for all of them.
	Project  *Project
	Projects []*Project
}

// Result is what a run produced.
type Result struct {
	Fset        *token.FileSet
	Files       *Files
	Diagnostics []Diagnostic // sorted by position, then rule
	Projects    []*Project
	Rules       *rule.Set // the rules that ran
	// Errors are the projects that could not be linted whole (an
	// analyzer failed), each naming its project; the other projects'
	// findings are in Diagnostics all the same.
	Errors []error

	unreadMu sync.Mutex
}

// Run runs the rules' analyzers (and what they require) over each
// project, projects in parallel. Severity gives a rule's severity for this
// run (a config file may change it); nil means each rule's default.
//
// A project whose analysis fails does not stop the others: Run returns
// the result with every other project's findings and, besides it, an
// error that names each failed project (also in Result.Errors). An input
// that cannot be read (a wrangler config that is a dangling link, say) is
// a finding of its project, not an error.
func Run(projects []*Project, rules *rule.Set, severity func(*rule.Rule) rule.Severity) (*Result, error) {
	return RunOptions(projects, rules, Options{Severity: severity})
}

// Options configure a run.
type Options struct {
	// Severity gives a rule's severity; nil means each rule's default.
	Severity func(*rule.Rule) rule.Severity
	// Known are the rules a suppression directive may name; nil means the
	// rules that run. A directive that names a known rule which did not
	// run (--disable) is not judged unknown.
	Known *rule.Set
	// Config gives the project's settings that rules read through
	// rule.Settings; nil (or a nil Config) leaves every rule at its
	// defaults.
	Config func(*Project) rule.Config
	// Overlay replaces the contents of files (by absolute path), so that a
	// run can see edits that are not written yet.
	Overlay map[string][]byte
	// Keep, when set, sees each project's findings before findings of
	// several projects are merged: it may change one (a project's own
	// severity) or drop it (a rule the project turns off, a file it
	// ignores).
	Keep func(*Result, Diagnostic) (Diagnostic, bool)
	// ReadFile reads a file that is not in Overlay; nil means reading it
	// from disk, as os.ReadFile does.
	ReadFile func(string) ([]byte, error)
	// FileSet, when set, is the FileSet of an earlier run to reuse, so that
	// what analyzers keep per FileSet (parsed modules) serves again for
	// the files whose contents did not change; nil means a new one.
	FileSet *token.FileSet
	// Listings, when set, are directory listings made earlier in the run
	// (by project discovery), which the run's file cache and analyzers
	// consult instead of listing those directories again. They suit a
	// run over a tree that holds still; ReadFile disables them for the
	// file cache.
	Listings *osfile.Listings
}

// RunOptions is Run with options.
func RunOptions(projects []*Project, rules *rule.Set, opts Options) (*Result, error) {
	severity := opts.Severity
	if severity == nil {
		severity = (*rule.Rule).Severity
	}
	known := opts.Known
	if known == nil {
		known = rules
	}
	order, err := topo(rules.Analyzers())
	if err != nil {
		return nil, err
	}
	pl := newPlan(order)
	res := &Result{Fset: opts.FileSet, Files: NewFiles(), Projects: projects, Rules: rules}
	if res.Fset == nil {
		res.Fset = token.NewFileSet()
	}
	if opts.ReadFile != nil {
		res.Files.read, res.Files.disk = opts.ReadFile, false
	}
	if opts.Listings != nil {
		res.Files.listings = opts.Listings
		osfile.Attach(res.Fset, opts.Listings)
	}
	for name, data := range opts.Overlay {
		res.Files.Set(name, data)
	}

	// Workers take the projects in order. A goroutine of its own for each
	// project grew a stack anew for every project's analyzers; a worker
	// keeps the stack it grew. There are four per processor: a project
	// waits while its modules load, one import after another, and while
	// another project parses a module it needs; on the public-repository
	// tier four kept the processors busier than two (3% less wall time,
	// the same CPU time), and more gained nothing.
	runs := make([]projectRun, len(projects))
	var (
		wg   sync.WaitGroup
		next atomic.Int64
	)
	for range min(4*runtime.GOMAXPROCS(0), len(projects)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(projects) {
					return
				}
				p := projects[i]
				var cfg rule.Config
				if opts.Config != nil {
					cfg = opts.Config(p)
				}
				runs[i] = runProject(res, p, pl, cfg)
			}
		}()
	}
	wg.Wait()

	// Suppression comments are judged over the whole run: a directive in
	// a module that several projects share is used when it silences a
	// finding in any of them.
	applyDirectives(res, runs, rules, known)

	var all []Diagnostic
	for i := range runs {
		r := &runs[i]
		if r.err != nil {
			res.Errors = append(res.Errors, r.err)
		}
		for _, d := range r.diags {
			sev := rule.Error
			if ru := rules.Lookup(d.rule); ru != nil {
				sev = severity(ru)
			}
			dd := Diagnostic{Diagnostic: d.Diagnostic, Rule: d.rule, Severity: sev, Project: r.project}
			if opts.Keep != nil {
				var ok bool
				if dd, ok = opts.Keep(res, dd); !ok {
					continue
				}
			}
			dd.Projects = []*Project{dd.Project}
			all = append(all, dd)
		}
	}
	res.Diagnostics = merge(res.Fset, all)
	return res, errors.Join(res.Errors...)
}

// projectRun is what linting one project produced.
type projectRun struct {
	project *Project
	diags   []reported
	read    map[string]bool // files the project's analyzers read
	err     error
}

// reported is a finding and the name of the rule whose pass reported it.
type reported struct {
	analysis.Diagnostic
	rule string
}

func runProject(res *Result, p *Project, pl *plan, cfg rule.Config) projectRun {
	out := projectRun{project: p, read: map[string]bool{}}
	var (
		readMu sync.Mutex
		diagMu sync.Mutex
	)
	readFile := func(name string) ([]byte, error) {
		name = cleanpath.Clean(name)
		data, err := res.Files.readClean(name)
		// A file that cannot be read holds no directives; inputs probe
		// for dozens of optional files per project.
		if err == nil {
			readMu.Lock()
			out.read[name] = true
			readMu.Unlock()
		}
		return data, err
	}
	results := make([]any, len(pl.order))
	failed := make([]bool, len(pl.order))
	resultOf := make([]map[*analysis.Analyzer]any, pl.groups)
	// Every pass names the one config; analyzers only read the slice.
	otherFiles := []string{p.Config}
	for i, a := range pl.order {
		skip := false
		for _, r := range pl.requires[i] {
			if failed[r] {
				skip = true
			}
		}
		if skip {
			failed[i] = true
			continue
		}
		if a == rule.Settings {
			results[i] = cfg
			continue
		}
		// Analyzers only read ResultOf, and those that require the same
		// analyzers see the same results: one map serves them all.
		g := pl.group[i]
		if resultOf[g] == nil {
			m := make(map[*analysis.Analyzer]any, len(a.Requires))
			for _, r := range pl.requires[i] {
				m[pl.order[r]] = results[r]
			}
			resultOf[g] = m
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       res.Fset,
			OtherFiles: otherFiles,
			ReadFile:   readFile,
			ResultOf:   resultOf[g],
			Report: func(d analysis.Diagnostic) {
				diagMu.Lock()
				out.diags = append(out.diags, reported{d, a.Name})
				diagMu.Unlock()
			},
		}
		r, err := safeRun(a, pass)
		if err != nil {
			failed[i] = true
			// An input that cannot be built (a config that does not parse)
			// silences what depends on it; the input reported why.
			if err == ErrSkip {
				continue
			}
			if d, ok := unreadable(res, p, err); ok {
				out.diags = append(out.diags, d)
				continue
			}
			if out.err == nil {
				out.err = fmt.Errorf("%s: %s: %w", p.Config, a.Name, err)
			}
			continue
		}
		results[i] = r
	}
	return out
}

// plan is the analyzers of a run in the order they run, worked out once
// for all projects: each analyzer's requirements by their place in order,
// and the group of analyzers that require the same set.
type plan struct {
	order    []*analysis.Analyzer
	requires [][]int
	group    []int
	groups   int
}

func newPlan(order []*analysis.Analyzer) *plan {
	pl := &plan{order: order, requires: make([][]int, len(order)), group: make([]int, len(order))}
	at := make(map[*analysis.Analyzer]int, len(order))
	for i, a := range order {
		at[a] = i
	}
	groups := map[string]int{}
	for i, a := range order {
		for _, r := range a.Requires {
			pl.requires[i] = append(pl.requires[i], at[r])
		}
		set := slices.Clone(pl.requires[i])
		slices.Sort(set)
		set = slices.Compact(set)
		key := fmt.Sprint(set)
		g, ok := groups[key]
		if !ok {
			g = len(groups)
			groups[key] = g
		}
		pl.group[i] = g
	}
	pl.groups = len(groups)
	return pl
}

// unreadable turns an analyzer's failure to read a file of the project
// into a finding at the start of that file. The config is reported as
// configsyntax (nothing of the project can be checked), a module as
// sourcesyntax, as when it does not parse.
func unreadable(res *Result, p *Project, err error) (reported, bool) {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return reported{}, false
	}
	name := filepath.Clean(pe.Path)
	ruleName, what := "sourcesyntax", "this module"
	switch {
	case name == filepath.Clean(p.Config):
		ruleName, what = "configsyntax", "the wrangler config"
	case !isSource(name):
		return reported{}, false
	}
	tf := res.fileFor(name)
	return reported{analysis.Diagnostic{
		Pos: tf.Pos(0), End: tf.Pos(0),
		Message: fmt.Sprintf("cannot read %s (%v), so nothing in it was checked", what, pe.Err),
	}, ruleName}, true
}

func isSource(name string) bool {
	switch filepath.Ext(name) {
	case ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

// fileFor returns the token.File of name, adding an empty one for a file
// that no analyzer could read, so that a finding can point at it.
func (r *Result) fileFor(name string) *token.File {
	r.unreadMu.Lock()
	defer r.unreadMu.Unlock()
	var found *token.File
	r.Fset.Iterate(func(f *token.File) bool {
		if f.Name() == name {
			found = f
			return false
		}
		return true
	})
	if found == nil {
		found = r.Fset.AddFile(name, -1, 0)
	}
	return found
}

// merge sorts ds and merges the findings that several projects report
// alike (rule, file, range and message): the first keeps its fixes and
// the highest severity, and lists every project.
func merge(fset *token.FileSet, ds []Diagnostic) []Diagnostic {
	type key struct {
		rule, file string
		start, end int
		message    string
	}
	keyOf := func(d *Diagnostic) key {
		p := fset.Position(d.Pos)
		end := p.Offset
		if d.End.IsValid() {
			end = fset.Position(d.End).Offset
		}
		return key{d.Rule, p.Filename, p.Offset, end, d.Message}
	}
	index := map[key]int{}
	out := ds[:0]
	for _, d := range ds {
		k := keyOf(&d)
		if i, ok := index[k]; ok {
			m := &out[i]
			m.Projects = append(m.Projects, d.Project)
			if d.Severity > m.Severity {
				m.Severity = d.Severity
			}
			continue
		}
		index[k] = len(out)
		out = append(out, d)
	}
	sortDiagnostics(fset, out)
	return out
}

// ErrSkip is returned by an input analyzer that has reported why it cannot
// produce a result; analyzers that require it do not run for the project.
var ErrSkip = fmt.Errorf("input unavailable")

func safeRun(a *analysis.Analyzer, pass *analysis.Pass) (r any, err error) {
	defer func() {
		if x := recover(); x != nil {
			buf := make([]byte, 8<<10)
			buf = buf[:runtime.Stack(buf, false)]
			err = fmt.Errorf("internal error: %v\n%s", x, buf)
		}
	}()
	return a.Run(pass)
}

// topo returns the analyzers and their requirements, requirements first.
func topo(roots []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	var order []*analysis.Analyzer
	state := map[*analysis.Analyzer]int{} // 1 visiting, 2 done
	var visit func(a *analysis.Analyzer) error
	visit = func(a *analysis.Analyzer) error {
		switch state[a] {
		case 1:
			return fmt.Errorf("analyzer %s requires itself", a.Name)
		case 2:
			return nil
		}
		state[a] = 1
		for _, r := range a.Requires {
			if err := visit(r); err != nil {
				return err
			}
		}
		state[a] = 2
		order = append(order, a)
		return nil
	}
	for _, a := range roots {
		if err := visit(a); err != nil {
			return nil, err
		}
	}
	return order, nil
}

func sortDiagnostics(fset *token.FileSet, ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		pi, pj := fset.Position(ds[i].Pos), fset.Position(ds[j].Pos)
		if pi.Filename != pj.Filename {
			return pi.Filename < pj.Filename
		}
		if pi.Offset != pj.Offset {
			return pi.Offset < pj.Offset
		}
		if ds[i].Rule != ds[j].Rule {
			return ds[i].Rule < ds[j].Rule
		}
		return ds[i].Message < ds[j].Message
	})
}

// Files caches file contents for a run, so that a file read by several
// inputs, and later printed in a code frame, is read once.
type Files struct {
	mu    sync.Mutex
	files map[string]*fileEntry
	read  func(string) ([]byte, error)
	// disk is set while read is osfile.ReadFile. Inputs look for optional
	// files (runner configs, package.json) by reading them, most of which
	// are missing: once one read in a directory has failed, the
	// directory's listing answers for the names it lacks instead of one
	// failed open each.
	disk bool
	dirs map[string]*dirEntry
	// listings answer for the directories they hold, without a failed
	// read first.
	listings *osfile.Listings
}

type fileEntry struct {
	once sync.Once
	data []byte
	err  error
	// dirs are the file's dolint: directives, found as it is read: every
	// file a run reads is looked through, and reads happen on every core
	// while the projects run, rather than on one after them.
	dirs []*suppress.Directive
}

type dirEntry struct {
	once sync.Once
	// names are the directory's entries in lower case; nil when it could
	// not be listed. gone is set when the directory does not exist.
	names map[string]bool
	gone  bool
	// notExist is how the read that had the directory listed failed:
	// reads of the names the listing lacks fail alike.
	notExist error
}

// NewFiles returns an empty cache.
func NewFiles() *Files {
	// Windows opens device names (nul, con) in every directory, which no
	// listing shows.
	return &Files{files: map[string]*fileEntry{}, read: osfile.ReadFile, disk: runtime.GOOS != "windows", dirs: map[string]*dirEntry{}}
}

// Set makes name read as data.
func (f *Files) Set(name string, data []byte) {
	e := &fileEntry{data: data, dirs: suppress.Parse(name, data)}
	e.once.Do(func() {})
	f.mu.Lock()
	f.files[filepath.Clean(name)] = e
	f.mu.Unlock()
}

// Read returns the contents of a file.
func (f *Files) Read(name string) ([]byte, error) { return f.readClean(cleanpath.Clean(name)) }

func (f *Files) readClean(name string) ([]byte, error) {
	f.mu.Lock()
	e := f.files[name]
	if e == nil {
		e = &fileEntry{}
		f.files[name] = e
	}
	f.mu.Unlock()
	e.once.Do(func() {
		if f.disk {
			if err := f.missing(name); err != nil {
				e.err = &fs.PathError{Op: "open", Path: name, Err: err}
				return
			}
		}
		e.data, e.err = f.read(name)
		if e.err == nil {
			e.dirs = suppress.Parse(name, e.data)
		}
		var pe *fs.PathError
		if f.disk && errors.As(e.err, &pe) && errors.Is(pe.Err, fs.ErrNotExist) {
			f.dir(filepath.Dir(name), pe.Err)
		}
	})
	return e.data, e.err
}

// missing returns the error that reading name would fail with when the
// listing of name's directory, made after an earlier read in it failed,
// shows that name does not exist; else nil. Names are compared in lower
// case, and only ASCII ones, so that a file system that folds case or
// normalizes Unicode never has a file the listing denies.
func (f *Files) missing(name string) error {
	base := filepath.Base(name)
	for i := 0; i < len(base); i++ {
		if base[i] >= utf8.RuneSelf {
			return nil
		}
	}
	dir := filepath.Dir(name)
	d := f.dir(dir, nil)
	if d == nil && f.listings.Listed(dir) {
		// The listing answers by itself: a map of its names in lower case,
		// made for each directory that a file is read from, cost more than
		// the few reads per directory that it answered.
		if f.listings.MayHold(dir, base) {
			return nil
		}
		return syscall.ENOENT
	}
	if d == nil && f.listings != nil {
		// Inputs look for files in directories that are not there (a
		// test directory beside the sources), whose parent discovery
		// listed.
		if parent := filepath.Dir(dir); parent != dir && !f.listings.MayHold(parent, filepath.Base(dir)) {
			return syscall.ENOENT
		}
	}
	if d == nil || (!d.gone && (d.names == nil || d.names[strings.ToLower(base)])) {
		return nil
	}
	return d.notExist
}

// dir returns the listing of dir. A nil notExist only looks one up; else
// it is the error of the read in dir that failed, which a listing that
// does not yet exist is made for.
func (f *Files) dir(dir string, notExist error) *dirEntry {
	f.mu.Lock()
	d := f.dirs[dir]
	if d == nil {
		if notExist == nil {
			f.mu.Unlock()
			return nil
		}
		d = &dirEntry{notExist: notExist}
		f.dirs[dir] = d
	}
	f.mu.Unlock()
	d.once.Do(func() {
		names := map[string]bool{}
		err := f.listings.ReadDir(dir, func(name string, _ osfile.Kind) { names[strings.ToLower(name)] = true })
		if err != nil {
			// Only a directory that is not there (not one that is a file,
			// or unreadable) says the same of every name in it.
			var pe *fs.PathError
			d.gone = errors.As(err, &pe) && pe.Op == "open" && errors.Is(err, fs.ErrNotExist)
			return
		}
		d.names = names
	})
	return d
}
