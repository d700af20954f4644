package driver

import (
	"go/token"
	"sort"

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
	// This runs after every project, on one core: the files were looked
	// through for directives as they were read (see Files.readClean), and
	// only the few that hold one are looked at here.
	type fileDirs struct {
		tf   *token.File
		dirs []*suppress.Directive
	}
	files := map[string]*fileDirs{}
	var withDirs []string
	res.Files.mu.Lock()
	for name, e := range res.Files.files {
		if len(e.dirs) == 0 {
			continue
		}
		for i := range runs {
			if runs[i].read[name] {
				files[name] = &fileDirs{dirs: e.dirs}
				withDirs = append(withDirs, name)
				break
			}
		}
	}
	res.Files.mu.Unlock()
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
