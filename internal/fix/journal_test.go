package fix

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// killed stands for the process dying: the fake file system panics with it,
// and no cleanup of Write's runs, as none would after a SIGKILL.
type killed struct{}

// dying lets `renames` renames of fixed files happen, then dies on the
// next one; or, with dieOnCreate, dies on the temporary file of the
// (dieOnCreate)th file.
type dying struct {
	OS
	renames     int
	dieOnCreate int
}

func (d *dying) Rename(from, to string) error {
	if filepath.Base(to) != JournalName {
		if d.renames == 0 {
			panic(killed{})
		}
		d.renames--
	}
	return os.Rename(from, to)
}

func (d *dying) CreateTemp(dir, pattern string) (File, error) {
	if !strings.HasPrefix(pattern, JournalName) && d.dieOnCreate > 0 {
		if d.dieOnCreate--; d.dieOnCreate == 0 {
			panic(killed{})
		}
	}
	return os.CreateTemp(dir, pattern)
}

func writeUntilKilled(t *testing.T, fsys FS, files map[string][]byte) {
	t.Helper()
	defer func() {
		if x := recover(); x != (killed{}) {
			t.Fatalf("Write was not killed: %v", x)
		}
	}()
	Write(fsys, files)
}

func many(t *testing.T, n int) (string, map[string]string, map[string][]byte) {
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("f%03d.ts", i)] = fmt.Sprintf("file %d", i)
	}
	dir, next := setup(t, files, 0o644)
	return dir, files, next
}

// TestRecoverCompletesKilledRenames kills a 40-file write after 17 renames,
// as a SIGKILL between renames would, and checks that the next run's
// Recover puts the other 23 in place and leaves nothing behind.
func TestRecoverCompletesKilledRenames(t *testing.T) {
	dir, _, next := many(t, 40)
	writeUntilKilled(t, &dying{renames: 17}, next)
	fixed := 0
	for p, want := range next {
		if got, _ := os.ReadFile(p); string(got) == string(want) {
			fixed++
		}
	}
	if fixed != 17 {
		t.Fatalf("%d files fixed before the kill, want 17", fixed)
	}
	r, err := Recover(OS{}, dir)
	if err != nil || r == nil {
		t.Fatalf("Recover = %v, %v", r, err)
	}
	if len(r.Completed) != 23 || r.String() != "completed an interrupted dolint fix: 23 more files written" {
		t.Errorf("recovered %d: %s", len(r.Completed), r)
	}
	for p, want := range next {
		if got, _ := os.ReadFile(p); string(got) != string(want) {
			t.Errorf("%s not fixed: %q", p, got)
		}
	}
	onlyFiles(t, dir, 40)
	if r, _ := Recover(OS{}, dir); r != nil {
		t.Errorf("a second Recover found %v", r)
	}
}

// TestRecoverUndoesUncommittedWrite kills a write while it creates its
// temporary files: no original was touched, and the next run removes
// what was left.
func TestRecoverUndoesUncommittedWrite(t *testing.T) {
	dir, files, next := many(t, 5)
	writeUntilKilled(t, &dying{dieOnCreate: 4}, next)
	r, err := Recover(OS{}, dir)
	if err != nil || r == nil {
		t.Fatalf("Recover = %v, %v", r, err)
	}
	if r.RolledBack != 3 || len(r.Completed) != 0 {
		t.Errorf("rolled back %d, completed %d: %s", r.RolledBack, len(r.Completed), r)
	}
	unchanged(t, dir, files)
}

// TestRecoverKeepsFilesEditedSince: a file the user edited after the
// interrupted run is not overwritten with the old run's fix.
func TestRecoverKeepsFilesEditedSince(t *testing.T) {
	dir, _, next := many(t, 3)
	writeUntilKilled(t, &dying{renames: 1}, next)
	edited := filepath.Join(dir, "f002.ts")
	if err := os.WriteFile(edited, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Recover(OS{}, dir)
	if err != nil || r == nil {
		t.Fatal(err)
	}
	if len(r.Kept) != 1 || r.Kept[0] != edited || len(r.Completed) != 1 {
		t.Errorf("recovered %+v", r)
	}
	if got, _ := os.ReadFile(edited); string(got) != "edited by hand" {
		t.Errorf("edited file overwritten: %q", got)
	}
	onlyFiles(t, dir, 3)
}

// TestRecoverLeavesLiveRunAlone: a journal whose process still runs is
// another dolint fix at work, not an interrupted one.
func TestRecoverLeavesLiveRunAlone(t *testing.T) {
	dir := t.TempDir()
	j := &journal{Committed: true, PID: os.Getppid(), Files: []journalEntry{{Dst: filepath.Join(dir, "a.ts"), Tmp: filepath.Join(dir, ".a.ts.dolint-1")}}}
	if err := writeJournal(OS{}, filepath.Join(dir, JournalName), j); err != nil {
		t.Fatal(err)
	}
	if r, err := Recover(OS{}, dir); r != nil || err != nil {
		t.Errorf("Recover = %v, %v", r, err)
	}
	if _, err := os.Stat(filepath.Join(dir, JournalName)); err != nil {
		t.Errorf("journal removed: %v", err)
	}
}

// TestWriteThroughSymlink: a fixed file reached through a symbolic link
// gets its new version in the link's target, and the link stays a link.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real", "wrangler.jsonc")
	link := filepath.Join(dir, "wrangler.jsonc")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("real", "wrangler.jsonc"), link); err != nil {
		t.Fatal(err)
	}
	if err := Write(OS{}, map[string][]byte{link: []byte(`{"fixed": true}`)}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", fi, err)
	}
	got, _ := os.ReadFile(target)
	if string(got) != `{"fixed": true}` {
		t.Errorf("target holds %q", got)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v", fi.Mode().Perm())
	}
	onlyFiles(t, filepath.Dir(target), 1)
}

func onlyFiles(t *testing.T, dir string, n int) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != n {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v, want %d files", dir, names, n)
	}
}
