//go:build !linux

package osfile

import "os"

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

func readDir(dir string, each func(string, Kind)) error { return portableReadDir(dir, each) }
