package gitlog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dolint-dev/dolint/internal/osfile"
)

// A run reads the histories of every config of a monorepo, and one `git
// log --follow` per config walks the whole history each time: on a
// repository of 1,500 commits and a hundred configs that is a hundred
// walks of ~80 ms of CPU each, several times the cost of linting. A
// Reader walks each repository once for all of them instead:
//
//   - one `git log --full-history --no-renames --raw` over the pathspec
//     :(glob)**/wrangler.* lists every commit that changed a file of a
//     config's name anywhere in the tree, with the blob it left (one
//     glob costs about as much as a single literal path, and less than
//     a pathspec of a hundred literal paths);
//   - one `git cat-file --batch` reads each distinct blob of those files
//     once (most versions of a monorepo's configs are few and small);
//   - one `git log --no-walk --diff-filter=D` over the commits that
//     added such a file tells which of them deleted any file at all.
//
// A file's versions are then the changes of its path in that walk, which
// are the commits `git log --follow` shows: --follow turns off history
// simplification, so it walks every parent of a merge and lists the
// non-merge commits whose diff touches the path, in the same order as
// --full-history. Where they can differ is rename following: --follow
// looks for the file's source, among every file of the parent commit,
// where the file appears as added, and then follows that source instead
// (a rename, whose source the commit deleted) or stops (a copy). A commit
// that deleted no file has no rename, and when the path has no earlier
// change a copy ends nothing the walk would show; only otherwise is
// --follow itself asked, for that one commit (`git log --follow -n1
// <commit> -- path`), so that what it finds is exactly git's. A rename
// from a path the walk does not hold (a file of another name), or a file
// of another name, is read with its own `git log --follow`.

// Reader reads the histories of many files. It finds each file's
// repository by looking for .git in the file's directory and above
// (cached per directory, so that a file outside every repository costs no
// process), and reads each repository's history once, at the first file
// that needs it. A repository whose HEAD, reflog, packed refs, fetched
// heads or shallow boundary changed since is read again, so that a Reader
// kept by a long-lived process (an editor's server) sees new commits;
// which directory holds .git is looked up once per Reader. A Reader is
// safe for concurrent use.
type Reader struct {
	opts  Options
	mu    sync.Mutex
	tops  map[string]string // directory → the nearest directory at or above it holding .git, or ""
	repos map[string]*repo  // by that directory
	// reals are directories with their symbolic links evaluated. The
	// configs of a monorepo's projects sit in a few hundred directories
	// below a handful of roots, and evaluating one walks every name of
	// its path again; a Reader takes each as it first finds it, as it
	// does which directory holds .git.
	reals map[string]string
}

// NewReader returns a Reader with the given options.
func NewReader(opts Options) *Reader {
	if opts.Timeout == 0 {
		opts.Timeout = time.Minute
	}
	return &Reader{opts: opts, tops: map[string]string{}, repos: map[string]*repo{}, reals: map[string]string{}}
}

// Read returns the committed versions of the file at path, as the
// package-level Read does.
func (rd *Reader) Read(path string) (*History, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// git reports the top level with symbolic links resolved, so the file's
	// directory must be resolved too before the two are compared.
	dir, err := rd.realDir(filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	base := filepath.Base(abs)
	r := rd.repoOf(dir)
	if r == nil {
		return nil, &Unavailable{Reason: base + " is not in a git repository"}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.load(); err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) {
			return nil, &Unavailable{Reason: "git is not installed, so the history of " + base + " cannot be read"}
		}
		if strings.Contains(err.Error(), "not a git repository") {
			return nil, &Unavailable{Reason: base + " is not in a git repository"}
		}
		return nil, err
	}
	h := &History{Root: r.root, Shallow: r.shallow}
	rel, err := filepath.Rel(h.Root, filepath.Join(dir, base))
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is outside the repository at %s", abs, h.Root)
	}
	h.Path = filepath.ToSlash(rel)
	if r.empty {
		// A repository without commits has no history yet.
		return h, nil
	}
	if r.sinceErr != nil {
		if r.shallow {
			// The revision is likely older than the clone: no history
			// can be told, and the clone is what to fix.
			return h, nil
		}
		return nil, &SinceError{Rev: rd.opts.Since, Err: r.sinceErr}
	}
	if !walked(h.Path) {
		return r.follow(h)
	}
	if err := r.walk(); err != nil {
		return nil, err
	}
	vs, oldest, ok, err := r.versions(h.Path)
	if err != nil {
		return nil, err
	}
	if !ok {
		return r.follow(h)
	}
	if r.since != nil {
		if src, ok := r.sinceSrc[oldest]; ok {
			vs = append(vs, &Version{Commit: *r.since, Path: oldest, Blob: r.since.Hash + ":" + oldest, Src: src})
		}
	}
	return r.finish(h, vs), nil
}

// realDir is filepath.EvalSymlinks(dir), remembered when it succeeds. A
// directory that the listing of its parent shows to be no link is its
// parent's real directory and its name: evaluating every name of its path
// again would look up each.
func (rd *Reader) realDir(dir string) (string, error) {
	rd.mu.Lock()
	real, ok := rd.reals[dir]
	rd.mu.Unlock()
	if ok {
		return real, nil
	}
	var err error
	parent, name := filepath.Dir(dir), filepath.Base(dir)
	if k, listed := rd.opts.Listings.Kind(parent, name); listed && k == osfile.Dir && parent != dir {
		if real, err = rd.realDir(parent); err == nil {
			real = filepath.Join(real, name)
		}
	} else {
		real, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		return "", err
	}
	rd.mu.Lock()
	rd.reals[dir] = real
	rd.mu.Unlock()
	return real, nil
}

// repoOf returns the repository state for the nearest directory at or
// above dir that holds .git, or nil. It looks as git does, stopping below
// the directories of GIT_CEILING_DIRECTORIES; git itself then has the
// last word on whether that .git is a repository.
func (rd *Reader) repoOf(dir string) *repo {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	top, ok := rd.tops[dir]
	if !ok {
		var visited []string
		ceilings := filepath.SplitList(os.Getenv("GIT_CEILING_DIRECTORIES"))
		for d := dir; ; {
			if t, ok := rd.tops[d]; ok {
				top = t
				break
			}
			visited = append(visited, d)
			if rd.opts.Listings.MayHold(d, ".git") {
				if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
					top = d
					break
				}
			}
			parent := filepath.Dir(d)
			if parent == d || slices.Contains(ceilings, parent) {
				break
			}
			d = parent
		}
		for _, d := range visited {
			rd.tops[d] = top
		}
	}
	if top == "" {
		return nil
	}
	r := rd.repos[top]
	if r == nil {
		r = &repo{dir: top, opts: &rd.opts}
		rd.repos[top] = r
	}
	return r
}

// walked reports whether a path is one the shared walk holds: a wrangler
// config's name (wrangler.jsonc, wrangler.production.toml, ...).
func walked(path string) bool {
	name := path[strings.LastIndexByte(path, '/')+1:]
	if !strings.HasPrefix(name, "wrangler.") {
		return false
	}
	switch filepath.Ext(name) {
	case ".json", ".jsonc", ".toml":
		return true
	}
	return false
}

// walkPathspec selects the files walked: every name walked accepts, and a
// few more that it then ignores.
const walkPathspec = ":(glob)**/wrangler.*"

// repo is what a Reader knows of one repository. Its fields are guarded
// by mu.
type repo struct {
	mu   sync.Mutex
	dir  string // where .git was found
	opts *Options
	*state
}

// state is what a repo learns from git, made anew when the repository
// changes.
type state struct {
	stamp   string // see fingerprint
	loadErr error

	root     string // the work tree's top level
	gitDir   string
	common   string
	shallow  bool
	empty    bool // no commit yet
	abbrev   int
	revs     []string // HEAD, the bases that resolve, and ^since
	since    *Commit
	sinceErr error

	shallowSet map[string]bool // the clone's boundary commits, read on demand

	// The shared walk, made at the first file that needs it.
	didWalk  bool
	walkErr  error
	recs     []record
	touches  map[string][]int     // path → indexes of the records that change it, ascending
	src      map[string][]byte    // blob → contents
	deletes  map[string][]deleted // commit that added a walked file → the files it deleted
	sinceSrc map[string][]byte    // path → contents at the since revision
	renames  map[string]rename    // commit + "\x00" + path → what --follow found there
	noRename map[string]bool      // commit + "\x00" + path → screen found no possible rename
}

// deleted is a file a commit deleted: a possible source of a rename.
type deleted struct {
	path    string
	blob    string
	size    int64
	regular bool
}

// rename is what `git log --follow` finds where a file appears as added:
// status 'A' (nothing), 'R' (renamed from from) or 'C' (copied from from).
type rename struct {
	status byte
	from   string
}

// git returns a command runner in the repository bounded by the timeout.
func (r *repo) git() (*git, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout)
	dir := r.root
	if dir == "" {
		dir = r.dir
	}
	return &git{ctx: ctx, dir: dir}, cancel
}

// load reads what every file of the repository shares (its top level,
// whether it is shallow, the revisions to walk), again when the
// repository changed since the last load.
func (r *repo) load() error {
	if r.state != nil && r.stamp == r.fingerprint() {
		return r.loadErr
	}
	r.state = &state{}
	r.loadErr = r.load1()
	r.stamp = r.fingerprint()
	return r.loadErr
}

func (r *repo) load1() error {
	g, cancel := r.git()
	defer cancel()
	out, err := g.run(nil, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--absolute-git-dir", "--git-common-dir")
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 {
		return fmt.Errorf("git rev-parse: unexpected output %q", out)
	}
	r.root, r.shallow, r.gitDir, r.common = lines[0], lines[1] == "true", lines[2], lines[3]
	if !filepath.IsAbs(r.common) {
		r.common = filepath.Join(r.dir, r.common)
	}
	g.dir = r.root

	short, err := g.run(nil, "rev-parse", "--verify", "--quiet", "--short", "HEAD^{commit}")
	if err != nil {
		r.empty = true
		return nil
	}
	// Short hashes as long as git abbreviates them in this repository.
	r.abbrev = len(strings.TrimSpace(string(short)))

	r.revs = []string{"HEAD"}
	for _, b := range r.opts.Bases {
		if _, err := g.run(nil, "rev-parse", "--verify", "--quiet", b+"^{commit}"); err == nil {
			r.revs = append(r.revs, b)
		}
	}
	if r.opts.Since != "" {
		c, err := g.commit(r.opts.Since)
		if err != nil {
			r.sinceErr = err
			return nil
		}
		r.since = &c
		r.revs = append(slices.Clone(r.revs), "^"+c.Hash)
	}
	return nil
}

// fingerprint names the state of the files a commit, checkout, fetch or
// deepening changes, by size and modification time.
func (r *repo) fingerprint() string {
	if r.gitDir == "" {
		return ""
	}
	files := []string{
		filepath.Join(r.gitDir, "HEAD"),
		filepath.Join(r.gitDir, "logs", "HEAD"),
		filepath.Join(r.common, "packed-refs"),
		filepath.Join(r.common, "FETCH_HEAD"),
		filepath.Join(r.common, "shallow"),
	}
	if head, err := os.ReadFile(files[0]); err == nil {
		if ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: "); ok {
			files = append(files, filepath.Join(r.gitDir, ref), filepath.Join(r.common, ref))
		}
	}
	var b strings.Builder
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "%d.%d;", fi.Size(), fi.ModTime().UnixNano())
		} else {
			b.WriteString("-;")
		}
	}
	return b.String()
}

// walk makes the repository's shared walk, once.
func (r *repo) walk() error {
	if r.didWalk {
		return r.walkErr
	}
	r.didWalk = true
	r.walkErr = r.walk1()
	return r.walkErr
}

func (r *repo) walk1() error {
	g, cancel := r.git()
	defer cancel()
	args := append([]string{"log", "--full-history", "--no-renames", "-z", "--no-abbrev", "--raw", "--no-color", logFormat}, r.revs...)
	out, err := g.run(nil, append(args, "--", walkPathspec)...)
	if err != nil {
		return err
	}
	if r.recs, err = parseLog(out); err != nil {
		return err
	}
	r.touches = map[string][]int{}
	var blobs []string
	seen := map[string]bool{}
	var adds strings.Builder
	added := map[string]bool{}
	for i, rec := range r.recs {
		for _, c := range rec.changes {
			if !walked(c.path) {
				continue
			}
			r.touches[c.path] = append(r.touches[c.path], i)
			if c.status != 'D' && strings.Trim(c.blob, "0") != "" && !seen[c.blob] {
				seen[c.blob] = true
				blobs = append(blobs, c.blob)
			}
		}
	}
	// Only a path's oldest change is asked about its source this way; an
	// add after earlier changes is always asked of --follow (see versions).
	for path, idx := range r.touches {
		rec := &r.recs[idx[len(idx)-1]]
		if rec.change(path).status == 'A' && !added[rec.commit.Hash] {
			added[rec.commit.Hash] = true
			adds.WriteString(rec.commit.Hash + "\n")
		}
	}

	// The files deleted by the commits that first added a config, and their
	// sizes: a rename's source is a file the commit deleted.
	r.deletes = map[string][]deleted{}
	if adds.Len() > 0 {
		out, err := g.run(strings.NewReader(adds.String()), "log", "--no-walk=unsorted", "--stdin", "--no-renames", "-z", "--no-abbrev", "--raw", "--no-color", "--diff-filter=D", logFormat)
		if err != nil {
			return err
		}
		recs, err := parseLog(out)
		if err != nil {
			return err
		}
		var check strings.Builder
		for _, rec := range recs {
			for _, c := range rec.changes {
				if c.status == 'D' {
					r.deletes[rec.commit.Hash] = append(r.deletes[rec.commit.Hash], deleted{path: c.path, blob: c.oldBlob, regular: regular(c.oldMode)})
					check.WriteString(c.oldBlob + "\n")
				}
			}
		}
		if check.Len() > 0 {
			out, err := g.run(strings.NewReader(check.String()), "cat-file", "--batch-check")
			if err != nil {
				return err
			}
			sizes := map[string]int64{}
			for _, l := range strings.Split(string(out), "\n") {
				if f := strings.Fields(l); len(f) == 3 {
					sizes[f[0]], _ = strconv.ParseInt(f[2], 10, 64)
				}
			}
			for _, ds := range r.deletes {
				for i := range ds {
					size, ok := sizes[ds[i].blob]
					if !ok {
						size = -1 // unknown: any size may match
					}
					ds[i].size = size
				}
			}
		}
	}

	// The configs as the since revision left them, for the baseline.
	var sinceBlob map[string]string
	if r.since != nil {
		out, err := g.run(nil, "ls-tree", "-r", "-z", "--full-tree", r.since.Hash)
		if err != nil {
			return err
		}
		sinceBlob = map[string]string{}
		for _, e := range strings.Split(string(out), "\x00") {
			meta, path, ok := strings.Cut(e, "\t")
			f := strings.Fields(meta)
			if !ok || len(f) != 3 || f[1] != "blob" || !walked(path) {
				continue
			}
			sinceBlob[path] = f[2]
			if !seen[f[2]] {
				seen[f[2]] = true
				blobs = append(blobs, f[2])
			}
		}
	}

	if r.src, err = g.catFile(blobs); err != nil {
		return err
	}
	r.sinceSrc = map[string][]byte{}
	for path, b := range sinceBlob {
		if src, ok := r.src[b]; ok {
			r.sinceSrc[path] = src
		}
	}
	r.renames = map[string]rename{}
	return r.screen(g)
}

// screen asks git's rename detection, restricted to the files in
// question, whether the deleted files that may be the source of a config
// added as a whole new file (no earlier change of its path) reach the
// rename score, all in one process. --follow can only find a rename
// where they do: its sources are the parent's files, the deleted ones
// among them, and a rename's is one the commit deleted. Where they do not,
// a copy from a kept file ends nothing, and the file needs no --follow of
// its own (see versions). The restricted detection may pair a source with
// another config of the same commit instead; any rename in a commit's
// answer therefore leaves its configs to --follow.
func (r *repo) screen(g *git) error {
	r.noRename = map[string]bool{}
	var commits strings.Builder
	var keys []string
	paths := map[string]bool{}
	for path, idx := range r.touches {
		i := idx[len(idx)-1]
		rec := &r.recs[i]
		c := rec.change(path)
		if c.status != 'A' || !r.mayRename(rec.commit.Hash, c) {
			continue
		}
		paths[path] = true
		for _, d := range r.deletes[rec.commit.Hash] {
			if r.maySource(d, c) {
				paths[d.path] = true
			}
		}
		keys = append(keys, rec.commit.Hash+"\x00"+path)
		commits.WriteString(rec.commit.Hash + "\n")
	}
	if len(keys) == 0 || len(paths) > 2000 {
		return nil
	}
	args := []string{"log", "--no-walk=unsorted", "--stdin", "-M", "-z", "--no-abbrev", "--raw", "--no-color", logFormat, "--"}
	for p := range paths {
		args = append(args, ":(literal)"+p)
	}
	out, err := g.run(strings.NewReader(commits.String()), args...)
	if err != nil {
		return err
	}
	recs, err := parseLog(out)
	if err != nil {
		return err
	}
	renamed := map[string]bool{}
	for _, rec := range recs {
		for _, c := range rec.changes {
			if c.status == 'R' {
				renamed[rec.commit.Hash] = true
			}
		}
	}
	for _, k := range keys {
		commit, _, _ := strings.Cut(k, "\x00")
		if !renamed[commit] {
			r.noRename[k] = true
		}
	}
	return nil
}

// versions follows path through the shared walk as `git log --follow`
// does, newest first. oldest is the path it had before the oldest commit
// listed. ok is false when the walk does not hold the file's history: it
// was renamed from a file of a name the walk leaves out.
func (r *repo) versions(path string) (vs []*Version, oldest string, ok bool, err error) {
	cur := path
	last := -1
	for {
		idx := r.touches[cur]
		j := sort.SearchInts(idx, last+1)
		if j == len(idx) {
			return vs, cur, true, nil
		}
		last = idx[j]
		rec := &r.recs[last]
		c := rec.change(cur)
		if c.status != 'D' && strings.Trim(c.blob, "0") != "" {
			cm := rec.commit
			cm.Short = cm.Hash[:min(r.abbrev, len(cm.Hash))]
			vs = append(vs, &Version{Commit: cm, Path: cur, Blob: c.blob, Src: r.src[c.blob]})
		}
		if c.status != 'A' {
			continue
		}
		// Without a deleted file that could be its source there is no
		// rename; and a copy, which would end the history here, ends
		// nothing when the path has no earlier change.
		if idx[len(idx)-1] == last && (!r.mayRename(rec.commit.Hash, c) || r.noRename[rec.commit.Hash+"\x00"+cur]) {
			continue
		}
		rn, err := r.renameAt(rec.commit.Hash, cur)
		if err != nil {
			return nil, "", false, err
		}
		switch rn.status {
		case 'R':
			if !walked(rn.from) {
				return nil, "", false, nil
			}
			cur = rn.from
		case 'C':
			return vs, cur, true, nil
		case '?':
			return nil, "", false, nil
		}
	}
}

// change returns the record's change of path, or nil.
func (rec *record) change(path string) *change {
	for k := range rec.changes {
		if rec.changes[k].path == path {
			return &rec.changes[k]
		}
	}
	return nil
}

// mayRename reports whether one of the files the commit deleted could be
// the source of the added file c for git's rename detection: the same
// blob, or two regular files whose sizes differ by no more than half the
// larger, below which git does not compare their contents (at the default
// and --follow's score of 50%).
func (r *repo) mayRename(commit string, c *change) bool {
	for _, d := range r.deletes[commit] {
		if r.maySource(d, c) {
			return true
		}
	}
	return false
}

// maySource reports whether the deleted file d could be the source of the
// added file c, as mayRename tells.
func (r *repo) maySource(d deleted, c *change) bool {
	if d.blob == c.blob {
		return true
	}
	if !d.regular || !regular(c.mode) {
		return false
	}
	size := int64(len(r.src[c.blob]))
	return d.size < 0 || max(size, d.size) >= 2*(max(size, d.size)-min(size, d.size))
}

// regular reports whether a --raw mode is a regular file's.
func regular(mode string) bool { return mode == "100644" || mode == "100755" }

// renameAt asks `git log --follow` what it finds where commit adds path.
// Status '?' means it did not list the commit, and the file is best read
// with its own --follow.
func (r *repo) renameAt(commit, path string) (rename, error) {
	key := commit + "\x00" + path
	if rn, ok := r.renames[key]; ok {
		return rn, nil
	}
	g, cancel := r.git()
	defer cancel()
	out, err := g.run(nil, "log", "--follow", "-n1", "-z", "--no-abbrev", "--raw", "--no-color", logFormat, commit, "--", path)
	if err != nil {
		return rename{}, err
	}
	recs, err := parseLog(out)
	if err != nil {
		return rename{}, err
	}
	rn := rename{status: '?'}
	if len(recs) == 1 && recs[0].commit.Hash == commit {
		for _, c := range recs[0].changes {
			if c.path == path {
				rn = rename{status: c.status, from: c.from}
				break
			}
		}
	}
	r.renames[key] = rn
	return rn, nil
}
