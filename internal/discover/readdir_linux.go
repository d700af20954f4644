package discover

import (
	"bytes"
	"os"
	"slices"
	"sync"
	"syscall"

	"github.com/dolint-dev/dolint/internal/osfile"
)

// Most of a walk's time is the kernel's: opening a directory by its full
// path resolves every name above it again, and os.ReadDir builds and sorts
// a DirEntry for each of the tier's tens of thousands of files, of which
// the walk needs only the names. Here a directory is opened relative to
// its parent's descriptor and its entries are read with getdents into a
// reused buffer, their names and types only.

// openDir is an open directory whose subdirectories are opened relative to
// it; fd is -1 when they are opened by path.
type openDir struct{ fd int }

// noDir stands for no parent: the walk's root is opened by path.
var noDir = openDir{fd: -1}

// maxHeld is the depth below which a directory stays open while its
// subdirectories are walked, so that the descriptors one worker holds
// stay few however deep a tree goes.
const maxHeld = 16

// atCWD is AT_FDCWD: a name relative to it is a path.
const atCWD = -0x64

// listings are the scratch listings that entries fills before the
// Listings copy them.
var listings = sync.Pool{New: func() any { return new(osfile.Listing) }}

// readDir opens the directory name of parent (at path) and returns it,
// with the names of its subdirectories in order and of those of its other
// entries (files, symbolic links) that could be configs (wrangler.*) in
// any order, "." and ".." left out. Errors are those os.ReadDir(path)
// returns.
func readDir(parent openDir, name, path string, depth int, ls *osfile.Listings) (openDir, []string, []string, error) {
	at := parent.fd
	if at < 0 {
		at, name = atCWD, path
	}
	var fd int
	var err error
	for {
		fd, err = syscall.Openat(at, name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return noDir, nil, nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	d := openDir{fd: fd}
	subs, files, err := entries(fd, path, ls)
	if err != nil || depth >= maxHeld {
		d.close()
		d = noDir
	}
	if err != nil {
		return noDir, nil, nil, err
	}
	slices.Sort(subs)
	return d, subs, files, nil
}

// entries reads the open directory fd, at path; with ls, its listing
// goes there.
func entries(fd int, path string, ls *osfile.Listings) (subs, files []string, err error) {
	var l *osfile.Listing
	if ls != nil {
		l = listings.Get().(*osfile.Listing)
		l.Reset()
		defer listings.Put(l)
	}
	err = osfile.EachDirent(fd, path, func(nb []byte, k osfile.Kind) {
		if l != nil {
			l.Add(nb, k)
		}
		switch {
		case k == osfile.Dir:
			subs = append(subs, string(nb))
		case bytes.HasPrefix(nb, []byte("wrangler.")):
			files = append(files, string(nb))
		}
	})
	if err != nil {
		return nil, nil, err
	}
	ls.Put(path, l)
	return subs, files, nil
}

func (d openDir) close() {
	if d.fd >= 0 {
		syscall.Close(d.fd)
	}
}
