package driver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/rule"
)

// After one read in a directory fails, the names its listing lacks fail
// alike without a read of their own, while those it has are still read.
func TestFilesMissingFromListing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("listings do not answer for names on Windows")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Present.txt"), []byte("here"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFiles()
	var reads []string
	f.read = func(name string) ([]byte, error) {
		reads = append(reads, filepath.Base(name))
		return os.ReadFile(name)
	}
	for _, name := range []string{"a.json", "b.json", "c.json", "gone/x.json", "gone/y.json", "present.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		_, err := f.Read(p)
		_, want := os.ReadFile(p)
		if err == nil || want == nil || err.Error() != want.Error() || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Read(%s) = %v, want %v", name, err, want)
		}
	}
	got, err := f.Read(filepath.Join(dir, "Present.txt"))
	if err != nil || string(got) != "here" {
		t.Errorf("Read(Present.txt) = %q, %v", got, err)
	}
	// present.txt differs from Present.txt only in case: the listing
	// cannot tell whether the file system folds case, so it is read.
	want := []string{"a.json", "x.json", "present.txt", "Present.txt"}
	if len(reads) != len(want) {
		t.Fatalf("read %v, want %v", reads, want)
	}
	for i := range want {
		if reads[i] != want[i] {
			t.Fatalf("read %v, want %v", reads, want)
		}
	}
}

// With a listing made earlier in the run (by discovery), the names it
// lacks fail without a read, even the first one, and with the error the
// read would give; the names it has, in any case, are read, and so is
// every name of a directory it does not hold.
func TestFilesMissingFromEarlierListing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("listings do not answer for names on Windows")
	}
	dir := t.TempDir()
	other := filepath.Join(dir, "other")
	for _, p := range []string{filepath.Join(dir, "Present.txt"), filepath.Join(other, "o.txt")} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("here"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ls := new(osfile.Listings)
	l := new(osfile.Listing)
	l.Add([]byte("Present.txt"), osfile.Regular)
	l.Add([]byte("other"), osfile.Dir)
	ls.Put(dir, l)
	f := NewFiles()
	f.listings = ls
	var reads []string
	f.read = func(name string) ([]byte, error) {
		reads = append(reads, filepath.Base(name))
		return os.ReadFile(name)
	}
	for _, name := range []string{"a.json", "b.json", "other/x.json", "other/y.json", "gone/z.json"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		_, err := f.Read(p)
		_, want := os.ReadFile(p)
		if err == nil || want == nil || err.Error() != want.Error() || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Read(%s) = %v, want %v", name, err, want)
		}
	}
	for _, name := range []string{"Present.txt", "present.txt", "other/o.txt"} {
		got, err := f.Read(filepath.Join(dir, filepath.FromSlash(name)))
		if name != "present.txt" && (err != nil || string(got) != "here") {
			t.Errorf("Read(%s) = %q, %v", name, got, err)
		}
	}
	want := []string{"x.json", "Present.txt", "present.txt", "o.txt"}
	if !slices.Equal(reads, want) {
		t.Fatalf("read %v, want %v", reads, want)
	}
}

// A run's listings serve its file cache and, through its FileSet, its
// analyzers.
func TestRunAttachesListings(t *testing.T) {
	ls := new(osfile.Listings)
	res, err := RunOptions(nil, rule.NewSet(), Options{Listings: ls})
	if err != nil {
		t.Fatal(err)
	}
	if osfile.For(res.Fset) != ls || res.Files.listings != ls {
		t.Errorf("the run's FileSet has listings %p and its files %p, want %p", osfile.For(res.Fset), res.Files.listings, ls)
	}
}
