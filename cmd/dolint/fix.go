package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/output"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/verify"
)

// fileSystem is where fixes are written; tests replace it.
var fileSystem fix.FS = fix.OS{}

// fixFlags is dolint fix's command line.
type fixFlags struct {
	unsafe, diff, noVerify, explain bool
	only, format                    string
	failOn                          *rule.Severity
	patterns                        []string
}

func cmdFix(rules *rule.Set, args []string, stdout, stderr io.Writer) int {
	limitMemory(false)
	ff, code, ok := parseFixFlags(rules, args, stdout, stderr)
	if !ok {
		return code
	}
	sel, projects, err := fixProjects(rules, ff)
	if err != nil {
		fmt.Fprintf(stderr, "dolint fix: %v\n", err)
		return exitError
	}
	if code := recoverInterrupted(projects, ff.diff, stderr); code != exitOK {
		return code
	}
	opts := fixOptions(sel, projects, ff, stderr)
	out, err := fix.Run(opts)
	if err != nil {
		fmt.Fprintf(stderr, "dolint fix: %v\n", err)
		return exitError
	}
	rel := relativeToCwd()
	diff, err := writeFixes(out, ff.diff, rel)
	if err != nil {
		fmt.Fprintf(stderr, "dolint fix: %v\n", err)
		return exitError
	}
	if ff.format == "json" {
		if err := printFixJSON(stdout, out, diff, rel); err != nil {
			fmt.Fprintf(stderr, "dolint fix: %v\n", err)
			return exitError
		}
	} else {
		fmt.Fprint(stdout, diff)
		printFixes(stdout, out, ff.explain, rel)
	}
	fmt.Fprintln(stderr, fixSummary(out, ff.diff, opts.Verify != nil))
	for _, d := range out.Final.Diagnostics {
		if sel.fails(d, ff.failOn) {
			return exitFindings
		}
	}
	return exitOK
}

func parseFixFlags(rules *rule.Set, args []string, stdout, stderr io.Writer) (ff fixFlags, code int, ok bool) {
	fs := flag.NewFlagSet("dolint fix", flag.ContinueOnError)
	fs.BoolVar(&ff.unsafe, "unsafe", false, "also apply unsafe fixes (they may change behaviour)")
	fs.BoolVar(&ff.diff, "diff", false, "print a unified diff of the fixes and write nothing")
	fs.StringVar(&ff.only, "rule", "", "apply only this `RULE`'s fixes")
	failOn := fs.String("fail-on", "", "exit 1 when a finding at or above this `LEVEL` remains: info, warning or error (default: the config file's failOn, else error)")
	fs.BoolVar(&ff.noVerify, "no-verify", false, "apply fixes without running the project before and after them in the sandbox")
	fs.BoolVar(&ff.explain, "explain-verdicts", false, "give each fix's verdict in full, even where one reason covers a whole project")
	fs.StringVar(&ff.format, "format", "text", "output `FORMAT`: text, or json (each fix with its verdict, and the diff with --diff)")
	ff.patterns, code, ok = parseFlags(fs, args, func(w io.Writer) {
		fmt.Fprintln(w, "usage: dolint fix [--unsafe] [--diff] [--no-verify] [--rule RULE] [--fail-on LEVEL] [--format FORMAT] [patterns]\n\nApplies the fixes of the findings it can repair, checked in the sandbox first, and lints again.\n\nFlags:")
		flagDefaults(w, fs)
	}, stdout, stderr)
	if !ok {
		return ff, code, false
	}
	if ff.format != "text" && ff.format != "json" {
		fmt.Fprintf(stderr, "dolint fix: --format: %q is not text or json\n", ff.format)
		return ff, exitError, false
	}
	if *failOn != "" {
		sev, err := rule.ParseSeverity(*failOn)
		if err != nil {
			fmt.Fprintf(stderr, "dolint fix: --fail-on: %v\n", err)
			return ff, exitError, false
		}
		ff.failOn = &sev
	}
	if ff.only != "" && !rules.Known(ff.only) {
		fmt.Fprintf(stderr, "dolint fix: --rule: %s\n", suggestRule(rules, ff.only))
		return ff, exitError, false
	}
	return ff, exitOK, true
}

// fixProjects finds the projects to fix. Their .dolint.jsonc files apply
// as they do to a lint run: a rule they turn off is not fixed, a finding
// in an ignored file is not fixed, and severities decide what remains.
// --rule names a rule as --enable does, so it runs even where a file turns
// it off.
func fixProjects(rules *rule.Set, ff fixFlags) (*selection, []*driver.Project, error) {
	sel, err := newSelection(rules, nil, nil)
	if err != nil {
		return nil, nil, err
	}
	if ff.only != "" {
		sel.explicit = []string{ff.only}
	}
	projects, err := discover.Projects(ff.patterns)
	if err == nil {
		projects, err = sel.configure(projects)
	}
	return sel, projects, err
}

func fixOptions(sel *selection, projects []*driver.Project, ff fixFlags, stderr io.Writer) fix.Options {
	opts := fix.Options{
		Unsafe: ff.unsafe,
		Rule:   ff.only,
		Lint: func(overlay map[string][]byte) (*driver.Result, error) {
			res, err := sel.run(projects, overlay)
			if err != nil {
				return nil, err
			}
			// A fix that would edit an ignored file (a generated one,
			// say) is not offered; its finding still counts.
			for i, d := range res.Diagnostics {
				if sel.fixTouchesIgnored(res, d) {
					res.Diagnostics[i].SuggestedFixes = nil
				}
			}
			return res, nil
		},
	}
	if !ff.noVerify {
		opts.Verify = verifier(stderr, isTerminal(stderr))
	}
	return opts
}

// relativeToCwd names a file relative to the working directory, as
// findings are named.
func relativeToCwd() func(string) string {
	cwd, _ := os.Getwd()
	return func(p string) string {
		if r, err := filepath.Rel(cwd, p); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
}

// writeFixes writes the changed files, or with diffOnly returns their
// unified diff and writes nothing.
func writeFixes(out *fix.Outcome, diffOnly bool, rel func(string) string) (string, error) {
	files := make([]string, 0, len(out.Changed))
	for f := range out.Changed {
		files = append(files, f)
	}
	sort.Strings(files)
	if !diffOnly {
		if len(files) == 0 {
			return "", nil
		}
		return "", fix.Write(fileSystem, out.Changed)
	}
	var b strings.Builder
	for _, f := range files {
		b.WriteString(fix.Diff("a/"+rel(f), "b/"+rel(f), out.Original[f], out.Changed[f]))
	}
	return b.String(), nil
}

// printFixes gives each fix a line: applied, with its verdict, or not,
// with why.
func printFixes(w io.Writer, out *fix.Outcome, explain bool, rel func(string) string) {
	notes := &verdictNotes{explain: explain}
	for _, a := range out.Applied {
		note := ""
		if v := a.Verdict; v != nil {
			switch v.Status {
			case fix.Verified:
				note = " [verified: " + v.Check + "]"
			case fix.Unverifiable:
				note = notes.unverifiable(v)
			}
		}
		fmt.Fprintf(w, "%s:%d: fixed (%s): %s%s\n", rel(a.File), a.Line, a.Rule, a.Message, note)
	}
	notes.flush(w, rel)
	for _, r := range out.Rejected {
		fmt.Fprintf(w, "%s:%d: not fixed (%s): %s: %s\n", rel(r.File), r.Line, r.Rule, r.Message, r.Reason)
	}
	for _, r := range out.Unverified {
		fmt.Fprintf(w, "%s:%d: not fixed (%s): %s: %s; apply it with --unsafe\n", rel(r.File), r.Line, r.Rule, r.Message, r.Reason)
	}
}

// fixSummary is the run's last line: what was applied, how it was
// verified, and what remains.
func fixSummary(out *fix.Outcome, diffOnly, verified bool) string {
	verb := "applied"
	if diffOnly {
		verb = "would be applied"
	}
	summary := fmt.Sprintf("%d %s %s", len(out.Applied), plural(len(out.Applied), "fix", "fixes"), verb)
	if verified {
		v, u := verdictCounts(out)
		summary += fmt.Sprintf(" (%d verified, %d unverifiable)", v, u)
	}
	if len(out.Rejected) > 0 || verified {
		summary += fmt.Sprintf(", %d rejected", len(out.Rejected))
	}
	if out.HeldBack > 0 {
		summary += fmt.Sprintf("; %d unsafe %s held back (use --unsafe)", out.HeldBack, plural(out.HeldBack, "fix", "fixes"))
	}
	return summary + remainder(out.Final.Diagnostics)
}

// verdictCounts counts the applied fixes that verification verified and
// those it could not check.
func verdictCounts(out *fix.Outcome) (verified, unverifiable int) {
	for _, a := range out.Applied {
		if a.Verdict == nil {
			continue
		}
		switch a.Verdict.Status {
		case fix.Verified:
			verified++
		case fix.Unverifiable:
			unverifiable++
		}
	}
	return verified, unverifiable
}

// remainder says what is left to do by hand, by severity ("; 2 errors,
// 1 warning remain"), since an error and an info are not the same amount
// of work.
func remainder(ds []driver.Diagnostic) string {
	var e, w, i int
	for _, d := range ds {
		switch d.Severity {
		case rule.Error:
			e++
		case rule.Warning:
			w++
		default:
			i++
		}
	}
	left := output.SeverityCounts(e, w, i)
	if left == "" {
		return ""
	}
	return "; " + left + " " + plural(e+w+i, "remains", "remain")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// verifier runs each project's fixes in the sandbox, before and after.
// With progress (stderr is a terminal), stderr shows which fix is being
// checked, on one line that is cleared at the end.
// sandboxMemory lifts the lint run's memory limit (see limitMemory) while
// fixes are verified, and returns what restores it. Each version of a
// project that a check loads is evaluated in isolates of its own, tens of
// MiB each for a large module graph, and a check holds several at once:
// a live heap near or past the lint run's limit, which the collector,
// told to keep under it, then runs almost without pause for. On a Worker
// whose schemas are built at load, the fix run took a median 50 s of CPU
// with the collector's defaults against 54 s under the lint run's
// settings (three paired runs), for 550 MiB resident instead of 350 MiB;
// single runs before the checks held fewer isolates at once took 72 and
// 84 s against 58 s. The
// sandbox bounds each runtime's heap itself (sandbox.Limits.Memory).
func sandboxMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(math.MaxInt64)
	percent := debug.SetGCPercent(100)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

func verifier(stderr io.Writer, progress bool) func(map[string][]byte, []fix.Candidate) ([]fix.Verdict, error) {
	return func(final map[string][]byte, cands []fix.Candidate) ([]fix.Verdict, error) {
		defer sandboxMemory()()
		verdicts := make([]fix.Verdict, len(cands))
		byConfig := map[string][]int{}
		var configs []string
		for i, c := range cands {
			cfg := ""
			if c.Project != nil {
				cfg = c.Project.Config
			}
			if _, ok := byConfig[cfg]; !ok {
				configs = append(configs, cfg)
			}
			byConfig[cfg] = append(byConfig[cfg], i)
		}
		done := 0
		for _, cfg := range configs {
			idx := byConfig[cfg]
			if cfg == "" {
				for _, i := range idx {
					verdicts[i] = fix.Verdict{Status: fix.Unverifiable, Check: "sandbox", Reason: "the fix belongs to no project"}
				}
				continue
			}
			group := make([]fix.Candidate, len(idx))
			for k, i := range idx {
				group[k] = cands[i]
			}
			vopts := verify.Options{Config: cfg, Fixed: final}
			if progress {
				base := done
				vopts.Progress = func(n, total int) {
					if n < total {
						fmt.Fprintf(stderr, "\rverifying %d/%d…", base+n+1, len(cands))
					}
				}
			}
			for k, v := range verify.Run(vopts, group) {
				verdicts[idx[k]] = v
			}
			done += len(idx)
		}
		if progress {
			fmt.Fprint(stderr, "\r\033[K")
		}
		return verdicts, nil
	}
}

// recoverInterrupted completes or undoes a dolint fix that was killed while
// it wrote its files, before this run reads them, and says what it did.
// With --diff, which writes nothing, it only says that one is pending.
func recoverInterrupted(projects []*driver.Project, diffOnly bool, stderr io.Writer) int {
	seen := map[string]bool{}
	for _, p := range projects {
		if seen[p.Dir] {
			continue
		}
		seen[p.Dir] = true
		if diffOnly {
			if j := fix.PendingJournal(p.Dir); j != "" && !seen[j] {
				seen[j] = true
				fmt.Fprintf(stderr, "dolint fix: %s records an interrupted dolint fix; run dolint fix without --diff to complete it\n", j)
			}
			continue
		}
		r, err := fix.Recover(fileSystem, p.Dir)
		if err != nil {
			fmt.Fprintf(stderr, "dolint fix: %v\n", err)
			return exitError
		}
		if r != nil {
			fmt.Fprintf(stderr, "dolint fix: %s\n", r)
		}
	}
	return exitOK
}
