//go:build !linux

package osfile

import "os"

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

func readDir(dir string, each func(string, Kind)) error {
	list, err := os.ReadDir(dir)
	for _, e := range list {
		each(e.Name(), kindOf(e.Type()))
	}
	return err
}
