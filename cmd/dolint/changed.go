package main

import (
	"os"
	"path/filepath"

	"github.com/dolint-dev/dolint/wrangler"
)

// projectPatterns turns file arguments into the projects that contain
// them, so that `dolint src/index.ts wrangler.jsonc` (as a pre-commit hook
// calls it, with the changed files) lints whole projects: a rule about a
// class needs the config, and a rule about a config needs the code. A
// file's project is the nearest directory at or above it with a wrangler
// config, looking no higher than the repository root; a file outside any
// project is skipped. Directories, configs and dir/... pass unchanged.
//
// none is true when there were arguments but all of them were skipped:
// the caller must then lint nothing rather than the default ./... .
func projectPatterns(args []string) (patterns []string, none bool, err error) {
	seen := map[string]bool{}
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || fi.IsDir() || isWranglerConfig(fi.Name()) {
			// Let discovery report what is wrong with it.
			patterns = append(patterns, a)
			continue
		}
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, false, err
		}
		dir, err := enclosingProject(filepath.Dir(abs))
		if err != nil {
			return nil, false, err
		}
		if dir != "" && !seen[dir] {
			seen[dir] = true
			patterns = append(patterns, dir)
		}
	}
	return patterns, len(args) > 0 && len(patterns) == 0, nil
}

// enclosingProject returns the nearest directory at or above dir that holds
// a wrangler config, or "".
func enclosingProject(dir string) (string, error) {
	for d := dir; ; {
		entries, err := os.ReadDir(d)
		if err != nil {
			return "", err
		}
		gitRoot := false
		for _, e := range entries {
			if !e.IsDir() && isWranglerConfig(e.Name()) {
				return d, nil
			}
			if e.Name() == ".git" {
				gitRoot = true
			}
		}
		parent := filepath.Dir(d)
		if gitRoot || parent == d {
			return "", nil
		}
		d = parent
	}
}

// isWranglerConfig reports whether a file name is a wrangler config or an
// environment variant of one, as discovery accepts them.
func isWranglerConfig(name string) bool {
	_, variant := wrangler.EnvVariant(name)
	return variant || wrangler.IsConfigName(name)
}
