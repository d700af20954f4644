package driver

import (
	"go/token"
	"runtime"
	"sort"
	"sync"

	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/suppress"
	"golang.org/x/tools/go/analysis"
)

// applyDirectives drops the findings that a dolint:ignore directive covers
// and then lets each rule with a Directive hook judge every directive: the
// rules about directives are judged here, after every other rule of the
// project ran, because only then is it known what a directive suppressed.
// It sees
// every project of the run at once: a directive in a module that several
// projects reach is used when it silences a finding of any of them, and
// what it says about itself is reported for each project that reads it
// (and merged into one finding later).
func applyDirectives(res *Result, runs []projectRun, rules, known *rule.Set) {
	// This runs after every project, so on one core: scan the files read
	// in parallel, and order and index only the few with directives.
	seen := map[string]struct{}{}
	var names []string
	for i := range runs {
		for n := range runs[i].read {
			if _, ok := seen[n]; !ok {
				seen[n] = struct{}{}
				names = append(names, n)
			}
		}
	}
	found := make([][]*suppress.Directive, len(names))
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(names))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(names); k += workers {
				if src, err := res.Files.Read(names[k]); err == nil {
					found[k] = suppress.Parse(names[k], src)
				}
			}
		}()
	}
	wg.Wait()
	type fileDirs struct {
		tf   *token.File
		dirs []*suppress.Directive
	}
	files := map[string]*fileDirs{}
	var withDirs []string
	for k, dirs := range found {
		if len(dirs) > 0 {
			files[names[k]] = &fileDirs{dirs: dirs}
			withDirs = append(withDirs, names[k])
		}
	}
	if len(files) == 0 {
		return
	}
	sort.Strings(withDirs)
	// The FileSet holds every project's files, so find the ones with
	// directives in a single walk rather than one walk per file.
	res.Fset.Iterate(func(f *token.File) bool {
		if fd := files[f.Name()]; fd != nil && fd.tf == nil {
			fd.tf = f
		}
		return true
	})
	for n, fd := range files {
		if fd.tf == nil {
			delete(files, n)
		}
	}
	for i := range runs {
		kept := runs[i].diags[:0]
		for _, d := range runs[i].diags {
			p := res.Fset.Position(d.Pos)
			suppressed := false
			if fd := files[p.Filename]; fd != nil {
				for _, dir := range fd.dirs {
					if dir.Covers(d.rule, p.Line) {
						dir.Used = true
						suppressed = true
					}
				}
			}
			if !suppressed {
				kept = append(kept, d)
			}
		}
		runs[i].diags = kept
	}
	var judges []*rule.Rule
	for _, r := range rules.Rules() {
		if r.Directive != nil {
			judges = append(judges, r)
		}
	}
	run := rule.DirectiveRun{Known: known.Known, Ran: rules.Known}
	for _, n := range withDirs {
		fd := files[n]
		if fd == nil {
			continue
		}
		for _, dir := range fd.dirs {
			for _, r := range judges {
				msg := r.Directive(dir, run)
				if msg == "" {
					continue
				}
				// What a directive says about itself is reported for each
				// project that reads it.
				for i := range runs {
					if !runs[i].read[n] {
						continue
					}
					runs[i].diags = append(runs[i].diags, reported{analysis.Diagnostic{
						Pos: fd.tf.Pos(dir.Offset), End: fd.tf.Pos(dir.End),
						Message: msg, URL: r.Analyzer.URL,
					}, r.Name()})
				}
			}
		}
	}
}
