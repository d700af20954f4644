package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/bench/internal/judged"
)

// Finding is one dolint diagnostic on a corpus project, with the file
// relative to the project directory.
type Finding struct {
	Project string
	Rule    string
	File    string
	Line    int
	Message string
}

func (f Finding) key() string {
	return f.Project + " | " + f.Rule + " | " + f.File + ":" + strconv.Itoa(f.Line)
}

// Failure is a project on which dolint did not finish normally: exit code 2
// (usage or internal error, which a Go panic also gives) or unreadable output.
type Failure struct {
	Project string
	Err     string
}

// Lint runs the dolint binary over every project, each in its own process so
// that a crash names its project, and returns the findings sorted by
// project, file, line and rule.
func Lint(ctx context.Context, dolint string, projects []Project) ([]Finding, []Failure) {
	var (
		mu       sync.Mutex
		findings []Finding
		failures []Failure
	)
	judged.Each(runtime.GOMAXPROCS(0), projects, func(p Project) {
		fs, err := lintOne(ctx, dolint, p)
		mu.Lock()
		if err != nil {
			failures = append(failures, Failure{p.ID, err.Error()})
		}
		findings = append(findings, fs...)
		mu.Unlock()
	})
	sort.Slice(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.Project != b.Project {
			return a.Project < b.Project
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
		return a.Message < b.Message
	})
	sort.Slice(failures, func(i, j int) bool { return failures[i].Project < failures[j].Project })
	return findings, failures
}

func lintOne(ctx context.Context, dolint string, p Project) ([]Finding, error) {
	// Installed packages carry no git history, so nohistory would note
	// every config with migrations: true, and of no interest to the table.
	cmd := exec.CommandContext(ctx, dolint, "-format", "json", "-color", "never", "--disable", "nohistory", ".")
	cmd.Dir = p.Dir
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=", "NO_COLOR=1")
	diags, err := judged.Run(cmd, false)
	if err != nil {
		return nil, err
	}
	var fs []Finding
	for _, d := range diags {
		fs = append(fs, Finding{Project: p.ID, Rule: d.Rule, File: d.File, Line: d.Line, Message: d.Message})
	}
	return fs, nil
}

// Expectation is one reviewed line of the expectation file:
//
//	project | rule | file:line | message prefix | TRUE: why it is right
type Expectation struct {
	Finding        // Message holds the prefix
	Verdict string // "TRUE: ..."
	At      int    // line in the expectation file
}

// ParseExpectations reads the expectation file format. Blank lines and lines
// starting with # are comments.
func ParseExpectations(src []byte) ([]Expectation, error) {
	var out []Expectation
	err := judged.Lines(src, 5, func(n int, parts []string) error {
		file, ln, err := judged.Place(n, parts[2])
		if err != nil {
			return err
		}
		msg, err := judged.Prefix(n, parts[3])
		if err != nil {
			return err
		}
		out = append(out, Expectation{
			Finding: Finding{Project: parts[0], Rule: parts[1], File: file, Line: ln, Message: msg},
			Verdict: parts[4],
			At:      n,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reviewed reports whether an expectation carries a verdict with a reason.
func (e Expectation) Reviewed() bool {
	why, ok := strings.CutPrefix(e.Verdict, "TRUE:")
	why = strings.TrimSpace(why)
	return ok && why != "" && !strings.HasPrefix(why, "TODO")
}

// Compare matches findings against expectations (as multisets: a key listed
// twice must be found twice) and returns the findings nobody reviewed and the
// expectations no finding met any more.
func Compare(findings []Finding, want []Expectation) (unexpected []Finding, missing []Expectation) {
	match, used := matchAll(findings, want)
	for fi, f := range findings {
		if match[fi] < 0 {
			unexpected = append(unexpected, f)
		}
	}
	for i, e := range want {
		if !used[i] {
			missing = append(missing, e)
		}
	}
	return unexpected, missing
}

func matchAll(findings []Finding, want []Expectation) (match []int, used []bool) {
	lines := make([]judged.Line, len(want))
	for i, e := range want {
		lines[i] = judged.Line{Key: e.key(), Prefix: e.Message}
	}
	fits := func(f Finding, prefix string) bool { return strings.HasPrefix(f.Message, prefix) }
	return judged.Match(findings, Finding.key, fits, lines, false)
}

const prefixLen = judged.PrefixLen

// FormatExpectations writes findings in the expectation format, keeping the
// verdict (and prefix) of an old expectation that matches and marking the
// rest for review.
func FormatExpectations(header string, findings []Finding, old []Expectation) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	match, _ := matchAll(findings, old)
	project := ""
	for fi, f := range findings {
		if f.Project != project {
			project = f.Project
			fmt.Fprintf(&b, "\n# %s\n", project)
		}
		verdict, prefix := "TRUE: TODO review", judged.Shorten(f.Message, prefixLen)
		if i := match[fi]; i >= 0 {
			verdict, prefix = old[i].Verdict, old[i].Message
		}
		fmt.Fprintf(&b, "%s | %s | %s:%d | %s | %s\n", f.Project, f.Rule, f.File, f.Line, strconv.Quote(prefix), verdict)
	}
	return b.Bytes()
}
