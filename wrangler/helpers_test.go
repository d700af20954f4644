package wrangler

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
)

// parseSrc parses src under name in a FileSet of its own, the way the
// driver does.
func parseSrc(tb testing.TB, name, src string) (*Config, *token.FileSet) {
	tb.Helper()
	fset := token.NewFileSet()
	f := fset.AddFile(name, -1, len(src))
	f.SetLinesForContent([]byte(src))
	return Parse(f, name, []byte(src)), fset
}

// want is an expected Problem. at is the text the problem's range must cover
// exactly: its nth occurrence in the source (n counts from 0).
type want struct {
	at   string
	n    int
	area Area
	sev  Severity
	msg  string
}

// locate returns the range of the nth occurrence of needle in src.
func locate(tb testing.TB, src, needle string, n int) (int, int) {
	tb.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], needle)
		if j < 0 {
			tb.Fatalf("test bug: occurrence %d of %q not in source", n, needle)
		}
		if i == n {
			return off + j, off + j + len(needle)
		}
		off += j + 1
	}
}

func posString(fset *token.FileSet, pos, end token.Pos) string {
	p, e := fset.Position(pos), fset.Position(end)
	return fmt.Sprintf("%d:%d-%d:%d", p.Line, p.Column, e.Line, e.Column)
}

func problemString(fset *token.FileSet, p Problem) string {
	sev := "error"
	if p.Severity == Warning {
		sev = "warning"
	}
	return fmt.Sprintf("%s %s area=%d %q", posString(fset, p.Pos, p.End), sev, p.Area, p.Message)
}

// checkProblems compares all problems, in order, with their exact ranges.
func checkProblems(t *testing.T, name, src string, wants []want) *Config {
	t.Helper()
	cfg, fset := parseSrc(t, name, src)
	f := cfg.File
	var got, exp []string
	for _, p := range cfg.Problems {
		got = append(got, problemString(fset, p))
	}
	for _, w := range wants {
		s, e := locate(t, src, w.at, w.n)
		exp = append(exp, problemString(fset, Problem{Pos: f.Pos(s), End: f.Pos(e), Severity: w.sev, Area: w.area, Message: w.msg}))
	}
	if strings.Join(got, "\n") != strings.Join(exp, "\n") {
		t.Errorf("%s: problems differ\n got:\n  %s\nwant:\n  %s", name, strings.Join(got, "\n  "), strings.Join(exp, "\n  "))
	}
	return cfg
}

// checkAt asserts that [pos, end) is exactly the nth occurrence of needle.
func checkAt(t *testing.T, cfg *Config, what string, pos, end token.Pos, needle string, n int) {
	t.Helper()
	src := string(cfg.Src)
	s, e := locate(t, src, needle, n)
	if !pos.IsValid() || cfg.File.Offset(pos) != s || cfg.File.Offset(end) != e {
		gs, ge := -1, -1
		if pos.IsValid() {
			gs, ge = cfg.File.Offset(pos), cfg.File.Offset(end)
		}
		t.Errorf("%s: range [%d,%d) want [%d,%d) = %q", what, gs, ge, s, e, needle)
	}
}
