package driver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
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

func TestCleanPath(t *testing.T) {
	for _, p := range []string{
		"/a/b.ts", "/", "/a", "/a/", "/a//b", "/a/./b", "/a/../b", "/..", "/.", "/a/b/..", "/a/.b/c..d/...",
		"a/b", "./a", "../a", "", ".", "//a", "/a/b/.",
	} {
		if got, want := cleanPath(p), filepath.Clean(p); got != want {
			t.Errorf("cleanPath(%q) = %q, want %q", p, got, want)
		}
	}
}
