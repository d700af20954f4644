// Package npmcache keeps pinned npm installs (the TypeScript corpus,
// Miniflare, wrangler, real Worker projects) in the user cache directory,
// outside the repository, where tests and benchmarks share them.
//
// An install is finished when its directory holds a stamp naming its key
// (a version, or a hash of a pinned list): a directory with another key or
// none is stale and is installed anew. Installs are built in a temporary
// sibling and renamed into place with the stamp already inside, so an
// interrupted install never looks finished, and what it left behind is
// removed by the next one. Processes that need the same install at once
// wait on a lock file beside it: one installs, the others find it done.
package npmcache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// stampName is the file whose content is the key of a finished install.
const stampName = ".dolint-install"

// Dir returns <user cache dir>/dolint/<name>, which may not exist yet.
func Dir(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory for %s: %v", name, err)
	}
	return filepath.Join(base, "dolint", name), nil
}

// Installed reports whether dir holds a finished install with this key.
func Installed(dir, key string) bool {
	b, err := os.ReadFile(filepath.Join(dir, stampName))
	return err == nil && strings.TrimSpace(string(b)) == key
}

// Ensure makes dir a finished install with this key: unless it already is,
// fill populates an empty temporary directory, which then replaces dir.
// fill must put everything it makes inside the directory it is given.
func Ensure(ctx context.Context, dir, key string, fill func(ctx context.Context, tmp string) error) error {
	if Installed(dir, key) {
		return nil
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lock(ctx, filepath.Join(parent, base+".lock"))
	if err != nil {
		return fmt.Errorf("waiting for the install into %s: %w", dir, err)
	}
	defer unlock()
	if Installed(dir, key) { // another process installed it while we waited
		return nil
	}
	// Holding the lock, every temporary sibling is an interrupted install's.
	if old, _ := filepath.Glob(filepath.Join(parent, base+".tmp-*")); len(old) > 0 {
		for _, o := range old {
			os.RemoveAll(o)
		}
	}
	tmp, err := os.MkdirTemp(parent, base+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	if err := fill(ctx, tmp); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, stampName), []byte(key+"\n"), 0o644); err != nil {
		return err
	}
	if Installed(dir, key) { // only where locks are not supported
		return nil
	}
	if _, err := os.Lstat(dir); err == nil {
		if !replaceable(dir) {
			return fmt.Errorf("%s exists and holds no install of dolint's: remove it or choose another directory", dir)
		}
		// A stale install: move it out of the way in one step, so that dir
		// is never half removed, then delete it.
		stale, err := os.MkdirTemp(parent, base+".tmp-stale-")
		if err != nil {
			return err
		}
		if err := os.Rename(dir, filepath.Join(stale, "old")); err != nil {
			os.RemoveAll(stale)
			return fmt.Errorf("replacing the stale install %s: %v", dir, err)
		}
		defer os.RemoveAll(stale)
	}
	return os.Rename(tmp, dir)
}

// replaceable reports whether a stale dir may be deleted: it holds an
// install's stamp, or lies in dolint's own cache directory, where the
// installs of earlier versions of dolint left no stamp. A directory named
// by the user elsewhere may hold anything.
func replaceable(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, stampName)); err == nil {
		return true
	}
	own, err := Dir("")
	return err == nil && filepath.Dir(dir) == filepath.Clean(own)
}

// NPM runs npm with args in dir. A failure names the command and ends with
// the tail of npm's output.
func NPM(ctx context.Context, dir string, args ...string) error {
	_, err := NPMOutput(ctx, dir, args...)
	return err
}

// NPMOutput is NPM returning what npm printed on standard output.
func NPMOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return nil, fmt.Errorf("npm is not installed (it is needed to install into %s)", dir)
	}
	cmd := exec.CommandContext(ctx, npm, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := stderr.String()
		if msg == "" {
			msg = stdout.String()
		}
		return nil, fmt.Errorf("npm %s in %s: %v\n%s", strings.Join(args, " "), dir, err, tail(msg, 4000))
	}
	return stdout.Bytes(), nil
}

// Packages returns a fill function that writes manifest as package.json and
// runs npm install with args (flags, or packages to add), quietly.
func Packages(manifest []byte, args ...string) func(context.Context, string) error {
	return func(ctx context.Context, dir string) error {
		if err := os.WriteFile(filepath.Join(dir, "package.json"), manifest, 0o644); err != nil {
			return err
		}
		return NPM(ctx, dir, append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error"}, args...)...)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		s = s[len(s)-n:]
	}
	return strings.TrimSpace(s)
}

// lockPoll is how often a process waiting for another's install looks
// again; installs take seconds to minutes.
const lockPoll = 100 * time.Millisecond

var errLocked = errors.New("locked")

// lock takes the lock file at path, waiting while another process holds
// it, until ctx ends. The system releases it when its holder exits, so an
// install that was killed blocks nobody.
func lock(ctx context.Context, path string) (unlock func(), err error) {
	for {
		unlock, err := tryLock(path)
		if err != errLocked {
			return unlock, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}
