package workerconfig

import (
	"go/token"
	"runtime"
	"sync"
	"weak"
)

// The projects of a monorepo share their package.json files and test
// runner configurations: a harness search from each test-only config
// reads the same few files, and decoding a package.json or parsing a
// runner configuration again for every project cost more than the rest
// of the search. A run's answers are kept with its FileSet, as
// confighistory keeps its git readers, and keyed by content (and a
// runner's name, which sets its language), so that an answer depends on
// nothing the key does not hold: two directories with different files
// never share one, and a FileSet kept from run to run (an editor's
// server) sees an edited file as a new key.

// runCache is one run's answers.
type runCache struct {
	mu      sync.Mutex
	scripts map[string][]string // package.json content → scriptConfigsIn
	paths   map[string][]string // runner name + "\x00" + content → configPaths
}

var caches sync.Map // weak.Pointer[token.FileSet] → *runCache

func cacheOf(fset *token.FileSet) *runCache {
	key := weak.Make(fset)
	if c, ok := caches.Load(key); ok {
		return c.(*runCache)
	}
	c, loaded := caches.LoadOrStore(key, &runCache{scripts: map[string][]string{}, paths: map[string][]string{}})
	if !loaded {
		runtime.AddCleanup(fset, func(k weak.Pointer[token.FileSet]) { caches.Delete(k) }, key)
	}
	return c.(*runCache)
}

// scriptConfigs is scriptConfigsIn(src), once per content. Callers must
// not modify the result.
func (c *runCache) scriptConfigs(src []byte) []string {
	c.mu.Lock()
	out, ok := c.scripts[string(src)]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = scriptConfigsIn(src)
	c.mu.Lock()
	c.scripts[string(src)] = out
	c.mu.Unlock()
	return out
}

// configPaths is configPaths(name, src), once per name and content.
// Callers must not modify the result.
func (c *runCache) configPaths(name string, src []byte) []string {
	key := name + "\x00" + string(src)
	c.mu.Lock()
	out, ok := c.paths[key]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = configPaths(name, src)
	c.mu.Lock()
	c.paths[key] = out
	c.mu.Unlock()
	return out
}
