package fix

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/dolint-dev/dolint/internal/lintconfig"
)

// FS is the part of the file system that writing needs; tests replace it to
// simulate a full disk or a run killed half-way.
type FS interface {
	CreateTemp(dir, pattern string) (File, error)
	Rename(from, to string) error
	Remove(name string) error
	Stat(name string) (os.FileInfo, error)
}

// File is a temporary file being written.
type File interface {
	Write([]byte) (int, error)
	Sync() error
	Chmod(os.FileMode) error
	Close() error
	Name() string
}

// OS is the real file system.
type OS struct{}

func (OS) CreateTemp(dir, pattern string) (File, error) { return os.CreateTemp(dir, pattern) }
func (OS) Rename(from, to string) error                 { return os.Rename(from, to) }
func (OS) Remove(name string) error                     { return os.Remove(name) }
func (OS) Stat(name string) (os.FileInfo, error)        { return os.Stat(name) }

// JournalName is the file, at the root of the repository being fixed, that
// records a write of several files while it is under way, so that a run
// killed half-way is completed or undone by the next one.
const JournalName = ".dolint-fix-journal"

// tempMark is in the name of every temporary file a write creates.
const tempMark = ".dolint-"

// journal is JournalName's content. Paths are absolute.
type journal struct {
	// Committed is false while the new versions are being written (the
	// originals are all intact: recovery removes the temporary files) and
	// true once every one is on disk (recovery renames the rest in place).
	Committed bool           `json:"committed"`
	PID       int            `json:"pid"`
	Files     []journalEntry `json:"files"`
}

type journalEntry struct {
	Dst string `json:"dst"`
	Tmp string `json:"tmp,omitempty"`
	Old string `json:"old,omitempty"` // sha256 of the original
	New string `json:"new,omitempty"` // sha256 of the fixed version
}

// Write replaces each file with its new contents. Every new version is
// first written in full to a temporary file beside the original (same
// directory, so the rename cannot cross file systems) and synced; only when
// all of them are on disk are they renamed over the originals. A failure
// before that point removes the temporary files and leaves every original
// untouched. A rename replaces a file whole, so no reader, and no crash, can
// see a truncated or half-written file; and a journal at the repository's
// root lets the next run finish the renames of a run killed among them (see
// Recover). A symbolic link is written through: its target gets the new
// version and the link stays a link.
func Write(fsys FS, files map[string][]byte) error {
	type pending struct{ tmp, dst string }
	var done []pending
	var (
		j     journal
		jpath string
	)
	cleanup := func() {
		for _, p := range done {
			fsys.Remove(p.tmp)
		}
		if jpath != "" {
			fsys.Remove(jpath)
		}
	}
	targets := map[string][]byte{}
	named := map[string]string{} // target -> the name the caller gave
	for _, name := range sortedKeys(files) {
		dst, err := filepath.EvalSymlinks(name)
		if err != nil {
			return fmt.Errorf("%s: %v; no file was changed", name, err)
		}
		targets[dst], named[dst] = files[name], name
	}
	if len(targets) == 0 {
		return nil
	}
	// Even one file is journaled: a run killed after creating its
	// temporary file leaves it behind, and the journal is how the next run
	// knows it may remove it.
	jpath = filepath.Join(journalDir(sortedKeys(targets)), JournalName)
	j.PID = os.Getpid()
	for _, dst := range sortedKeys(targets) {
		j.Files = append(j.Files, journalEntry{Dst: dst})
	}
	if err := writeJournal(fsys, jpath, &j); err != nil {
		return fmt.Errorf("%s: %v; no file was changed", jpath, err)
	}
	for _, dst := range sortedKeys(targets) {
		name := named[dst]
		fi, err := fsys.Stat(dst)
		if err != nil {
			cleanup()
			return fmt.Errorf("%s: %v; no file was changed", name, err)
		}
		// A rename would replace a read-only file without complaint (and
		// root may write anything); the mode bits are the user's intent.
		if fi.Mode().Perm()&0o200 == 0 {
			cleanup()
			return fmt.Errorf("%s: file is read-only; no file was changed", name)
		}
		tmp, err := fsys.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+tempMark+"*")
		if err != nil {
			cleanup()
			return fmt.Errorf("%s: cannot write beside it: %v; no file was changed", name, err)
		}
		done = append(done, pending{tmp.Name(), dst})
		_, err = tmp.Write(targets[dst])
		if err == nil {
			err = tmp.Sync()
		}
		if err == nil {
			err = tmp.Chmod(fi.Mode().Perm())
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return fmt.Errorf("%s: writing the fixed version failed: %v; no file was changed", name, err)
		}
	}
	for i, p := range done {
		old, _ := os.ReadFile(p.dst)
		j.Files[i] = journalEntry{Dst: p.dst, Tmp: p.tmp, Old: digest(old), New: digest(targets[p.dst])}
	}
	j.Committed = true
	if err := writeJournal(fsys, jpath, &j); err != nil {
		cleanup()
		return fmt.Errorf("%s: %v; no file was changed", jpath, err)
	}
	for i, p := range done {
		if err := fsys.Rename(p.tmp, p.dst); err != nil {
			if i == 0 {
				cleanup()
				return fmt.Errorf("%s: %v; no file was changed", p.dst, err)
			}
			// The journal stays: the next run finishes the renames.
			return fmt.Errorf("%s: %v; %d of %d files were fixed before this one, and the next dolint fix completes the rest", p.dst, err, i, len(done))
		}
	}
	fsys.Remove(jpath)
	return nil
}

// journalDir is where the journal of a write goes: the repository root
// when every file is inside one, else the deepest directory holding them
// all.
func journalDir(files []string) string {
	common := filepath.Dir(files[0])
	for _, f := range files[1:] {
		for !within(f, common) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	if root := lintconfig.GitRoot(common); root != "" {
		return root
	}
	return common
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func writeJournal(fsys FS, path string, j *journal) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	tmp, err := fsys.CreateTemp(filepath.Dir(path), JournalName+tempMark+"*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fsys.Rename(tmp.Name(), path)
	}
	if err != nil {
		fsys.Remove(tmp.Name())
	}
	return err
}

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Recovered is what Recover found of an earlier, interrupted write.
type Recovered struct {
	Journal    string   // the journal's path
	Completed  []string // files whose fixed version Recover put in place
	RolledBack int      // temporary files of an uncommitted write it removed
	// Kept are files that changed since the interrupted run; Recover left
	// them as they are.
	Kept []string
}

// Recover finishes or undoes a write that was killed half-way, looking for
// a journal in dir and each directory above it up to the repository root.
// A committed write is completed: every fixed version still waiting beside
// its file is renamed in place, unless the file changed since (then it is
// kept and reported). An uncommitted one is undone: its temporary files are
// removed, the originals were never touched. A journal of a run that is
// still going (its process is alive) is left alone.
func Recover(fsys FS, dir string) (*Recovered, error) {
	path := PendingJournal(dir)
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return recoverJournal(fsys, path, data)
}

// PendingJournal returns the journal Recover would act on for dir, or "".
func PendingJournal(dir string) string {
	stop := lintconfig.GitRoot(dir)
	for d := filepath.Clean(dir); ; {
		path := filepath.Join(d, JournalName)
		if _, err := os.Stat(path); err == nil {
			return path
		}
		parent := filepath.Dir(d)
		if d == stop || parent == d {
			return ""
		}
		d = parent
	}
}

func recoverJournal(fsys FS, path string, data []byte) (*Recovered, error) {
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%s: unreadable journal of an interrupted dolint fix (%v); remove it once the files it names are checked", path, err)
	}
	if j.PID != os.Getpid() && alive(j.PID) {
		return nil, nil
	}
	r := &Recovered{Journal: path}
	for _, e := range j.Files {
		if !j.Committed {
			r.RolledBack += removeTemps(fsys, e.Dst)
			continue
		}
		if _, err := fsys.Stat(e.Tmp); err != nil {
			continue // renamed before the interruption
		}
		cur, err := os.ReadFile(e.Dst)
		switch {
		case err == nil && digest(cur) != e.Old && digest(cur) != e.New:
			fsys.Remove(e.Tmp)
			r.Kept = append(r.Kept, e.Dst)
		default:
			if err := fsys.Rename(e.Tmp, e.Dst); err != nil {
				return nil, fmt.Errorf("%s: completing an interrupted dolint fix: %v", e.Dst, err)
			}
			r.Completed = append(r.Completed, e.Dst)
		}
	}
	removeTemps(fsys, path)
	if err := fsys.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return r, nil
}

// removeTemps removes the temporary files a write leaves beside name when
// it is killed before its journal is committed.
func removeTemps(fsys FS, name string) int {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(name), "."+globEscape(filepath.Base(name))+tempMark+"*"))
	if strings.HasSuffix(name, JournalName) {
		more, _ := filepath.Glob(filepath.Join(filepath.Dir(name), JournalName+tempMark+"*"))
		matches = append(matches, more...)
	}
	n := 0
	for _, m := range matches {
		if fsys.Remove(m) == nil {
			n++
		}
	}
	return n
}

func globEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// alive reports whether a process with this id runs. Where the system
// cannot tell, it answers false, so that a journal is never left forever.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

// String says what was recovered, in a sentence for the user.
func (r *Recovered) String() string {
	var parts []string
	if n := len(r.Completed); n > 0 {
		parts = append(parts, fmt.Sprintf("completed an interrupted dolint fix: %d more %s written", n, plural(n, "file", "files")))
	}
	if r.RolledBack > 0 {
		parts = append(parts, fmt.Sprintf("undid an interrupted dolint fix that had changed no file: removed %d temporary %s", r.RolledBack, plural(r.RolledBack, "file", "files")))
	}
	if len(r.Kept) > 0 {
		sort.Strings(r.Kept)
		parts = append(parts, fmt.Sprintf("left %s as %s: changed since an interrupted dolint fix", strings.Join(r.Kept, ", "), plural(len(r.Kept), "it is", "they are")))
	}
	if len(parts) == 0 {
		return "removed the journal of an interrupted dolint fix that had nothing left to do"
	}
	return strings.Join(parts, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
