package gitlog_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/gitlog"
	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
)

func contents(h *gitlog.History) []string {
	var out []string
	for _, v := range h.Versions {
		out = append(out, v.Path+"="+strings.TrimSpace(string(v.Src)))
	}
	return out
}

func TestFollowsRenames(t *testing.T) {
	r := gitlogtest.New(t)
	c1 := r.Commit("first", map[string]string{"app/wrangler.toml": "one\n", "other.txt": "x"})
	r.Commit("unrelated", map[string]string{"other.txt": "y"})
	r.Move("app/wrangler.toml", "app/wrangler.jsonc", "switch to jsonc")
	c4 := r.Commit("second", map[string]string{"app/wrangler.jsonc": "two\n"})
	// Uncommitted edits are not history.
	r.Write(map[string]string{"app/wrangler.jsonc": "three\n"})

	h, err := gitlog.Read(r.Path("app/wrangler.jsonc"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app/wrangler.jsonc=two", "app/wrangler.jsonc=one", "app/wrangler.toml=one"}
	if got := contents(h); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("versions %q, want %q", got, want)
	}
	if h.Shallow {
		t.Error("a full repository reads as shallow")
	}
	if h.Path != "app/wrangler.jsonc" || h.Root != r.Dir {
		t.Errorf("root %q path %q", h.Root, h.Path)
	}
	newest, oldest := h.Versions[0].Commit, h.Versions[len(h.Versions)-1].Commit
	if newest.Short != c4 || oldest.Short != c1 || newest.Subject != "second" || oldest.Subject != "first" {
		t.Errorf("commits %v .. %v, want %s .. %s", newest, oldest, c4, c1)
	}
	if !oldest.Date.Equal(gitlogtest.Start) {
		t.Errorf("first commit dated %v, want %v", oldest.Date, gitlogtest.Start)
	}
	if s := oldest.String(); s != fmt.Sprintf("%s (2025-03-01, \"first\")", c1) {
		t.Errorf("commit named %s", s)
	}
}

func TestSince(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	r.Commit("two", map[string]string{"wrangler.toml": "2\n"})
	r.Commit("readme", map[string]string{"README": "r"})
	r.Git("tag", "v1.0")
	r.Move("wrangler.toml", "wrangler.json", "rename")
	r.Commit("three", map[string]string{"wrangler.json": "3\n"})

	h, err := gitlog.Read(r.Path("wrangler.json"), gitlog.Options{Since: "v1.0"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"wrangler.json=3", "wrangler.json=2", "wrangler.toml=2"}
	if got := contents(h); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("versions %q, want %q", got, want)
	}
	// The file as v1.0 left it is named by v1.0's own commit.
	if last := h.Versions[len(h.Versions)-1]; last.Commit.Subject != "readme" {
		t.Errorf("baseline from %v, want the tagged commit", last.Commit)
	}

	if _, err := gitlog.Read(r.Path("wrangler.json"), gitlog.Options{Since: "nope"}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown revision: err %v", err)
	}
}

func TestSinceBeforeTheFileExisted(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("readme", map[string]string{"README": "r"})
	r.Git("tag", "start")
	r.Commit("add", map[string]string{"wrangler.toml": "1\n"})
	h, err := gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{Since: "start"})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(h); len(got) != 1 || got[0] != "wrangler.toml=1" {
		t.Errorf("versions %q", got)
	}
}

func TestBases(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("feature", map[string]string{"wrangler.toml": "f\n"})
	r.Git("checkout", "-q", "main")
	r.Commit("main moves on", map[string]string{"wrangler.toml": "2\n"})
	r.Git("checkout", "-q", "feature")

	h, err := gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{Bases: []string{"main", "no-such-branch"}})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(contents(h), " ")
	for _, w := range []string{"=1", "=f", "=2"} {
		if !strings.Contains(got, w) {
			t.Errorf("versions %q lack %s", got, w)
		}
	}
}

func TestDeletedAndRestored(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	os.Remove(r.Path("wrangler.toml"))
	r.Commit("delete", nil)
	r.Commit("back", map[string]string{"wrangler.toml": "2\n"})
	h, err := gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(h); strings.Join(got, " ") != "wrangler.toml=2 wrangler.toml=1" {
		t.Errorf("versions %q", got)
	}
}

func TestUntrackedAndEmpty(t *testing.T) {
	r := gitlogtest.New(t)
	r.Write(map[string]string{"wrangler.toml": "1\n"})
	h, err := gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{})
	if err != nil || len(h.Versions) != 0 {
		t.Fatalf("repository without commits: %v, %v", h, err)
	}
	r.Git("commit", "-q", "--allow-empty", "-m", "empty")
	h, err = gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{})
	if err != nil || len(h.Versions) != 0 {
		t.Fatalf("untracked file: %v, %v", h, err)
	}
}

func TestNotARepository(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("x"), 0o644)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := gitlog.Read(filepath.Join(dir, "wrangler.toml"), gitlog.Options{})
	var u *gitlog.Unavailable
	if !errors.As(err, &u) || !strings.Contains(u.Reason, "not in a git repository") {
		t.Fatalf("err %v, want Unavailable", err)
	}
}

func TestNoGit(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	t.Setenv("PATH", t.TempDir())
	_, err := gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{})
	var u *gitlog.Unavailable
	if !errors.As(err, &u) || !strings.Contains(u.Reason, "git is not installed") {
		t.Fatalf("err %v, want Unavailable", err)
	}
}

func TestShallow(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	r.Commit("two", map[string]string{"wrangler.toml": "2\n"})
	clone := r.ShallowClone(1)
	h, err := gitlog.Read(filepath.Join(clone, "wrangler.toml"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Shallow {
		t.Error("a --depth 1 clone does not read as shallow")
	}
	if got := contents(h); strings.Join(got, " ") != "wrangler.toml=2" {
		t.Errorf("versions %q", got)
	}

	// A since revision the clone lacks is what the shallow clone cut off.
	r.Git("tag", "old", "HEAD~1")
	h, err = gitlog.Read(filepath.Join(clone, "wrangler.toml"), gitlog.Options{Since: "old"})
	if err != nil || !h.Shallow || len(h.Versions) != 0 {
		t.Errorf("since a revision beyond the clone: %v, %+v", err, h)
	}

	// A file added after the boundary has its whole history.
	r.Commit("three", map[string]string{"wrangler.jsonc": "{}\n"})
	r.Commit("four", map[string]string{"wrangler.jsonc": "{ }\n"})
	clone = r.ShallowClone(3)
	h, err = gitlog.Read(filepath.Join(clone, "wrangler.jsonc"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Shallow || len(h.Versions) != 2 {
		t.Errorf("file added within the depth: shallow %v, %d versions", h.Shallow, len(h.Versions))
	}
	h, err = gitlog.Read(filepath.Join(clone, "wrangler.toml"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Shallow {
		t.Error("a file older than the depth does not read as shallow")
	}
}

func TestTimeout(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"wrangler.toml": "1\n"})
	_, err := gitlog.Read(r.Path("wrangler.toml"), gitlog.Options{Timeout: time.Nanosecond})
	if err == nil {
		t.Fatal("no error past the deadline")
	}
}

// BenchmarkRead reads a history of 1,000 commits of a config.
func BenchmarkRead(b *testing.B) {
	r := gitlogtest.New(b)
	srcs := make([]string, 1000)
	for i := range srcs {
		srcs[i] = fmt.Sprintf("{\n  \"name\": \"app\",\n  \"vars\": { \"N\": %d },\n  \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Room\"] }]\n}\n", i)
	}
	r.Import("wrangler.jsonc", srcs)
	for b.Loop() {
		h, err := gitlog.Read(r.Path("wrangler.jsonc"), gitlog.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(h.Versions) != 1000 {
			b.Fatalf("%d versions", len(h.Versions))
		}
	}
}

func TestScript(t *testing.T) {
	r := gitlogtest.New(t)
	r.Script(`-- wrangler.json --
1
-- git commit -m "first version" --
-- git mv wrangler.json wrangler.jsonc --
-- git commit -m "rename" --
-- git tag release --
-- wrangler.jsonc --
2
`)
	h, err := gitlog.Read(r.Path("wrangler.jsonc"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(h); strings.Join(got, " ") != "wrangler.jsonc=1 wrangler.json=1" {
		t.Errorf("versions %q", got)
	}
	if h.Versions[1].Commit.Subject != "first version" {
		t.Errorf("subject %q", h.Versions[1].Commit.Subject)
	}
	if out := r.Git("status", "--porcelain"); !strings.Contains(out, "M wrangler.jsonc") {
		t.Errorf("the last file is not left modified: %q", out)
	}
	if out := r.Git("tag"); strings.TrimSpace(out) != "release" {
		t.Errorf("tags %q", out)
	}
}

// A config may have any name; a rename from another name is followed too.
func TestOtherName(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("one", map[string]string{"deploy/app.toml": "1\n"})
	r.Move("deploy/app.toml", "deploy/api.toml", "rename")
	r.Commit("two", map[string]string{"deploy/api.toml": "2\n"})
	h, err := gitlog.Read(r.Path("deploy/api.toml"), gitlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(h); strings.Join(got, " ") != "deploy/api.toml=2 deploy/api.toml=1 deploy/app.toml=1" {
		t.Errorf("versions %q", got)
	}
}

// Each config of a monorepo has its own history, which a new commit
// extends.
func TestMonorepo(t *testing.T) {
	r := gitlogtest.New(t)
	r.Commit("both", map[string]string{"a/wrangler.toml": "a1\n", "b/wrangler.jsonc": "b1\n"})
	r.Commit("a", map[string]string{"a/wrangler.toml": "a2\n"})
	read := func(name string) string {
		h, err := gitlog.Read(r.Path(name), gitlog.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(contents(h), " ")
	}
	if got := read("a/wrangler.toml"); got != "a/wrangler.toml=a2 a/wrangler.toml=a1" {
		t.Errorf("a: %q", got)
	}
	if got := read("b/wrangler.jsonc"); got != "b/wrangler.jsonc=b1" {
		t.Errorf("b: %q", got)
	}
	r.Commit("b", map[string]string{"b/wrangler.jsonc": "b2\n"})
	if got := read("b/wrangler.jsonc"); got != "b/wrangler.jsonc=b2 b/wrangler.jsonc=b1" {
		t.Errorf("b after a commit: %q", got)
	}
}
