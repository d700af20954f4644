package fix

import (
	"fmt"
	"os"
	"path/filepath"
)

// FS is the part of the file system that writing needs; tests replace it to
// simulate a full disk.
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

// Write replaces each file with its new contents. Every new version is
// first written in full to a temporary file beside the original (same
// directory, so the rename cannot cross file systems) and synced; only when
// all of them are on disk are they renamed over the originals. A failure
// before that point removes the temporary files and leaves every original
// untouched. A rename replaces a file whole, so no reader, and no crash, can
// see a truncated or half-written file.
func Write(fsys FS, files map[string][]byte) error {
	type pending struct{ tmp, dst string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			fsys.Remove(p.tmp)
		}
	}
	for _, name := range sortedKeys(files) {
		fi, err := fsys.Stat(name)
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
		tmp, err := fsys.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".dolint-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("%s: cannot write beside it: %v; no file was changed", name, err)
		}
		done = append(done, pending{tmp.Name(), name})
		_, err = tmp.Write(files[name])
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
		if err := fsys.Rename(p.tmp, p.dst); err != nil {
			for _, q := range done[i:] {
				fsys.Remove(q.tmp)
			}
			if i == 0 {
				return fmt.Errorf("%s: %v; no file was changed", p.dst, err)
			}
			return fmt.Errorf("%s: %v; %d of %d files were fixed before this one", p.dst, err, i, len(done))
		}
	}
	return nil
}
