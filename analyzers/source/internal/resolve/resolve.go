// Package resolve maps import specifiers of a Worker's source to files the
// way the bundler does for the cases that matter to a linter: relative
// paths with extension and index probing, tsconfig "paths" and "baseUrl",
// and packages of the same repository (workspaces), through their
// package.json "exports", "module" or "main".
//
// Installed third-party packages are deliberately not followed: their code
// is not the user's, and following them would parse megabytes of
// dependencies to learn nothing about the user's Durable Objects.
package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Kind says what a specifier resolved to.
type Kind int

const (
	NotFound Kind = iota // a relative or mapped path with no file behind it
	Module               // a JS/TS file to parse
	Asset                // an existing file that is not JS/TS (json, wasm, text)
	Builtin              // cloudflare:*, node:*, workerd:*
	External             // a package that is installed or unknown, not followed
)

func (k Kind) String() string {
	switch k {
	case Module:
		return "module"
	case Asset:
		return "asset"
	case Builtin:
		return "builtin"
	case External:
		return "external"
	}
	return "not found"
}

// Resolution is the outcome of resolving one specifier.
type Resolution struct {
	Kind Kind
	Path string // absolute, for Module and Asset
}

// Extensions are probed in this order for an extensionless specifier. The
// first four are the bundler's defaults; the module/commonjs variants come
// after them because TypeScript projects use them too.
var Extensions = []string{".tsx", ".ts", ".jsx", ".js", ".mts", ".cts", ".mjs", ".cjs"}

// jsToTS lists, for a JS extension in a specifier, the TS files it may name:
// TypeScript has users write the extension of the emitted file.
var jsToTS = map[string][]string{
	".js":  {".ts", ".tsx"},
	".jsx": {".tsx"},
	".mjs": {".mts"},
	".cjs": {".cts"},
}

// IsSource reports whether a file name has a JS or TS extension.
func IsSource(name string) bool {
	ext := filepath.Ext(name)
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// Resolver resolves specifiers for one project. It is safe for concurrent
// use; file system lookups are cached for its lifetime.
type Resolver struct {
	// Root is the project directory (where the wrangler config is); the
	// workspace root is searched from there upwards.
	Root string
	// ReadFile reads config files (tsconfig.json, package.json), so that a
	// caller can share its cache and know which files were read.
	ReadFile func(string) ([]byte, error)

	mu        sync.Mutex
	stats     map[string]fileKind
	tsconfigs map[string]*tsconfig // by directory: the nearest config
	pkgs      map[string]*pkgJSON  // by directory
	wsOnce    sync.Once
	workspace map[string]string // package name → directory
}

type fileKind uint8

const (
	missing fileKind = iota + 1
	regular
	directory
)

// New returns a Resolver for the project in root.
func New(root string, readFile func(string) ([]byte, error)) *Resolver {
	if readFile == nil {
		readFile = os.ReadFile
	}
	return &Resolver{
		Root:      root,
		ReadFile:  readFile,
		stats:     map[string]fileKind{},
		tsconfigs: map[string]*tsconfig{},
		pkgs:      map[string]*pkgJSON{},
	}
}

func (r *Resolver) stat(p string) fileKind {
	r.mu.Lock()
	k, ok := r.stats[p]
	r.mu.Unlock()
	if ok {
		return k
	}
	k = missing
	if fi, err := os.Stat(p); err == nil {
		if fi.IsDir() {
			k = directory
		} else {
			k = regular
		}
	}
	r.mu.Lock()
	r.stats[p] = k
	r.mu.Unlock()
	return k
}

// Resolve resolves spec as imported from the file from (absolute path).
func (r *Resolver) Resolve(from, spec string) Resolution {
	if spec == "" {
		return Resolution{}
	}
	if i := strings.IndexAny(spec, "?#"); i > 0 && !strings.HasPrefix(spec, "#") {
		// Bundler query suffixes (?raw, ?url) do not name another file.
		spec = spec[:i]
	}
	if isBuiltin(spec) {
		return Resolution{Kind: Builtin}
	}
	dir := filepath.Dir(from)
	if isRelative(spec) {
		return r.file(filepath.Join(dir, filepath.FromSlash(spec)))
	}
	if filepath.IsAbs(spec) {
		return r.file(filepath.Clean(spec))
	}
	if strings.HasPrefix(spec, "#") {
		return r.subpathImport(dir, spec)
	}
	if tc := r.tsconfigFor(dir); tc != nil {
		if res, ok := r.viaPaths(tc, spec); ok {
			return res
		}
		if tc.baseURL != "" {
			if res := r.file(filepath.Join(tc.baseURL, filepath.FromSlash(spec))); res.Kind != NotFound {
				return res
			}
		}
	}
	return r.bare(dir, spec)
}

func isRelative(spec string) bool {
	return spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../")
}

func isBuiltin(spec string) bool {
	for _, p := range []string{"cloudflare:", "node:", "workerd:"} {
		if strings.HasPrefix(spec, p) {
			return true
		}
	}
	return false
}

// file resolves a path that names a file or directory without knowing
// its extension.
func (r *Resolver) file(p string) Resolution {
	if r.stat(p) == regular {
		if IsSource(p) {
			return Resolution{Kind: Module, Path: p}
		}
		return Resolution{Kind: Asset, Path: p}
	}
	for _, ext := range Extensions {
		if q := p + ext; r.stat(q) == regular {
			return Resolution{Kind: Module, Path: q}
		}
	}
	if alts := jsToTS[filepath.Ext(p)]; alts != nil {
		base := strings.TrimSuffix(p, filepath.Ext(p))
		for _, ext := range alts {
			if q := base + ext; r.stat(q) == regular {
				return Resolution{Kind: Module, Path: q}
			}
		}
	}
	if r.stat(p) == directory {
		if pj := r.pkg(p); pj != nil {
			if res := r.packageMain(p, pj); res.Kind != NotFound {
				return res
			}
		}
		for _, ext := range Extensions {
			if q := filepath.Join(p, "index"+ext); r.stat(q) == regular {
				return Resolution{Kind: Module, Path: q}
			}
		}
	}
	return Resolution{}
}

// subpathImport resolves "#name" through the "imports" field of the
// nearest package.json, whose targets are package-relative paths or
// package specifiers.
func (r *Resolver) subpathImport(dir, spec string) Resolution {
	for d := dir; ; {
		if pj := r.pkg(d); pj != nil {
			if pj.imports == nil || pj.imports.kind != jsonObject {
				return Resolution{}
			}
			for _, conds := range [][]string{primaryConditions, fallbackConditions} {
				target, ok := matchImports(pj.imports, spec, conds)
				if !ok {
					continue
				}
				var res Resolution
				if strings.HasPrefix(target, "./") {
					res = r.file(filepath.Join(d, filepath.FromSlash(target)))
				} else {
					res = r.bare(d, target)
				}
				if res.Kind != NotFound {
					return res
				}
			}
			return Resolution{}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return Resolution{}
		}
		d = parent
	}
}

// bare resolves a package specifier. Only packages that belong to the
// repository are followed: a node_modules entry that is a symlink (how
// npm, pnpm, yarn and bun link workspaces) or a workspace directory whose
// package.json has that name.
func (r *Resolver) bare(dir, spec string) Resolution {
	name, sub := splitPackage(spec)
	if name == "" {
		return Resolution{Kind: External}
	}
	for d := dir; ; {
		nm := filepath.Join(d, "node_modules", filepath.FromSlash(name))
		if r.stat(nm) == directory {
			if real, ok := linkedPackage(nm); ok {
				return r.inPackage(real, sub)
			}
			return Resolution{Kind: External}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if pdir, ok := r.workspaces()[name]; ok {
		return r.inPackage(pdir, sub)
	}
	return Resolution{Kind: External}
}

// linkedPackage reports whether the node_modules entry p is a link into
// the repository rather than an installed copy, and where it points.
func linkedPackage(p string) (string, bool) {
	fi, err := os.Lstat(p)
	if err != nil {
		return "", false
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", false
	}
	if fi.Mode()&os.ModeSymlink == 0 {
		return "", false
	}
	// pnpm links installed packages through node_modules/.pnpm; those are
	// still third-party code.
	if strings.Contains(filepath.ToSlash(real), "/node_modules/") {
		return "", false
	}
	return real, true
}

// splitPackage splits "@scope/name/sub/path" into "@scope/name" and "sub/path".
func splitPackage(spec string) (name, sub string) {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") {
		if len(parts) < 2 || parts[1] == "" {
			return "", ""
		}
		name = parts[0] + "/" + parts[1]
		if len(parts) == 3 {
			sub = parts[2]
		}
		return name, sub
	}
	name = parts[0]
	if i := strings.IndexByte(spec, '/'); i >= 0 {
		sub = spec[i+1:]
	}
	return name, sub
}

// inPackage resolves subpath sub ("" for the package itself) in the
// package directory dir.
func (r *Resolver) inPackage(dir, sub string) Resolution {
	pj := r.pkg(dir)
	if pj != nil && pj.exports != nil {
		key := "."
		if sub != "" {
			key = "./" + sub
		}
		for _, conds := range [][]string{primaryConditions, fallbackConditions} {
			// Export targets must stay inside the package.
			if target, ok := matchExports(pj.exports, key, conds); ok && strings.HasPrefix(target, "./") {
				if res := r.file(filepath.Join(dir, filepath.FromSlash(target))); res.Kind != NotFound {
					return res
				}
			}
		}
		if sub != "" {
			return Resolution{}
		}
	}
	if sub != "" {
		return r.file(filepath.Join(dir, filepath.FromSlash(sub)))
	}
	if pj != nil {
		if res := r.packageMain(dir, pj); res.Kind != NotFound {
			return res
		}
	}
	return r.file(filepath.Join(dir, "index"))
}

// packageMain resolves a package's entry from its main fields. When they
// name a build output that does not exist yet, the declared types and then
// src/index are tried, since in a repository the sources are what the
// build starts from.
func (r *Resolver) packageMain(dir string, pj *pkgJSON) Resolution {
	for _, f := range [][]string{{pj.module, pj.main}, {pj.types}} {
		for _, m := range f {
			if m == "" {
				continue
			}
			if res := r.file(filepath.Join(dir, filepath.FromSlash(m))); res.Kind != NotFound {
				return res
			}
		}
	}
	if res := r.file(filepath.Join(dir, "index")); res.Kind != NotFound {
		return res
	}
	return r.file(filepath.Join(dir, "src", "index"))
}

// primaryConditions are the export conditions the Workers bundler enables;
// fallbackConditions add those that point at sources or types when the
// bundler's choice is a build output that is not there.
var (
	primaryConditions  = []string{"workerd", "worker", "browser", "import", "module", "default"}
	fallbackConditions = []string{"workerd", "worker", "browser", "import", "module", "default", "source", "types", "typescript", "require", "node"}
)

// matchExports applies a package.json "exports" value to a subpath key
// ("." or "./x") under the given conditions and returns the target path,
// relative to the package directory.
func matchExports(exports *jsonValue, key string, conds []string) (string, bool) {
	if exports.kind != jsonObject || !exports.hasSubpathKeys() {
		// Sugar: a string, array or conditions object is the "." entry.
		if key != "." {
			return "", false
		}
		return exportTarget(exports, "", conds)
	}
	if v := exports.get(key); v != nil {
		return exportTarget(v, "", conds)
	}
	// Pattern keys: the longest prefix before "*" wins.
	best, bestLen, star := (*jsonValue)(nil), -1, ""
	for _, m := range exports.members {
		i := strings.IndexByte(m.key, '*')
		if i < 0 {
			continue
		}
		prefix, suffix := m.key[:i], m.key[i+1:]
		if strings.HasPrefix(key, prefix) && strings.HasSuffix(key, suffix) && len(key) >= len(prefix)+len(suffix) && len(prefix) > bestLen {
			best, bestLen, star = m.value, len(prefix), key[len(prefix):len(key)-len(suffix)]
		}
	}
	if best != nil {
		return exportTarget(best, star, conds)
	}
	// Legacy folder mappings ("./sub/": "./src/sub/").
	for _, m := range exports.members {
		if strings.HasSuffix(m.key, "/") && strings.HasPrefix(key, m.key) && m.value.kind == jsonString {
			return m.value.str + key[len(m.key):], true
		}
	}
	return "", false
}

// matchImports applies a package.json "imports" map to a "#name" key;
// unlike exports targets, its targets may also be package specifiers.
func matchImports(imports *jsonValue, key string, conds []string) (string, bool) {
	return matchExports(imports, key, conds)
}

func exportTarget(v *jsonValue, star string, conds []string) (string, bool) {
	switch v.kind {
	case jsonString:
		if strings.HasPrefix(v.str, "../") || strings.HasPrefix(v.str, "/") {
			return "", false
		}
		return strings.ReplaceAll(v.str, "*", star), true
	case jsonArray:
		for _, e := range v.elems {
			if t, ok := exportTarget(e, star, conds); ok {
				return t, true
			}
		}
	case jsonObject:
		// Conditions apply in the object's key order, not in ours.
		for _, m := range v.members {
			if contains(conds, m.key) {
				if t, ok := exportTarget(m.value, star, conds); ok {
					return t, true
				}
			}
		}
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
