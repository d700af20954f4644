package realapps

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/dolint-dev/dolint/internal/npmcache"
)

// The packages are pinned by a lock file, transitive dependencies
// included, so that every run bundles the same library code.
var (
	//go:embed testdata/npm/package.json
	manifest []byte
	//go:embed testdata/npm/package-lock.json
	lock []byte
)

func pinHash() string {
	h := sha256.New()
	h.Write(manifest)
	h.Write([]byte{0})
	h.Write(lock)
	return hex.EncodeToString(h.Sum(nil))
}

// Dir is where the pinned packages are installed: under the user cache
// directory, named by the hash of the pins, so that a changed pin gets a
// fresh install and an unchanged one is installed once.
func Dir() (string, error) {
	return npmcache.Dir("realapps-" + pinHash()[:12])
}

// Install runs npm ci for the pinned packages unless Dir already holds
// them, and returns Dir. Install scripts do not run: the apps need the
// packages' JavaScript, not their native tools.
func Install(ctx context.Context) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	err = npmcache.Ensure(ctx, dir, pinHash(), func(ctx context.Context, tmp string) error {
		for name, data := range map[string][]byte{"package.json": manifest, "package-lock.json": lock} {
			if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
				return err
			}
		}
		return npmcache.NPM(ctx, tmp, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	})
	return dir, err
}
