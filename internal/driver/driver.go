// Package driver runs dolint's analyzers over Worker projects.
//
// Go's package loader never lists .ts or wrangler files, so dolint builds
// analysis passes itself: one graph of passes per project, where every
// project's files enter one shared token.FileSet. A pass sees the project
// through OtherFiles, whose first element is the wrangler config, and
// through ReadFile, which caches file contents for the whole run.
package driver

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/dolint-dev/dolint/internal/rule"
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
	Rule     string
	Severity rule.Severity
	Project  *Project
}

// Result is what a run produced.
type Result struct {
	Fset        *token.FileSet
	Files       *Files
	Diagnostics []Diagnostic // sorted by position, then rule
	Projects    []*Project
}

// Run runs the analyzers (and what they require) over each project,
// projects in parallel. Severity gives a rule's severity for this run
// (a config file may change it); nil means each rule's default.
func Run(projects []*Project, analyzers []*analysis.Analyzer, severity func(*analysis.Analyzer) rule.Severity) (*Result, error) {
	return RunOptions(projects, analyzers, Options{Severity: severity})
}

// Options configure a run.
type Options struct {
	// Severity gives a rule's severity; nil means each rule's default.
	Severity func(*analysis.Analyzer) rule.Severity
	// Overlay replaces the contents of files (by absolute path), so that a
	// run can see edits that are not written yet.
	Overlay map[string][]byte
}

// RunOptions is Run with options.
func RunOptions(projects []*Project, analyzers []*analysis.Analyzer, opts Options) (*Result, error) {
	severity := opts.Severity
	if severity == nil {
		severity = func(a *analysis.Analyzer) rule.Severity {
			if d := rule.DocOf(a); d != nil {
				return d.Severity
			}
			return rule.Error
		}
	}
	order, err := topo(analyzers)
	if err != nil {
		return nil, err
	}
	res := &Result{Fset: token.NewFileSet(), Files: NewFiles(), Projects: projects}
	for name, data := range opts.Overlay {
		res.Files.Set(name, data)
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range order {
		byName[a.Name] = a
	}

	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		firstEr error
		sem     = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	for _, p := range projects {
		wg.Add(1)
		sem <- struct{}{}
		go func(p *Project) {
			defer func() { <-sem; wg.Done() }()
			diags, err := runProject(res, p, order, byName)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstEr == nil {
				firstEr = err
			}
			for _, d := range diags {
				a := byName[d.Category]
				sev := rule.Error
				if a != nil {
					sev = severity(a)
				}
				res.Diagnostics = append(res.Diagnostics, Diagnostic{Diagnostic: d, Rule: d.Category, Severity: sev, Project: p})
			}
		}(p)
	}
	wg.Wait()
	if firstEr != nil {
		return nil, firstEr
	}
	sortDiagnostics(res.Fset, res.Diagnostics)
	return res, nil
}

func runProject(res *Result, p *Project, order []*analysis.Analyzer, selected map[string]*analysis.Analyzer) (diags []analysis.Diagnostic, err error) {
	var (
		readMu sync.Mutex
		read   = map[string]bool{}
	)
	readFile := func(name string) ([]byte, error) {
		readMu.Lock()
		read[filepath.Clean(name)] = true
		readMu.Unlock()
		return res.Files.Read(name)
	}
	results := map[*analysis.Analyzer]any{}
	failed := map[*analysis.Analyzer]bool{}
	for _, a := range order {
		skip := false
		for _, req := range a.Requires {
			if failed[req] {
				skip = true
			}
		}
		if skip {
			failed[a] = true
			continue
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       res.Fset,
			OtherFiles: []string{p.Config},
			ReadFile:   readFile,
			ResultOf:   map[*analysis.Analyzer]any{},
			Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
		}
		for _, req := range a.Requires {
			pass.ResultOf[req] = results[req]
		}
		r, err := safeRun(a, pass)
		if err != nil {
			// An input that cannot be built (a config that does not parse)
			// silences what depends on it; the input reported why.
			if err == ErrSkip {
				failed[a] = true
				continue
			}
			return nil, fmt.Errorf("%s: %s: %w", p.Config, a.Name, err)
		}
		results[a] = r
	}
	return applyDirectives(res, read, diags, selected), nil
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
}

type fileEntry struct {
	once sync.Once
	data []byte
	err  error
}

// NewFiles returns an empty cache.
func NewFiles() *Files { return &Files{files: map[string]*fileEntry{}} }

// Set makes name read as data.
func (f *Files) Set(name string, data []byte) {
	e := &fileEntry{data: data}
	e.once.Do(func() {})
	f.mu.Lock()
	f.files[filepath.Clean(name)] = e
	f.mu.Unlock()
}

// Read returns the contents of a file.
func (f *Files) Read(name string) ([]byte, error) {
	name = filepath.Clean(name)
	f.mu.Lock()
	e := f.files[name]
	if e == nil {
		e = &fileEntry{}
		f.files[name] = e
	}
	f.mu.Unlock()
	e.once.Do(func() { e.data, e.err = os.ReadFile(name) })
	return e.data, e.err
}
