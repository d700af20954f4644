package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/bench/internal/judged"
)

// Finding is one dolint diagnostic, with the file relative to the
// repository root.
type Finding struct {
	Repo     string // owner/name
	Rule     string
	Severity string
	File     string
	Line     int
	Message  string
	// Detail is the note after the message's first sentence; a table
	// written when the two were one string still matches (see hasPrefix).
	Detail string
}

// hasPrefix reports whether the finding's message, rejoined with its
// detail by any separator that may have stood between them, starts with p.
func (f Finding) hasPrefix(p string) bool {
	if f.Detail == "" || len(p) <= len(f.Message) {
		return strings.HasPrefix(f.Message, p)
	}
	for _, sep := range []string{"; ", ": ", ". ", " "} {
		if strings.HasPrefix(f.Message+sep+f.Detail, p) {
			return true
		}
	}
	return false
}

func (f Finding) key() string {
	return f.Repo + " | " + f.Rule + " | " + f.Severity + " | " + f.File + ":" + strconv.Itoa(f.Line)
}

// Failure is a repository on which dolint did not finish normally: exit
// code 2 (usage or internal error, which a Go panic also gives), a panic
// trace on standard error, or unreadable output.
type Failure struct {
	Repo string
	Err  string
}

// Lint runs `dolint --format json ./...` at the root of each materialised
// repository, two at a time, and returns the findings with duplicates (the
// same rule, file, line and message reported for several projects) merged,
// sorted by repository, file, line and rule.
func Lint(ctx context.Context, dolint, dir string, pins []Pin) ([]Finding, []Failure) {
	var (
		mu       sync.Mutex
		findings []Finding
		failures []Failure
	)
	judged.Each(min(2, runtime.GOMAXPROCS(0)), pins, func(p Pin) {
		fs, err := lintOne(ctx, dolint, filepath.Join(dir, p.DirName()), p.Repo)
		mu.Lock()
		if err != nil {
			failures = append(failures, Failure{p.Repo, err.Error()})
		}
		findings = append(findings, fs...)
		mu.Unlock()
	})
	sortFindings(findings)
	out := findings[:0]
	for i, f := range findings {
		if i > 0 && f == findings[i-1] {
			continue
		}
		out = append(out, f)
	}
	sort.Slice(failures, func(i, j int) bool { return failures[i].Repo < failures[j].Repo })
	return out, failures
}

func sortFindings(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
}

func lintOne(ctx context.Context, dolint, root, repo string) ([]Finding, error) {
	// The snapshots are extracted trees without their git history, so
	// nohistory would note every config with migrations: true of the
	// snapshot, and of no interest to the table.
	cmd := exec.CommandContext(ctx, dolint, "--format", "json", "--color", "never", "--disable", "nohistory", "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=", "NO_COLOR=1", "FORCE_COLOR=")
	diags, err := judged.Run(cmd, true)
	if err != nil {
		return nil, err
	}
	var fs []Finding
	for _, d := range diags {
		fs = append(fs, Finding{Repo: repo, Rule: d.Rule, Severity: d.Severity, File: d.File, Line: d.Line, Message: d.Message, Detail: d.Detail})
	}
	return fs, nil
}

// Verdicts a table line may carry.
const (
	True      = "TRUE"
	False     = "FALSE"
	Debatable = "DEBATABLE"
	Todo      = "TODO"
)

// Judged is one line of the findings table:
//
//	owner/name | rule | severity | file:line | "message prefix" | VERDICT: reason
type Judged struct {
	Finding        // Message holds the prefix
	Verdict string // TRUE, FALSE, DEBATABLE or TODO
	Reason  string
	At      int // line in the table
}

// ParseTable reads the findings table. Blank lines and lines starting with
// # are comments.
func ParseTable(src []byte) ([]Judged, error) {
	var out []Judged
	err := judged.Lines(src, 6, func(n int, parts []string) error {
		file, ln, err := judged.Place(n, parts[3])
		if err != nil {
			return err
		}
		msg, err := judged.Prefix(n, parts[4])
		if err != nil {
			return err
		}
		verdict, reason, _ := strings.Cut(parts[5], ":")
		verdict, reason = strings.TrimSpace(verdict), strings.TrimSpace(reason)
		switch verdict {
		case True, False, Debatable, Todo:
		default:
			return fmt.Errorf("line %d: verdict %q is not TRUE, FALSE, DEBATABLE or TODO", n, verdict)
		}
		out = append(out, Judged{
			Finding: Finding{Repo: parts[0], Rule: parts[1], Severity: parts[2], File: file, Line: ln, Message: msg},
			Verdict: verdict,
			Reason:  reason,
			At:      n,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reviewed reports whether a line carries a verdict with a reason.
func (j Judged) Reviewed() bool { return j.Verdict != Todo && j.Reason != "" }

// Compare matches findings with table lines: a finding matches a line with
// the same repository, rule, severity, file and line whose message prefix
// starts its message. It returns, for each finding, the index of its line
// (-1 for none), and the lines no finding matched.
func Compare(findings []Finding, table []Judged) (match []int, gone []Judged) {
	lines := make([]judged.Line, len(table))
	for i, j := range table {
		lines[i] = judged.Line{Key: j.key(), Prefix: j.Message}
	}
	match, used := judged.Match(findings, Finding.key, Finding.hasPrefix, lines, true)
	for i, j := range table {
		if !used[i] {
			gone = append(gone, j)
		}
	}
	return match, gone
}

// Tally counts verdicts of the error and warning findings of a run.
type Tally struct{ True, False, Debatable int }

// Precision is TRUE/(TRUE+FALSE), or 1 with no such finding.
func (t Tally) Precision() float64 {
	if t.True+t.False == 0 {
		return 1
	}
	return float64(t.True) / float64(t.True+t.False)
}

// Precision tallies the verdicts of the error and warning findings that
// matched a table line, per rule and overall.
func Precision(findings []Finding, match []int, table []Judged) (perRule map[string]*Tally, all Tally) {
	perRule = map[string]*Tally{}
	for fi, f := range findings {
		if match[fi] < 0 || (f.Severity != "error" && f.Severity != "warning") {
			continue
		}
		t := perRule[f.Rule]
		if t == nil {
			t = &Tally{}
			perRule[f.Rule] = t
		}
		switch table[match[fi]].Verdict {
		case True:
			t.True++
			all.True++
		case False:
			t.False++
			all.False++
		case Debatable:
			t.Debatable++
			all.Debatable++
		}
	}
	return perRule, all
}

// PrecisionReport prints the tallies, one rule a line.
func PrecisionReport(perRule map[string]*Tally, all Tally) string {
	var b strings.Builder
	rules := make([]string, 0, len(perRule))
	for r := range perRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	row := func(name string, t Tally) {
		fmt.Fprintf(&b, "%-18s TRUE %4d  FALSE %3d  DEBATABLE %3d  precision %6.2f%%\n", name, t.True, t.False, t.Debatable, 100*t.Precision())
	}
	for _, r := range rules {
		row(r, *perRule[r])
	}
	row("overall", all)
	return b.String()
}

// MinPrecision is the least TRUE/(TRUE+FALSE) over error and warning
// findings the tier accepts.
const MinPrecision = 0.95

const prefixLen = judged.PrefixLen

const tableHeader = `# Judged dolint findings on the public repositories of pins.txt.
# One finding a line:
#   owner/name | rule | severity | file:line | "message prefix" | VERDICT: reason
# file is relative to the repository root; the same rule, file, line and
# message reported for several projects is one line. VERDICT is TRUE (every
# claim of the message holds for that code), FALSE (it does not) or
# DEBATABLE (it depends on facts the code does not settle). The check fails
# on a finding missing here, on a line whose finding is gone, and when the
# precision TRUE/(TRUE+FALSE) of error and warning findings drops below 95%.
`

// FormatTable writes findings in the table format, keeping the verdict (and
// prefix) of an old line that matches and marking the rest TODO.
func FormatTable(findings []Finding, old []Judged) []byte {
	var b bytes.Buffer
	b.WriteString(tableHeader)
	match, _ := Compare(findings, old)
	repo := ""
	for fi, f := range findings {
		if f.Repo != repo {
			repo = f.Repo
			fmt.Fprintf(&b, "\n# %s\n", repo)
		}
		verdict, prefix := "TODO: judge", judged.Shorten(f.Message, prefixLen)
		if i := match[fi]; i >= 0 {
			verdict, prefix = old[i].Verdict+": "+old[i].Reason, old[i].Message
		}
		fmt.Fprintf(&b, "%s | %s | %s | %s:%d | %s | %s\n", f.Repo, f.Rule, f.Severity, f.File, f.Line, strconv.Quote(prefix), verdict)
	}
	return b.Bytes()
}

// Result is one comparison of a run with the table.
type Result struct {
	Findings   []Finding
	Failures   []Failure
	Unjudged   []Finding // not in the table
	Gone       []Judged  // in the table, not found
	Unreviewed []Judged  // TODO lines
	PerRule    map[string]*Tally
	All        Tally
}

// Problems lists what makes a result fail, one line each.
func (r Result) Problems(table string) []string {
	var out []string
	for _, f := range r.Failures {
		out = append(out, fmt.Sprintf("dolint failed on %s: %s", f.Repo, f.Err))
	}
	for _, f := range r.Unjudged {
		msg := f.Message
		if f.Detail != "" {
			msg += " [" + f.Detail + "]"
		}
		out = append(out, fmt.Sprintf("unjudged finding (judge it into %s): %s: %s", table, f.key(), msg))
	}
	for _, j := range r.Gone {
		out = append(out, fmt.Sprintf("%s:%d: finding no longer reported, the table needs updating: %s: %q", table, j.At, j.key(), j.Message))
	}
	for _, j := range r.Unreviewed {
		out = append(out, fmt.Sprintf("%s:%d: no verdict with a reason: %s", table, j.At, j.key()))
	}
	if p := r.All.Precision(); p < MinPrecision {
		out = append(out, fmt.Sprintf("precision %.2f%% on error and warning findings is below %.0f%%", 100*p, 100*MinPrecision))
	}
	return out
}

// Evaluate compares findings with a parsed table.
func Evaluate(findings []Finding, failures []Failure, table []Judged) Result {
	r := Result{Findings: findings, Failures: failures}
	match, gone := Compare(findings, table)
	r.Gone = gone
	for fi, f := range findings {
		if match[fi] < 0 {
			r.Unjudged = append(r.Unjudged, f)
		}
	}
	for _, j := range table {
		if !j.Reviewed() {
			r.Unreviewed = append(r.Unreviewed, j)
		}
	}
	r.PerRule, r.All = Precision(findings, match, table)
	return r
}

func check(ctx context.Context, dir, dolint, table string, pins []Pin, update bool) error {
	if dolint == "" {
		tmp, err := os.MkdirTemp("", "dolint-repos-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if dolint, err = judged.BuildDolint(ctx, tmp); err != nil {
			return err
		}
	}
	findings, failures := Lint(ctx, dolint, dir, pins)
	src, err := judged.ReadTable(table, update)
	if err != nil {
		return err
	}
	old, err := ParseTable(src)
	if err != nil {
		return fmt.Errorf("%s: %v", table, err)
	}
	if update {
		out := FormatTable(findings, old)
		if err := os.WriteFile(table, out, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s\n", table)
		if old, err = ParseTable(out); err != nil {
			return err
		}
	}
	r := Evaluate(findings, failures, old)
	fmt.Printf("%d repositories, %d findings\n", len(pins), len(findings))
	fmt.Print(PrecisionReport(r.PerRule, r.All))
	probs := r.Problems(table)
	for _, p := range probs {
		fmt.Println(p)
	}
	if len(probs) > 0 {
		return fmt.Errorf("%d problems", len(probs))
	}
	return nil
}
