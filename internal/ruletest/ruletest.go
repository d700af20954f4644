// Package ruletest is the test helper of every rule. It checks rules
// against testdata the way analysistest does:
// each case is a small Worker project under testdata/src/<case>, and every
// expected finding is a comment on its line:
//
//	"class_name": "Counter", // want "no migration creates class Counter"
//	class_name = "Counter"   # want "no migration creates"
//
// A comment may hold several patterns (Go string literals, "..." or `...`),
// each a regexp that must match one finding on that line. Findings with no
// pattern and patterns with no finding fail the test, and so does a rule
// whose cases hold no expectation at all.
//
// RunWithFixes also compares the result of the rule's fixes with golden
// files, CheckDoc holds a rule's documented Bad and Good examples to what
// the rule reports, and Related reads what want comments cannot express.
package ruletest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/txtar"
)

// Run runs r over each case directory testdata/src/<case> and checks the
// want comments in all its files. It returns the run's results by case.
func Run(t *testing.T, testdata string, r *rule.Rule, cases ...string) map[string]*driver.Result {
	t.Helper()
	return RunAll(t, testdata, []*rule.Rule{r}, cases...)
}

// RunAll is Run with several rules; every finding of each must be
// expected. Rules about other rules (suppressions) are tested this way:
// the rules a directive names are known only when they are among rules.
func RunAll(t *testing.T, testdata string, rules []*rule.Rule, cases ...string) map[string]*driver.Result {
	t.Helper()
	total := 0
	out := map[string]*driver.Result{}
	for _, c := range cases {
		dir := filepath.Join(testdata, "src", c)
		res, n := check(t, dir, rule.NewSet(rules...))
		total += n
		out[c] = res
	}
	if total == 0 {
		t.Errorf("%s: no // want expectations in %v: a rule's testdata must expect at least one finding", rules[0].Name(), cases)
	}
	return out
}

type key struct {
	file string
	line int
}

type expectation struct {
	re      *regexp.Regexp
	matched bool
}

func check(t *testing.T, dir string, rules *rule.Set) (*driver.Result, int) {
	t.Helper()
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	if len(projects) == 0 {
		t.Fatalf("%s: no wrangler config in case", dir)
	}
	res, err := driver.Run(projects, rules, nil)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	wants, n, err := expectations(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		p := res.Position(d.Pos)
		k := key{p.Filename, p.Line}
		found := false
		for _, w := range wants[k] {
			if !w.matched && w.re.MatchString(d.Message) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d:%d: unexpected finding: %s (%s)", rel(dir, p.Filename), p.Line, p.Column, d.Message, d.Rule)
		}
	}
	var keys []key
	for k := range wants {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].file != keys[j].file {
			return keys[i].file < keys[j].file
		}
		return keys[i].line < keys[j].line
	})
	for _, k := range keys {
		for _, w := range wants[k] {
			if !w.matched {
				t.Errorf("%s:%d: no finding matched %q", rel(dir, k.file), k.line, w.re)
			}
		}
	}
	return res, n
}

func rel(dir, file string) string {
	if r, err := filepath.Rel(dir, file); err == nil {
		return r
	}
	return file
}

var markers = []string{"// want ", "# want ", "/* want "}

// CountWants returns how many findings the want comments of the files below
// dir expect, or the error that makes one of them unreadable.
func CountWants(dir string) (int, error) {
	_, n, err := expectations(dir)
	return n, err
}

// expectations reads the want comments of every text file below dir.
func expectations(dir string) (map[key][]*expectation, int, error) {
	wants := map[key][]*expectation{}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".jsonc", ".json", ".toml":
		default:
			return nil
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, m := range markers {
				j := strings.Index(line, m)
				if j < 0 {
					continue
				}
				rest := strings.TrimSuffix(strings.TrimSpace(line[j+len(m):]), "*/")
				pats, err := patterns(rest)
				if err != nil {
					return fmt.Errorf("%s:%d: %v", path, i+1, err)
				}
				for _, p := range pats {
					re, err := regexp.Compile(p)
					if err != nil {
						return fmt.Errorf("%s:%d: %v", path, i+1, err)
					}
					k := key{abs, i + 1}
					wants[k] = append(wants[k], &expectation{re: re})
					n++
				}
				break
			}
		}
		return nil
	})
	return wants, n, err
}

// patterns splits `"a" "b"` into Go string literals and unquotes them.
func patterns(s string) ([]string, error) {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		q := s[0]
		if q != '"' && q != '`' {
			return nil, fmt.Errorf("want: expected a quoted pattern, got %q", s)
		}
		end := -1
		for i := 1; i < len(s); i++ {
			if q == '"' && s[i] == '\\' {
				i++
				continue
			}
			if s[i] == q {
				end = i
				break
			}
		}
		if end < 0 {
			return nil, fmt.Errorf("want: unterminated pattern %s", s)
		}
		p, err := strconv.Unquote(s[:end+1])
		if err != nil {
			return nil, fmt.Errorf("want: %v in %s", err, s[:end+1])
		}
		out = append(out, p)
		s = strings.TrimSpace(s[end+1:])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want: no pattern")
	}
	return out, nil
}

// WriteArchive writes a txtar archive (a rule doc's Bad or Good example)
// into a new temporary directory and returns the directory. An archive
// that tells a history, with git commands among its files ("-- git commit
// -m SUBJECT --", see gitlogtest.Script), becomes a git repository whose
// working tree is the files after the last command.
func WriteArchive(t *testing.T, archive string) string {
	t.Helper()
	ar := txtar.Parse([]byte(strings.TrimLeft(archive, "\n")))
	if len(ar.Files) == 0 {
		t.Fatal("example has no files")
	}
	dir := t.TempDir()
	if slices.ContainsFunc(ar.Files, func(f txtar.File) bool { return gitlogtest.IsCommand(f.Name) }) {
		gitlogtest.Init(t, dir).Script(archive)
		return dir
	}
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
