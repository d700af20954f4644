package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// pinsTxt lists the repositories of the tier, one "owner/name commit" a
// line.
//
//go:embed pins.txt
var pinsTxt []byte

// EnvDir names the environment variable that overrides the cache directory.
const EnvDir = "DOLINT_REPOS_DIR"

// EnvMirror names the environment variable that points at a directory of
// bare git mirrors laid out as OWNER+NAME/repo.
const EnvMirror = "DOLINT_REPOS_MIRROR"

// stampName holds, in a materialised repository, the commit it was
// extracted at; a directory without it is incomplete.
const stampName = ".dolint-repo-commit"

// Pin is one repository at one commit.
type Pin struct {
	Repo   string // owner/name
	Commit string // 40 hex digits
}

// DirName is the pin's directory below the cache root: OWNER+NAME.
func (p Pin) DirName() string { return strings.ReplaceAll(p.Repo, "/", "+") }

var (
	repoRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9._-]*$`)
	commitRE = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

// ParsePins reads the pin list format: "owner/name commit" a line; blank
// lines and lines starting with # are comments.
func ParsePins(src []byte) ([]Pin, error) {
	var out []Pin
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !repoRE.MatchString(f[0]) || !commitRE.MatchString(f[1]) {
			return nil, fmt.Errorf("pins line %d: want \"owner/name <40 hex commit>\", got %q", n, line)
		}
		if seen[strings.ToLower(f[0])] {
			return nil, fmt.Errorf("pins line %d: %s is pinned twice", n, f[0])
		}
		seen[strings.ToLower(f[0])] = true
		out = append(out, Pin{Repo: f[0], Commit: f[1]})
	}
	return out, sc.Err()
}

// Pins returns the embedded pin list in file order.
func Pins() []Pin {
	p, err := ParsePins(pinsTxt)
	if err != nil {
		panic("repos: embedded pins.txt: " + err.Error()) // fixed at build time
	}
	return p
}

// Dir returns the cache directory, which may not exist yet.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("repos: no cache directory (set %s): %v", EnvDir, err)
	}
	return filepath.Join(base, "dolint", "repos"), nil
}

// Materialised reports whether dir/OWNER+NAME holds the pin's commit.
func Materialised(dir string, p Pin) bool {
	b, err := os.ReadFile(filepath.Join(dir, p.DirName(), stampName))
	return err == nil && strings.TrimSpace(string(b)) == p.Commit
}

// Missing returns the pins not yet materialised in dir.
func Missing(dir string, pins []Pin) []Pin {
	var out []Pin
	for _, p := range pins {
		if !Materialised(dir, p) {
			out = append(out, p)
		}
	}
	return out
}

// Ensure materialises every pin below dir, each as dir/OWNER+NAME holding
// the files of the pinned commit (no .git). A pin already there at its
// commit is left alone. The source is mirror/OWNER+NAME/repo, a bare git
// directory, when mirror is set and holds it; else a shallow fetch of
// https://github.com/OWNER/NAME at the commit. Each repository is written
// to a temporary sibling and renamed into place, so an interrupted run
// leaves no half-written repository behind. log, if not nil, receives one
// line per repository materialised.
func Ensure(ctx context.Context, dir, mirror string, pins []Pin, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("repos: %v", err)
	}
	var errs []error
	for _, p := range pins {
		if Materialised(dir, p) {
			continue
		}
		src := "github"
		if mirror != "" {
			if g := filepath.Join(mirror, p.DirName(), "repo"); isDir(g) {
				src = g
			}
		}
		if log != nil {
			fmt.Fprintf(log, "repos: %s@%s from %s\n", p.Repo, p.Commit[:12], src)
		}
		if err := materialise(ctx, dir, src, p); err != nil {
			errs = append(errs, fmt.Errorf("repos: %s: %v", p.Repo, err))
		}
	}
	return errors.Join(errs...)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func materialise(ctx context.Context, dir, src string, p Pin) error {
	tmp, err := os.MkdirTemp(dir, "."+p.DirName()+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // no-op once renamed
	gitDir := src
	if src == "github" {
		gitDir = filepath.Join(tmp, ".git-fetch")
		if err := fetchCommit(ctx, gitDir, p); err != nil {
			return err
		}
	}
	files := filepath.Join(tmp, "files")
	if err := extract(ctx, gitDir, p.Commit, files); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(files, stampName), []byte(p.Commit+"\n"), 0o644); err != nil {
		return err
	}
	final := filepath.Join(dir, p.DirName())
	if err := os.RemoveAll(final); err != nil { // a stale commit
		return err
	}
	if err := os.Rename(files, final); err != nil {
		if Materialised(dir, p) { // another process finished first
			return nil
		}
		return err
	}
	return nil
}

// fetchCommit makes gitDir a bare repository holding the pinned commit,
// fetched shallowly from GitHub (which serves a commit by its id).
func fetchCommit(ctx context.Context, gitDir string, p Pin) error {
	url := "https://github.com/" + p.Repo
	steps := [][]string{
		{"init", "--quiet", "--bare", gitDir},
		{"--git-dir", gitDir, "fetch", "--quiet", "--depth", "1", "--no-tags", url, p.Commit},
	}
	for _, args := range steps {
		if out, err := git(ctx, args...); err != nil {
			return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

func git(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return stderr.Bytes(), err
	}
	return out, nil
}

// extract writes the tree of commit into dest. Blobs the git directory
// lacks (a partial mirror keeps no large files) are skipped, as are
// submodules and symbolic links that are absolute or leave the tree.
func extract(ctx context.Context, gitDir, commit, dest string) error {
	if out, err := git(ctx, "--git-dir", gitDir, "cat-file", "-e", commit+"^{commit}"); err != nil {
		return fmt.Errorf("commit %s is not in %s: %v %s", commit, gitDir, err, out)
	}
	list, err := git(ctx, "--git-dir", gitDir, "ls-tree", "-r", "-z", "--full-tree", commit)
	if err != nil {
		return fmt.Errorf("git ls-tree: %v\n%s", err, list)
	}
	type entry struct {
		mode, oid, name string
	}
	var entries []entry
	for _, rec := range bytes.Split(list, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		f := strings.Fields(string(meta))
		if !ok || len(f) != 3 {
			return fmt.Errorf("git ls-tree: unexpected record %q", rec)
		}
		if f[1] != "blob" || !fs.ValidPath(string(name)) {
			continue // a submodule, or a name that would leave dest
		}
		entries = append(entries, entry{f[0], f[2], string(name)})
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	// One cat-file process streams every blob.
	cmd := exec.CommandContext(ctx, "git", "--git-dir", gitDir, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, e := range entries {
			fmt.Fprintln(w, e.oid)
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 1<<16)
	var werr error
	for _, e := range entries {
		header, err := r.ReadString('\n')
		if err != nil {
			werr = fmt.Errorf("git cat-file: %v %s", err, stderr.String())
			break
		}
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			continue
		}
		if len(f) != 3 {
			werr = fmt.Errorf("git cat-file: unexpected header %q", header)
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			werr = fmt.Errorf("git cat-file: unexpected header %q", header)
			break
		}
		body := io.LimitReader(r, size)
		if err := writeEntry(dest, e.name, e.mode, body); err != nil && werr == nil {
			werr = err
		}
		io.Copy(io.Discard, body)
		if _, err := r.Discard(1); err != nil { // the newline after each body
			werr = fmt.Errorf("git cat-file: %v", err)
			break
		}
	}
	io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil && werr == nil {
		werr = fmt.Errorf("git cat-file: %v %s", err, stderr.String())
	}
	return werr
}

func writeEntry(dest, name, mode string, body io.Reader) error {
	out := filepath.Join(dest, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if mode == "120000" {
		target, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		t := string(target)
		joined := path.Join(path.Dir(name), t)
		if path.IsAbs(t) || !fs.ValidPath(joined) {
			return nil // a link out of the tree
		}
		return os.Symlink(t, out)
	}
	perm := os.FileMode(0o644)
	if mode == "100755" {
		perm = 0o755
	}
	w, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, body)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}
