//go:build !linux

package discover

import (
	"os"
)

// openDir is a directory being walked; elsewhere than on Linux every
// directory is read by its path.
type openDir struct{}

var noDir openDir

func readDir(_ openDir, _, path string, _ int) (openDir, []string, []string, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return noDir, nil, nil, err
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
