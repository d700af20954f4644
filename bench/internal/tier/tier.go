// Package tier lists the repositories of the public-repository tier that
// are materialised in a cache directory (see bench/repos), for the
// commands that run dolint over the whole tier.
package tier

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// stamp marks a materialised repository; bench/repos writes it last.
const stamp = ".dolint-repo-commit"

// Repos returns the names of the materialised repositories in dir
// (OWNER+NAME), sorted, and an error when there is none.
func Repos(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name(), stamp)); err == nil {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no materialised repository (run go run ./bench/repos -fetch)", dir)
	}
	sort.Strings(out)
	return out, nil
}
