package resolve

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/cleanpath"
	"github.com/dolint-dev/dolint/internal/jsondepth"
	"github.com/tailscale/hujson"
	"gopkg.in/yaml.v3"
)

// jsonValue is a JSON value that keeps object key order, which
// package.json "exports" conditions depend on.
type jsonValue struct {
	kind    jsonKind
	str     string
	elems   []*jsonValue
	members []jsonMember
}

type jsonKind uint8

const (
	jsonOther jsonKind = iota
	jsonString
	jsonArray
	jsonObject
)

type jsonMember struct {
	key   string
	value *jsonValue
}

func (v *jsonValue) get(key string) *jsonValue {
	if v == nil || v.kind != jsonObject {
		return nil
	}
	for _, m := range v.members {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

func (v *jsonValue) getString(key string) string {
	if s := v.get(key); s != nil && s.kind == jsonString {
		return s.str
	}
	return ""
}

func (v *jsonValue) hasSubpathKeys() bool {
	for _, m := range v.members {
		if strings.HasPrefix(m.key, ".") || strings.HasPrefix(m.key, "#") {
			return true
		}
	}
	return false
}

// parseJSONC parses JSON with comments and trailing commas, as tsconfig.json
// allows and as some package.json files in the wild contain.
func parseJSONC(src []byte) (*jsonValue, bool) {
	if v, ok := fastJSONC(src); ok {
		return v, true
	}
	if jsondepth.Check(src, jsondepth.Max) != nil {
		return nil, false
	}
	v, err := hujson.Parse(src)
	if err != nil {
		return nil, false
	}
	return lower(v.Value), true
}

func lower(v hujson.ValueTrimmed) *jsonValue {
	switch x := v.(type) {
	case hujson.Literal:
		if x.Kind() == '"' {
			return &jsonValue{kind: jsonString, str: x.String()}
		}
		return &jsonValue{kind: jsonOther}
	case *hujson.Array:
		out := &jsonValue{kind: jsonArray}
		for _, e := range x.Elements {
			out.elems = append(out.elems, lower(e.Value))
		}
		return out
	case *hujson.Object:
		out := &jsonValue{kind: jsonObject}
		for _, m := range x.Members {
			k, _ := m.Name.Value.(hujson.Literal)
			out.members = append(out.members, jsonMember{key: k.String(), value: lower(m.Value.Value)})
		}
		return out
	}
	return &jsonValue{kind: jsonOther}
}

// readJSON returns the value of the JSON file p, nil when it is absent or
// does not parse.
func (r *Resolver) readJSON(p string) *jsonValue {
	if r.stat(p) != regular {
		return nil
	}
	return r.cache.jsons.get(p, func() *jsonValue {
		src, err := r.ReadFile(p)
		if err != nil {
			return nil
		}
		v, ok := parseJSONC(src)
		if !ok {
			return nil
		}
		return v
	})
}

type pkgJSON struct {
	name                        string
	source, main, module, types string
	tsconfig                    string
	exports, imports            *jsonValue
	workspaces                  []string
}

// pkg reads dir/package.json; nil when absent or unreadable.
func (r *Resolver) pkg(dir string) *pkgJSON {
	v := r.readJSON(cleanpath.Join(dir, "package.json"))
	if v == nil || v.kind != jsonObject {
		return nil
	}
	return r.cache.pkgs.get(dir, func() *pkgJSON { return newPkgJSON(v) })
}

func newPkgJSON(v *jsonValue) *pkgJSON {
	pj := &pkgJSON{
		name:     v.getString("name"),
		source:   v.getString("source"),
		main:     v.getString("main"),
		module:   v.getString("module"),
		types:    v.getString("types"),
		tsconfig: v.getString("tsconfig"),
		exports:  v.get("exports"),
		imports:  v.get("imports"),
	}
	if pj.types == "" {
		pj.types = v.getString("typings")
	}
	if pj.exports != nil && pj.exports.kind == jsonOther {
		pj.exports = nil // null: no exports
	}
	ws := v.get("workspaces")
	if ws != nil && ws.kind == jsonObject {
		ws = ws.get("packages") // yarn's {packages: [...]} form
	}
	if ws != nil && ws.kind == jsonArray {
		for _, e := range ws.elems {
			if e.kind == jsonString {
				pj.workspaces = append(pj.workspaces, e.str)
			}
		}
	}
	return pj
}

// workspaceGlobs returns the workspace package globs declared in dir, by
// package.json "workspaces" or else pnpm-workspace.yaml.
func (r *Resolver) workspaceGlobs(dir string) []string {
	if pj := r.pkg(dir); pj != nil && len(pj.workspaces) > 0 {
		return pj.workspaces
	}
	return r.pnpmWorkspace(dir)
}

func (r *Resolver) isWorkspaceRoot(dir string) bool {
	return len(r.workspaceGlobs(dir)) > 0
}

// workspaces maps package names to directories for the workspace that
// holds the project: the nearest directory at or above Root, inside the
// repository, that declares workspace packages.
func (r *Resolver) workspaces() map[string]string {
	root := r.ws
	if root == "" {
		return nil
	}
	return r.cache.workspaces.get(root, func() map[string]string {
		return r.expandWorkspaces(root, r.workspaceGlobs(root))
	})
}

func (r *Resolver) findWorkspaceRoot() string {
	for d := r.Root; r.inside(d); {
		if r.isWorkspaceRoot(d) {
			return d
		}
		parent := cleanpath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return ""
}

func (r *Resolver) pnpmWorkspace(dir string) []string {
	p := cleanpath.Join(dir, "pnpm-workspace.yaml")
	if r.stat(p) != regular {
		return nil
	}
	return r.cache.pnpm.get(dir, func() []string {
		src, err := r.ReadFile(p)
		if err != nil {
			return nil
		}
		var ws struct {
			Packages []string `yaml:"packages"`
		}
		if yaml.Unmarshal(src, &ws) != nil {
			return nil
		}
		return ws.Packages
	})
}

// expandWorkspaces lists the packages the globs name below root. A glob
// that starts with "!" excludes what it matches; "**" matches any number
// of directories (a few levels deep, which is what repositories use).
func (r *Resolver) expandWorkspaces(root string, globs []string) map[string]string {
	var dirs, excludes []string
	for _, g := range globs {
		if x, ok := strings.CutPrefix(g, "!"); ok {
			excludes = append(excludes, strings.Trim(filepath.ToSlash(filepath.Clean(filepath.FromSlash(x))), "/"))
			continue
		}
		g = filepath.Clean(filepath.FromSlash(g))
		if i := strings.Index(g, "**"); i >= 0 {
			prefix := cleanpath.Join(root, g[:i])
			if r.inside(prefix) {
				dirs = append(dirs, r.walkDirs(prefix, 4)...)
			}
			continue
		}
		pattern := cleanpath.Join(root, g)
		if !r.inside(pattern) {
			continue
		}
		matches, _ := filepath.Glob(pattern)
		dirs = append(dirs, matches...)
	}
	sort.Strings(dirs)
	out := map[string]string{}
next:
	for _, d := range dirs {
		if !r.inside(d) {
			continue
		}
		rel, _ := filepath.Rel(root, d)
		for _, x := range excludes {
			if globMatch(x, filepath.ToSlash(rel)) {
				continue next
			}
		}
		if pj := r.pkg(d); pj != nil && pj.name != "" {
			if _, dup := out[pj.name]; !dup {
				out[pj.name] = d
			}
		}
	}
	return out
}

// globMatch matches a slash-separated path against a workspace glob in
// which "**" stands for any number of directories.
func globMatch(pattern, p string) bool {
	if !strings.Contains(pattern, "**") {
		ok, _ := filepath.Match(pattern, p)
		return ok
	}
	prefix, suffix, _ := strings.Cut(pattern, "**")
	prefix = strings.TrimSuffix(prefix, "/")
	suffix = strings.TrimPrefix(suffix, "/")
	if prefix != "" && p != prefix && !strings.HasPrefix(p, prefix+"/") {
		return false
	}
	if suffix == "" {
		return true
	}
	segs := strings.Split(p, "/")
	for i := range segs {
		if globMatch(suffix, strings.Join(segs[i:], "/")) {
			return true
		}
	}
	return false
}

func (r *Resolver) walkDirs(dir string, depth int) []string {
	if depth == 0 || r.stat(dir) != directory {
		return nil
	}
	var names []string
	for name, k := range r.cache.entries(dir) {
		if k == symlink {
			k = r.cache.kind(cleanpath.Join(dir, name))
		}
		if k == directory && name != "node_modules" && !strings.HasPrefix(name, ".") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []string
	for _, name := range names {
		p := cleanpath.Join(dir, name)
		out = append(out, p)
		out = append(out, r.walkDirs(p, depth-1)...)
	}
	return out
}

// tsconfig holds the compiler options that change module resolution.
type tsconfig struct {
	baseURL   string // absolute, or ""
	pathsBase string // directory "paths" targets are relative to
	paths     []pathMapping
}

type pathMapping struct {
	pattern string
	targets []string
}

// tsconfigFor returns the tsconfig.json (or jsconfig.json) nearest to dir,
// inside the repository, with its "extends" chain applied.
func (r *Resolver) tsconfigFor(dir string) *tsconfig {
	if !r.inside(dir) {
		return nil
	}
	return r.cache.tsconfigs.get(r.key+dir, func() *tsconfig {
		for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
			if p := cleanpath.Join(dir, name); r.stat(p) == regular {
				return r.loadTSConfig(p, dir, map[string]bool{})
			}
		}
		if parent := cleanpath.Dir(dir); parent != dir {
			return r.tsconfigFor(parent)
		}
		return nil
	})
}

// loadTSConfig reads the config p with its extends chain. configDir is the
// directory of the config the chain started from, which "${configDir}" in
// an inherited option stands for.
func (r *Resolver) loadTSConfig(p, configDir string, seen map[string]bool) *tsconfig {
	if seen[p] {
		return nil
	}
	seen[p] = true
	v := r.readJSON(p)
	if v == nil || v.kind != jsonObject {
		return &tsconfig{}
	}
	dir := cleanpath.Dir(p)
	tc := &tsconfig{}
	// Later entries of an "extends" array override earlier ones, and the
	// file's own options override them all.
	var parents []string
	switch ext := v.get("extends"); {
	case ext == nil:
	case ext.kind == jsonString:
		parents = []string{ext.str}
	case ext.kind == jsonArray:
		for _, e := range ext.elems {
			if e.kind == jsonString {
				parents = append(parents, e.str)
			}
		}
	}
	for _, ref := range parents {
		if pp := r.tsconfigPath(dir, ref); pp != "" {
			if base := r.loadTSConfig(pp, configDir, seen); base != nil {
				if base.baseURL != "" {
					tc.baseURL = base.baseURL
				}
				if base.paths != nil {
					tc.paths, tc.pathsBase = base.paths, base.pathsBase
				}
			}
		}
	}
	opts := v.get("compilerOptions")
	if b := opts.get("baseUrl"); b != nil && b.kind == jsonString {
		tc.baseURL = configPath(dir, configDir, b.str)
	}
	if paths := opts.get("paths"); paths != nil && paths.kind == jsonObject {
		tc.paths = []pathMapping{}
		tc.pathsBase = dir
		for _, m := range paths.members {
			pm := pathMapping{pattern: m.key}
			if m.value.kind == jsonArray {
				for _, t := range m.value.elems {
					if t.kind == jsonString {
						pm.targets = append(pm.targets, expandConfigDir(t.str, configDir))
					}
				}
			}
			tc.paths = append(tc.paths, pm)
		}
	}
	return tc
}

// expandConfigDir replaces a leading "${configDir}" of a path option.
func expandConfigDir(p, configDir string) string {
	if rest, ok := strings.CutPrefix(p, "${configDir}"); ok {
		return filepath.ToSlash(cleanpath.Join(configDir, filepath.FromSlash(rest)))
	}
	return p
}

// configPath makes a path option of the config in dir absolute.
func configPath(dir, configDir, p string) string {
	if rest, ok := strings.CutPrefix(p, "${configDir}"); ok {
		return cleanpath.Join(configDir, filepath.FromSlash(rest))
	}
	return cleanpath.Join(dir, filepath.FromSlash(p))
}

// tsconfigPath finds the file an "extends" entry names: a path, or a
// file of a package, installed or of the workspace, through the package's
// "exports", its "tsconfig" field or its tsconfig.json.
func (r *Resolver) tsconfigPath(dir, ref string) string {
	if isRelative(ref) || filepath.IsAbs(ref) {
		p := ref
		if !filepath.IsAbs(p) {
			p = cleanpath.Join(dir, filepath.FromSlash(ref))
		}
		return r.firstRegular(p, p+".json", cleanpath.Join(p, "tsconfig.json"))
	}
	name, sub := splitPackage(ref)
	if name == "" {
		return ""
	}
	pdir := ""
	for d := dir; r.inside(d); {
		if p := filepath.Join(d, "node_modules", filepath.FromSlash(name)); r.stat(p) == directory {
			pdir = p
			break
		}
		parent := cleanpath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if pdir == "" {
		pdir = r.workspaces()[name]
	}
	if pdir == "" {
		return ""
	}
	pj := r.pkg(pdir)
	if pj != nil && pj.exports != nil {
		key := "."
		if sub != "" {
			key = "./" + sub
		}
		if v, star, ok := matchSubpath(pj.exports, key); ok {
			found := ""
			eachTarget(v, star, func(t string, _ cond) bool {
				if strings.HasPrefix(t, "./") {
					p := cleanpath.Join(pdir, filepath.FromSlash(t))
					found = r.firstRegular(p, p+".json")
				}
				return found != ""
			})
			if found != "" {
				return found
			}
		}
	}
	if sub == "" {
		if pj != nil && pj.tsconfig != "" {
			if p := r.firstRegular(cleanpath.Join(pdir, filepath.FromSlash(pj.tsconfig))); p != "" {
				return p
			}
		}
		return r.firstRegular(cleanpath.Join(pdir, "tsconfig.json"))
	}
	p := cleanpath.Join(pdir, filepath.FromSlash(sub))
	return r.firstRegular(p, p+".json", cleanpath.Join(p, "tsconfig.json"))
}

func (r *Resolver) firstRegular(paths ...string) string {
	for _, p := range paths {
		if r.stat(p) == regular {
			return p
		}
	}
	return ""
}

// viaPaths applies tsconfig "paths". ok is false when no pattern matches
// or the matching pattern's targets name no file, so that the specifier
// can still resolve through baseUrl or as a package.
func (r *Resolver) viaPaths(tc *tsconfig, spec string) (Resolution, bool) {
	var best *pathMapping
	bestLen, star := -1, ""
	for i := range tc.paths {
		pm := &tc.paths[i]
		j := strings.IndexByte(pm.pattern, '*')
		if j < 0 {
			if pm.pattern == spec {
				best, star = pm, ""
				break
			}
			continue
		}
		prefix, suffix := pm.pattern[:j], pm.pattern[j+1:]
		if len(spec) >= len(prefix)+len(suffix) && strings.HasPrefix(spec, prefix) && strings.HasSuffix(spec, suffix) && len(prefix) > bestLen {
			best, bestLen, star = pm, len(prefix), spec[len(prefix):len(spec)-len(suffix)]
		}
	}
	if best == nil {
		return Resolution{}, false
	}
	base := tc.baseURL
	if base == "" {
		base = tc.pathsBase
	}
	for _, t := range best.targets {
		p := strings.ReplaceAll(t, "*", star)
		if filepath.IsAbs(filepath.FromSlash(p)) {
			rel, err := filepath.Rel(base, filepath.FromSlash(p))
			if err != nil {
				continue
			}
			p = filepath.ToSlash(rel)
		}
		if res := r.target(base, p, false); res.Kind != NotFound {
			return res, true
		}
	}
	return Resolution{}, false
}
