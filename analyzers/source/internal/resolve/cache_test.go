package resolve

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dolint-dev/dolint/internal/osfile"
)

// A directory is not listed when its parent's listing shows it is not
// there, and is listed whenever the parent leaves any doubt: a link, a
// name in another case, a name that is not ASCII.
func TestAbsentFromParentListing(t *testing.T) {
	root := tree(t, map[string]string{
		"pkg/Src/a.ts":      "",
		"pkg/dé/b.ts":       "",
		"pkg/file.ts":       "",
		"real/lib/index.ts": "",
	})
	if runtime.GOOS != "windows" {
		if err := os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "pkg", "linked")); err != nil {
			t.Fatal(err)
		}
	}
	c := NewCache()
	join := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	for _, tc := range []struct {
		dir    string
		absent bool
	}{
		{"pkg/Src", false},
		{"pkg/src", false}, // a file system that folds case has it
		{"pkg/SRC", false},
		{"pkg/dé", false},
		{"pkg/de", true},
		{"pkg/file.ts", true},
		{"pkg/node_modules", true},
		{"pkg/node_modules/@scope", true}, // below a directory that is not there
		{"pkg/node_modules/@scope/name", true},
		{"pkg/linked", runtime.GOOS == "windows"},
		{"pkg/linked/lib", runtime.GOOS == "windows"},
	} {
		if got := c.absent(join(tc.dir)); got != tc.absent {
			t.Errorf("absent(%s) = %v, want %v", tc.dir, got, tc.absent)
		}
	}
	// What the listings answer is what the file system holds.
	for p, want := range map[string]fileKind{
		"pkg/Src/a.ts":                      regular,
		"pkg/src/a.ts":                      missing, // a name is matched exactly
		"pkg/node_modules/@scope/name":      missing,
		"pkg/node_modules/@scope/name/x.ts": missing,
		"pkg/file.ts/x.ts":                  missing,
		"pkg/dé/b.ts":                       regular,
		"real/lib":                          directory,
	} {
		if got := c.kind(join(p)); got != want {
			t.Errorf("kind(%s) = %v, want %v", p, got, want)
		}
	}
	if runtime.GOOS != "windows" {
		if got := c.kind(join("pkg/linked/lib/index.ts")); got != regular {
			t.Errorf("kind(pkg/linked/lib/index.ts) = %v, want regular", got)
		}
	}
}

// A directory that cannot be listed hides nothing below it: what is
// there is still found by listing it.
func TestUnlistableParent(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs a directory that its owner may enter but not list")
	}
	root := tree(t, map[string]string{"locked/open/a.ts": ""})
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0o311); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	c := NewCache()
	if got := c.kind(filepath.Join(locked, "open", "a.ts")); got != regular {
		t.Errorf("kind(locked/open/a.ts) = %v, want regular", got)
	}
}

// A Cache with listings made earlier in the run takes a directory's
// entries from them, while directories they do not hold (node_modules,
// which discovery skips) are listed from the file system.
func TestCacheTakesEarlierListings(t *testing.T) {
	root := tree(t, map[string]string{
		"src/a.ts":                      "",
		"node_modules/pkg/index.js":     "",
		"node_modules/pkg/package.json": "{}",
	})
	ls := new(osfile.Listings)
	l := new(osfile.Listing)
	// What the earlier listing saw: a.ts since renamed, b.ts since gone.
	l.Add([]byte("b.ts"), osfile.Regular)
	ls.Put(filepath.Join(root, "src"), l)
	c := NewCacheListings(ls)
	for p, want := range map[string]fileKind{
		"src/a.ts":                  missing,
		"src/b.ts":                  regular,
		"node_modules/pkg/index.js": regular,
		"node_modules/pkg/x.js":     missing,
	} {
		if got := c.kind(filepath.Join(root, filepath.FromSlash(p))); got != want {
			t.Errorf("kind(%s) = %v, want %v", p, got, want)
		}
	}
}
