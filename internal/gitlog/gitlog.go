// Package gitlog reads the committed versions of files from the git
// repository that holds them, following renames as `git log --follow`
// does.
//
// It runs the git command rather than reading the object database itself.
// git is present wherever the history matters (a pre-commit hook runs
// inside git, CI checks the repository out with it), it reads every object
// format, pack, alternate, partial clone and worktree layout a repository
// may use, and its rename detection is the one `git log --follow` shows
// the user, which a second implementation in the binary could only
// approximate.
//
// A run reads the histories of many configs, so a Reader reads them per
// repository, not per file: one walk of the history for every config of
// the repository, one cat-file for all their blobs, and --follow only for
// the few adds that may be renames (see Reader). On a monorepo of 1,500
// commits and a hundred configs that is about 0.3 s of git's CPU, half of
// it the walk, where a --follow per config took 6-7 s.
package gitlog

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dolint-dev/dolint/internal/osfile"
)

// Commit is one commit as a finding names it.
type Commit struct {
	Hash    string
	Short   string
	Date    time.Time // committer date
	Subject string
}

// String names the commit for a message: short hash, date and subject.
func (c Commit) String() string {
	return fmt.Sprintf("%s (%s, %q)", c.Short, c.Date.UTC().Format("2006-01-02"), c.Subject)
}

// Version is the file as one commit left it.
type Version struct {
	Commit Commit
	Path   string // the file's path in that commit, relative to the repository root
	Blob   string // the blob's object name
	Src    []byte
}

// History is the committed versions of a file.
type History struct {
	// Root is the repository's top-level directory.
	Root string
	// Path is the file's path relative to Root.
	Path string
	// Versions are newest first. When Options.Since was given, the last
	// one is the file as that revision left it (its Commit is the
	// revision's), and the others come from commits after it.
	Versions []*Version
	// Shallow is true when the repository is a shallow clone and the
	// file's history may reach past its depth: commits older than the
	// clone's boundary are missing from Versions.
	Shallow bool
}

// Options limit what Read reads.
type Options struct {
	// Since, when not "", counts only the file as revision Since left it
	// and the commits after it (for example the last release tag). In a
	// shallow clone that lacks the revision, the history is empty and
	// Shallow set.
	Since string
	// Bases are further revisions whose history counts besides HEAD's (a
	// pull request's base branch); one that does not resolve is left out.
	Bases []string
	// Timeout bounds the git commands; zero means a minute.
	Timeout time.Duration
	// Listings, when set, tell of the directories they hold that .git is
	// not there, without a lookup: a Reader looks in every directory from
	// a config's up to the repository's root.
	Listings *osfile.Listings
}

// Unavailable is the error of a file whose history cannot be read: it is
// outside every git repository, or git is not installed. Reason says
// which in words fit for a finding.
type Unavailable struct {
	Reason string
}

func (e *Unavailable) Error() string { return e.Reason }

// SinceError is the error of an Options.Since that names no commit.
type SinceError struct {
	Rev string
	Err error
}

func (e *SinceError) Error() string {
	return fmt.Sprintf("history since %q: no such revision in the repository (%v)", e.Rev, e.Err)
}

func (e *SinceError) Unwrap() error { return e.Err }

// Read returns the committed versions of the file at path (absolute, or
// relative to the working directory). A file that no commit holds has an
// empty history, not an error. To read the histories of several files,
// use one Reader: it walks each repository's history once for all of them.
func Read(path string, opts Options) (*History, error) {
	return NewReader(opts).Read(path)
}

// follow reads the history of one file with its own `git log --follow`:
// the reading of a file whose versions the repository's shared walk does
// not hold (a config of another name, or one renamed from such a name).
func (r *repo) follow(h *History) (*History, error) {
	g, cancel := r.git()
	defer cancel()
	out, err := g.run(nil, append(append([]string{"log", "--follow", "-z", "--no-abbrev", "--raw", "--no-color", logFormat}, r.revs...), "--", h.Path)...)
	if err != nil {
		return nil, err
	}
	recs, err := parseLog(out)
	if err != nil {
		return nil, err
	}
	vs, oldest := versionsOf(recs, h.Path, r.abbrev)
	if r.since != nil {
		// The file as the revision left it counts too: that is what was
		// deployed from it, under the name it had then.
		vs = append(vs, &Version{Commit: *r.since, Path: oldest, Blob: r.since.Hash + ":" + oldest})
	}
	if err := g.blobs(vs); err != nil {
		return nil, err
	}
	return r.finish(h, vs), nil
}

// finish keeps the versions whose contents were read and tells whether a
// shallow clone cut the file's history short.
func (r *repo) finish(h *History, vs []*Version) *History {
	for _, v := range vs {
		if v.Src != nil {
			h.Versions = append(h.Versions, v)
		}
	}
	if h.Shallow && len(h.Versions) > 0 && r.since == nil {
		// A shallow clone hides history only where the file's oldest
		// version sits on the clone's boundary, where git shows it as
		// added; a file added after the boundary has all of its history.
		h.Shallow = r.boundary(h.Versions[len(h.Versions)-1].Commit.Hash)
	}
	return h
}

// boundary reports whether commit is one of a shallow clone's boundary
// commits, whose parents were not fetched. The clone's list of them is
// read once per repository.
func (r *repo) boundary(commit string) bool {
	if r.shallowSet == nil {
		r.shallowSet = map[string]bool{}
		g, cancel := r.git()
		defer cancel()
		out, err := g.run(nil, "rev-parse", "--git-path", "shallow")
		if err != nil {
			r.shallowSet = nil
			return true
		}
		p := strings.TrimSpace(string(out))
		if !filepath.IsAbs(p) {
			p = filepath.Join(g.dir, p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			r.shallowSet = nil
			return true
		}
		for _, l := range strings.Fields(string(data)) {
			r.shallowSet[l] = true
		}
	}
	return r.shallowSet[commit]
}

// logFormat starts each commit of a log with a record separator, then
// its hash, committer date and subject.
const logFormat = "--format=%x1e%H%x1f%cI%x1f%s"

// record is one commit of a `git log --raw` and the files it changed.
type record struct {
	commit  Commit // Short is left to versionsOf
	changes []change
}

// change is one --raw line: a file's new blob, with its earlier path
// for a rename.
type change struct {
	status     byte // A, M, D, R, C, T
	from, path string
	blob       string
	// The blob before the change and the two modes, for telling which
	// deleted file could be a rename's source.
	oldBlob, oldMode, mode string
}

// parseLog reads `git log -z --raw --no-abbrev` output in logFormat.
func parseLog(out []byte) ([]record, error) {
	var recs []record
	for _, rec := range bytes.Split(out, []byte{0x1e}) {
		if len(rec) == 0 {
			continue
		}
		head, rest, _ := bytes.Cut(rec, []byte{0})
		f := strings.Split(string(head), "\x1f")
		if len(f) != 3 {
			return nil, fmt.Errorf("git log: unexpected record %q", head)
		}
		date, err := time.Parse(time.RFC3339, f[1])
		if err != nil {
			return nil, fmt.Errorf("git log: commit %s: %v", f[0], err)
		}
		r := record{commit: Commit{Hash: f[0], Date: date, Subject: f[2]}}
		toks := strings.Split(strings.TrimLeft(string(rest), "\n"), "\x00")
		for i := 0; i < len(toks); i++ {
			meta := toks[i]
			if !strings.HasPrefix(meta, ":") {
				continue
			}
			// :<mode> <mode> <old blob> <new blob> <status>, then one path,
			// or two for a rename or copy.
			m := strings.Fields(meta)
			if len(m) != 5 || m[4] == "" || i+1 >= len(toks) {
				return nil, fmt.Errorf("git log: commit %s: unexpected raw line %q", f[0], meta)
			}
			c := change{status: m[4][0], path: toks[i+1], blob: m[3], oldBlob: m[2], oldMode: strings.TrimPrefix(m[0], ":"), mode: m[1]}
			i++
			if c.status == 'R' || c.status == 'C' {
				if i+1 >= len(toks) {
					return nil, fmt.Errorf("git log: commit %s: rename without a target", f[0])
				}
				c.from, c.path = c.path, toks[i+1]
				i++
			}
			r.changes = append(r.changes, c)
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// versionsOf follows one file through a log, newest commit first, from
// its path today back through the renames that brought it there. oldest
// is the path it had before the oldest commit listed. Commits that
// deleted the file give no version.
func versionsOf(recs []record, path string, abbrev int) (vs []*Version, oldest string) {
	cur := path
	for _, r := range recs {
		for _, c := range r.changes {
			if c.path != cur {
				continue
			}
			if c.status != 'D' && strings.Trim(c.blob, "0") != "" {
				cm := r.commit
				cm.Short = cm.Hash[:min(abbrev, len(cm.Hash))]
				vs = append(vs, &Version{Commit: cm, Path: cur, Blob: c.blob})
			}
			if c.status == 'R' {
				cur = c.from
			}
			break
		}
	}
	return vs, cur
}

type git struct {
	ctx context.Context
	dir string
}

func (g *git) cmd(args ...string) *exec.Cmd {
	cmd := exec.CommandContext(g.ctx, "git", append([]string{"-C", g.dir, "-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "log.follow=false"}, args...)...)
	cmd.Env = append(env(), "GIT_PAGER=cat", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	return cmd
}

// env is the environment without the variables a git hook sets
// (GIT_DIR, GIT_INDEX_FILE, ...): they would point the command at the
// hook's repository and its relative paths, while the file's own directory
// names the repository to read. Nor do the variables that change how
// pathspecs match: the walk's pathspec is a glob, the others literal paths.
func env() []string {
	var out []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
			"GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS":
			continue
		}
		out = append(out, kv)
	}
	return out
}

func (g *git) run(stdin io.Reader, args ...string) ([]byte, error) {
	cmd := g.cmd(args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) {
			return nil, err
		}
		if g.ctx.Err() != nil {
			return nil, fmt.Errorf("git %s: %v", args[0], g.ctx.Err())
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

func (g *git) commit(rev string) (Commit, error) {
	out, err := g.run(nil, "log", "-1", "--no-color", "--format=%H%x1f%h%x1f%cI%x1f%s", rev+"^{commit}", "--")
	if err != nil {
		return Commit{}, err
	}
	f := strings.Split(strings.TrimRight(string(out), "\n"), "\x1f")
	if len(f) != 4 {
		return Commit{}, fmt.Errorf("unexpected output %q", out)
	}
	date, err := time.Parse(time.RFC3339, f[2])
	if err != nil {
		return Commit{}, err
	}
	return Commit{Hash: f[0], Short: f[1], Date: date, Subject: f[3]}, nil
}

// blobs reads every version's contents with one `git cat-file --batch`,
// each distinct blob once. A name that does not resolve (the file absent
// at the since revision) leaves Src nil.
func (g *git) blobs(vs []*Version) error {
	var names []string
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v.Blob] {
			seen[v.Blob] = true
			names = append(names, v.Blob)
		}
	}
	got, err := g.catFile(names)
	if err != nil {
		return err
	}
	for _, v := range vs {
		v.Src = got[v.Blob]
	}
	return nil
}

// catFile reads the named blobs with one `git cat-file --batch`. A name
// that does not resolve, or names no blob, is left out of the map.
func (g *git) catFile(names []string) (map[string][]byte, error) {
	got := map[string][]byte{}
	if len(names) == 0 {
		return got, nil
	}
	var in bytes.Buffer
	for _, n := range names {
		in.WriteString(n + "\n")
	}
	cmd := g.cmd("cat-file", "--batch")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(stdout, 64<<10)
	var readErr error
	for _, n := range names {
		line, err := r.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %v", err)
			break
		}
		f := strings.Fields(line)
		if len(f) == 2 && f[1] == "missing" {
			continue
		}
		if len(f) != 3 {
			readErr = fmt.Errorf("git cat-file: unexpected header %q", line)
			break
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: unexpected header %q", line)
			break
		}
		buf := make([]byte, size+1) // the contents and a newline
		if _, err := io.ReadFull(r, buf); err != nil {
			readErr = fmt.Errorf("git cat-file: %v", err)
			break
		}
		if f[1] == "blob" {
			got[n] = buf[:size]
		}
	}
	io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %s", strings.TrimSpace(stderr.String()+" "+err.Error()))
	}
	if readErr != nil {
		return nil, readErr
	}
	return got, nil
}
