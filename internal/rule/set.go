package rule

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
)

// A Set is the rules a run knows, in the order `dolint rules` lists them.
// It is built once (package analyzers/all builds the full set) and never
// changed, so that two sets can serve two runs in one process.
type Set struct {
	rules      []*Rule
	byName     map[string]*Rule
	byAnalyzer map[*analysis.Analyzer]*Rule
}

// NewSet returns the set of rules. Two rules of one name, or a rule
// without an analyzer, are a programming error and panic.
func NewSet(rules ...*Rule) *Set {
	s := &Set{
		rules:      append([]*Rule(nil), rules...),
		byName:     make(map[string]*Rule, len(rules)),
		byAnalyzer: make(map[*analysis.Analyzer]*Rule, len(rules)),
	}
	for _, r := range rules {
		if r == nil || r.Analyzer == nil {
			panic("rule.NewSet: a rule without an analyzer")
		}
		if s.byName[r.Name()] != nil {
			panic(fmt.Sprintf("rule.NewSet: two rules named %s", r.Name()))
		}
		s.byName[r.Name()] = r
		s.byAnalyzer[r.Analyzer] = r
	}
	return s
}

// Rules returns the rules in order. The slice is the caller's.
func (s *Set) Rules() []*Rule {
	if s == nil {
		return nil
	}
	return append([]*Rule(nil), s.rules...)
}

// Len is the number of rules.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

// Lookup returns the rule of that name, or nil.
func (s *Set) Lookup(name string) *Rule {
	if s == nil {
		return nil
	}
	return s.byName[name]
}

// Known reports whether the set has a rule of that name.
func (s *Set) Known(name string) bool { return s.Lookup(name) != nil }

// Of returns the rule whose analyzer is a, or nil for an input analyzer.
func (s *Set) Of(a *analysis.Analyzer) *Rule {
	if s == nil {
		return nil
	}
	return s.byAnalyzer[a]
}

// Docs returns the rules' docs in order, leaving out rules without one.
func (s *Set) Docs() []*Doc {
	var out []*Doc
	for _, r := range s.Rules() {
		if r.Doc != nil {
			out = append(out, r.Doc)
		}
	}
	return out
}

// Analyzers returns the rules' analyzers in order.
func (s *Set) Analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, r := range s.Rules() {
		out = append(out, r.Analyzer)
	}
	return out
}

// Filter returns the set of the rules keep keeps, in order.
func (s *Set) Filter(keep func(*Rule) bool) *Set {
	var out []*Rule
	for _, r := range s.Rules() {
		if keep(r) {
			out = append(out, r)
		}
	}
	return NewSet(out...)
}

// SetOf returns a set of analyzers that are not documented rules, such as
// a test's probe; their findings count as the analyzer's name.
func SetOf(analyzers ...*analysis.Analyzer) *Set {
	rules := make([]*Rule, len(analyzers))
	for i, a := range analyzers {
		rules[i] = &Rule{Analyzer: a}
	}
	return NewSet(rules...)
}
