package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/osfile"
)

func write(t *testing.T, root string, files ...string) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func configs(t *testing.T, root string, patterns ...string) []string {
	t.Helper()
	ps, err := Projects(patterns)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		r, _ := filepath.Rel(root, p.Config)
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestRecursive(t *testing.T) {
	root := t.TempDir()
	write(t, root,
		"a/wrangler.toml",
		"b/wrangler.jsonc", "b/wrangler.toml", // wrangler picks .jsonc over .toml
		"c/wrangler.json", "c/wrangler.jsonc", // and .json over .jsonc
		"d/wrangler.toml", "d/wrangler.production.toml", "d/wrangler.staging.jsonc",
		"a/node_modules/pkg/wrangler.toml", ".git/wrangler.toml", "a/.wrangler/tmp/wrangler.json",
		"e/notes.txt",
	)
	got := strings.Join(configs(t, root, root+"/..."), " ")
	want := "a/wrangler.toml b/wrangler.jsonc c/wrangler.json d/wrangler.toml d/wrangler.production.toml d/wrangler.staging.jsonc"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDirFileAndDedup(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/wrangler.toml", "a/wrangler.production.toml")
	got := strings.Join(configs(t, root, filepath.Join(root, "a"), filepath.Join(root, "a", "wrangler.toml"), root+"/..."), " ")
	if want := "a/wrangler.toml a/wrangler.production.toml"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	got = strings.Join(configs(t, root, filepath.Join(root, "a", "wrangler.production.toml")), " ")
	if want := "a/wrangler.production.toml"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestErrors(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/index.ts", "a/wrangler.toml", "empty/node_modules/x/wrangler.toml", "empty/src/index.ts")
	for pat, want := range map[string]string{
		filepath.Join(root, "empty") + "/...":    "/...: no wrangler config (wrangler.jsonc, wrangler.json or wrangler.toml) found at or below " + filepath.Join(root, "empty"),
		filepath.Join(root, "missing"):           "no such file or directory",
		root:                                     "no wrangler.jsonc, wrangler.json or wrangler.toml in this directory",
		filepath.Join(root, "a", "index.ts"):     "is not a wrangler config",
		filepath.Join(root, "a", "index.ts/..."): "is not a directory",
	} {
		_, err := Projects([]string{pat})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got error %v, want one containing %q", pat, err, want)
		}
	}
}

// A project that an earlier pattern matched satisfies a later one too:
// dolint ./a ./a/... is not an error.
func TestOverlappingPatterns(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/wrangler.toml")
	got := configs(t, root, filepath.Join(root, "a"), filepath.Join(root, "a")+"/...")
	if len(got) != 1 || got[0] != "a/wrangler.toml" {
		t.Errorf("got %v", got)
	}
}

func TestDefaultIsRecursiveCwd(t *testing.T) {
	root := t.TempDir()
	write(t, root, "x/y/wrangler.jsonc")
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	got := configs(t, root)
	if len(got) != 1 || got[0] != "x/y/wrangler.jsonc" {
		t.Errorf("got %v", got)
	}
}

// The parallel walk finds what a serial filepath.WalkDir finds, in the
// same order, however the directory reads interleave.
func TestWalkOrderIsWalkDirOrder(t *testing.T) {
	root := t.TempDir()
	var files []string
	for _, a := range []string{"a", "b", "c", "node_modules", "z"} {
		for _, b := range []string{"x", "y", ".wrangler", "w.q"} {
			files = append(files, a+"/"+b+"/wrangler.toml", a+"/"+b+"/deep/er/wrangler.jsonc", a+"/"+b+"/wrangler.staging.toml")
		}
		files = append(files, a+"/wrangler.json")
	}
	write(t, root, files...)
	want := walkDirConfigs(t, root)
	for range 20 {
		checkWalk(t, root, want)
	}
	if len(want) != 4*3*3+4 {
		t.Errorf("the tree has %d configs outside skipped directories, want %d", len(want), 4*3*3+4)
	}
}

// Symbolic links are entries like files: a linked config counts, a linked
// directory is not entered. Directories deeper than those kept open while
// their subdirectories are read (maxHeld on Linux) are found as well.
func TestWalkLinksAndDepth(t *testing.T) {
	root := t.TempDir()
	deep := "d"
	for i := range 50 {
		deep += fmt.Sprintf("/%02d", i)
		if i%5 == 0 {
			write(t, root, deep+"/wrangler.toml")
		}
	}
	write(t, root, deep+"/wrangler.jsonc", "real/wrangler.toml", "real/wrangler.dev.toml", "l/x.txt")
	for link, target := range map[string]string{
		"l/wrangler.jsonc":      filepath.Join(root, "real", "wrangler.toml"),
		"l/wrangler.prod.jsonc": filepath.Join(root, "real", "wrangler.toml"),
		"l/dir":                 filepath.Join(root, "real"),
		"l/wrangler.json":       filepath.Join(root, "nowhere"),
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skip(err)
		}
	}
	want := walkDirConfigs(t, root)
	checkWalk(t, root, want)
	got := strings.Join(want, " ")
	for _, c := range []string{"l/wrangler.json ", "l/wrangler.prod.jsonc", deep + "/wrangler.jsonc"} {
		if !strings.Contains(got, filepath.Join(root, c)) {
			t.Errorf("%s not among %s", c, got)
		}
	}
	if strings.Contains(got, filepath.Join(root, "l", "dir")) {
		t.Errorf("a linked directory was entered: %s", got)
	}
}

// walkDirConfigs is walk done serially with filepath.WalkDir and os.ReadDir.
func walkDirConfigs(t *testing.T, root string) []string {
	t.Helper()
	var want []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && skipDir(d.Name()) {
			return fs.SkipDir
		}
		cfgs, err := inDir(path)
		want = append(want, cfgs...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

func checkWalk(t *testing.T, root string, want []string) {
	t.Helper()
	ls := new(osfile.Listings)
	found, err := walk(root, ls, make(chan struct{}, 8))
	if err != nil {
		t.Fatal(err)
	}
	checkListings(t, root, ls)
	var got []string
	for _, f := range found {
		got = append(got, f.configs...)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkListings checks that ls holds the listing of every directory that
// the walk of root reads, each as os.ReadDir lists it, and of no
// directory that it skips.
func checkListings(t *testing.T, root string, ls *osfile.Listings) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if path != root && skipDir(d.Name()) {
			if ls.Listed(path) {
				t.Errorf("%s: skipped, yet listed", path)
			}
			return fs.SkipDir
		}
		if !ls.Listed(path) {
			t.Errorf("%s: read, yet not listed", path)
			return nil
		}
		var got, want []string
		ls.ReadDir(path, func(name string, k osfile.Kind) { got = append(got, fmt.Sprint(name, " ", k)) })
		entries, err := os.ReadDir(path)
		for _, e := range entries {
			k := osfile.Regular
			switch {
			case e.Type()&fs.ModeSymlink != 0:
				k = osfile.Symlink
			case e.IsDir():
				k = osfile.Dir
			}
			want = append(want, fmt.Sprint(e.Name(), " ", k))
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: listed %v, os.ReadDir lists %v", path, got, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A directory that cannot be read stops the walk with os.ReadDir's error,
// naming it.
func TestWalkError(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/wrangler.toml", "b/c/wrangler.toml")
	// A file where the walk expects a directory it has already listed is
	// what a directory replaced meanwhile looks like.
	sub := filepath.Join(root, "b")
	d, subs, _, err := readDir(noDir, sub, sub, 0, nil)
	if err != nil || len(subs) != 1 || subs[0] != "c" {
		t.Fatalf("readDir: %v %v", subs, err)
	}
	defer d.close()
	if err := os.RemoveAll(filepath.Join(sub, "c")); err != nil {
		t.Fatal(err)
	}
	write(t, root, "b/c")
	_, err = walkDir(d, "c", filepath.Join(sub, "c"), 1, make(chan struct{}), nil)
	_, want := os.ReadDir(filepath.Join(sub, "c"))
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("got %v, want %v", err, want)
	}
}

// A directory whose entries take several reads is listed whole, and the
// listing of a small directory read after it holds only its own entries.
func TestWalkListsBigDirectory(t *testing.T) {
	root := t.TempDir()
	var files []string
	for i := range 1500 {
		files = append(files, fmt.Sprintf("big/%s-%04d.ts", strings.Repeat("n", 60), i))
	}
	write(t, root, append(files, "big/wrangler.toml", "small/wrangler.jsonc", "small/index.ts")...)
	checkWalk(t, root, walkDirConfigs(t, root))
}

// Several dir/... patterns, walked at once, give their projects in the
// order of the patterns, each once, and the error of the first pattern
// that has one.
func TestProjectsOfSeveralPatterns(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/wrangler.toml", "a/x/wrangler.jsonc", "b/wrangler.json", "b/y/z/wrangler.toml", "c/wrangler.toml", "file.txt")
	t.Chdir(root)
	got := func(patterns ...string) string {
		t.Helper()
		ps, err := Projects(patterns)
		if err != nil {
			return "error: " + err.Error()
		}
		var rel []string
		for _, p := range ps {
			r, _ := filepath.Rel(root, p.Config)
			rel = append(rel, filepath.ToSlash(r))
		}
		return strings.Join(rel, " ")
	}
	for _, c := range []struct {
		patterns []string
		want     string
	}{
		{[]string{"b/...", "a/...", "c/..."}, "b/wrangler.json b/y/z/wrangler.toml a/wrangler.toml a/x/wrangler.jsonc c/wrangler.toml"},
		{[]string{"a/x/...", "./...", "c"}, "a/x/wrangler.jsonc a/wrangler.toml b/wrangler.json b/y/z/wrangler.toml c/wrangler.toml"},
		{[]string{"c/...", "nowhere/...", "file.txt/..."}, "error: pattern nowhere: no such file or directory"},
		{[]string{"c/...", "file.txt/...", "nowhere/..."}, "error: pattern file.txt/...: file.txt is not a directory"},
	} {
		if g := got(c.patterns...); g != c.want {
			t.Errorf("Projects(%v) = %s, want %s", c.patterns, g, c.want)
		}
	}
}
