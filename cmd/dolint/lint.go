package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/output"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// lintFlags are the flags of a lint run.
type lintFlags struct {
	format      string
	output      string
	color       string
	enable      listFlag
	disable     listFlag
	severity    string
	failOn      string
	printConfig bool
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
	fs.StringVar(&f.format, "format", "", "output format: text, json, sarif or github (default text, or github when GITHUB_ACTIONS=true)")
	fs.StringVar(&f.output, "output", "", "write the report to this file instead of standard output")
	fs.StringVar(&f.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never")
	fs.Var(&f.enable, "enable", "run only these rules (comma-separated; repeatable); overrides the config file")
	fs.Var(&f.disable, "disable", "do not run these rules (comma-separated; repeatable)")
	fs.StringVar(&f.severity, "severity", "info", "report only findings at or above this severity: info, warning or error")
	fs.StringVar(&f.failOn, "fail-on", "", "exit 1 when a finding at or above this severity remains: info, warning or error (default: the config file's failOn, else error)")
	fs.BoolVar(&f.printConfig, "print-config", false, "print the configuration in force for a directory (default .) as JSON and exit")
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

// memoryLimit is the soft limit of the Go heap during a lint or fix run,
// unless GOMEMLIMIT sets another. The trees of a monorepo's modules are
// shared by the projects that reach them and kept while they are used;
// without a limit the collector lets the heap grow to twice what is live
// before it runs, which on a monorepo of a hundred Workers is most of the
// resident size. Near the limit it collects sooner instead.
const memoryLimit = 224 << 20

func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

func cmdLint(args []string, stdout, stderr io.Writer) int {
	limitMemory()
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
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "dolint: "+format+"\n", args...)
		return exitError
	}
	sel, err := newSelection(f.enable, f.disable)
	if err != nil {
		return fail("%v", err)
	}
	floor, err := rule.ParseSeverity(f.severity)
	if err != nil {
		return fail("--severity: %v", err)
	}
	var failOnFlag *rule.Severity
	if f.failOn != "" {
		s, err := rule.ParseSeverity(f.failOn)
		if err != nil {
			return fail("--fail-on: %v", err)
		}
		failOnFlag = &s
	}
	format := f.format
	if format == "" {
		format = "text"
		// In a workflow, annotations on the changed lines beat a log.
		if os.Getenv("GITHUB_ACTIONS") == "true" {
			format = "github"
		}
	}
	switch format {
	case "text", "json", "sarif", "github":
	default:
		return fail("--format: unknown format %q (want text, json, sarif or github)", format)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fail("%v", err)
	}
	if f.printConfig {
		return printConfig(patterns, sel, failOnFlag, cwd, stdout, stderr)
	}

	patterns, none, err := projectPatterns(patterns)
	if err != nil {
		return fail("%v", err)
	}
	var projects []*driver.Project
	if !none {
		projects, err = discover.Projects(patterns)
		if err != nil {
			return fail("%v", err)
		}
	}
	projects, err = sel.configure(projects)
	if err != nil {
		return fail("%v", err)
	}
	defer rule.SetOptionsSource(sel.options)()
	// A project that could not be linted does not hide the others'
	// findings: they are printed, and then the error, which exits 2.
	res, runErr := sel.run(projects, nil)
	if res == nil {
		return fail("%v", runErr)
	}
	var kept []driver.Diagnostic
	failed := false
	for _, d := range res.Diagnostics {
		if d.Severity < floor {
			continue
		}
		kept = append(kept, d)
		if sel.fails(d, failOnFlag) {
			failed = true
		}
	}

	out := stdout
	var buf bytes.Buffer
	if f.output != "" {
		out = &buf
	}
	terminal := f.output == "" && isTerminal(stdout)
	color, err := output.UseColor(output.ColorMode(f.color), terminal, os.Getenv)
	if err != nil {
		return fail("--color: %v", err)
	}
	findings := output.Findings(res, kept, cwd)
	root := lintconfig.GitRoot(cwd)
	if root == "" {
		root = cwd
	}
	switch format {
	case "json":
		err = output.JSON(out, findings)
	case "sarif":
		err = output.SARIF(out, res, kept, output.SARIFOptions{Version: dolintVersion(), Rules: ruleDocs(), Root: root})
	case "github":
		err = output.GitHub(out, findings, root)
	default:
		err = output.Text(out, res, findings, output.TextOptions{Frames: terminal, Color: color})
	}
	if err == nil && f.output != "" {
		err = writeFileAtomic(f.output, buf.Bytes())
	}
	if err != nil {
		return fail("%v", err)
	}
	if format == "text" || format == "github" {
		if len(findings) > 0 || terminal {
			fmt.Fprintln(stderr, output.Summary(findings, len(projects), fixSafety))
		}
	}
	if runErr != nil {
		return fail("%v", runErr)
	}
	if failed {
		return exitFindings
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
