package unexportedclass_test

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/sourcesyntax"
	"github.com/dolint-dev/dolint/analyzers/unexportedclass"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
	"golang.org/x/tools/go/analysis"
)

var cases = []string{
	"chains_ok", "default_only", "default_class", "local", "reexport", "renamed", "type_only",
	"no_bundle", "missing_main", "harness_main", "harness_nomain", "star_external", "paths", "workspace", "env", "syntax_error", "service_worker", "named_only", "factory", "crlf", "template",
}

// Observed offline with wrangler 4.86.0 and 4.164.0: deploy --dry-run on
// this rule's bad example (export default Counter) exits 1 with "✘ [ERROR]
// Your Worker depends on the following Durable Objects, which are not
// exported in your entrypoint file: Counter." and "You should export these
// objects from your entrypoint, src/index.ts." (wrangler dev 4.86.0 prints
// the same and does not start). For the no_bundle case
// (with a migration added) deploy --dry-run exits 0, and wrangler dev
// stops with "✘ [ERROR] service core:user:nobundle: Uncaught TypeError:
// Class extends value undefined is not a constructor or null".
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", unexportedclass.Rule, cases...)
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		// The class declaration in counter.ts, then the export default.
		{"default_only", "class Counter", []int{2, 3}},
		// export default class Counter: one place, reported once.
		{"default_class", "class Counter", []int{2}},
		{"reexport", "class Room", []int{2}},
		{"local", "class Ghost", nil},
		// A class made by a factory: the call that makes it.
		{"factory", "class Hidden", []int{14}},
	} {
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, unexportedclass.Rule)
}

// fixCases have a fix; each holds, next to every file a fix edits, a
// <file>.golden with the expected result.
var fixCases = []string{"default_only", "default_class", "local", "reexport", "paths", "workspace", "env", "no_bundle", "crlf"}

// TestFix applies the suggested fixes to a copy of each case, compares the
// result with the golden files, and checks that the fixed project parses
// and has no finding left that had a fix (the fixes converge).
func TestFix(t *testing.T) {
	for _, c := range fixCases {
		t.Run(c, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "src", c))); err != nil {
				t.Fatal(err)
			}
			before := lint(t, dir, unexportedclass.Rule)
			edits := map[string][]analysis.TextEdit{}
			fixes, unfixable := 0, 0
			for _, d := range before.Diagnostics {
				if len(d.SuggestedFixes) == 0 {
					unfixable++
				}
				for _, f := range d.SuggestedFixes {
					fixes++
					if !strings.HasPrefix(f.Message, "export ") {
						t.Errorf("fix message %q is not a verb phrase starting with export", f.Message)
					}
					for _, e := range f.TextEdits {
						name := before.Fset.Position(e.Pos).Filename
						edits[name] = append(edits[name], e)
					}
				}
			}
			if fixes == 0 {
				t.Fatalf("no fix offered")
			}
			for name, es := range edits {
				src, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				out := apply(t, before, src, es)
				if err := os.WriteFile(name, out, 0o644); err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(dir, name)
				golden, err := os.ReadFile(filepath.Join("testdata", "src", c, rel+".golden"))
				if err != nil {
					t.Fatalf("golden file for %s: %v", rel, err)
				}
				if string(out) != string(golden) {
					t.Errorf("%s after fix:\n%s\nwant:\n%s", rel, out, golden)
				}
			}
			after := lint(t, dir, unexportedclass.Rule, sourcesyntax.Rule)
			for _, d := range after.Diagnostics {
				if d.Rule == "sourcesyntax" {
					t.Errorf("fix introduced a syntax error: %s", d.Message)
				}
			}
			if n := len(after.Diagnostics); n != unfixable {
				t.Errorf("after fixing, %d findings remain, want %d (the ones without a fix)", n, unfixable)
			}
		})
	}
}

func lint(t *testing.T, dir string, rules ...*rule.Rule) *driver.Result {
	t.Helper()
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run(projects, rule.NewSet(rules...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func apply(t *testing.T, res *driver.Result, src []byte, edits []analysis.TextEdit) []byte {
	t.Helper()
	sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	var out []byte
	last := 0
	for _, e := range edits {
		start, end := res.Fset.Position(e.Pos).Offset, res.Fset.Position(e.End).Offset
		if start < last {
			t.Fatalf("overlapping edits at offset %d", start)
		}
		out = append(out, src[last:start]...)
		out = append(out, e.NewText...)
		last = end
	}
	return append(out, src[last:]...)
}
