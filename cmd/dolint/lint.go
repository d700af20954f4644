package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/output"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// lintFlags are the flags of a lint run.
type lintFlags struct {
	format   string
	enable   listFlag
	disable  listFlag
	severity string
	failOn   string
}

// listFlag collects comma-separated values from repeated flags.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func (f *lintFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.format, "format", "text", "output format: text or json")
	fs.Var(&f.enable, "enable", "run only these rules (comma-separated; repeatable)")
	fs.Var(&f.disable, "disable", "do not run these rules (comma-separated; repeatable)")
	fs.StringVar(&f.severity, "severity", "info", "report only findings at or above this severity: info, warning or error")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding at or above this severity remains: info, warning or error")
}

// parseInterspersed lets flags follow patterns (dolint ./... --format json),
// as users of other linters expect.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func cmdLint(args []string, stdout, stderr io.Writer) int {
	var f lintFlags
	fs := flag.NewFlagSet("dolint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f.register(fs)
	fs.Usage = func() {
		usage(stderr)
		fmt.Fprintln(stderr, "\nLint flags:")
		fs.PrintDefaults()
	}
	patterns, err := parseInterspersed(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	analyzers, err := selectRules(f.enable, f.disable)
	if err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	floor, err := rule.ParseSeverity(f.severity)
	if err != nil {
		fmt.Fprintf(stderr, "dolint: --severity: %v\n", err)
		return exitError
	}
	failOn, err := rule.ParseSeverity(f.failOn)
	if err != nil {
		fmt.Fprintf(stderr, "dolint: --fail-on: %v\n", err)
		return exitError
	}
	if f.format != "text" && f.format != "json" {
		fmt.Fprintf(stderr, "dolint: --format: unknown format %q (want text or json)\n", f.format)
		return exitError
	}
	projects, err := discover.Projects(patterns)
	if err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	res, err := driver.Run(projects, analyzers, nil)
	if err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	var kept []driver.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Severity >= floor {
			kept = append(kept, d)
		}
	}
	cwd, _ := os.Getwd()
	findings := output.Findings(res, kept, cwd)
	switch f.format {
	case "json":
		err = output.JSON(stdout, findings)
	default:
		tty := isTerminal(stdout)
		err = output.Text(stdout, res, findings, output.TextOptions{Frames: tty, Color: tty && os.Getenv("NO_COLOR") == ""})
		if err == nil && (len(findings) > 0 || tty) {
			fmt.Fprintln(stderr, output.Summary(findings, len(projects)))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	for _, d := range kept {
		if d.Severity >= failOn {
			return exitFindings
		}
	}
	return exitOK
}

// selectRules applies --enable and --disable to the rule list. Unknown
// names are an error, so that a typo does not silently lint nothing.
func selectRules(enable, disable []string) ([]*analysis.Analyzer, error) {
	byName := map[string]*analysis.Analyzer{}
	for _, a := range all.Rules {
		byName[a.Name] = a
	}
	for _, n := range append(append([]string{}, enable...), disable...) {
		if byName[n] == nil {
			return nil, fmt.Errorf("unknown rule %q (see 'dolint rules')", n)
		}
	}
	on := map[string]bool{}
	if len(enable) > 0 {
		for _, n := range enable {
			on[n] = true
		}
	} else {
		for n := range byName {
			on[n] = true
		}
	}
	for _, n := range disable {
		delete(on, n)
	}
	var out []*analysis.Analyzer
	for _, a := range all.Rules {
		if on[a.Name] {
			out = append(out, a)
		}
	}
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func cmdRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dolint rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.Bool("markdown", false, "print rules.md")
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	docs := ruleDocs()
	if *md {
		fmt.Fprint(stdout, markdown(docs))
		return exitOK
	}
	w := 0
	for _, d := range docs {
		w = max(w, len(d.Name))
	}
	for _, d := range docs {
		fmt.Fprintf(stdout, "%-*s  %-7s  %-11s  fix:%-12s  %s\n", w, d.Name, d.Severity, d.Category, d.Safety, d.Title)
	}
	return exitOK
}

func cmdExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: dolint explain RULE")
		return exitError
	}
	for _, d := range ruleDocs() {
		if d.Name == args[0] {
			fmt.Fprint(stdout, explain(d))
			return exitOK
		}
	}
	var names []string
	for _, d := range ruleDocs() {
		names = append(names, d.Name)
	}
	sort.Strings(names)
	fmt.Fprintf(stderr, "dolint: unknown rule %q; rules are: %s\n", args[0], strings.Join(names, ", "))
	return exitError
}
