package resolve

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

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

func (r *Resolver) readJSON(p string) *jsonValue {
	if r.stat(p) != regular {
		return nil
	}
	src, err := r.ReadFile(p)
	if err != nil {
		return nil
	}
	v, ok := parseJSONC(src)
	if !ok {
		return nil
	}
	return v
}

type pkgJSON struct {
	name                string
	main, module, types string
	exports, imports    *jsonValue
	workspaces          []string
}

// pkg reads dir/package.json, cached; nil when absent or unreadable.
func (r *Resolver) pkg(dir string) *pkgJSON {
	r.mu.Lock()
	pj, ok := r.pkgs[dir]
	r.mu.Unlock()
	if ok {
		return pj
	}
	if v := r.readJSON(filepath.Join(dir, "package.json")); v != nil && v.kind == jsonObject {
		pj = &pkgJSON{
			name:    v.getString("name"),
			main:    v.getString("main"),
			module:  v.getString("module"),
			types:   v.getString("types"),
			exports: v.get("exports"),
			imports: v.get("imports"),
		}
		if pj.types == "" {
			pj.types = v.getString("typings")
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
	}
	r.mu.Lock()
	r.pkgs[dir] = pj
	r.mu.Unlock()
	return pj
}

// workspaces maps package names to directories for the repository that
// holds the project: the nearest package.json above Root with a
// "workspaces" list, or a pnpm-workspace.yaml.
func (r *Resolver) workspaces() map[string]string {
	r.wsOnce.Do(func() {
		r.workspace = map[string]string{}
		for d := r.Root; ; {
			var globs []string
			if pj := r.pkg(d); pj != nil && len(pj.workspaces) > 0 {
				globs = pj.workspaces
			} else if g := r.pnpmWorkspace(d); len(g) > 0 {
				globs = g
			}
			if len(globs) > 0 {
				r.expandWorkspaces(d, globs)
				return
			}
			parent := filepath.Dir(d)
			if parent == d {
				return
			}
			d = parent
		}
	})
	return r.workspace
}

func (r *Resolver) pnpmWorkspace(dir string) []string {
	p := filepath.Join(dir, "pnpm-workspace.yaml")
	if r.stat(p) != regular {
		return nil
	}
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
}

func (r *Resolver) expandWorkspaces(root string, globs []string) {
	var dirs []string
	for _, g := range globs {
		if strings.HasPrefix(g, "!") {
			continue
		}
		g = strings.TrimSuffix(filepath.FromSlash(g), string(filepath.Separator))
		if strings.Contains(g, "**") {
			// "packages/**": every directory below the prefix, a few levels
			// deep, that is not an installed package.
			prefix := filepath.Join(root, strings.TrimSuffix(g[:strings.Index(g, "**")], string(filepath.Separator)))
			dirs = append(dirs, walkDirs(prefix, 3)...)
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(root, g))
		dirs = append(dirs, matches...)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if pj := r.pkg(d); pj != nil && pj.name != "" {
			if _, dup := r.workspace[pj.name]; !dup {
				r.workspace[pj.name] = d
			}
		}
	}
}

func walkDirs(dir string, depth int) []string {
	if depth == 0 {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "node_modules" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		out = append(out, p)
		out = append(out, walkDirs(p, depth-1)...)
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
// with its "extends" chain applied.
func (r *Resolver) tsconfigFor(dir string) *tsconfig {
	r.mu.Lock()
	tc, ok := r.tsconfigs[dir]
	r.mu.Unlock()
	if ok {
		return tc
	}
	for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
		if p := filepath.Join(dir, name); r.stat(p) == regular {
			tc = r.loadTSConfig(p, map[string]bool{})
			break
		}
	}
	if tc == nil {
		if parent := filepath.Dir(dir); parent != dir {
			tc = r.tsconfigFor(parent)
		}
	}
	r.mu.Lock()
	r.tsconfigs[dir] = tc
	r.mu.Unlock()
	return tc
}

func (r *Resolver) loadTSConfig(p string, seen map[string]bool) *tsconfig {
	if seen[p] {
		return nil
	}
	seen[p] = true
	v := r.readJSON(p)
	if v == nil || v.kind != jsonObject {
		return &tsconfig{}
	}
	dir := filepath.Dir(p)
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
			if base := r.loadTSConfig(pp, seen); base != nil {
				*tc = *base
			}
		}
	}
	opts := v.get("compilerOptions")
	if b := opts.get("baseUrl"); b != nil && b.kind == jsonString {
		tc.baseURL = filepath.Join(dir, filepath.FromSlash(b.str))
	}
	if paths := opts.get("paths"); paths != nil && paths.kind == jsonObject {
		tc.paths = nil
		tc.pathsBase = dir
		for _, m := range paths.members {
			pm := pathMapping{pattern: m.key}
			if m.value.kind == jsonArray {
				for _, t := range m.value.elems {
					if t.kind == jsonString {
						pm.targets = append(pm.targets, t.str)
					}
				}
			}
			tc.paths = append(tc.paths, pm)
		}
	}
	return tc
}

// tsconfigPath finds the file an "extends" entry names.
func (r *Resolver) tsconfigPath(dir, ref string) string {
	var candidates []string
	if isRelative(ref) || filepath.IsAbs(ref) {
		p := ref
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, filepath.FromSlash(ref))
		}
		candidates = []string{p, p + ".json"}
	} else {
		for d := dir; ; {
			p := filepath.Join(d, "node_modules", filepath.FromSlash(ref))
			candidates = append(candidates, p, p+".json", filepath.Join(p, "tsconfig.json"))
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	for _, c := range candidates {
		if r.stat(c) == regular {
			return c
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
		if res := r.file(filepath.Join(base, filepath.FromSlash(p))); res.Kind != NotFound {
			return res, true
		}
	}
	return Resolution{}, false
}
