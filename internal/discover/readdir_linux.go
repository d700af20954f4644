package discover

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"unsafe"

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

var direntBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

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
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	var l *osfile.Listing
	if ls != nil {
		l = listings.Get().(*osfile.Listing)
		l.Reset()
		defer listings.Put(l)
	}
	nameOff := int(unsafe.Offsetof(syscall.Dirent{}.Name))
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, nil, &os.PathError{Op: "readdirent", Path: path, Err: err}
		}
		if n <= 0 {
			ls.Put(path, l)
			return subs, files, nil
		}
		for b := buf[:n]; len(b) > 0; {
			de := (*syscall.Dirent)(unsafe.Pointer(&b[0]))
			if int(de.Reclen) <= nameOff || int(de.Reclen) > len(b) {
				return nil, nil, &os.PathError{Op: "readdirent", Path: path, Err: syscall.EIO}
			}
			rec := b[:de.Reclen]
			b = b[de.Reclen:]
			nb := rec[nameOff:]
			for i, c := range nb {
				if c == 0 {
					nb = nb[:i]
					break
				}
			}
			if len(nb) == 0 || nb[0] == '.' && (len(nb) == 1 || len(nb) == 2 && nb[1] == '.') {
				continue
			}
			typ := de.Type
			if typ == syscall.DT_UNKNOWN {
				// Some file systems leave the type to a stat, as
				// os.ReadDir does then; an entry gone meanwhile is
				// skipped, as it skips it.
				fi, err := os.Lstat(filepath.Join(path, string(nb)))
				switch {
				case errors.Is(err, os.ErrNotExist):
					continue
				case err != nil:
					return nil, nil, err
				case fi.IsDir():
					typ = syscall.DT_DIR
				case fi.Mode()&os.ModeSymlink != 0:
					typ = syscall.DT_LNK
				default:
					typ = syscall.DT_REG
				}
			}
			if l != nil {
				k := osfile.Regular
				switch typ {
				case syscall.DT_DIR:
					k = osfile.Dir
				case syscall.DT_LNK:
					k = osfile.Symlink
				}
				l.Add(nb, k)
			}
			if typ != syscall.DT_DIR && !bytes.HasPrefix(nb, []byte("wrangler.")) {
				continue // no config: not worth a string
			}
			if typ == syscall.DT_DIR {
				subs = append(subs, string(nb))
			} else if bytes.HasPrefix(nb, []byte("wrangler.")) {
				files = append(files, string(nb))
			}
		}
	}
}

func (d openDir) close() {
	if d.fd >= 0 {
		syscall.Close(d.fd)
	}
}
