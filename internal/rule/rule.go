// Package rule holds what every dolint rule shares: its documentation as
// structured data, its severity and fix safety, and one reporting helper.
//
// A rule is a Rule value built by New: a Doc and an *analysis.Analyzer.
// The Doc is the single source from which Analyzer.Doc, `dolint explain`,
// `dolint rules`, rules.md and the SARIF rule descriptors are generated.
// The rules a run knows are a Set, built by package analyzers/all.
package rule

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/suppress"

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
	// Verify names the sandbox check that judges the rule's fixes in
	// `dolint fix --verify`; empty when none fits.
	Verify Verification
}

// Verification is a kind of sandbox check of a fix (package verify).
type Verification string

const (
	VerifyDeploy         Verification = "deploy"         // a deploy simulation passes where it failed
	VerifyWebSocket      Verification = "websocket"      // replies are kept and survive hibernation
	VerifyAsyncInit      Verification = "asyncinit"      // the first answer is already the settled one
	VerifySQLInjection   Verification = "sqlinjection"   // benign results are kept, hostile input becomes data
	VerifySQLTransaction Verification = "sqltransaction" // a part-way failure leaves no partial writes
	VerifyAlarm          Verification = "alarm"          // the alarm fires at the intended time
	VerifyAlarmDelay     Verification = "alarmdelay"     // the alarm fires after the delay the code passed as a time
	VerifySuperCall      Verification = "supercall"      // the constructor succeeds with the runtime's env
	VerifyDeleteAll      Verification = "deleteall"      // no alarm is left after deleteAll()
	VerifyWSClose        Verification = "wsclose"        // the client gets its Close frame back
	VerifyHistory        Verification = "history"        // migrations replay alike for scripts deployed from every committed version
)

// URL is where the rule's documentation lives.
func (d *Doc) URL() string {
	return "https://github.com/dolint-dev/dolint/blob/main/rules.md#" + d.Name
}

// Rule is one rule: its documentation and the analyzer that finds what it
// reports. A Rule is a value: which rules a run knows is the Set it is
// given, not which packages happen to be linked in.
type Rule struct {
	Doc      *Doc
	Analyzer *analysis.Analyzer
	// Directive, when set, judges a suppression directive once every
	// other rule of the run has reported, since only then is it known
	// what the directive suppressed. It returns the finding's message, or
	// "" when the directive is fine by this rule.
	Directive func(d *suppress.Directive, run DirectiveRun) string
}

// DirectiveRun is what a directive rule knows of the run.
type DirectiveRun struct {
	Known func(rule string) bool // some rule of that name exists
	Ran   func(rule string) bool // the rule ran, so its findings are known
}

// New builds a rule from its Doc and the run function of its analyzer.
// Every rule requires Settings besides requires, so that it can read its
// options (DecodeOptions). A nil run makes an analyzer that finds nothing
// itself, for a rule whose findings come from its Directive hook.
func New(doc *Doc, run func(*analysis.Pass) (any, error), requires ...*analysis.Analyzer) *Rule {
	if run == nil {
		run = func(*analysis.Pass) (any, error) { return nil, nil }
	}
	return &Rule{Doc: doc, Analyzer: &analysis.Analyzer{
		Name:     doc.Name,
		Doc:      doc.Title + "\n\n" + strings.TrimSpace(doc.What),
		URL:      doc.URL(),
		Run:      run,
		Requires: append([]*analysis.Analyzer{Settings}, requires...),
	}}
}

// Name is the rule's name, as users type it.
func (r *Rule) Name() string { return r.Analyzer.Name }

// Severity is the rule's default severity: its Doc's, or Error for a rule
// without one (a test's probe).
func (r *Rule) Severity() Severity {
	if r.Doc == nil {
		return Error
	}
	return r.Doc.Severity
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
		Pos:     pos,
		End:     end,
		URL:     pass.Analyzer.URL,
		Message: message,
	}
	for _, o := range opts {
		o(&d)
	}
	pass.Report(d)
}
