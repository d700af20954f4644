// Package gitlogtest builds small git repositories for tests, with the git
// command, one commit at a time, at fixed dates so that messages naming a
// commit's date are stable.
package gitlogtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// Repo is a repository in a temporary directory.
type Repo struct {
	t    testing.TB
	Dir  string // the work tree, symbolic links resolved
	date time.Time
}

// Start is the date of the first commit; each later commit is a day after.
var Start = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// New makes an empty repository in a new temporary directory, or skips
// the test where git is missing.
func New(t testing.TB) *Repo {
	t.Helper()
	return Init(t, t.TempDir())
}

// Init makes an empty repository in dir, or skips the test where git is
// missing.
func Init(t testing.TB, dir string) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := &Repo{t: t, Dir: dir, date: Start}
	r.Git("init", "-q", "-b", "main")
	return r
}

// IsCommand reports whether a txtar file name is a git command of Script
// ("git commit -m ...", "git mv ...", "git tag ...") rather than a file.
func IsCommand(name string) bool { return strings.HasPrefix(name, "git ") }

// Script writes the files of a txtar archive in order and runs the git
// commands among them, so that one archive tells a file's history:
//
//	-- wrangler.jsonc --
//	{ ... first version ... }
//	-- git commit -m "add rooms" --
//	-- wrangler.jsonc --
//	{ ... the working tree's version ... }
//
// "git commit -m SUBJECT" stages everything and commits (a day after the
// previous commit); "git mv FROM TO" and "git tag NAME" run as written.
// A command's own contents are ignored. Files after the last command are
// left uncommitted.
func (r *Repo) Script(archive string) {
	r.t.Helper()
	for _, f := range txtar.Parse([]byte(strings.TrimLeft(archive, "\n"))).Files {
		if !IsCommand(f.Name) {
			r.Write(map[string]string{f.Name: string(f.Data)})
			continue
		}
		args, err := splitArgs(strings.TrimPrefix(f.Name, "git "))
		if err != nil {
			r.t.Fatalf("%s: %v", f.Name, err)
		}
		switch {
		case len(args) == 3 && args[0] == "commit" && args[1] == "-m":
			r.Commit(args[2], nil)
		case len(args) == 3 && args[0] == "mv":
			r.Git("mv", args[1], args[2])
		case len(args) == 2 && args[0] == "tag":
			r.Git("tag", args[1])
		default:
			r.t.Fatalf("%s: want git commit -m SUBJECT, git mv FROM TO or git tag NAME", f.Name)
		}
	}
}

// splitArgs splits a command line on spaces; a Go-quoted argument may
// hold spaces.
func splitArgs(s string) ([]string, error) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, err
			}
			a, _ := strconv.Unquote(q)
			out = append(out, a)
			s = s[len(q):]
			continue
		}
		a, rest, _ := strings.Cut(s, " ")
		out = append(out, a)
		s = rest
	}
	return out, nil
}

// Git runs git in the work tree and returns its standard output.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return Run(r.t, r.Dir, r.date, args...)
}

// Run runs git in dir with a fixed identity and the given commit date.
func Run(t testing.TB, dir string, date time.Time, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	d := date.Format(time.RFC3339)
	cmd.Env = append(cleanEnv(),
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d,
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// cleanEnv drops the variables a surrounding git (a hook running the
// tests) sets, which would point the test's git at another repository.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// Write writes files (path relative to the work tree → contents).
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for name, src := range files {
		p := filepath.Join(r.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit writes files, stages everything and commits with subject msg. It
// returns the commit's short hash.
func (r *Repo) Commit(msg string, files map[string]string) string {
	r.t.Helper()
	r.Write(files)
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", msg)
	r.date = r.date.Add(24 * time.Hour)
	return strings.TrimSpace(r.Git("rev-parse", "--short", "HEAD"))
}

// Move renames a file with git mv and commits the rename alone.
func (r *Repo) Move(from, to, msg string) string {
	r.t.Helper()
	r.Git("mv", from, to)
	r.Git("commit", "-q", "-m", msg)
	r.date = r.date.Add(24 * time.Hour)
	return strings.TrimSpace(r.Git("rev-parse", "--short", "HEAD"))
}

// Import commits each of srcs in turn as the contents of file name, one
// commit a minute, with git fast-import (a thousand commits take a
// fraction of a second this way), and checks the last one out.
func (r *Repo) Import(name string, srcs []string) {
	r.t.Helper()
	var in strings.Builder
	for i, src := range srcs {
		msg := fmt.Sprintf("version %d", i+1)
		fmt.Fprintf(&in, "commit refs/heads/main\ncommitter Test <test@example.com> %d +0000\ndata %d\n%s\n", r.date.Unix(), len(msg), msg)
		fmt.Fprintf(&in, "M 100644 inline %s\ndata %d\n%s\n", name, len(src), src)
		r.date = r.date.Add(time.Minute)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = r.Dir
	cmd.Env = cleanEnv()
	cmd.Stdin = strings.NewReader(in.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	r.Git("checkout", "-q", "-f", "main")
}

// Path is the absolute path of a file of the work tree.
func (r *Repo) Path(name string) string { return filepath.Join(r.Dir, filepath.FromSlash(name)) }

// Date is the date the next commit gets.
func (r *Repo) Date() time.Time { return r.date }

// ShallowClone clones the repository with --depth depth into a new
// temporary directory and returns the clone's work tree.
func (r *Repo) ShallowClone(depth int) string {
	r.t.Helper()
	dst, err := filepath.EvalSymlinks(r.t.TempDir())
	if err != nil {
		r.t.Fatal(err)
	}
	Run(r.t, dst, r.date, "clone", "-q", fmt.Sprintf("--depth=%d", depth), "file://"+r.Dir, "clone")
	return filepath.Join(dst, "clone")
}
