package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fullDisk lets the first `room` bytes be written, then fails like ENOSPC.
type fullDisk struct {
	OS
	room int
}

type fullFile struct {
	*os.File
	disk *fullDisk
}

func (d *fullDisk) CreateTemp(dir, pattern string) (File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &fullFile{f, d}, nil
}

func (f *fullFile) Write(p []byte) (int, error) {
	if len(p) > f.disk.room {
		n, _ := f.File.Write(p[:f.disk.room])
		f.disk.room = 0
		return n, errors.New("no space left on device")
	}
	f.disk.room -= len(p)
	return f.File.Write(p)
}

func setup(t *testing.T, files map[string]string, mode os.FileMode) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	next := map[string][]byte{}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		next[p] = []byte(strings.ToUpper(content) + "\n// fixed\n")
	}
	return dir, next
}

func unchanged(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(files) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v: a temporary file was left behind", names)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s changed: %q", name, got)
		}
	}
}

func TestWriteKeepsModeAndReplaces(t *testing.T) {
	files := map[string]string{"a.ts": "a", "b.jsonc": "b"}
	dir, next := setup(t, files, 0o640)
	if err := Write(OS{}, next); err != nil {
		t.Fatal(err)
	}
	for p, want := range next {
		got, _ := os.ReadFile(p)
		if string(got) != string(want) {
			t.Errorf("%s: %q", p, got)
		}
		fi, _ := os.Stat(p)
		if fi.Mode().Perm() != 0o640 {
			t.Errorf("%s: mode %v, want 0640", p, fi.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left: %d entries", len(entries))
	}
}

func TestFullDiskLeavesEveryOriginal(t *testing.T) {
	files := map[string]string{"a.ts": "first file", "b.ts": "second file", "c.ts": "third file"}
	for _, room := range []int{0, 5, 30} {
		dir, next := setup(t, files, 0o644)
		err := Write(&fullDisk{room: room}, next)
		if err == nil || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "no file was changed") {
			t.Errorf("room %d: error %v does not say what happened", room, err)
		}
		unchanged(t, dir, files)
	}
}

func TestReadOnlyFileIsRefused(t *testing.T) {
	files := map[string]string{"a.ts": "a", "ro.ts": "read only"}
	dir, next := setup(t, files, 0o644)
	if err := os.Chmod(filepath.Join(dir, "ro.ts"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := Write(OS{}, next)
	if err == nil || !strings.Contains(err.Error(), "ro.ts: file is read-only; no file was changed") {
		t.Fatalf("error: %v", err)
	}
	unchanged(t, dir, files)
}

func TestApplyRefusesOverlap(t *testing.T) {
	src := []byte("0123456789")
	got, err := Apply(src, []Edit{{6, 8, []byte("X")}, {1, 3, []byte("ab")}, {1, 3, []byte("ab")}, {9, 9, []byte("!")}})
	if err != nil || string(got) != "0ab345X8!9" {
		t.Errorf("got %q, %v", got, err)
	}
	for _, es := range [][]Edit{
		{{1, 4, nil}, {3, 5, nil}},
		{{2, 2, []byte("a")}, {2, 2, []byte("b")}},
		{{1, 5, nil}, {3, 3, []byte("x")}},
		{{8, 12, nil}},
	} {
		if _, err := Apply(src, es); err == nil {
			t.Errorf("%v: applied", es)
		}
	}
}
