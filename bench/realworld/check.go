package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
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
		wg       sync.WaitGroup
	)
	jobs := make(chan Project)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				fs, err := lintOne(ctx, dolint, p)
				mu.Lock()
				if err != nil {
					failures = append(failures, Failure{p.ID, err.Error()})
				}
				findings = append(findings, fs...)
				mu.Unlock()
			}
		}()
	}
	for _, p := range projects {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
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
	cmd := exec.CommandContext(ctx, dolint, "-format", "json", "-color", "never", ".")
	cmd.Dir = p.Dir
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=", "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil // findings at the failing severity: a normal outcome
	}
	if err != nil {
		return nil, fmt.Errorf("%v\n%s", err, tail(stderr.String(), 3000))
	}
	var out struct {
		Diagnostics []struct {
			Rule    string `json:"rule"`
			Message string `json:"message"`
			File    string `json:"file"`
			Line    int    `json:"line"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("unreadable JSON report: %v\n%s", err, tail(stdout.String(), 1000))
	}
	var fs []Finding
	for _, d := range out.Diagnostics {
		fs = append(fs, Finding{Project: p.ID, Rule: d.Rule, File: filepath.ToSlash(d.File), Line: d.Line, Message: d.Message})
	}
	return fs, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return strings.TrimSpace(s)
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
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != 5 {
			return nil, fmt.Errorf("line %d: want 5 fields separated by \" | \", got %d", n, len(parts))
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		file, lineNo, ok := strings.Cut(parts[2], ":")
		ln, err := strconv.Atoi(lineNo)
		if !ok || err != nil {
			return nil, fmt.Errorf("line %d: want file:line, got %q", n, parts[2])
		}
		msg, err := strconv.Unquote(parts[3])
		if err != nil {
			return nil, fmt.Errorf("line %d: message prefix must be a quoted string: %v", n, err)
		}
		out = append(out, Expectation{
			Finding: Finding{Project: parts[0], Rule: parts[1], File: file, Line: ln, Message: msg},
			Verdict: parts[4],
			At:      n,
		})
	}
	return out, sc.Err()
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
	byKey := map[string][]int{}
	for i, e := range want {
		byKey[e.key()] = append(byKey[e.key()], i)
	}
	used := make([]bool, len(want))
	for _, f := range findings {
		matched := false
		for _, i := range byKey[f.key()] {
			if !used[i] && strings.HasPrefix(f.Message, want[i].Message) {
				used[i], matched = true, true
				break
			}
		}
		if !matched {
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

// prefixLen is how much of a message the expectation file keeps: enough to
// tell findings apart, short enough that rewording the tail of a message
// does not churn the file.
const prefixLen = 60

// FormatExpectations writes findings in the expectation format, keeping the
// verdict (and prefix) of an old expectation that matches and marking the
// rest for review.
func FormatExpectations(header string, findings []Finding, old []Expectation) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	used := make([]bool, len(old))
	project := ""
	for _, f := range findings {
		if f.Project != project {
			project = f.Project
			fmt.Fprintf(&b, "\n# %s\n", project)
		}
		verdict, prefix := "TRUE: TODO review", shorten(f.Message, prefixLen)
		for i, e := range old {
			if !used[i] && e.key() == f.key() && strings.HasPrefix(f.Message, e.Message) {
				used[i] = true
				verdict, prefix = e.Verdict, e.Message
				break
			}
		}
		fmt.Fprintf(&b, "%s | %s | %s:%d | %s | %s\n", f.Project, f.Rule, f.File, f.Line, strconv.Quote(prefix), verdict)
	}
	return b.Bytes()
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
