// Package judged holds what the bench tiers that hold dolint's findings
// against a table of judged lines share, so that the tables of the tiers
// read, match and shorten messages by the same rules.
package judged

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// PrefixLen is how much of a message a table keeps: enough to tell
// findings apart, short enough that rewording a message's tail does not
// churn the table.
const PrefixLen = 60

// Lines calls fn with the line number and the trimmed fields of each line
// of a table that is neither blank nor a comment (#). Fields are separated
// by " | ", and a line must have want of them.
func Lines(src []byte, want int, fn func(at int, fields []string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != want {
			return fmt.Errorf("line %d: want %d fields separated by \" | \", got %d", n, want, len(parts))
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if err := fn(n, parts); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Place reads the file:line field of table line at.
func Place(at int, field string) (file string, line int, err error) {
	file, lineNo, ok := strings.Cut(field, ":")
	line, err = strconv.Atoi(lineNo)
	if !ok || err != nil {
		return "", 0, fmt.Errorf("line %d: want file:line, got %q", at, field)
	}
	return file, line, nil
}

// Prefix reads the quoted message prefix field of table line at.
func Prefix(at int, field string) (string, error) {
	msg, err := strconv.Unquote(field)
	if err != nil {
		return "", fmt.Errorf("line %d: message prefix must be a quoted string: %v", at, err)
	}
	return msg, nil
}

// Shorten cuts s to at most n bytes at a rune start, so that the prefix
// stays valid UTF-8 and strconv.Quote writes it back unchanged.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// Tail keeps the last n bytes of s, enough of a long output to show why a
// run failed.
func Tail(s string, n int) string {
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return strings.TrimSpace(s)
}

// ReadTable reads the table at path. A table that does not exist yet is
// empty when it is about to be written, and an error otherwise.
func ReadTable(path string, update bool) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil && (!os.IsNotExist(err) || !update) {
		return nil, err
	}
	return src, nil
}

// Each calls fn for every item, on up to workers goroutines at once.
func Each[T any](workers int, items []T, fn func(T)) {
	var wg sync.WaitGroup
	jobs := make(chan T)
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				fn(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

// Diagnostic is one entry of dolint's JSON report, with a slash-separated
// file.
type Diagnostic struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Detail   string `json:"detail"`
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// Run runs cmd, a dolint invocation with JSON output, and returns its
// diagnostics. Exit code 1 (findings at the failing severity) is a normal
// outcome; with panics, a panic trace on standard error is a failure even
// when the exit code hides it.
func Run(cmd *exec.Cmd, panics bool) ([]Diagnostic, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err == nil && panics && strings.Contains(stderr.String(), "panic:") {
		err = fmt.Errorf("panic reported on standard error")
	}
	if err != nil {
		return nil, fmt.Errorf("%v\n%s", err, Tail(stderr.String(), 3000))
	}
	var out struct {
		Diagnostics []Diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("unreadable JSON report: %v\n%s", err, Tail(stdout.String(), 1000))
	}
	for i := range out.Diagnostics {
		out.Diagnostics[i].File = filepath.ToSlash(out.Diagnostics[i].File)
	}
	return out.Diagnostics, nil
}

// BuildDolint builds the CLI of the module the working directory is in
// into dir.
func BuildDolint(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "dolint")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/dolint-dev/dolint/cmd/dolint")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building dolint: %v\n%s", err, out)
	}
	return bin, nil
}

// Line is what Match needs of a table line: the key a finding must share
// with it and the message prefix that must start the finding's message.
type Line struct{ Key, Prefix string }

// Match gives each finding the table line that judges it, or -1: a line
// no earlier finding took, under the finding's key, whose prefix fits the
// finding's message. A line counts once, so that a key listed twice must be
// found twice. Among several lines that fit, longest takes the longest
// prefix, so that two findings on one line whose messages share a start
// keep their own verdicts; otherwise the first in the table. taken tells
// which lines a finding took.
func Match[F any](findings []F, key func(F) string, fits func(F, string) bool, lines []Line, longest bool) (match []int, taken []bool) {
	byKey := map[string][]int{}
	for i, l := range lines {
		byKey[l.Key] = append(byKey[l.Key], i)
	}
	taken = make([]bool, len(lines))
	match = make([]int, len(findings))
	for fi, f := range findings {
		best := -1
		for _, i := range byKey[key(f)] {
			if taken[i] || !fits(f, lines[i].Prefix) {
				continue
			}
			if best < 0 || longest && len(lines[i].Prefix) > len(lines[best].Prefix) {
				best = i
			}
			if !longest {
				break
			}
		}
		match[fi] = best
		if best >= 0 {
			taken[best] = true
		}
	}
	return match, taken
}
