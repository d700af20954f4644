package rule

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestSet(t *testing.T) {
	a := New(&Doc{Name: "aa", Severity: Warning}, nil)
	b := New(&Doc{Name: "bb"}, nil)
	probe := &analysis.Analyzer{Name: "probe", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	s := NewSet(b, a)
	if got := s.Rules(); len(got) != 2 || got[0] != b || got[1] != a {
		t.Errorf("Rules() = %v, want the order given", got)
	}
	if s.Lookup("aa") != a || s.Of(a.Analyzer) != a || s.Known("probe") || s.Of(probe) != nil {
		t.Errorf("lookups by name and analyzer do not find what the set holds, or find what it does not")
	}
	if f := s.Filter(func(r *Rule) bool { return r.Name() == "aa" }); f.Len() != 1 || f.Lookup("aa") != a || s.Len() != 2 {
		t.Errorf("Filter: %d rules, and the set it filtered has %d", f.Len(), s.Len())
	}
	p := SetOf(probe)
	if r := p.Lookup("probe"); r == nil || r.Doc != nil || r.Severity() != Error || len(p.Docs()) != 0 {
		t.Errorf("a probe is a rule without documentation, at error severity")
	}
	if a.Severity() != Warning || a.Analyzer.Requires[0] != Settings {
		t.Errorf("a rule built by New has its Doc's severity and requires Settings")
	}
	var nilSet *Set
	if nilSet.Lookup("aa") != nil || nilSet.Len() != 0 || nilSet.Known("aa") {
		t.Errorf("a nil set holds no rule")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "two rules named aa") {
			t.Errorf("two rules of one name: recovered %v", r)
		}
	}()
	NewSet(a, New(&Doc{Name: "aa"}, nil))
}
