package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIMessagesGolden pins what a user sees for help and for mistakes:
// help on standard output with exit 0, and a mistake as one line on
// standard error, with the nearest real name, and exit 2.
func TestCLIMessagesGolden(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	root := t.TempDir()
	writeTree(t, root,
		"good/wrangler.jsonc", goodConfig,
		"good/src/index.ts", goodWorker,
		"empty/README.md", "no Worker here\n",
		// A directory that happens to be spelt like a command is a pattern.
		"fi/wrangler.jsonc", goodConfig,
		"fi/src/index.ts", goodWorker)
	var b strings.Builder
	for _, args := range [][]string{
		{"--help"},
		{"-h"},
		{"fix", "--help"},
		{"help", "fix"},
		{"dev", "-h"},
		{"rules", "--help"},
		{"explain", "--help"},
		{"debug", "--help"},
		{"debug", "parse", "--help"},
		{"--fromat", "json", "good"},
		{"good", "--format"},
		{"--severity", "fatal", "good"},
		{"fix", "--unsfe", "good"},
		{"fix", "--rule", "missingmigratoin", "good"},
		{"dev", "--port", "eighty"},
		{"dev", "--prot", "80"},
		{"rules", "--markdwn"},
		{"debug", "parse", "--jsn", "x.ts"},
		{"fxi"},
		{"explian", "timers"},
		{"fi"},
		{"ruels", "good"},
		{"lps"},
		{"explain", "sqlinjecton"},
		{"explain", "nosuchthing"},
		{"--enable", "sqlinjecton", "good"},
		{"--disable", "timer", "good"},
		{"./empty/..."},
		{"good", "empty/..."},
		{"fix", "./empty/..."},
	} {
		code, stdout, stderr := dolint(t, root, args...)
		fmt.Fprintf(&b, "$ dolint %s\n", strings.Join(args, " "))
		if stdout != "" {
			fmt.Fprintf(&b, "--- stdout\n%s", stdout)
		}
		if stderr != "" {
			fmt.Fprintf(&b, "--- stderr\n%s", stderr)
		}
		fmt.Fprintf(&b, "--- exit %d\n\n", code)
	}
	golden(t, filepath.Join(repoRoot(t), "testdata", "cli", "messages.golden"), []byte(b.String()))
}

// A mistake is one line, never the whole help.
func TestFlagMistakeIsOneLine(t *testing.T) {
	root := t.TempDir()
	for _, args := range [][]string{{"--fromat", "json"}, {"fix", "--unsfe"}, {"dev", "--prot", "1"}, {"rules", "--x"}} {
		code, stdout, stderr := dolint(t, root, args...)
		if code != exitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--help") {
			t.Errorf("dolint %v: exit %d, stdout %q, stderr %q; want exit 2 and one line pointing at --help", args, code, stdout, stderr)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"fix", "fix", 0}, {"fxi", "fix", 2}, {"fromat", "format", 2},
		{"sqlinjecton", "sqlinjection", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"dév", "dev", 1},
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := nearest("unsfe", []string{"diff", "unsafe", "rule"}, 2); got != "unsafe" {
		t.Errorf("nearest = %q", got)
	}
	if got := nearest("output", []string{"fix", "dev"}, 2); got != "" {
		t.Errorf("a word far from every command got %q", got)
	}
}

// runTerminal runs dolint as a user at a terminal sees it: standard error
// is a terminal, standard output is not (it is piped, say).
func runTerminal(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	old := terminalCheck
	terminalCheck = func(w io.Writer) bool { return w == io.Writer(&stderr) }
	defer func() { terminalCheck = old }()
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// On a terminal a clean run says what it linted, so that silence is not
// mistaken for nothing linted; a pipe or a file gets nothing extra.
func TestCleanRunLine(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	root := t.TempDir()
	writeTree(t, root,
		"a/wrangler.jsonc", goodConfig, "a/src/index.ts", goodWorker,
		"b/wrangler.jsonc", goodConfig, "b/src/index.ts", goodWorker)
	var b strings.Builder
	for _, args := range [][]string{{"./..."}, {"a"}, {"--format", "json", "a"}, {"--format", "github", "a"}} {
		args = append(args, "--enable", goldenRules)
		code, stdout, stderr := runTerminal(t, root, args...)
		fmt.Fprintf(&b, "$ dolint %s\n--- stdout\n%s--- stderr\n%s--- exit %d\n\n", strings.Join(args, " "), stdout, stderr, code)
	}
	golden(t, filepath.Join(repoRoot(t), "testdata", "cli", "clean.golden"), []byte(b.String()))

	// Not a terminal: nothing on a clean run.
	if code, stdout, stderr := dolint(t, root, "--enable", goldenRules, "./..."); code != 0 || stdout != "" || stderr != "" {
		t.Errorf("clean run to a pipe: exit %d, %q %q", code, stdout, stderr)
	}
}

// The real messages of the bundled examples split into a short statement
// and a note, and no split cuts a quote, a code span or a bracket in two.
func TestExampleMessagesSplit(t *testing.T) {
	_, stdout, stderr := dolint(t, repoRoot(t), "--format", "json", "./examples/...", "./testdata/sarif/...")
	var doc struct {
		Diagnostics []struct{ Rule, Message, Detail string }
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	withDetail := 0
	for _, d := range doc.Diagnostics {
		for _, pair := range []string{`""`, "``", "()", "[]"} {
			if strings.Count(d.Message, pair[:1]) != strings.Count(d.Message, pair[1:]) && pair[0] != pair[1] ||
				pair[0] == pair[1] && strings.Count(d.Message, pair[:1])%2 != 0 {
				t.Errorf("%s: message cut inside %s: %q | %q", d.Rule, pair, d.Message, d.Detail)
			}
		}
		if len(d.Message) > 240 {
			t.Errorf("%s: message of %d bytes: %q", d.Rule, len(d.Message), d.Message)
		}
		if d.Detail != "" {
			withDetail++
		}
	}
	if len(doc.Diagnostics) < 20 || withDetail*10 < len(doc.Diagnostics)*9 {
		t.Errorf("%d of %d findings have a detail", withDetail, len(doc.Diagnostics))
	}
}

// findingLines are the finding lines of text output, without the code
// frames and notes under them.
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, " ") {
			lines = append(lines, l)
		}
	}
	return lines
}
