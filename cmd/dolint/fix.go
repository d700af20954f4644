package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/output"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/verify"
)

// fileSystem is where fixes are written; tests replace it.
var fileSystem fix.FS = fix.OS{}

func cmdFix(rules *rule.Set, args []string, stdout, stderr io.Writer) int {
	limitMemory()
	fs := flag.NewFlagSet("dolint fix", flag.ContinueOnError)
	unsafe := fs.Bool("unsafe", false, "also apply unsafe fixes (they may change behaviour)")
	diff := fs.Bool("diff", false, "print a unified diff of the fixes and write nothing")
	only := fs.String("rule", "", "apply only this `RULE`'s fixes")
	failOnFlag := fs.String("fail-on", "", "exit 1 when a finding at or above this `LEVEL` remains: info, warning or error (default: the config file's failOn, else error)")
	noVerify := fs.Bool("no-verify", false, "apply fixes without running the project before and after them in the sandbox")
	explain := fs.Bool("explain-verdicts", false, "give each fix's verdict in full, even where one reason covers a whole project")
	patterns, code, ok := parseFlags(fs, args, func(w io.Writer) {
		fmt.Fprintln(w, "usage: dolint fix [--unsafe] [--diff] [--no-verify] [--rule RULE] [--fail-on LEVEL] [patterns]\n\nApplies the fixes of the findings it can repair, checked in the sandbox first, and lints again.\n\nFlags:")
		flagDefaults(w, fs)
	}, stdout, stderr)
	if !ok {
		return code
	}
	var failOn *rule.Severity
	if *failOnFlag != "" {
		sev, err := rule.ParseSeverity(*failOnFlag)
		if err != nil {
			fmt.Fprintf(stderr, "dolint fix: --fail-on: %v\n", err)
			return exitError
		}
		failOn = &sev
	}
	if *only != "" && !rules.Known(*only) {
		fmt.Fprintf(stderr, "dolint fix: --rule: %s\n", suggestRule(rules, *only))
		return exitError
	}
	// The projects' .dolint.jsonc files apply as they do to a lint run:
	// a rule they turn off is not fixed, a finding in an ignored file is
	// not fixed, and severities decide what remains. --rule names a rule
	// as --enable does, so it runs even where a file turns it off.
	sel, err := newSelection(rules, nil, nil)
	if err != nil {
		fmt.Fprintf(stderr, "dolint fix: %v\n", err)
		return exitError
	}
	if *only != "" {
		sel.explicit = []string{*only}
	}
	projects, err := discover.Projects(patterns)
	if err == nil {
		projects, err = sel.configure(projects)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dolint fix: %v\n", err)
		return exitError
	}
	if code := recoverInterrupted(projects, *diff, stderr); code != exitOK {
		return code
	}
	opts := fix.Options{
		Unsafe: *unsafe,
		Rule:   *only,
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
	if !*noVerify {
		opts.Verify = verifier(rules, stderr, isTerminal(stderr))
	}
	out, err := fix.Run(opts)
	if err != nil {
		fmt.Fprintf(stderr, "dolint fix: %v\n", err)
		return exitError
	}
	cwd, _ := os.Getwd()
	rel := func(p string) string {
		if r, err := filepath.Rel(cwd, p); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
	files := make([]string, 0, len(out.Changed))
	for f := range out.Changed {
		files = append(files, f)
	}
	sort.Strings(files)
	if *diff {
		for _, f := range files {
			fmt.Fprint(stdout, fix.Diff("a/"+rel(f), "b/"+rel(f), out.Original[f], out.Changed[f]))
		}
	} else if len(files) > 0 {
		if err := fix.Write(fileSystem, out.Changed); err != nil {
			fmt.Fprintf(stderr, "dolint fix: %v\n", err)
			return exitError
		}
	}
	verifiedN, unverifiableN := 0, 0
	notes := &verdictNotes{explain: *explain}
	for _, a := range out.Applied {
		note := ""
		if v := a.Verdict; v != nil {
			switch v.Status {
			case fix.Verified:
				verifiedN++
				note = " [verified: " + v.Check + "]"
			case fix.Unverifiable:
				unverifiableN++
				note = notes.unverifiable(v)
			}
		}
		fmt.Fprintf(stdout, "%s:%d: fixed (%s): %s%s\n", rel(a.File), a.Line, a.Rule, a.Message, note)
	}
	notes.flush(stdout, rel)
	for _, r := range out.Rejected {
		fmt.Fprintf(stdout, "%s:%d: not fixed (%s): %s: %s\n", rel(r.File), r.Line, r.Rule, r.Message, r.Reason)
	}
	for _, r := range out.Unverified {
		fmt.Fprintf(stdout, "%s:%d: not fixed (%s): %s: %s; apply it with --unsafe\n", rel(r.File), r.Line, r.Rule, r.Message, r.Reason)
	}
	verb := "applied"
	if *diff {
		verb = "would be applied"
	}
	summary := fmt.Sprintf("%d %s %s", len(out.Applied), plural(len(out.Applied), "fix", "fixes"), verb)
	if opts.Verify != nil {
		summary += fmt.Sprintf(" (%d verified, %d unverifiable)", verifiedN, unverifiableN)
	}
	if len(out.Rejected) > 0 || opts.Verify != nil {
		summary += fmt.Sprintf(", %d rejected", len(out.Rejected))
	}
	if out.HeldBack > 0 {
		summary += fmt.Sprintf("; %d unsafe %s held back (use --unsafe)", out.HeldBack, plural(out.HeldBack, "fix", "fixes"))
	}
	summary += remainder(out.Final.Diagnostics)
	fmt.Fprintln(stderr, summary)
	for _, d := range out.Final.Diagnostics {
		if sel.fails(d, failOn) {
			return exitFindings
		}
	}
	return exitOK
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
func verifier(rules *rule.Set, stderr io.Writer, progress bool) func(map[string][]byte, []fix.Candidate) ([]fix.Verdict, error) {
	return func(final map[string][]byte, cands []fix.Candidate) ([]fix.Verdict, error) {
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
			fixes := make([]verify.Fix, len(idx))
			for k, i := range idx {
				c := cands[i]
				fixes[k] = verify.Fix{Rule: c.Rule, Message: c.Message, File: c.File, Line: c.Line, Without: c.Without}
				if r := rules.Lookup(c.Rule); r != nil && r.Doc != nil {
					fixes[k].Check = r.Doc.Verify
				}
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
			for k, v := range verify.Run(vopts, fixes) {
				verdicts[idx[k]] = fix.Verdict{Status: statusOf(v.Status), Check: v.Check, Reason: v.Reason}
			}
			done += len(idx)
		}
		if progress {
			fmt.Fprint(stderr, "\r\033[K")
		}
		return verdicts, nil
	}
}

func statusOf(s verify.Status) fix.Status {
	switch s {
	case verify.Verified:
		return fix.Verified
	case verify.Rejected:
		return fix.RejectedByCheck
	}
	return fix.Unverifiable
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
