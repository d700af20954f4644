package driver_test

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/unusedignore"
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// nameRule reports the Worker's name value.
var nameRule = rule.New(&rule.Doc{Name: "testname", Title: "test", Severity: rule.Warning}, func(pass *analysis.Pass) (any, error) {
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
	res, err := driver.Run([]*driver.Project{p}, rule.NewSet(nameRule), nil)
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
	res, err := driver.Run(ps, rule.NewSet(nameRule), func(*rule.Rule) rule.Severity { return rule.Error })
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
	_, err := driver.Run([]*driver.Project{p}, rule.SetOf(boom), nil)
	if err == nil || !strings.Contains(err.Error(), p.Config) || !strings.Contains(err.Error(), "kaboom") {
		t.Errorf("got %v", err)
	}
}

func TestSkippedInputSilencesDependents(t *testing.T) {
	_, err := driver.Run([]*driver.Project{project(t, `{}`)}, rule.SetOf(after), nil)
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

// tree writes files below a new directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sharedRule reports, for every project, the same place of one file that
// all projects read, plus one finding of the project's own.
var sharedRule = rule.New(&rule.Doc{Name: "testshared", Title: "test", Severity: rule.Warning}, func(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	shared := filepath.Join(filepath.Dir(pass.OtherFiles[0]), "..", "shared.txt")
	if _, err := pass.ReadFile(shared); err != nil {
		return nil, err
	}
	tf := sharedFile(pass.Fset, filepath.Clean(shared))
	rule.Report(pass, tf.Pos(4), tf.Pos(9), "the shared line")
	if n := cfg.Top.Name; n != nil {
		rule.Report(pass, n.Pos, n.End, "name is "+n.Value)
	}
	return nil, nil
}, workerconfig.Analyzer)

var sharedMu sync.Mutex

// sharedFile registers name in fset once, as the source analyzer does
// for a module that several projects reach.
func sharedFile(fset *token.FileSet, name string) *token.File {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	var found *token.File
	fset.Iterate(func(f *token.File) bool {
		if f.Name() == name {
			found = f
		}
		return found == nil
	})
	if found == nil {
		found = fset.AddFile(name, -1, 100)
	}
	return found
}

func TestSameFindingOfSeveralProjectsOnce(t *testing.T) {
	dir := tree(t, map[string]string{
		"shared.txt":       "one\ntwo\nthree\n",
		"a/wrangler.jsonc": `{"name": "a"}`,
		"b/wrangler.jsonc": `{"name": "b"}`,
		"c/wrangler.jsonc": `{"name": "c"}`,
	})
	var ps []*driver.Project
	for _, n := range []string{"a", "b", "c"} {
		ps = append(ps, &driver.Project{Dir: filepath.Join(dir, n), Config: filepath.Join(dir, n, "wrangler.jsonc")})
	}
	res, err := driver.Run(ps, rule.NewSet(sharedRule), nil)
	if err != nil {
		t.Fatal(err)
	}
	var shared []driver.Diagnostic
	own := 0
	for _, d := range res.Diagnostics {
		if d.Message == "the shared line" {
			shared = append(shared, d)
		} else {
			own++
			if len(d.Projects) != 1 || d.Projects[0] != d.Project {
				t.Errorf("%s: projects %v, want its own only", d.Message, d.Projects)
			}
		}
	}
	if len(shared) != 1 || own != 3 {
		t.Fatalf("got %d shared and %d own findings, want 1 and 3", len(shared), own)
	}
	if got := shared[0].Projects; len(got) != 3 || got[0] != ps[0] || got[1] != ps[1] || got[2] != ps[2] {
		t.Errorf("shared finding lists projects %v, want a, b, c in order", got)
	}
}

// Keep sees each project's findings before they merge: a project may drop
// a finding that another keeps, and the merged finding then lists only
// the projects that kept it.
func TestKeepPerProjectBeforeMerging(t *testing.T) {
	dir := tree(t, map[string]string{
		"shared.txt":       "one\ntwo\nthree\n",
		"a/wrangler.jsonc": `{"name": "a"}`,
		"b/wrangler.jsonc": `{"name": "b"}`,
	})
	a := &driver.Project{Dir: filepath.Join(dir, "a"), Config: filepath.Join(dir, "a", "wrangler.jsonc")}
	b := &driver.Project{Dir: filepath.Join(dir, "b"), Config: filepath.Join(dir, "b", "wrangler.jsonc")}
	res, err := driver.RunOptions([]*driver.Project{a, b}, rule.NewSet(sharedRule), driver.Options{
		Keep: func(_ *driver.Result, d driver.Diagnostic) (driver.Diagnostic, bool) {
			if d.Project == a {
				d.Severity = rule.Error
			}
			return d, d.Project == a || d.Message == "the shared line"
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 2 {
		t.Fatalf("got %d findings, want the shared one and a's own", len(res.Diagnostics))
	}
	for _, d := range res.Diagnostics {
		if d.Message == "the shared line" && (len(d.Projects) != 2 || d.Severity != rule.Error) {
			t.Errorf("shared finding: projects %v severity %v, want both projects at a's error", d.Projects, d.Severity)
		}
	}
}

// One project whose config cannot be read (here a dangling symbolic link;
// tests run as root, so a mode bit would not stop the read) is a finding
// of that project naming the file, and the other project is linted.
func TestUnreadableConfigIsAFindingOfItsProject(t *testing.T) {
	dir := tree(t, map[string]string{"good/wrangler.jsonc": `{"name": "good"}`})
	bad := filepath.Join(dir, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone.jsonc"), filepath.Join(bad, "wrangler.jsonc")); err != nil {
		t.Fatal(err)
	}
	good := &driver.Project{Dir: filepath.Join(dir, "good"), Config: filepath.Join(dir, "good", "wrangler.jsonc")}
	broken := &driver.Project{Dir: bad, Config: filepath.Join(bad, "wrangler.jsonc")}
	res, err := driver.Run([]*driver.Project{broken, good}, rule.NewSet(nameRule), nil)
	if err != nil {
		t.Fatalf("an unreadable config failed the run: %v", err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		p := res.Position(d.Pos)
		got = append(got, fmt.Sprintf("%s %s %s %s", filepath.Base(filepath.Dir(p.Filename)), d.Rule, d.Severity, d.Message))
		if d.Rule == "configsyntax" && d.Project != broken {
			t.Errorf("the unreadable config is reported for %s", d.Project.Config)
		}
	}
	want := []string{
		"bad configsyntax error cannot read the wrangler config (no such file or directory), so nothing in it was checked",
		"good testname warning name is good",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A read error the operating system reports (injected here through the
// driver's reader) is a finding too, whatever the error.
func TestInjectedReadErrorIsAFinding(t *testing.T) {
	dir := tree(t, map[string]string{
		"a/wrangler.jsonc": `{"name": "a"}`,
		"b/wrangler.jsonc": `{"name": "b"}`,
	})
	a := &driver.Project{Dir: filepath.Join(dir, "a"), Config: filepath.Join(dir, "a", "wrangler.jsonc")}
	b := &driver.Project{Dir: filepath.Join(dir, "b"), Config: filepath.Join(dir, "b", "wrangler.jsonc")}
	res, err := driver.RunOptions([]*driver.Project{a, b}, rule.NewSet(nameRule), driver.Options{
		ReadFile: func(name string) ([]byte, error) {
			if name == a.Config {
				return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
			}
			return os.ReadFile(name)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 2 {
		t.Fatalf("got %d findings, want 2", len(res.Diagnostics))
	}
	d := res.Diagnostics[0]
	if res.Position(d.Pos).Filename != a.Config || !strings.Contains(d.Message, "permission denied") || d.Severity != rule.Error {
		t.Errorf("got %s: %s (%v)", res.Position(d.Pos).Filename, d.Message, d.Severity)
	}
	if res.Diagnostics[1].Message != "name is b" {
		t.Errorf("project b not linted: %s", res.Diagnostics[1].Message)
	}
}

// A project whose analysis crashes fails the run, but only after the
// others were linted.
func TestCrashOfOneProjectKeepsTheOthers(t *testing.T) {
	crashy := rule.New(&rule.Doc{Name: "testcrash", Title: "test", Severity: rule.Warning}, func(pass *analysis.Pass) (any, error) {
		cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
		if cfg.Top.Name != nil && cfg.Top.Name.Value == "bad" {
			panic("kaboom")
		}
		return nameRule.Analyzer.Run(pass)
	}, workerconfig.Analyzer)
	bad, good := project(t, `{"name": "bad"}`), project(t, `{"name": "good"}`)
	res, err := driver.Run([]*driver.Project{bad, good}, rule.NewSet(crashy), nil)
	if err == nil || !strings.Contains(err.Error(), bad.Config) || strings.Contains(err.Error(), good.Config) {
		t.Fatalf("error %v, want one naming %s only", err, bad.Config)
	}
	if res == nil || len(res.Diagnostics) != 1 || res.Diagnostics[0].Project != good {
		t.Fatalf("the good project's finding is missing: %+v", res)
	}
}

// A directive in a module that several projects read is used when it
// silences a finding of any of them: the project in which the finding
// does not arise must not call it unused.
func TestDirectiveUsedByOneProjectOfMany(t *testing.T) {
	dir := tree(t, map[string]string{
		"shared.ts":        "// dolint:ignore testonlya the finding is expected here\nconst x = 1;\n",
		"a/wrangler.jsonc": `{"name": "a"}`,
		"b/wrangler.jsonc": `{"name": "b"}`,
	})
	onlyA := rule.New(&rule.Doc{Name: "testonlya", Title: "test", Severity: rule.Warning}, func(pass *analysis.Pass) (any, error) {
		cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
		name := filepath.Join(dir, "shared.ts")
		src, err := pass.ReadFile(name)
		if err != nil {
			return nil, err
		}
		tf := sharedFile(pass.Fset, name)
		if cfg.Top.Name.Value == "a" {
			line2 := strings.IndexByte(string(src), '\n') + 1
			rule.Report(pass, tf.Pos(line2), tf.Pos(line2+5), "only in a")
		}
		return nil, nil
	}, workerconfig.Analyzer)
	a := &driver.Project{Dir: filepath.Join(dir, "a"), Config: filepath.Join(dir, "a", "wrangler.jsonc")}
	b := &driver.Project{Dir: filepath.Join(dir, "b"), Config: filepath.Join(dir, "b", "wrangler.jsonc")}
	res, err := driver.Run([]*driver.Project{a, b}, rule.NewSet(onlyA, unusedignore.Rule), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("unexpected finding %s: %s (projects %d)", d.Rule, d.Message, len(d.Projects))
	}

	// Without the finding anywhere, the directive is unused: one finding,
	// for both projects that read the file.
	if err := os.WriteFile(filepath.Join(dir, "a", "wrangler.jsonc"), []byte(`{"name": "c"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = driver.Run([]*driver.Project{a, b}, rule.NewSet(onlyA, unusedignore.Rule), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != "unusedignore" || len(res.Diagnostics[0].Projects) != 2 {
		for _, d := range res.Diagnostics {
			t.Logf("%s: %s (projects %d)", d.Rule, d.Message, len(d.Projects))
		}
		t.Fatalf("want one unusedignore finding for both projects")
	}
}

// A finding belongs to the rule whose pass reported it, whatever its
// Category says, and takes that rule's severity.
func TestFindingBelongsToReportingPass(t *testing.T) {
	impostor := rule.New(&rule.Doc{Name: "testimpostor", Title: "test", Severity: rule.Info}, func(pass *analysis.Pass) (any, error) {
		cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
		if n := cfg.Top.Name; n != nil {
			pass.Report(analysis.Diagnostic{Pos: n.Pos, End: n.End, Category: "testname", Message: "claims another rule"})
		}
		return nil, nil
	}, workerconfig.Analyzer)
	p := project(t, `{"name": "w"}`)
	res, err := driver.Run([]*driver.Project{p}, rule.NewSet(nameRule, impostor), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]rule.Severity{}
	for _, d := range res.Diagnostics {
		got[d.Rule+": "+d.Message] = d.Severity
	}
	if len(got) != 2 || got["testimpostor: claims another rule"] != rule.Info || got["testname: name is w"] != rule.Warning {
		t.Errorf("findings by rule: %v", got)
	}
}
