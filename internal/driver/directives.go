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
// and reports directives that lack a reason or suppress nothing.
func applyDirectives(res *Result, read map[string]bool, diags []analysis.Diagnostic, selected map[string]*analysis.Analyzer) []analysis.Diagnostic {
	names := make([]string, 0, len(read))
	for n := range read {
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
		return diags
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
	kept := diags[:0]
	for _, d := range diags {
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
	report := func(category string, tf *token.File, dir *suppress.Directive, msg string) {
		if selected[category] == nil {
			return
		}
		kept = append(kept, analysis.Diagnostic{
			Pos: tf.Pos(dir.Offset), End: tf.Pos(dir.End),
			Category: category, Message: msg, URL: selected[category].URL,
		})
	}
	for _, n := range names {
		fd := files[n]
		if fd == nil {
			continue
		}
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
	return kept
}
