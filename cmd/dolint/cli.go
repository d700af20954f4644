package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/output"
	"github.com/dolint-dev/dolint/internal/rule"
)

// commands are the words run dispatches on, for "did you mean" hints.
var commands = []string{"fix", "dev", "lsp", "rules", "explain", "debug", "version", "help"}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nearest is the candidate closest to word within maxDist edits, or "".
// Ties go to the earlier candidate, so the answer does not depend on map
// order at the call site.
func nearest(word string, candidates []string, maxDist int) string {
	best, bestDist := "", maxDist+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(word), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// typoLimit is how far a misspelling may be from what was meant: two
// edits, or a third of the name for long rule names such as
// "sqlinjecton", so that a short word is not "corrected" into another.
func typoLimit(word string) int {
	return max(2, len(word)/3)
}

// suggestRule completes an unknown-rule message with the nearest rule.
func suggestRule(rules *rule.Set, name string) string {
	var names []string
	for _, r := range rules.Rules() {
		names = append(names, r.Name())
	}
	if n := nearest(name, names, typoLimit(name)); n != "" {
		return fmt.Sprintf("unknown rule %q; did you mean %s? (see 'dolint rules')", name, n)
	}
	return fmt.Sprintf("unknown rule %q (see 'dolint rules')", name)
}

// unknownCommand reports a first argument that is neither a path nor a
// pattern but reads like a misspelt command (dolint fxi). A bare word is
// a pattern (a directory), so only a word that names nothing on disk and
// is within two edits of a command counts.
func unknownCommand(arg string) (string, bool) {
	if arg == "" || strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, `/\.`) {
		return "", false
	}
	if _, err := os.Lstat(arg); err == nil {
		return "", false
	}
	c := nearest(arg, commands, 2)
	return c, c != ""
}

// isHelp reports whether an argument asks for help, in any spelling the
// flag package would also take.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// parseFlags parses a command's flags, with flags allowed after the
// operands. --help prints help on standard output (it was asked for, so it
// is the output) and a mistake prints one line naming it, with the nearest
// flag, rather than the whole help. ok is false when the command should
// end with code.
func parseFlags(fs *flag.FlagSet, args []string, help func(io.Writer), stdout, stderr io.Writer) (rest []string, code int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	rest, err := parseInterspersed(fs, args)
	if err == nil {
		return rest, exitOK, true
	}
	if errors.Is(err, flag.ErrHelp) {
		help(stdout)
		return nil, exitOK, false
	}
	fmt.Fprintf(stderr, "%s: %s (see '%s --help')\n", fs.Name(), flagError(fs, err), fs.Name())
	return nil, exitError, false
}

var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNameInErr = regexp.MustCompile(`(^|[ :])-([a-z][a-z0-9-]*)`)
)

// flagError rewrites the flag package's error in the double-dash spelling
// the help and the README use, with a suggestion for an unknown flag.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := undefinedFlag.FindStringSubmatch(msg); m != nil {
		name, _, _ := strings.Cut(m[1], "=")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		out := "unknown flag --" + name
		if n := nearest(name, names, typoLimit(name)); n != "" {
			out += "; did you mean --" + n + "?"
		}
		return out
	}
	return flagNameInErr.ReplaceAllString(msg, "$1--$2")
}

// flagDefaults lists a flag set's flags as `--name value` with their
// usage, the spelling the README documents (the flag package's own
// listing shows a single dash).
func flagDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && !strings.Contains(usage, "default") {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

const explainUsage = `usage: dolint explain RULE

Prints a rule's documentation: what it finds, why that is a problem, an
example and what to write instead. 'dolint rules' lists the rules.
`

const debugUsage = `usage: dolint debug parse [--json] FILE...

Prints the syntax errors dolint finds in each source file, and with --json
the classes, methods, calls and literals it sees, with byte ranges.
`

// terminalCheck decides whether a stream is a terminal; tests replace it
// to see what a terminal user sees.
var terminalCheck = isTerminal

// writeSARIFFile writes the SARIF log of a run beside whatever --format
// printed, so that a CI job lints once for both its log and code scanning.
func writeSARIFFile(name string, res *driver.Result, kept []driver.Diagnostic, rules *rule.Set, root string) error {
	var b bytes.Buffer
	if err := output.SARIF(&b, res, kept, output.SARIFOptions{Version: dolintVersion(), Rules: rules, Root: root}); err != nil {
		return err
	}
	return writeFileAtomic(name, b.Bytes())
}
