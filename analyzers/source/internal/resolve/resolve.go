// Package resolve maps import specifiers of a Worker's source to files the
// way a reader of the repository follows them: relative paths with
// extension and index probing, tsconfig "paths" and "baseUrl", and
// packages of the same repository (workspaces), through their package.json
// "exports", "imports", "source", "types", "module" or "main", to their
// sources even when those fields name a build output that does not exist.
//
// Installed third-party packages are deliberately not followed: their code
// is not the user's, and following them would parse megabytes of
// dependencies to learn nothing about the user's Durable Objects.
//
// Nothing outside the repository root is read: the nearest directory at or
// above the project that holds .git, else the top-most one that is a
// workspace root (a package.json with "workspaces", or a
// pnpm-workspace.yaml). A package linked into node_modules from outside
// that root is treated as installed. A project with neither (a bare
// directory of files, an unpacked archive) has no known root, and its
// imports are followed wherever they lead.
package resolve

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/dolint-dev/dolint/internal/cleanpath"
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
// use.
type Resolver struct {
	// Root is the project directory (where the wrangler config is); the
	// workspace root and the repository root are searched from there
	// upwards.
	Root string
	// ReadFile reads config files (tsconfig.json, package.json,
	// pnpm-workspace.yaml), so that a caller can share its file cache and
	// know which files were read. With a Cache shared among Resolvers, a
	// file is read once, through the ReadFile of the first that needs it.
	ReadFile func(string) ([]byte, error)

	repo    string // reads stay below this directory; "" for no limit
	repoSep string // repo with a trailing separator
	ws      string // the workspace root, or ""
	key     string // what cached resolutions depend on besides their input
	cache   *Cache
}

// New returns a Resolver for the project in root with a cache of its own.
// A nil readFile reads from disk.
func New(root string, readFile func(string) ([]byte, error)) *Resolver {
	return NewShared(root, readFile, NewCache())
}

// NewShared returns a Resolver for the project in root that keeps what it
// learns in c, which other Resolvers may share.
func NewShared(root string, readFile func(string) ([]byte, error), c *Cache) *Resolver {
	if readFile == nil {
		readFile = os.ReadFile
	}
	root = filepath.Clean(root)
	r := &Resolver{Root: root, ReadFile: readFile, cache: c}
	r.setRepo(c.repos.get(root, func() string { return r.findRepoRoot(root) }))
	r.ws = c.wsRoots.get(root, r.findWorkspaceRoot)
	r.key = r.repo + "\x00" + r.ws + "\x00"
	return r
}

func (r *Resolver) setRepo(repo string) {
	r.repo, r.repoSep = repo, repo
	if !strings.HasSuffix(repo, string(filepath.Separator)) {
		r.repoSep += string(filepath.Separator)
	}
	r.key = r.repo + "\x00" + r.ws + "\x00"
}

// RepoRoot returns the directory below which the resolver reads, "" when
// it found none.
func (r *Resolver) RepoRoot() string { return r.repo }

// Key is what the Resolver's answers depend on besides the importing file
// and the specifier: two Resolvers with one Key resolve alike.
func (r *Resolver) Key() string { return r.key }

// findRepoRoot walks up from dir; see the package doc.
func (r *Resolver) findRepoRoot(dir string) string {
	workspace := ""
	for d := dir; ; {
		if r.cache.kind(cleanpath.Join(d, ".git")) != missing {
			return d
		}
		if r.isWorkspaceRoot(d) {
			workspace = d
		}
		parent := cleanpath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return workspace
}

// inside reports whether p may be read.
func (r *Resolver) inside(p string) bool {
	return r.repo == "" || p == r.repo || strings.HasPrefix(p, r.repoSep)
}

// stat is Cache.kind for a clean path, and missing outside the
// repository.
func (r *Resolver) stat(p string) fileKind {
	if !r.inside(p) {
		return missing
	}
	return r.cache.kind(p)
}

// probe looks up names that differ from that of one path in their
// extension only, which share its directory: the probes of one import ask
// about a dozen such names, and the directory's entries are looked up
// once for all of them.
type probe struct {
	r     *Resolver
	dir   string
	names map[string]fileKind // nil until asked, or outside the repository
	root  bool                // p is the file system root
}

func (r *Resolver) probe(p string) probe {
	dir, _, ok := split(p)
	return probe{r: r, dir: dir, root: !ok}
}

// stat is Resolver.stat for a path of the probe's directory.
func (pr *probe) stat(p string) fileKind {
	if !pr.r.inside(p) {
		return missing
	}
	if pr.root {
		return pr.r.cache.kind(p)
	}
	if pr.names == nil {
		pr.names = pr.r.cache.entries(pr.dir)
	}
	return pr.r.cache.kindIn(pr.names, p, p[len(p)-len(filepath.Base(p)):])
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
	if filepath.IsAbs(spec) {
		// Only a config names files by absolute path (the entry point),
		// and the user chose that file, wherever it is.
		u := *r
		u.setRepo("")
		return u.file(filepath.Clean(spec))
	}
	dir := cleanpath.Dir(from)
	// The outcome depends on the importing file's directory only, and the
	// files of a directory import much the same packages.
	return r.cache.resolved.get(r.key+dir+"\x00"+spec, func() Resolution { return r.resolve(dir, spec) })
}

func (r *Resolver) resolve(dir, spec string) Resolution {
	if isRelative(spec) {
		if res := r.file(cleanpath.Join(dir, filepath.FromSlash(spec))); res.Kind != NotFound {
			return res
		}
		return r.twin(dir, spec)
	}
	tc := r.tsconfigFor(dir)
	if tc != nil {
		if res, ok := r.viaPaths(tc, spec); ok {
			return res
		}
	}
	if strings.HasPrefix(spec, "#") {
		return r.subpathImport(dir, spec)
	}
	if tc != nil {
		if tc.baseURL != "" {
			if res := r.file(cleanpath.Join(tc.baseURL, filepath.FromSlash(spec))); res.Kind != NotFound {
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
	in := r.probe(p)
	if in.stat(p) == regular {
		if IsSource(p) {
			return Resolution{Kind: Module, Path: p}
		}
		return Resolution{Kind: Asset, Path: p}
	}
	for _, ext := range Extensions {
		if q := p + ext; in.stat(q) == regular {
			return Resolution{Kind: Module, Path: q}
		}
	}
	if alts := jsToTS[filepath.Ext(p)]; alts != nil {
		base := strings.TrimSuffix(p, filepath.Ext(p))
		for _, ext := range alts {
			if q := base + ext; in.stat(q) == regular {
				return Resolution{Kind: Module, Path: q}
			}
		}
	}
	if in.stat(p) == directory {
		if pj := r.pkg(p); pj != nil {
			if res := r.packageMain(p, pj); res.Kind != NotFound {
				return res
			}
		}
		index := r.probe(cleanpath.Join(p, "index"))
		for _, ext := range Extensions {
			if q := cleanpath.Join(p, "index"+ext); index.stat(q) == regular {
				return Resolution{Kind: Module, Path: q}
			}
		}
	}
	return Resolution{}
}

// isBuildDir reports whether a directory name is one a build writes its
// output to, next to the directory of sources it reads: dist, build, lib,
// out, or a dist with a qualifier (dist-esm, wrangler-dist).
func isBuildDir(name string) bool {
	switch name {
	case "dist", "build", "lib", "out":
		return true
	}
	return strings.HasPrefix(name, "dist-") || strings.HasSuffix(name, "-dist")
}

// sourceDirs are where a build's sources sit, most common first.
var sourceDirs = []string{"src", "lib"}

// sourceExts are probed for the source of an emitted file, TypeScript
// first since emitting is what TypeScript does.
var sourceExts = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}

// twin finds the source of a build output that does not exist: rel, below
// base, names a file in dist/ (or another build directory), and the file it
// was built from is the same path in src/ (or lib/) with a source
// extension. A format directory below the output (dist/esm/x.js) may have
// no counterpart among the sources, and a build may read the package
// directory itself (dist/x.js from x.ts).
func (r *Resolver) twin(base, rel string) Resolution {
	segs := strings.Split(filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel))), "/")
	for i, s := range segs[:len(segs)-1] {
		if !isBuildDir(s) {
			continue
		}
		prefix := filepath.Join(base, filepath.Join(segs[:i]...))
		rest := segs[i+1:]
		var cands []string
		for _, src := range sourceDirs {
			if src == s {
				continue
			}
			cands = append(cands, filepath.Join(prefix, src, filepath.Join(rest...)))
			if len(rest) > 1 {
				cands = append(cands, filepath.Join(prefix, src, filepath.Join(rest[1:]...)))
			}
		}
		cands = append(cands, filepath.Join(prefix, filepath.Join(rest...)))
		for _, c := range cands {
			stem := stripEmitted(c)
			for _, ext := range sourceExts {
				if q := stem + ext; r.stat(q) == regular {
					return Resolution{Kind: Module, Path: q}
				}
			}
			if r.stat(stem) == directory {
				for _, ext := range sourceExts {
					if q := cleanpath.Join(stem, "index"+ext); r.stat(q) == regular {
						return Resolution{Kind: Module, Path: q}
					}
				}
			}
		}
		break
	}
	return Resolution{}
}

// stripEmitted removes the extension of an emitted file or declaration.
func stripEmitted(p string) string {
	for _, ext := range []string{".d.ts", ".d.mts", ".d.cts", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"} {
		if strings.HasSuffix(p, ext) {
			return strings.TrimSuffix(p, ext)
		}
	}
	return p
}

// isDeclaration reports whether p names a TypeScript declaration file.
func isDeclaration(p string) bool {
	for _, ext := range []string{".d.ts", ".d.mts", ".d.cts"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

// target resolves a path a package.json or tsconfig names, relative to
// base. Declarations (a types target) lead to the source they describe,
// never to themselves, since they hold no code; other targets are used
// as they are when they exist, else through their source twin.
func (r *Resolver) target(base, rel string, types bool) Resolution {
	p := cleanpath.Join(base, filepath.FromSlash(rel))
	if types || isDeclaration(rel) {
		stem := stripEmitted(p)
		if !isDeclaration(rel) {
			if res := r.file(p); res.Kind == Module && !isDeclaration(res.Path) {
				return res
			}
		}
		for _, ext := range []string{".ts", ".tsx", ".mts", ".cts"} {
			if q := stem + ext; r.stat(q) == regular {
				return Resolution{Kind: Module, Path: q}
			}
		}
		return r.twin(base, rel)
	}
	if res := r.file(p); res.Kind != NotFound {
		return res
	}
	return r.twin(base, rel)
}

// subpathImport resolves "#name" through the "imports" field of the
// nearest package.json, whose targets are package-relative paths or
// package specifiers.
func (r *Resolver) subpathImport(dir, spec string) Resolution {
	for d := dir; r.inside(d); {
		if pj := r.pkg(d); pj != nil {
			if pj.imports == nil || pj.imports.kind != jsonObject {
				return Resolution{}
			}
			v, star, ok := matchSubpath(pj.imports, spec)
			if !ok {
				return Resolution{}
			}
			res := r.entryTarget(d, v, star, true)
			return res
		}
		parent := cleanpath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return Resolution{}
}

// bare resolves a package specifier. Only packages that belong to the
// repository are followed: a node_modules entry that is a symlink into it
// (how npm, pnpm, yarn and bun link workspaces) or a workspace directory
// whose package.json has that name.
func (r *Resolver) bare(dir, spec string) Resolution {
	name, sub := splitPackage(spec)
	if name == "" {
		return Resolution{Kind: External}
	}
	for d := dir; r.inside(d); {
		nm := filepath.Join(d, "node_modules", filepath.FromSlash(name))
		if r.stat(nm) == directory {
			if real, ok := r.linkedPackage(nm); ok {
				return r.inPackage(real, sub)
			}
			break
		}
		parent := cleanpath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	// An installed copy of a workspace package (or none, before install)
	// stands for the workspace's sources.
	if pdir, ok := r.workspaces()[name]; ok {
		return r.inPackage(pdir, sub)
	}
	return Resolution{Kind: External}
}

// linkedPackage reports whether the node_modules entry p is a link into
// the repository rather than an installed copy, and where it points, as a
// path below the repository root.
func (r *Resolver) linkedPackage(p string) (string, bool) {
	if !r.cache.isLink(p) {
		return "", false
	}
	dir := r.cache.linked.get(r.repo+"\x00"+p, func() string { return r.linkTarget(p) })
	return dir, dir != ""
}

func (r *Resolver) linkTarget(p string) string {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return ""
	}
	repo := r.repo
	if repo == "" {
		repo = string(filepath.Separator)
	}
	rel, err := filepath.Rel(r.cache.realDir(repo), real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	// pnpm links installed packages through node_modules/.pnpm; those are
	// still third-party code.
	if strings.Contains(string(filepath.Separator)+rel+string(filepath.Separator), string(filepath.Separator)+"node_modules"+string(filepath.Separator)) {
		return ""
	}
	return cleanpath.Join(repo, rel)
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
	return r.cache.inPackage.get(r.key+dir+"\x00"+sub, func() Resolution { return r.packageFile(dir, sub) })
}

func (r *Resolver) packageFile(dir, sub string) Resolution {
	pj := r.pkg(dir)
	if pj != nil && pj.exports != nil {
		key := "."
		if sub != "" {
			key = "./" + sub
		}
		if v, star, ok := matchSubpath(pj.exports, key); ok {
			res := r.entryTarget(dir, v, star, false)
			if res.Kind != NotFound || sub != "" {
				return res
			}
		} else if sub != "" {
			return Resolution{}
		}
	}
	if sub != "" {
		if res := r.file(cleanpath.Join(dir, filepath.FromSlash(sub))); res.Kind != NotFound {
			return res
		}
		return r.twin(dir, sub)
	}
	if pj != nil {
		if res := r.packageMain(dir, pj); res.Kind != NotFound {
			return res
		}
	}
	return r.file(cleanpath.Join(dir, "index"))
}

// packageMain resolves a package's entry from its entry fields. A
// "source", "module" or "main" that names an existing file outside the
// build directories is the source itself; else the sources "types"
// describes, then "module" and "main", each through its source twin when
// it names a build output that does not exist yet.
func (r *Resolver) packageMain(dir string, pj *pkgJSON) Resolution {
	for _, m := range []string{pj.source, pj.module, pj.main} {
		if m == "" || filepath.IsAbs(m) || inBuildDir(filepath.ToSlash(filepath.Clean(m))) {
			continue
		}
		if res := r.file(cleanpath.Join(dir, filepath.FromSlash(m))); res.Kind == Module && !isDeclaration(res.Path) {
			return res
		}
	}
	for _, f := range []struct {
		path  string
		types bool
	}{{pj.source, false}, {pj.types, true}, {pj.module, false}, {pj.main, false}} {
		if f.path == "" || filepath.IsAbs(f.path) {
			continue
		}
		if res := r.target(dir, f.path, f.types); res.Kind != NotFound {
			return res
		}
	}
	if res := r.file(cleanpath.Join(dir, "index")); res.Kind != NotFound {
		return res
	}
	return r.file(filepath.Join(dir, "src", "index"))
}
