package driver

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/suppress"
	"golang.org/x/tools/go/analysis"
)

// The rules about directives are reported here, after every other rule of
// the project ran, because only then is it known what a directive
// suppressed.
const (
	unusedIgnore = "unusedignore"
	ignoreReason = "ignorereason"
)

// applyDirectives drops the findings that a dolint:ignore directive covers
// and reports directives that lack a reason or suppress nothing. It sees
// every project of the run at once: a directive in a module that several
// projects reach is used when it silences a finding of any of them, and
// what it says about itself is reported for each project that reads it
// (and merged into one finding later).
func applyDirectives(res *Result, runs []projectRun, selected map[string]*analysis.Analyzer) {
	readers := map[string][]int{} // file → the runs that read it
	for i := range runs {
		for n := range runs[i].read {
			readers[n] = append(readers[n], i)
		}
	}
	names := make([]string, 0, len(readers))
	for n := range readers {
		names = append(names, n)
	}
	sort.Strings(names)
	type fileDirs struct {
		tf   *token.File
		dirs []*suppress.Directive
	}
	files := map[string]*fileDirs{}
	for _, n := range names {
		src, err := res.Files.Read(n)
		if err != nil {
			continue
		}
		if dirs := suppress.Parse(n, src); len(dirs) > 0 {
			files[n] = &fileDirs{dirs: dirs}
		}
	}
	if len(files) == 0 {
		return
	}
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
					if dir.Covers(d.Category, p.Line) {
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
	var name string // the file whose directives are being judged
	report := func(category string, tf *token.File, dir *suppress.Directive, msg string) {
		if selected[category] == nil {
			return
		}
		for _, i := range readers[name] {
			runs[i].diags = append(runs[i].diags, analysis.Diagnostic{
				Pos: tf.Pos(dir.Offset), End: tf.Pos(dir.End),
				Category: category, Message: msg, URL: selected[category].URL,
			})
		}
	}
	for _, n := range names {
		fd := files[n]
		if fd == nil {
			continue
		}
		name = n
		for _, dir := range fd.dirs {
			kind := "dolint:ignore"
			if dir.File {
				kind = "dolint:file-ignore"
			}
			if len(dir.Rules) == 0 {
				report(ignoreReason, fd.tf, dir, fmt.Sprintf("%s names no rule: write %s RULE reason", kind, kind))
				continue
			}
			var unknown []string
			ran := true
			for _, r := range dir.Rules {
				if !rule.Known(r) {
					unknown = append(unknown, r)
				}
				if selected[r] == nil {
					ran = false
				}
			}
			if len(unknown) > 0 {
				report(ignoreReason, fd.tf, dir, fmt.Sprintf("%s names unknown rule %s (see 'dolint rules')", kind, strings.Join(unknown, ", ")))
				continue
			}
			if dir.Reason == "" {
				report(ignoreReason, fd.tf, dir, fmt.Sprintf("%s %s has no reason: say why the finding does not apply, so the next reader can judge it", kind, strings.Join(dir.Rules, ",")))
			}
			// A directive for a rule that did not run (--disable, --enable)
			// cannot be judged unused.
			if !dir.Used && ran {
				report(unusedIgnore, fd.tf, dir, fmt.Sprintf("%s %s suppresses nothing: no such finding here; remove it", kind, strings.Join(dir.Rules, ",")))
			}
		}
	}
}
