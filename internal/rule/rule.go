// Package rule holds what every dolint rule shares: its documentation as
// structured data, its severity and fix safety, and one reporting helper.
//
// A rule is an *analysis.Analyzer built by Define. The Doc passed to Define
// is the single source from which Analyzer.Doc, `dolint explain`,
// `dolint rules`, rules.md and the SARIF rule descriptors are generated.
package rule

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Severity is how serious a finding is.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	}
	return "error"
}

// ParseSeverity reads a severity name as users type it.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning or error)", s)
}

// Category groups rules the way oxlint does. Only correctness and security
// rules guard against a deploy or runtime failure; the others flag code that
// works but probably not as intended.
type Category string

const (
	Correctness Category = "correctness"
	Security    Category = "security"
	Suspicious  Category = "suspicious"
	Perf        Category = "perf"
	Style       Category = "style"
)

// FixSafety says whether a rule's fixes may be applied without review.
type FixSafety int

const (
	NoFix       FixSafety = iota
	Safe                  // keeps behaviour except for the broken part
	Unsafe                // may change behaviour; applied only with --unsafe
	DisplayOnly           // shown as a suggestion, never applied
)

func (f FixSafety) String() string {
	switch f {
	case Safe:
		return "safe"
	case Unsafe:
		return "unsafe"
	case DisplayOnly:
		return "display-only"
	}
	return "none"
}

// Doc is a rule's documentation. Bad and Good are txtar archives of small
// Worker projects (-- wrangler.jsonc --, -- src/index.ts --); a test checks
// that Bad triggers the rule and Good does not.
type Doc struct {
	Name     string // lowercase Go identifier; users type it in suppressions
	Title    string // lowercase, no final period
	What     string // what it reports
	Why      string // the consequence at deploy or run time
	Bad      string
	Good     string
	Fix      string // what the fix does, if there is one
	Safety   FixSafety
	Severity Severity
	Category Category
	// Options documents per-rule options of .dolint.jsonc, if any.
	Options string
	// References are URLs to the behaviour the rule is about.
	References []string
}

// URL is where the rule's documentation lives.
func (d *Doc) URL() string {
	return "https://github.com/dolint-dev/dolint/blob/main/rules.md#" + d.Name
}

var (
	mu   sync.Mutex
	docs = map[*analysis.Analyzer]*Doc{}
)

// Define builds the Analyzer for a rule from its Doc.
func Define(doc *Doc, run func(*analysis.Pass) (any, error), requires ...*analysis.Analyzer) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     doc.Name,
		Doc:      doc.Title + "\n\n" + strings.TrimSpace(doc.What),
		URL:      doc.URL(),
		Run:      run,
		Requires: requires,
	}
	mu.Lock()
	docs[a] = doc
	mu.Unlock()
	return a
}

// Known reports whether a rule of that name is defined.
func Known(name string) bool { return AnalyzerNamed(name) != nil }

// AnalyzerNamed returns the rule analyzer of that name, or nil.
func AnalyzerNamed(name string) *analysis.Analyzer {
	mu.Lock()
	defer mu.Unlock()
	for a, d := range docs {
		if d.Name == name {
			return a
		}
	}
	return nil
}

// DocOf returns the Doc of a rule Analyzer, or nil for an input analyzer.
func DocOf(a *analysis.Analyzer) *Doc {
	mu.Lock()
	defer mu.Unlock()
	return docs[a]
}

// Option changes a diagnostic before it is reported.
type Option func(*analysis.Diagnostic)

// Related adds a related location, such as the binding that names a class.
func Related(pos, end token.Pos, format string, args ...any) Option {
	return func(d *analysis.Diagnostic) {
		if !pos.IsValid() {
			return
		}
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, End: end, Message: fmt.Sprintf(format, args...)})
	}
}

// Fix attaches a suggested fix. Edits must not overlap.
func Fix(message string, edits ...analysis.TextEdit) Option {
	return func(d *analysis.Diagnostic) {
		sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
		d.SuggestedFixes = append(d.SuggestedFixes, analysis.SuggestedFix{Message: message, TextEdits: edits})
	}
}

// Report reports a finding of the pass's rule on [pos, end).
func Report(pass *analysis.Pass, pos, end token.Pos, message string, opts ...Option) {
	d := analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: pass.Analyzer.Name,
		URL:      pass.Analyzer.URL,
		Message:  message,
	}
	for _, o := range opts {
		o(&d)
	}
	pass.Report(d)
}
