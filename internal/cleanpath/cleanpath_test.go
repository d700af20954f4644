package cleanpath

import (
	"path/filepath"
	"testing"
)

var paths = []string{
	"", "/", "//", "/a", "/a/", "/a//b", "/a/./b", "/a/../b", "/..", "/.", "/a/..", "/a/.",
	"/root/repo/src", "/root/repo/src/index.ts", "a", "a/b", "./a", "../a", ".", "..",
	"/a/b.c/d", "/a/.b/..c", "/a/b/...", "/a/.b/c..d/...", "//a", "/a/b/.", "/a/b/..",
}

var elems = []string{
	"", ".", "..", "./", "../", "a", "a/", "a//b", "./a", "../a", "../../a/b", "./../a",
	"a/./b", "a/../b", "../a/..", "/a", "node_modules/react", "../..", "../../../../../..",
	".hidden", "..x", "x..", "./.", "./a/.", "./a/..",
}

func TestAgreesWithFilepath(t *testing.T) {
	for _, p := range paths {
		if got, want := Clean(p), filepath.Clean(p); got != want {
			t.Errorf("Clean(%q) = %q; filepath.Clean gives %q", p, got, want)
		}
		if got, want := Dir(p), filepath.Dir(p); got != want {
			t.Errorf("Dir(%q) = %q; filepath.Dir gives %q", p, got, want)
		}
		for _, e := range elems {
			if got, want := Join(p, e), filepath.Join(p, e); got != want {
				t.Errorf("Join(%q, %q) = %q; filepath.Join gives %q", p, e, got, want)
			}
		}
	}
}

func FuzzJoin(f *testing.F) {
	for _, p := range paths {
		for _, e := range elems[:6] {
			f.Add(p, e)
		}
	}
	f.Fuzz(func(t *testing.T, p, e string) {
		if got, want := Join(p, e), filepath.Join(p, e); got != want {
			t.Errorf("Join(%q, %q) = %q; filepath.Join gives %q", p, e, got, want)
		}
		if got, want := Dir(p), filepath.Dir(p); got != want {
			t.Errorf("Dir(%q) = %q; filepath.Dir gives %q", p, got, want)
		}
		if got, want := Clean(p), filepath.Clean(p); got != want {
			t.Errorf("Clean(%q) = %q; filepath.Clean gives %q", p, got, want)
		}
	})
}
