package output

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// Test rules: one of each severity, one of them a security rule with a fix.
var (
	docMigration = &rule.Doc{
		Name: "missingmigration", Title: "bound class has no migration",
		What: "Reports a Durable Object class\nthat no migration creates.", Why: "The deploy fails.",
		Bad: "-- wrangler.jsonc --\n{}\n", Good: "-- wrangler.jsonc --\n{}\n",
		Severity: rule.Error, Category: rule.Correctness,
	}
	docInjection = &rule.Doc{
		Name: "sqlinject", Title: "sql built from request input",
		What: "Reports sql.exec with a template literal.", Why: "An attacker controls the query.",
		Bad: "-- src/index.ts --\nx\n", Good: "-- src/index.ts --\ny\n",
		Fix: "Binds the value as a parameter.", Safety: rule.Safe,
		Severity: rule.Error, Category: rule.Security,
	}
	docAlarm = &rule.Doc{
		Name: "alarmloop", Title: "alarm reschedules itself without a bound",
		What: "Reports setAlarm in alarm().", Why: "The object never sleeps.",
		Bad: "-- src/index.ts --\nx\n", Good: "-- src/index.ts --\ny\n",
		Fix: "Removes the call.", Safety: rule.Unsafe,
		Severity: rule.Warning, Category: rule.Perf,
	}
	docStyle = &rule.Doc{
		Name: "namestyle", Title: "binding name is not upper case",
		What: "Reports lower-case binding names.", Why: "Convention.",
		Bad: "-- wrangler.jsonc --\n{}\n", Good: "-- wrangler.jsonc --\n{}\n",
		Severity: rule.Info, Category: rule.Style,
	}
	testDocs  = []*rule.Doc{docMigration, docInjection, docAlarm, docStyle}
	testRules = rule.NewSet(rule.New(docMigration, nil), rule.New(docInjection, nil), rule.New(docAlarm, nil), rule.New(docStyle, nil))
)

// fixture is a run over files written to a temporary directory, with
// diagnostics placed by searching the files' text.
type fixture struct {
	t     *testing.T
	dir   string
	res   *driver.Result
	files map[string]*token.File
	src   map[string]string
}

func newFixture(t *testing.T, files map[string]string) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), files: map[string]*token.File{}, src: map[string]string{}}
	f.res = &driver.Result{Fset: token.NewFileSet(), Files: driver.NewFiles()}
	for name, text := range files {
		f.write(name, text)
	}
	return f
}

func (f *fixture) write(name, text string) {
	p := filepath.Join(f.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		f.t.Fatal(err)
	}
	tf := f.res.Fset.AddFile(p, -1, len(text))
	tf.SetLinesForContent([]byte(text))
	f.files[name] = tf
	f.src[name] = text
}

func (f *fixture) path(name string) string { return filepath.Join(f.dir, filepath.FromSlash(name)) }

// span returns the positions of the n-th (0-based) occurrence of sub in file.
func (f *fixture) span(file, sub string, n int) (token.Pos, token.Pos) {
	f.t.Helper()
	text, ok := f.src[file]
	if !ok {
		f.t.Fatalf("no file %s", file)
	}
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(text[off+1:], sub)
		if j < 0 {
			f.t.Fatalf("%q occurs fewer than %d times in %s", sub, n+1, file)
		}
		off += 1 + j
	}
	tf := f.files[file]
	return tf.Pos(off), tf.Pos(off + len(sub))
}

// diag builds a finding of doc on the n-th occurrence of sub.
func (f *fixture) diag(doc *rule.Doc, file, sub string, n int, msg string) driver.Diagnostic {
	pos, end := f.span(file, sub, n)
	return driver.Diagnostic{
		Diagnostic: analysis.Diagnostic{Pos: pos, End: end, Category: doc.Name, Message: msg},
		Rule:       doc.Name,
		Severity:   doc.Severity,
		Project:    &driver.Project{Dir: f.dir, Config: f.path("wrangler.jsonc")},
	}
}
