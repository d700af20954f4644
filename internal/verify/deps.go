package verify

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
)

// DependenciesCheck is the Check of a verdict that could not be reached
// because the project's npm dependencies are not installed.
const DependenciesCheck = "dependencies"

var unresolved = lazyRegexp(`^(.+?):\d+:\d+: Could not resolve "([^"]+)"`)

// emptyModule stands in for a package that is not installed. As
// CommonJS, any named import of it is allowed; every export is a function
// and a class (one that a module-level extends or call accepts), whose
// calls give more of the same, so a module that is imported but not used
// on the path a check runs costs nothing.
var emptyModule = "data:text/javascript;base64," + base64.StdEncoding.EncodeToString([]byte(emptyModuleSrc))

const emptyModuleSrc = `function m() {
  const proto = {};
  return new Proxy(function () {}, {
    get(t, p) {
      if (p === "then" || p === "__esModule") return undefined;
      if (p === "prototype") return proto;
      if (typeof p === "symbol") return p === Symbol.toPrimitive ? () => "" : undefined;
      return m();
    },
    // esbuild's ES module wrapper copies own properties only, and reads
    // the rest through the prototype it takes from here.
    getPrototypeOf() { return m(); },
    apply() { return m(); },
    construct(t, a, nt) {
      const o = Reflect.construct(function () {}, [], nt);
      // A Durable Object framework's base class (the package missing)
      // keeps what DurableObject's constructor keeps.
      if (a.length >= 2 && a[0] && typeof a[0] === "object" && "storage" in a[0]) {
        o.ctx = a[0];
        o.env = a[1];
      }
      return o;
    },
  });
}
module.exports = m();
`

// bare reports an import of a package rather than a file, or of a
// module a build tool makes up (virtual:...).
func bare(spec string) bool {
	if strings.HasPrefix(spec, "virtual:") {
		return true
	}
	return !strings.HasPrefix(spec, ".") && !strings.HasPrefix(spec, "/") && !strings.Contains(spec, ":")
}

// standInMissing rewrites, in a copy of the overlay, the imports of
// packages a bundle could not resolve to empty modules. It returns nil
// when err names no such package.
func standInMissing(p *project.Project, overlay map[string][]byte, err error) (map[string][]byte, []string) {
	var be *sandbox.BundleError
	if !errors.As(err, &be) {
		return nil, nil
	}
	byFile := map[string][]string{}
	for _, m := range be.Messages {
		sm := unresolved().FindStringSubmatch(m)
		if sm == nil || !bare(sm[2]) {
			continue
		}
		file := sm[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(p.Options.Dir, file)
		}
		byFile[file] = append(byFile[file], sm[2])
	}
	if len(byFile) == 0 {
		return nil, nil
	}
	out := make(map[string][]byte, len(overlay)+len(byFile))
	for k, v := range overlay {
		out[k] = v
	}
	var pkgs []string
	for file, specs := range byFile {
		src, rerr := read(overlay, file)
		if rerr != nil {
			return nil, nil
		}
		s := string(src)
		for _, spec := range specs {
			for _, q := range []string{`"`, `'`} {
				s = strings.ReplaceAll(s, q+spec+q, `"`+emptyModule+`"`)
			}
			pkgs = append(pkgs, spec)
		}
		out[file] = []byte(s)
	}
	sort.Strings(pkgs)
	return out, dedupe(pkgs)
}

// installCommand is the command that installs a project's dependencies,
// from the lockfile nearest its directory (up to the repository root).
func installCommand(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, l := range []struct{ file, cmd string }{
			{"pnpm-lock.yaml", "pnpm install"}, {"yarn.lock", "yarn install"},
			{"bun.lockb", "bun install"}, {"bun.lock", "bun install"}, {"package-lock.json", "npm ci"},
		} {
			if _, err := os.Stat(filepath.Join(d, l.file)); err == nil {
				return l.cmd
			}
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil || filepath.Dir(d) == d {
			return "npm install"
		}
	}
}

// hasNodeModules reports a node_modules directory at or above dir, up to
// the repository root, where a bundler would look.
func hasNodeModules(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "node_modules")); err == nil && fi.IsDir() {
			return true
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil || filepath.Dir(d) == d {
			return false
		}
	}
}

// dependencyVerdict turns a verdict that packages not installed may have
// decided into one that says so: a check that ran with stand-ins for them,
// or could not load at all, proves nothing until they are installed.
func (c *fixCtx) dependencyVerdict(v fix.Verdict) fix.Verdict {
	if v.Status == fix.Verified && len(c.missing) > 0 {
		v.Reason += fmt.Sprintf("; packages not installed (%s) were stood in by modules whose exports do nothing", strings.Join(c.missing, ", "))
	}
	if v.Status == fix.Verified || len(c.missing) == 0 && !missingPackage(v.Reason) {
		return v
	}
	dir := filepath.Dir(c.config)
	if hasNodeModules(dir) {
		if len(c.missing) > 0 && v.Status == fix.Unverifiable {
			v.Reason += fmt.Sprintf(" (packages not installed, stood in by modules whose exports do nothing: %s)", strings.Join(c.missing, ", "))
		}
		return v
	}
	if v.Status == fix.RejectedByCheck {
		// The evidence is about the fix's own property, whatever the
		// stood-in packages would have done elsewhere.
		return v
	}
	return fix.Verdict{Status: fix.Unverifiable, Check: DependenciesCheck,
		Reason: fmt.Sprintf("dependencies are not installed (no node_modules); run `%s` in %s, then dolint fix again [%s: %s]", installCommand(dir), dir, v.Check, v.Reason)}
}

var couldNotResolve = lazyRegexp(`Could not resolve "([^"]+)"`)

// missingPackage reports a reason that names a package the bundle could
// not resolve (not a file: a missing file is the code's own fault).
func missingPackage(reason string) bool {
	for _, m := range couldNotResolve().FindAllStringSubmatch(reason, -1) {
		if bare(m[1]) {
			return true
		}
	}
	return false
}

// unresolvedPackages lists the packages an error says could not be
// resolved.
func unresolvedPackages(err error) []string {
	var out []string
	for _, m := range couldNotResolve().FindAllStringSubmatch(err.Error(), -1) {
		if bare(m[1]) {
			out = append(out, m[1])
		}
	}
	var be *sandbox.BundleError
	if errors.As(err, &be) {
		for _, msg := range be.Messages {
			if m := unresolved().FindStringSubmatch(msg); m != nil && bare(m[2]) {
				out = append(out, m[2])
			}
		}
	}
	return dedupe(out)
}

// standInError is a load that failed although missing packages were stood
// in: the packages may be why.
type standInError struct {
	err  error
	pkgs []string
}

func (e *standInError) Error() string { return e.err.Error() }
func (e *standInError) Unwrap() error { return e.err }

// missingOf returns the packages stood in for a failed load.
func missingOf(err error) []string {
	var se *standInError
	if errors.As(err, &se) {
		return se.pkgs
	}
	return nil
}
