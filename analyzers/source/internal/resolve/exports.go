package resolve

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/cleanpath"
)

// matchSubpath finds the entry of a package.json "exports" or "imports"
// value for key ("." or "./x" for exports, "#x" for imports) and returns
// it with the text a "*" in its targets stands for.
func matchSubpath(m *jsonValue, key string) (v *jsonValue, star string, ok bool) {
	if m.kind != jsonObject || !m.hasSubpathKeys() {
		// Sugar: a string, array or conditions object is the "." entry.
		return m, "", key == "."
	}
	if v := m.get(key); v != nil {
		return v, "", true
	}
	// Pattern keys: the longest prefix before "*" wins, then the longest key.
	bestKey := ""
	for _, e := range m.members {
		i := strings.IndexByte(e.key, '*')
		if i < 0 {
			continue
		}
		prefix, suffix := e.key[:i], e.key[i+1:]
		if len(key) < len(prefix)+len(suffix) || !strings.HasPrefix(key, prefix) || !strings.HasSuffix(key, suffix) || key == prefix {
			continue
		}
		if v == nil || i > strings.IndexByte(bestKey, '*') || (i == strings.IndexByte(bestKey, '*') && len(e.key) > len(bestKey)) {
			v, bestKey, star = e.value, e.key, key[len(prefix):len(key)-len(suffix)]
		}
	}
	if v != nil {
		return v, star, true
	}
	// Folder mappings of older packages ("./sub/": "./src/sub/").
	for _, e := range m.members {
		if strings.HasSuffix(e.key, "/") && strings.HasPrefix(key, e.key) && e.value.kind == jsonString {
			return &jsonValue{kind: jsonString, str: e.value.str + key[len(e.key):]}, "", true
		}
	}
	return nil, "", false
}

// conditionOrder ranks export conditions by how directly their targets
// lead to a package's sources: the "source" condition names them, "types"
// names declarations that sit next to them or in the build output beside
// src/, and then come the conditions wrangler's esbuild enables for
// Workers (its conditions list "workerd", "worker", "browser"; esbuild adds
// "import" for an import and "default" always), among which the object's
// order decides, as it does for esbuild. Other conditions ("require",
// "node", "module", ...) are tried last, in the object's order too, since
// a target a reader can open beats none.
var conditionOrder = map[string]int{
	"source":  0,
	"types":   1,
	"workerd": 2,
	"worker":  2,
	"browser": 2,
	"import":  2,
	"default": 2,
}

func conditionRank(c string) int {
	if r, ok := conditionOrder[c]; ok {
		return r
	}
	return 3
}

// cond says which conditions lead to a target.
type cond struct {
	types bool // a "types" condition: the target is a declaration
	other bool // a condition that is neither "source" nor one the bundler enables
}

// eachTarget calls f with the targets of an exports or imports entry, in
// the order a reader looking for the sources would open them, until f
// returns true. A null target is skipped: it hides that branch, and the
// others still name files to read.
func eachTarget(v *jsonValue, star string, f func(target string, c cond) bool) bool {
	return walkTargets(v, star, cond{}, f)
}

func walkTargets(v *jsonValue, star string, c cond, f func(string, cond) bool) bool {
	if v == nil {
		return false
	}
	switch v.kind {
	case jsonString:
		return f(strings.ReplaceAll(v.str, "*", star), c)
	case jsonArray:
		for _, e := range v.elems {
			if walkTargets(e, star, c, f) {
				return true
			}
		}
	case jsonObject:
		members := append([]jsonMember(nil), v.members...)
		sort.SliceStable(members, func(i, j int) bool {
			return conditionRank(members[i].key) < conditionRank(members[j].key)
		})
		for _, m := range members {
			next := c
			switch _, known := conditionOrder[m.key]; {
			case m.key == "types":
				next.types = true
			case !known:
				next.other = true
			}
			if walkTargets(m.value, star, next, f) {
				return true
			}
		}
	}
	return false
}

// entryTarget resolves an exports or imports entry of the package in dir.
// A target that the bundler would take (or a "source" target) and that
// exists outside the build directories is the source itself and wins
// first, even over a "types" target that precedes it; then the targets
// are tried in order, through declarations to their sources and through
// source twins. bare says whether package specifiers are targets too, as
// in "imports".
func (r *Resolver) entryTarget(dir string, v *jsonValue, star string, bare bool) Resolution {
	var res Resolution
	eachTarget(v, star, func(t string, c cond) bool {
		if c.types || c.other || !strings.HasPrefix(t, "./") || strings.Contains("/"+t+"/", "/../") || inBuildDir(t) {
			return false
		}
		res = r.file(cleanpath.Join(dir, filepath.FromSlash(t)))
		if res.Kind == Module && isDeclaration(res.Path) {
			res = Resolution{}
		}
		return res.Kind != NotFound
	})
	if res.Kind != NotFound {
		return res
	}
	eachTarget(v, star, func(t string, c cond) bool {
		switch {
		case strings.HasPrefix(t, "./"):
			// Targets must stay inside the package.
			if strings.Contains("/"+t+"/", "/../") {
				return false
			}
			res = r.target(dir, t, c.types)
		case bare && !isRelative(t) && !strings.HasPrefix(t, "/"):
			res = r.bare(dir, t)
		default:
			return false
		}
		return res.Kind != NotFound
	})
	return res
}

// inBuildDir reports whether the relative path rel lies in a build output
// directory.
func inBuildDir(rel string) bool {
	segs := strings.Split(strings.TrimPrefix(rel, "./"), "/")
	for _, s := range segs[:len(segs)-1] {
		if isBuildDir(s) {
			return true
		}
	}
	return false
}
