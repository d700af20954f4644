package gitlog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
	"github.com/dolint-dev/dolint/internal/osfile"
)

// configA..configC are configs of different sizes, so that git's rename
// detection pairs each only with its own versions.
const (
	configA = "{\n  \"name\": \"alpha\",\n  \"main\": \"src/index.ts\",\n  \"compatibility_date\": \"2025-01-01\",\n  \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Room\"] }]\n}\n"
	configB = "name = \"beta\"\nmain = \"src/worker.ts\"\n"
	configC = "{\n  \"name\": \"gamma\",\n  \"main\": \"src/index.ts\",\n  \"vars\": { \"A\": 1, \"B\": 2, \"C\": 3, \"D\": 4 },\n  \"compatibility_date\": \"2025-01-01\",\n  \"durable_objects\": { \"bindings\": [{ \"name\": \"ROOMS\", \"class_name\": \"Room\" }] }\n}\n"
)

func versionsOfHistory(h *History) string {
	var b strings.Builder
	b.WriteString(h.Path)
	if h.Shallow {
		b.WriteString(" (shallow)")
	}
	for _, v := range h.Versions {
		b.WriteString("\n  " + v.Commit.Subject + " " + v.Path + " " + v.Blob + " " + strings.SplitN(string(v.Src), "\n", 3)[1])
	}
	return b.String()
}

// followed reads path with its own `git log --follow`, as every history
// was read before the shared walk.
func followed(t *testing.T, rd *Reader, path string) *History {
	t.Helper()
	dir, _ := filepath.EvalSymlinks(filepath.Dir(path))
	r := rd.repoOf(dir)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.load(); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(r.root, filepath.Join(dir, filepath.Base(path)))
	h, err := r.follow(&History{Root: r.root, Path: filepath.ToSlash(rel), Shallow: r.shallow})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The shared walk gives each config the versions its own --follow gives:
// renames from another config's path and from another name, a copy that
// ends the history, a delete and a fresh add that does not, and the
// commits of a merged branch.
func TestReaderAsFollow(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("add a and b", map[string]string{"a/wrangler.jsonc": configA, "b/wrangler.toml": configB, "notes.txt": "n\n"})
	r.Commit("edit a", map[string]string{"a/wrangler.jsonc": strings.Replace(configA, "2025-01-01", "2025-02-02", 1)})
	os.MkdirAll(r.Path("apps/a"), 0o755)
	r.Move("a/wrangler.jsonc", "apps/a/wrangler.jsonc", "move a")
	r.Commit("deploy config", map[string]string{"deploy/app.toml": configC})
	r.Move("deploy/app.toml", "deploy/wrangler.jsonc", "name the deploy config")
	// b is deleted, then added again as a copy of apps/a's config: git
	// follows the copy's source and shows no more of b.
	os.Remove(r.Path("b/wrangler.toml"))
	r.Commit("drop b", nil)
	r.Commit("b again, from a", map[string]string{"b/wrangler.toml": strings.Replace(configA, "alpha", "beta", 1)})
	// c is deleted and added again as new content: its older versions count.
	r.Commit("add c", map[string]string{"c/wrangler.toml": configB + "# c\n"})
	os.Remove(r.Path("c/wrangler.toml"))
	r.Commit("drop c", map[string]string{"notes.txt": "gone\n"})
	r.Commit("c again", map[string]string{"c/wrangler.toml": "x = 1\n"})
	// A branch edits apps/a; main edits it too; the merge keeps main's.
	r.Git("checkout", "-q", "-b", "side")
	r.Commit("side edit", map[string]string{"apps/a/wrangler.jsonc": strings.Replace(configA, "alpha", "side", 1)})
	r.Git("checkout", "-q", "main")
	r.Commit("main edit", map[string]string{"apps/a/wrangler.jsonc": strings.Replace(configA, "alpha", "main", 1)})
	r.Git("merge", "-q", "-s", "ours", "-m", "merge side", "side")

	rd := NewReader(Options{})
	for _, name := range []string{"apps/a/wrangler.jsonc", "b/wrangler.toml", "c/wrangler.toml", "deploy/wrangler.jsonc"} {
		h, err := rd.Read(r.Path(name))
		if err != nil {
			t.Fatal(err)
		}
		got, want := versionsOfHistory(h), versionsOfHistory(followed(t, NewReader(Options{}), r.Path(name)))
		if got != want {
			t.Errorf("shared walk:\n%s\nown --follow:\n%s", got, want)
		}
	}
	// Spot checks of what --follow gives, so that the comparison above is
	// not between two wrong answers.
	for name, subjects := range map[string]string{
		"apps/a/wrangler.jsonc": "main edit,side edit,move a,edit a,add a and b",
		"b/wrangler.toml":       "b again, from a",
		"c/wrangler.toml":       "c again,add c",
		"deploy/wrangler.jsonc": "name the deploy config,deploy config",
	} {
		h, _ := rd.Read(r.Path(name))
		var got []string
		for _, v := range h.Versions {
			got = append(got, v.Commit.Subject)
		}
		if strings.Join(got, ",") != subjects {
			t.Errorf("%s: commits %q, want %q", name, got, subjects)
		}
	}

	rp := rd.repos[r.Dir]
	if rp == nil || !rp.didWalk {
		t.Fatal("the configs were not read from one shared walk")
	}
	// Only the adds that may be renames or copies that matter are asked
	// of --follow: the two moves (each commit deleted a file of the
	// config's size), and the adds of b and c, whose paths have earlier
	// changes that a copy would hide. The first adds of a and b, c's first
	// add and the deploy config's add delete nothing and are not asked.
	asked := map[string]bool{}
	for k := range rp.renames {
		_, p, _ := strings.Cut(k, "\x00")
		asked[p] = true
	}
	for _, p := range []string{"apps/a/wrangler.jsonc", "b/wrangler.toml", "c/wrangler.toml", "deploy/wrangler.jsonc"} {
		if !asked[p] {
			t.Errorf("--follow was not asked about the add of %s", p)
		}
	}
	if len(rp.renames) != 4 {
		t.Errorf("--follow asked %d times, want 4: %v", len(rp.renames), rp.renames)
	}
}

// A new commit is seen by a Reader that already read the repository.
func TestReaderSeesNewCommits(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	rd := NewReader(Options{})
	count := func() int {
		h, err := rd.Read(r.Path("wrangler.toml"))
		if err != nil {
			t.Fatal(err)
		}
		return len(h.Versions)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d versions", n)
	}
	r.Commit("two", map[string]string{"wrangler.toml": "2\n"})
	if n := count(); n != 2 {
		t.Errorf("after a commit: %d versions, want 2", n)
	}
}

// A config outside every repository is told so without running git: here
// git cannot run at all, and the reason is still the repository's.
func TestReaderOutsideRepositoryRunsNoGit(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("x"), 0o644)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	t.Setenv("PATH", t.TempDir())
	rd := NewReader(Options{})
	for range 2 {
		_, err := rd.Read(filepath.Join(dir, "wrangler.toml"))
		var u *Unavailable
		if !errors.As(err, &u) || u.Reason != "wrangler.toml is not in a git repository" {
			t.Fatalf("err %v, want Unavailable", err)
		}
	}
	if rd.tops[dir] != "" {
		t.Errorf("directory cached as in %q", rd.tops[dir])
	}
}

// A config reached through a symbolic link to its repository is told by
// its path in the repository, each time: its directory is evaluated
// once, and the second read takes what the first found.
func TestReaderThroughLinkedDirectory(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("add a", map[string]string{"apps/a/wrangler.jsonc": configA})
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(r.Path("apps"), link); err != nil {
		t.Skip(err)
	}
	rd := NewReader(Options{})
	for i := range 2 {
		h, err := rd.Read(filepath.Join(link, "a", "wrangler.jsonc"))
		if err != nil {
			t.Fatal(err)
		}
		if h.Path != "apps/a/wrangler.jsonc" || len(h.Versions) != 1 {
			t.Errorf("read %d: path %q with %d versions, want apps/a/wrangler.jsonc with 1", i, h.Path, len(h.Versions))
		}
	}
	want, _ := filepath.EvalSymlinks(r.Path("apps/a"))
	if got := rd.reals[filepath.Join(link, "a")]; got != want {
		t.Errorf("remembered %q for the linked directory, want %q", got, want)
	}
}

// With listings, a Reader takes from them that a directory holds no .git,
// and looks in those they do not hold.
func TestReaderTakesListings(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("add a", map[string]string{"apps/a/wrangler.jsonc": configA})
	root, _ := filepath.EvalSymlinks(r.Path(""))
	apps := filepath.Join(root, "apps")
	// A .git made after the listings were: they say it is not there, and
	// the Reader, which asks them first, climbs on to the real one.
	if err := os.Mkdir(filepath.Join(apps, "a", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	ls := new(osfile.Listings)
	l := new(osfile.Listing)
	l.Add([]byte("wrangler.jsonc"), osfile.Regular)
	ls.Put(filepath.Join(apps, "a"), l)
	rd := NewReader(Options{Listings: ls})
	h, err := rd.Read(filepath.Join(apps, "a", "wrangler.jsonc"))
	if err != nil {
		t.Fatal(err)
	}
	if h.Path != "apps/a/wrangler.jsonc" || len(h.Versions) != 1 {
		t.Errorf("path %q with %d versions, want apps/a/wrangler.jsonc with 1", h.Path, len(h.Versions))
	}
	if rd.tops[filepath.Join(apps, "a")] != root {
		t.Errorf("top %q, want %q", rd.tops[filepath.Join(apps, "a")], root)
	}
}

// A directory that the listing of its parent shows to be no link is taken
// to be its parent's real directory and its name, without evaluating its
// path again; the parent's own path is evaluated.
func TestReaderRealDirFromListings(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("add a and b", map[string]string{"apps/a/wrangler.jsonc": configA, "apps/b/wrangler.toml": configB})
	apps, _ := filepath.EvalSymlinks(r.Path("apps"))
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(apps, link); err != nil {
		t.Skip(err)
	}
	// c links to b, but the listing (as one made before c became a link
	// would) says it is a directory: the Reader takes it from the listing.
	if err := os.Symlink(filepath.Join(apps, "b"), filepath.Join(apps, "c")); err != nil {
		t.Fatal(err)
	}
	l := new(osfile.Listing)
	l.Add([]byte("a"), osfile.Dir)
	l.Add([]byte("c"), osfile.Dir)
	ls := new(osfile.Listings)
	ls.Put(link, l)
	rd := NewReader(Options{Listings: ls})
	for _, c := range []struct{ dir, want string }{
		{filepath.Join(link, "a"), filepath.Join(apps, "a")},
		{filepath.Join(link, "c"), filepath.Join(apps, "c")},
		{link, apps},
	} {
		if got, err := rd.realDir(c.dir); err != nil || got != c.want {
			t.Errorf("realDir(%s) = %q, %v; want %q", c.dir, got, err, c.want)
		}
	}
	h, err := rd.Read(filepath.Join(link, "a", "wrangler.jsonc"))
	if err != nil || h.Path != "apps/a/wrangler.jsonc" {
		t.Errorf("Read through the link: %+v, %v", h, err)
	}
}
