package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/output"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
)

// lintFlags are the flags of a lint run.
type lintFlags struct {
	format      string
	output      string
	sarifOutput string
	color       string
	enable      listFlag
	disable     listFlag
	severity    string
	failOn      string
	printConfig bool
	// historySince limits the git history migrationhistory reads, over
	// each configuration file's history.since.
	historySince string
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
	fs.StringVar(&f.format, "format", "", "output `FORMAT`: text, json, sarif or github (default text, or github when GITHUB_ACTIONS=true)")
	fs.StringVar(&f.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&f.sarifOutput, "sarif-output", "", "also write a SARIF log to `FILE`, whatever --format prints (one run for annotations and code scanning)")
	fs.StringVar(&f.color, "color", "auto", "`WHEN` to colour text output: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never")
	fs.Var(&f.enable, "enable", "run only these `RULES` (comma-separated; repeatable); overrides the config file")
	fs.Var(&f.disable, "disable", "do not run these `RULES` (comma-separated; repeatable)")
	fs.StringVar(&f.severity, "severity", "info", "report only findings at or above this `LEVEL`: info, warning or error")
	fs.StringVar(&f.failOn, "fail-on", "", "exit 1 when a finding at or above this `LEVEL` remains: info, warning or error (default: the config file's failOn, else error)")
	fs.BoolVar(&f.printConfig, "print-config", false, "print the configuration in force for a directory (default .) as JSON and exit")
	fs.StringVar(&f.historySince, "history-since", "", "hold migrations against their config's git history after `REV` only, such as the last release tag (overrides history.since of the configuration file)")
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
// besides the tree reserve, unless GOMEMLIMIT sets another. The trees of a
// monorepo's modules are shared by the projects that reach them and kept
// while they are used; without a limit the collector lets the heap grow
// to twice what is live before it runs, which on a monorepo of a hundred
// Workers is most of the resident size. Near the limit it collects sooner
// instead; and with the limit in force, the collector need not run before
// the heap reaches it (unless GOGC says otherwise), which saves the
// collections a small run would otherwise make.
const memoryLimit = 256 << 20

// treeReserve is the memory set aside for parse trees (see
// jsast.SetReserve): trees are most of what a run allocates, and taking
// them from one block the kernel zeroed spares the runtime zeroing them
// again. Only the part used is ever resident: the public-repository
// tier's 2,962 modules fill 196 MiB, cloudflare/agents' 57 MiB. Trees
// taken from it are not freed before the process ends, which a lint run,
// keeping most of them to its end anyway, pays for in resident memory
// only when it outgrows the memory limit.
const treeReserve = 256 << 20

// limitMemory sets the memory policy of a lint run, or of a fix run
// without the tree reserve: a fix run verifies its fixes with the
// collector's defaults (see sandboxMemory), under which the reserve, a
// live object as far as the collector knows, would double the heap a
// cycle waits for. The first call decides for the whole process: the
// tests lint and fix many times over.
func limitMemory(trees bool) {
	memoryOnce.Do(func() {
		if os.Getenv("GOMEMLIMIT") != "" {
			return
		}
		if os.Getenv("GOGC") != "" {
			debug.SetMemoryLimit(memoryLimit)
			return
		}
		debug.SetGCPercent(-1)
		limit := memoryLimit
		if trees {
			// The reserve is allocated first, while it is fresh memory,
			// which the runtime does not zero.
			mem := make([]byte, treeReserve)
			adviseHugePages(mem)
			jsast.SetReserve(mem)
			limit += treeReserve
		}
		debug.SetMemoryLimit(int64(limit))
		preferHugePages(limit)
	})
}

var memoryOnce sync.Once

// cmdLint lints the projects the patterns name: it reads the flags, runs
// the selected rules, keeps the findings at or above --severity and
// reports them in the chosen format.
func cmdLint(rules *rule.Set, args []string, stdout, stderr io.Writer) int {
	limitMemory(true)
	f, patterns, code, ok := parseLintFlags(args, stdout, stderr)
	if !ok {
		return code
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "dolint: "+format+"\n", args...)
		return exitError
	}
	sel, err := newSelection(rules, f.enable, f.disable)
	if err != nil {
		return fail("%v", err)
	}
	sel.historySince = f.historySince
	opts, err := f.check()
	if err != nil {
		return fail("%v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fail("%v", err)
	}
	if f.printConfig {
		return printConfig(patterns, sel, opts.failOn, cwd, stdout, stderr)
	}
	// A project that could not be linted does not hide the others'
	// findings: they are printed, and then the error, which exits 2.
	res, runErr := lintProjects(sel, patterns)
	if res == nil {
		return fail("%v", runErr)
	}
	kept, failed := keepFindings(sel, opts, res)
	if err := report(rules, opts, res, kept, cwd, stdout, stderr); err != nil {
		return fail("%v", err)
	}
	if runErr != nil {
		return fail("%v", runErr)
	}
	if failed {
		return exitFindings
	}
	return exitOK
}

// parseLintFlags parses a lint run's flags; the rest are patterns.
func parseLintFlags(args []string, stdout, stderr io.Writer) (f lintFlags, patterns []string, code int, ok bool) {
	fs := flag.NewFlagSet("dolint", flag.ContinueOnError)
	f.register(fs)
	patterns, code, ok = parseFlags(fs, args, func(w io.Writer) {
		usage(w)
		fmt.Fprintln(w, "\nLint flags:")
		flagDefaults(w, fs)
	}, stdout, stderr)
	return f, patterns, code, ok
}

// lintOptions are the flags of a lint run, read and checked.
type lintOptions struct {
	lintFlags
	floor  rule.Severity  // --severity
	failOn *rule.Severity // --fail-on, if given
	format string         // --format, or its default
}

// check reads the flags whose values have a fixed set of spellings.
func (f lintFlags) check() (lintOptions, error) {
	o := lintOptions{lintFlags: f, format: f.format}
	var err error
	if o.floor, err = rule.ParseSeverity(f.severity); err != nil {
		return o, fmt.Errorf("--severity: %v", err)
	}
	if f.failOn != "" {
		s, err := rule.ParseSeverity(f.failOn)
		if err != nil {
			return o, fmt.Errorf("--fail-on: %v", err)
		}
		o.failOn = &s
	}
	if o.format == "" {
		o.format = "text"
		// In a workflow, annotations on the changed lines beat a log.
		if os.Getenv("GITHUB_ACTIONS") == "true" {
			o.format = "github"
		}
	}
	switch o.format {
	case "text", "json", "sarif", "github":
	default:
		return o, fmt.Errorf("--format: unknown format %q (want text, json, sarif or github)", o.format)
	}
	return o, nil
}

// lintProjects finds the projects the patterns name, applies their
// .dolint.jsonc files and runs the rules. As with driver.RunOptions, an
// error that names failed projects comes with the result of the others;
// without a result, the error is why nothing was linted.
func lintProjects(sel *selection, patterns []string) (*driver.Result, error) {
	patterns, none, err := projectPatterns(patterns)
	if err != nil {
		return nil, err
	}
	var projects []*driver.Project
	if !none {
		// The tree holds still for one run: what discovery lists, the
		// rest of the run need not list again.
		sel.listings = new(osfile.Listings)
		sel.loader.Listings = sel.listings
		projects, err = discover.ProjectsOptions(patterns, discover.Options{Listings: sel.listings})
		if err != nil {
			return nil, err
		}
	}
	projects, err = sel.configure(projects)
	if err != nil {
		return nil, err
	}
	return sel.run(projects, nil)
}

// keepFindings returns the findings at or above --severity, and whether
// one of them fails the run.
func keepFindings(sel *selection, o lintOptions, res *driver.Result) (kept []driver.Diagnostic, failed bool) {
	for _, d := range res.Diagnostics {
		if d.Severity < o.floor {
			continue
		}
		kept = append(kept, d)
		if sel.fails(d, o.failOn) {
			failed = true
		}
	}
	return kept, failed
}

// report writes the kept findings in the chosen format, to standard
// output or --output, and a SARIF log to --sarif-output; text and github
// reports end with a summary on standard error.
func report(rules *rule.Set, o lintOptions, res *driver.Result, kept []driver.Diagnostic, cwd string, stdout, stderr io.Writer) error {
	out := stdout
	var buf bytes.Buffer
	if o.output != "" {
		out = &buf
	}
	terminal := o.output == "" && terminalCheck(stdout)
	color, err := output.UseColor(output.ColorMode(o.color), terminal, os.Getenv)
	if err != nil {
		return fmt.Errorf("--color: %v", err)
	}
	projects := len(res.Projects)
	findings := output.Findings(res, kept, cwd)
	counts := output.Count(findings, projects, output.FileCount(res))
	root := lintconfig.GitRoot(cwd)
	if root == "" {
		root = cwd
	}
	switch o.format {
	case "json":
		err = output.JSON(out, findings, counts)
	case "sarif":
		err = output.SARIF(out, res, kept, output.SARIFOptions{Version: dolintVersion(), Rules: rules, Root: root})
	case "github":
		err = output.GitHub(out, findings, root)
	default:
		err = output.Text(out, res, findings, output.TextOptions{Frames: terminal, Color: color})
	}
	if err == nil && o.output != "" {
		err = writeFileAtomic(o.output, buf.Bytes())
	}
	if err == nil && o.sarifOutput != "" {
		err = writeSARIFFile(o.sarifOutput, res, kept, rules, root)
	}
	if err != nil {
		return err
	}
	if o.format == "text" || o.format == "github" {
		switch {
		case len(findings) > 0:
			fmt.Fprintln(stderr, output.Summary(findings, projects, rules))
		case o.format == "text" && terminalCheck(stderr):
			fmt.Fprintln(stderr, counts.Clean())
		}
	}
	return nil
}

// selectRules applies --enable and --disable to the rule list. Unknown
// names are an error, so that a typo does not silently lint nothing.
func selectRules(rules *rule.Set, enable, disable []string) (*rule.Set, error) {
	for _, n := range append(append([]string{}, enable...), disable...) {
		if !rules.Known(n) {
			return nil, errors.New(suggestRule(rules, n))
		}
	}
	return rules.Filter(func(r *rule.Rule) bool {
		return (len(enable) == 0 || slices.Contains(enable, r.Name())) && !slices.Contains(disable, r.Name())
	}), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func cmdRules(rules *rule.Set, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dolint rules", flag.ContinueOnError)
	md := fs.Bool("markdown", false, "print rules.md")
	rest, code, ok := parseFlags(fs, args, func(w io.Writer) {
		fmt.Fprintln(w, "usage: dolint rules [--markdown]\n\nLists every rule with its severity, category and fix safety.\n\nFlags:")
		flagDefaults(w, fs)
	}, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "dolint rules: unexpected argument %q (see 'dolint rules --help')\n", rest[0])
		return exitError
	}
	docs := rules.Docs()
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

func cmdExplain(rules *rule.Set, args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, explainUsage)
		return exitOK
	}
	if len(args) != 1 {
		fmt.Fprint(stderr, explainUsage)
		return exitError
	}
	if d := docNamed(rules, args[0]); d != nil {
		fmt.Fprint(stdout, explain(d))
		return exitOK
	}
	fmt.Fprintf(stderr, "dolint explain: %s\n", suggestRule(rules, args[0]))
	return exitError
}
