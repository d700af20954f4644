//go:build !linux

package discover

import (
	"os"

	"github.com/dolint-dev/dolint/internal/osfile"
)

// openDir is a directory being walked; elsewhere than on Linux every
// directory is read by its path.
type openDir struct{}

var noDir openDir

func readDir(_ openDir, _, path string, _ int, ls *osfile.Listings) (openDir, []string, []string, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return noDir, nil, nil, err
	}
	if ls != nil {
		l := new(osfile.Listing)
		for _, e := range entries {
			k := osfile.Regular
			switch t := e.Type(); {
			case t&os.ModeSymlink != 0:
				k = osfile.Symlink
			case t.IsDir():
				k = osfile.Dir
			}
			l.Add([]byte(e.Name()), k)
		}
		ls.Put(path, l)
	}
	var subs, files []string
	for _, e := range entries {
		if e.IsDir() {
			subs = append(subs, e.Name())
		} else {
			files = append(files, e.Name())
		}
	}
	return noDir, subs, files, nil
}

func (openDir) close() {}
