package osfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"unsafe"
)

// readFile is os.ReadFile with the descriptor kept away from the runtime:
// open, fstat, read, close.
func readFile(name string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	size, regular := 0, false
	if syscall.Fstat(fd, &st) == nil {
		regular = st.Mode&syscall.S_IFMT == syscall.S_IFREG
		if int64(int(st.Size)) == st.Size {
			size = int(st.Size)
		}
	}
	// One byte more than the size, to see the end of the file in the
	// read that fills the rest.
	data := make([]byte, 0, max(size+1, growMin))
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return data, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		// A regular file that has given the size fstat reported is read
		// whole, unless it grew meanwhile, which a read a moment later
		// might or might not have seen. A short read proves nothing: a
		// FUSE or 9p mount (WSL's /mnt/c) may return a part mid-file.
		if regular && len(data) == size {
			return data, nil
		}
		if cap(data)-len(data) == 0 || (size == 0 && cap(data)-len(data) < growMin) {
			data = grow(data)
		}
	}
}

var direntBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// readDir lists dir with getdents into a reused buffer.
func readDir(dir string, each func(string, Kind)) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	return EachDirent(fd, dir, func(name []byte, k Kind) { each(string(name), k) })
}

// EachDirent reads the open directory fd, at path, with getdents into a
// reused buffer and calls each with every entry's name, which is valid
// only during the call, and kind; "." and ".." are left out. An entry
// whose type the listing leaves unknown is looked up, and skipped when it
// is gone by then, as os.ReadDir does; errors are those it returns.
func EachDirent(fd int, path string, each func(name []byte, k Kind)) error {
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	// A record is read field by field: converting it to a *Dirent, whose
	// Name array is longer than most records, would claim memory past
	// the buffer's end.
	nameOff := int(unsafe.Offsetof(syscall.Dirent{}.Name))
	reclenOff := int(unsafe.Offsetof(syscall.Dirent{}.Reclen))
	typeOff := int(unsafe.Offsetof(syscall.Dirent{}.Type))
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: path, Err: err}
		}
		if n <= 0 {
			return nil
		}
		for b := buf[:n]; len(b) > 0; {
			if len(b) <= nameOff {
				return &fs.PathError{Op: "readdirent", Path: path, Err: syscall.EIO}
			}
			reclen := int(*(*uint16)(unsafe.Pointer(&b[reclenOff])))
			typ := b[typeOff]
			if reclen <= nameOff || reclen > len(b) {
				return &fs.PathError{Op: "readdirent", Path: path, Err: syscall.EIO}
			}
			nb := b[nameOff:reclen]
			b = b[reclen:]
			for i, c := range nb {
				if c == 0 {
					nb = nb[:i]
					break
				}
			}
			if len(nb) == 0 || nb[0] == '.' && (len(nb) == 1 || len(nb) == 2 && nb[1] == '.') {
				continue
			}
			var k Kind
			switch typ {
			case syscall.DT_DIR:
				k = Dir
			case syscall.DT_LNK:
				k = Symlink
			case syscall.DT_UNKNOWN:
				// Some file systems leave the type to a stat.
				fi, err := os.Lstat(filepath.Join(path, string(nb)))
				switch {
				case errors.Is(err, fs.ErrNotExist):
					continue
				case err != nil:
					return err
				}
				k = kindOf(fi.Mode().Type())
			}
			each(nb, k)
		}
	}
}
