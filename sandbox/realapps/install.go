package realapps

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The packages are pinned by a lock file, transitive dependencies
// included, so that every run bundles the same library code.
var (
	//go:embed testdata/npm/package.json
	manifest []byte
	//go:embed testdata/npm/package-lock.json
	lock []byte
)

const stampName = ".dolint-realapps"

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
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("realapps: no user cache directory: %v", err)
	}
	return filepath.Join(cache, "dolint", "realapps-"+pinHash()[:12]), nil
}

func installed(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, stampName))
	return err == nil && strings.TrimSpace(string(b)) == pinHash()
}

// Install runs npm ci for the pinned packages unless Dir already holds
// them, and returns Dir. Install scripts do not run: the apps need the
// packages' JavaScript, not their native tools. The install happens in a
// sibling directory renamed into place once stamped, so an interrupted
// install never looks finished.
func Install(ctx context.Context) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	if installed(dir) {
		return dir, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", fmt.Errorf("realapps: npm not found on PATH, needed to install the apps' packages into %s", dir)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("realapps: %v", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return "", fmt.Errorf("realapps: %v", err)
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	for name, data := range map[string][]byte{"package.json": manifest, "package-lock.json": lock} {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return "", fmt.Errorf("realapps: %v", err)
		}
	}
	cmd := exec.CommandContext(ctx, npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("realapps: npm ci into %s failed: %v\n%s", dir, err, tail(out.String(), 4000))
	}
	if err := os.WriteFile(filepath.Join(tmp, stampName), []byte(pinHash()+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("realapps: %v", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process may have finished the same install first.
		if installed(dir) {
			return dir, nil
		}
		// A stale, unstamped directory from an older layout: replace it.
		if rmErr := os.RemoveAll(dir); rmErr == nil {
			if err := os.Rename(tmp, dir); err == nil {
				return dir, nil
			}
		}
		return "", fmt.Errorf("realapps: %v", err)
	}
	return dir, nil
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
