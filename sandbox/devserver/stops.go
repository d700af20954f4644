package devserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/dolint-dev/dolint/sandbox"
)

// listen opens addr, saying which port is taken when it is.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		_, port, _ := net.SplitHostPort(addr)
		return nil, fmt.Errorf("port %s is already in use on %s (another dev server?): stop it, or pick another port with --port N (--port 0 takes a free one)", port, addr)
	}
	return ln, err
}

var unresolved = regexp.MustCompile(`Could not resolve "([^"]+)"`)

// explainLoad adds to a bundling failure, for each bare import that did
// not resolve because its package is not installed, the command that
// installs it with the project's package manager. Other failures are
// returned as they are.
func explainLoad(err error, projectDir string) error {
	var be *sandbox.BundleError
	if !errors.As(err, &be) {
		return err
	}
	var hints []string
	seen := map[string]bool{}
	for _, m := range be.Messages {
		sm := unresolved.FindStringSubmatch(m)
		if sm == nil {
			continue
		}
		pkg := packageName(sm[1])
		if pkg == "" || seen[pkg] {
			continue
		}
		seen[pkg] = true
		if h := installHint(pkg, projectDir); h != "" {
			hints = append(hints, h)
		}
	}
	if len(hints) == 0 {
		return err
	}
	return fmt.Errorf("%w\n%s", err, strings.Join(hints, "\n"))
}

// packageName is the npm package a bare import names ("@scope/pkg" or
// "pkg"), or "" for a relative, absolute or scheme import.
func packageName(spec string) string {
	if spec == "" || strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") || strings.Contains(strings.SplitN(spec, "/", 2)[0], ":") {
		return ""
	}
	parts := strings.Split(spec, "/")
	if strings.HasPrefix(spec, "@") {
		if len(parts) < 2 {
			return ""
		}
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// installHint says how to install pkg for the project in dir: its own
// dependencies when package.json lists it, else an add command. It is
// empty when the package is installed after all (the failure is then
// something else, such as a package without an entry for workers).
func installHint(pkg, dir string) string {
	lockDir, lock, manifestDir := packageRoot(dir)
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "node_modules", filepath.FromSlash(pkg))); err == nil && st.IsDir() {
			return ""
		}
		if d == lockDir || d == filepath.Dir(d) {
			break
		}
	}
	pm := managerOf(lock)
	if manifest := filepath.Join(manifestDir, "package.json"); declared(manifest, pkg) {
		return fmt.Sprintf("  = hint: %q is a dependency in %s but is not installed: run `%s install` in %s", pkg, manifest, pm, lockDir)
	}
	add := pm + " add"
	if pm == "npm" {
		add = "npm install"
	}
	return fmt.Sprintf("  = hint: %q is not installed: add it with `%s %s` in %s", pkg, add, pkg, manifestDir)
}

// packageRoot finds, at or above dir and no higher than a repository
// root, the directory whose lockfile installs dir's dependencies (a
// workspace root) and the nearest package.json's directory; both are dir
// when there is none.
func packageRoot(dir string) (lockDir, lock, manifestDir string) {
	for d := dir; ; d = filepath.Dir(d) {
		if manifestDir == "" {
			if _, err := os.Stat(filepath.Join(d, "package.json")); err == nil {
				manifestDir = d
			}
		}
		if lock == "" {
			for _, l := range lockfiles {
				if _, err := os.Stat(filepath.Join(d, l)); err == nil {
					lockDir, lock = d, l
					break
				}
			}
		}
		if lock != "" && manifestDir != "" {
			break
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil || d == filepath.Dir(d) {
			break
		}
	}
	if manifestDir == "" {
		manifestDir = dir
	}
	if lockDir == "" {
		lockDir = manifestDir
	}
	return lockDir, lock, manifestDir
}

var lockfiles = []string{"pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "package-lock.json", "npm-shrinkwrap.json"}

func managerOf(lock string) string {
	switch lock {
	case "pnpm-lock.yaml":
		return "pnpm"
	case "yarn.lock":
		return "yarn"
	case "bun.lock", "bun.lockb":
		return "bun"
	}
	return "npm"
}

// declared reports whether the package.json at path lists pkg among its
// dependencies of any kind.
func declared(path, pkg string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return false
	}
	for _, k := range []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"} {
		var deps map[string]any
		if json.Unmarshal(m[k], &deps) == nil {
			if _, ok := deps[pkg]; ok {
				return true
			}
		}
	}
	return false
}
