package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/internal/cleanpath"
	"github.com/dolint-dev/dolint/internal/osfile"
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
	linked     memo[string]              // repository root + node_modules entry → its package in the repository, or ""
	wsRoots    memo[string]              // project directory → workspace root, or ""
	workspaces memo[map[string]string]   // workspace root → package name → directory
	tsconfigs  memo[*tsconfig]           // Resolver.key + directory → nearest tsconfig
	resolved   memo[Resolution]          // Resolver.key + directory + specifier → its resolution
	inPackage  memo[Resolution]          // Resolver.key + package directory + subpath → its file

	// listings are listings made earlier in the run, which answer for the
	// directories they hold.
	listings *osfile.Listings
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }

// NewCacheListings returns an empty Cache that takes the listings of the
// directories ls holds from ls. ls may be nil.
func NewCacheListings(ls *osfile.Listings) *Cache { return &Cache{listings: ls} }

// memo computes a value once per key, however many goroutines ask for it
// at the same time. Lookups of computed values take no lock: resolving
// one import probes a dozen names, from as many goroutines as there are
// cores.
type memo[V any] struct {
	m sync.Map // string → *memoCell[V]
}

type memoCell[V any] struct {
	once sync.Once
	v    V
}

// get must not be called for key again from inside f: that would wait for
// itself.
func (m *memo[V]) get(key string, f func() V) V {
	c, ok := m.m.Load(key)
	if !ok {
		c, _ = m.m.LoadOrStore(key, &memoCell[V]{})
	}
	cell := c.(*memoCell[V])
	cell.once.Do(func() { cell.v = f() })
	return cell.v
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
//
// p must be clean, as filepath.Join leaves it.
func (c *Cache) kind(p string) fileKind {
	dir, name, ok := split(p)
	if !ok {
		return directory // the file system root
	}
	return c.kindIn(c.entries(dir), p, name)
}

// split returns the directory and the name of the clean path p, or false
// for the file system root.
func split(p string) (dir, name string, ok bool) {
	i := strings.LastIndexByte(p, filepath.Separator)
	if i < 0 || i == len(p)-1 {
		return "", "", false
	}
	dir, name = p[:i], p[i+1:]
	if i == 0 || (i == 2 && p[1] == ':') {
		dir = p[:i+1]
	}
	return dir, name, true
}

// kindIn is kind(p) for p, called name, of the directory whose entries
// are names.
func (c *Cache) kindIn(names map[string]fileKind, p, name string) fileKind {
	k := names[name]
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
	return c.entries(cleanpath.Dir(p))[filepath.Base(p)] == symlink
}

func (c *Cache) entries(dir string) map[string]fileKind {
	return c.dirs.get(dir, func() map[string]fileKind {
		if c.absent(dir) {
			return noEntries
		}
		out := map[string]fileKind{}
		err := c.listings.ReadDir(dir, func(name string, k osfile.Kind) {
			switch k {
			case osfile.Symlink:
				out[name] = symlink
			case osfile.Dir:
				out[name] = directory
			default:
				out[name] = regular
			}
		})
		if err != nil {
			return nil
		}
		return out
	})
}

// noEntries are the entries of a directory that is not there, which
// unlike those of one that cannot be listed (nil) say that nothing below
// it is there either.
var noEntries = map[string]fileKind{}

// absent reports whether the listing of dir's parent shows that dir is no
// directory, so that listing dir would fail. Most directories that
// resolution asks about are not there (node_modules/@scope in every
// directory up to the repository root), and their parents are listed
// already. A name the parent holds in another case, or that is not ASCII,
// is listed all the same, since a file system may fold case or normalize
// Unicode.
func (c *Cache) absent(dir string) bool {
	i := strings.LastIndexByte(dir, filepath.Separator)
	if i < 0 || i == len(dir)-1 {
		return false // the file system root, or not absolute
	}
	parent, name := dir[:i], dir[i+1:]
	if i == 0 || (i == 2 && dir[1] == ':') {
		parent = dir[:i+1]
	}
	for j := 0; j < len(name); j++ {
		if name[j] >= utf8.RuneSelf {
			return false
		}
	}
	names := c.entries(parent)
	if names == nil {
		return false // the parent cannot be listed, yet dir may be there
	}
	if k, ok := names[name]; ok {
		return k == regular
	}
	for n := range names {
		if strings.EqualFold(n, name) {
			return false
		}
	}
	return true
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
