package resolve

import (
	"os"
	"path/filepath"
	"sync"
)

// Cache holds what resolution learns about the file system: directory
// listings, parsed package.json and tsconfig files, workspace layouts and
// repository roots. One Cache may serve every Resolver of a run, from many
// goroutines; it assumes that files do not change while it lives.
//
// A config file is read once per Cache, through the ReadFile of the first
// Resolver that needs it.
type Cache struct {
	dirs       memo[map[string]fileKind] // directory → its entries
	links      memo[fileKind]            // symlink → what it points at
	jsons      memo[*jsonValue]          // JSON file → its value, nil when unusable
	pkgs       memo[*pkgJSON]            // directory → its package.json
	pnpm       memo[[]string]            // directory → its pnpm-workspace.yaml globs
	repos      memo[string]              // project directory → repository root
	realDirs   memo[string]              // directory → the same with symlinks evaluated
	wsRoots    memo[string]              // project directory → workspace root, or ""
	workspaces memo[map[string]string]   // workspace root → package name → directory
	tsconfigs  memo[*tsconfig]           // repository root + directory → nearest tsconfig
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }

// memo computes a value once per key, however many goroutines ask for it
// at the same time.
type memo[V any] struct {
	mu sync.Mutex
	m  map[string]*memoCell[V]
}

type memoCell[V any] struct {
	once sync.Once
	v    V
}

// get must not be called for key again from inside f: that would wait for
// itself.
func (m *memo[V]) get(key string, f func() V) V {
	m.mu.Lock()
	if m.m == nil {
		m.m = map[string]*memoCell[V]{}
	}
	c := m.m[key]
	if c == nil {
		c = &memoCell[V]{}
		m.m[key] = c
	}
	m.mu.Unlock()
	c.once.Do(func() { c.v = f() })
	return c.v
}

type fileKind uint8

const (
	missing fileKind = iota
	regular
	directory
	symlink // only in directory listings; kind resolves it
)

// kind reports what p is, following symlinks. A whole directory is listed
// the first time one of its names is asked about: probing a dozen
// extensions for every import then costs map lookups, not system calls.
func (c *Cache) kind(p string) fileKind {
	p = filepath.Clean(p)
	dir, name := filepath.Dir(p), filepath.Base(p)
	if dir == p {
		return directory // the file system root
	}
	k := c.entries(dir)[name]
	if k == symlink {
		k = c.links.get(p, func() fileKind {
			fi, err := os.Stat(p)
			switch {
			case err != nil:
				return missing
			case fi.IsDir():
				return directory
			}
			return regular
		})
	}
	return k
}

// isLink reports whether p itself is a symbolic link.
func (c *Cache) isLink(p string) bool {
	p = filepath.Clean(p)
	return c.entries(filepath.Dir(p))[filepath.Base(p)] == symlink
}

func (c *Cache) entries(dir string) map[string]fileKind {
	return c.dirs.get(dir, func() map[string]fileKind {
		list, err := os.ReadDir(dir)
		if err != nil {
			return nil
		}
		out := make(map[string]fileKind, len(list))
		for _, e := range list {
			switch t := e.Type(); {
			case t&os.ModeSymlink != 0:
				out[e.Name()] = symlink
			case t.IsDir():
				out[e.Name()] = directory
			default:
				out[e.Name()] = regular
			}
		}
		return out
	})
}

// realDir returns dir with every symlink in it evaluated, or dir itself
// when that fails.
func (c *Cache) realDir(dir string) string {
	return c.realDirs.get(dir, func() string {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return real
		}
		return dir
	})
}
