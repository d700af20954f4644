package driver_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// nameRule reports the Worker's name value.
var nameRule = rule.Define(&rule.Doc{Name: "testname", Title: "test", Severity: rule.Warning}, func(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	if n := cfg.Top.Name; n != nil {
		rule.Report(pass, n.Pos, n.End, "name is "+n.Value)
	}
	return nil, nil
}, workerconfig.Analyzer)

func project(t *testing.T, config string) *driver.Project {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "wrangler.jsonc")
	if err := os.WriteFile(p, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return &driver.Project{Dir: dir, Config: p}
}

func TestPositionsCountUTF16(t *testing.T) {
	// 🦆 is one rune, four bytes, two UTF-16 code units.
	p := project(t, "{\n  /* 🦆 */ \"name\": \"w\" }\n")
	res, err := driver.Run([]*driver.Project{p}, []*analysis.Analyzer{nameRule}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics", len(res.Diagnostics))
	}
	d := res.Diagnostics[0]
	pos, end := res.Position(d.Pos), res.Position(d.End)
	// `  /* 🦆 */ "name": ` is 21 bytes but 19 UTF-16 units.
	if pos.Line != 2 || pos.Column != 20 || end.Column != 23 {
		t.Errorf("got %d:%d-%d, want 2:20-23", pos.Line, pos.Column, end.Column)
	}
	if pos.Offset != 2+21 {
		t.Errorf("byte offset %d, want 23", pos.Offset)
	}
	if d.Rule != "testname" || d.Severity != rule.Warning {
		t.Errorf("rule %q severity %v", d.Rule, d.Severity)
	}
}

func TestManyProjectsSorted(t *testing.T) {
	var ps []*driver.Project
	for _, n := range []string{"c", "a", "b"} {
		ps = append(ps, project(t, `{"name": "`+n+`"}`))
	}
	res, err := driver.Run(ps, []*analysis.Analyzer{nameRule}, func(*analysis.Analyzer) rule.Severity { return rule.Error })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 3 {
		t.Fatalf("got %d diagnostics", len(res.Diagnostics))
	}
	for i := 1; i < 3; i++ {
		if res.Fset.Position(res.Diagnostics[i-1].Pos).Filename > res.Fset.Position(res.Diagnostics[i].Pos).Filename {
			t.Error("diagnostics not sorted by file")
		}
	}
	if res.Diagnostics[0].Severity != rule.Error {
		t.Error("severity override ignored")
	}
}

var (
	boom  = &analysis.Analyzer{Name: "boom", Doc: "panics", Run: func(*analysis.Pass) (any, error) { panic("kaboom") }}
	skip  = &analysis.Analyzer{Name: "skip", Doc: "unavailable", Run: func(*analysis.Pass) (any, error) { return nil, driver.ErrSkip }}
	after = &analysis.Analyzer{Name: "after", Doc: "needs skip", Requires: []*analysis.Analyzer{skip},
		Run: func(*analysis.Pass) (any, error) { return nil, errors.New("ran although its input was skipped") }}
)

func TestPanicBecomesErrorNamingTheProject(t *testing.T) {
	p := project(t, `{}`)
	_, err := driver.Run([]*driver.Project{p}, []*analysis.Analyzer{boom}, nil)
	if err == nil || !strings.Contains(err.Error(), p.Config) || !strings.Contains(err.Error(), "kaboom") {
		t.Errorf("got %v", err)
	}
}

func TestSkippedInputSilencesDependents(t *testing.T) {
	_, err := driver.Run([]*driver.Project{project(t, `{}`)}, []*analysis.Analyzer{after}, nil)
	if err != nil {
		t.Error(err)
	}
}

func TestUTF16Column(t *testing.T) {
	src := []byte("aé𝄞b")
	for off, want := range map[int]int{0: 1, 1: 2, 3: 3, 7: 5} {
		if got := driver.UTF16Column(src, 0, off); got != want {
			t.Errorf("offset %d: column %d, want %d", off, got, want)
		}
	}
}
