package all

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruledoc"
	"github.com/dolint-dev/dolint/internal/ruletest"
	"golang.org/x/tools/go/analysis"
)

func TestRulesMarkdownIsFresh(t *testing.T) {
	want := ruledoc.Markdown(Rules().Docs())
	path := filepath.Join("..", "..", "rules.md")
	if ruletest.Updating() {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("rules.md is stale: run `go run ./cmd/dolint rules --markdown > rules.md` (or go test ./analyzers/all -update)")
	}
}

var ident = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

func TestDocMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules().Rules() {
		a, d := r.Analyzer, r.Doc
		if d == nil {
			t.Errorf("%s: not built with rule.New, so it has no documentation", a.Name)
			continue
		}
		if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if seen[d.Name] {
			t.Errorf("%s: listed twice", d.Name)
		}
		seen[d.Name] = true
		if !ident.MatchString(d.Name) || d.Name != a.Name {
			t.Errorf("%s: a rule name is a lowercase identifier equal to the analyzer's name", d.Name)
		}
		if d.Title == "" || len(d.Title) >= 60 || strings.HasSuffix(d.Title, ".") || unicode.IsUpper(rune(d.Title[0])) {
			t.Errorf("%s: title %q: lowercase, no final period, under 60 characters", d.Name, d.Title)
		}
		if strings.TrimSpace(d.What) == "" || strings.TrimSpace(d.Why) == "" {
			t.Errorf("%s: What and Why are required", d.Name)
		}
		if d.Bad == "" || d.Good == "" {
			t.Errorf("%s: Bad and Good examples are required", d.Name)
		}
		switch d.Category {
		case rule.Correctness, rule.Security, rule.Suspicious, rule.Perf, rule.Style:
		default:
			t.Errorf("%s: unknown category %q", d.Name, d.Category)
		}
		if n, err := ruletest.CountWants(filepath.Join("..", d.Name, "testdata", "src")); err != nil || n == 0 {
			t.Errorf("%s: analyzers/%s/testdata/src holds no // want expectation (%v)", d.Name, d.Name, err)
		}
		if d.Safety != rule.NoFix && d.Safety != rule.DisplayOnly {
			goldens, _ := filepath.Glob(filepath.Join("..", d.Name, "testdata", "src", "*", "*.golden"))
			more, _ := filepath.Glob(filepath.Join("..", d.Name, "testdata", "src", "*", "*", "*.golden"))
			if len(goldens)+len(more) == 0 {
				t.Errorf("%s: declares a %s fix but analyzers/%s/testdata has no .golden file", d.Name, d.Safety, d.Name)
			}
		}
		if (d.Safety != rule.NoFix) != (strings.TrimSpace(d.Fix) != "") {
			t.Errorf("%s: a rule with a fix describes it in Fix, and only such a rule", d.Name)
		}
	}
}

// TestDocExamples runs every rule on each rule's documentation: the bad
// example must trigger the rule and the good one must not. All rules run,
// as they do for users, so that examples of suppression directives work.
func TestDocExamples(t *testing.T) {
	for _, r := range Rules().Rules() {
		a, d := r.Analyzer, r.Doc
		if d == nil {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if n := findings(t, a, d.Bad); n == 0 {
				t.Errorf("bad example does not trigger %s", d.Name)
			}
			if n := findings(t, a, d.Good); n != 0 {
				t.Errorf("good example triggers %s %d times", d.Name, n)
			}
		})
	}
}

func findings(t *testing.T, a *analysis.Analyzer, archive string) int {
	t.Helper()
	dir := ruletest.WriteArchive(t, archive)
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) == 0 {
		t.Fatal("example has no wrangler config")
	}
	res, err := driver.Run(projects, Rules(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range res.Diagnostics {
		if d.Rule == a.Name {
			n++
			t.Logf("%s: %s", res.Fset.Position(d.Pos), d.Message)
		}
	}
	return n
}
