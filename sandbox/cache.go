package sandbox

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// cacheStore holds the Cache API's entries for the Worker and all its
// objects, as wrangler dev's local cache does: by cache name and URL, until
// they expire by the runtime's clock.
type cacheStore struct {
	mu      sync.Mutex
	entries map[[2]string]cacheEntry
}

type cacheEntry struct {
	res     *httpMsg
	expires time.Time
}

// cacheTTL is how long a response may be cached: s-maxage, else max-age,
// else Expires; nothing for no-store, private, a Set-Cookie header or a
// response that gives no lifetime.
func cacheTTL(h [][2]string, now time.Time) time.Duration {
	var cc, expires string
	for _, kv := range h {
		switch strings.ToLower(kv[0]) {
		case "cache-control":
			cc += "," + strings.ToLower(kv[1])
		case "expires":
			expires = kv[1]
		case "set-cookie":
			return 0
		}
	}
	maxAge, sMaxAge := -1, -1
	for _, d := range strings.Split(cc, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch k {
		case "no-store", "private", "no-cache":
			return 0
		case "max-age", "s-maxage":
			n, err := strconv.Atoi(strings.Trim(v, `"`))
			if err != nil {
				continue
			}
			if k == "max-age" {
				maxAge = n
			} else {
				sMaxAge = n
			}
		}
	}
	switch {
	case sMaxAge >= 0:
		return time.Duration(sMaxAge) * time.Second
	case maxAge >= 0:
		return time.Duration(maxAge) * time.Second
	case expires != "":
		if t, err := time.Parse(time.RFC1123, expires); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	return 0
}

// installCacheNatives gives workers.js the cache store: cachePut(name,
// url, response), cacheMatch(name, url) and cacheDelete(name, url).
func (iso *isolate) installCacheNatives(do *goja.Object) {
	store := &iso.rt.cache
	do.Set("cachePut", func(c goja.FunctionCall) goja.Value {
		m, err := iso.parts(c.Argument(2))
		if se := iso.check(err); se != nil {
			panic(iso.jsError(se, false))
		}
		now := iso.rt.clock.Now()
		ttl := cacheTTL(m.Header, now)
		key := [2]string{c.Argument(0).String(), c.Argument(1).String()}
		store.mu.Lock()
		defer store.mu.Unlock()
		if ttl <= 0 {
			delete(store.entries, key)
			return goja.Undefined()
		}
		if store.entries == nil {
			store.entries = map[[2]string]cacheEntry{}
		}
		m.WS = nil
		store.entries[key] = cacheEntry{res: m, expires: now.Add(ttl)}
		return goja.Undefined()
	})
	do.Set("cacheMatch", func(c goja.FunctionCall) goja.Value {
		key := [2]string{c.Argument(0).String(), c.Argument(1).String()}
		store.mu.Lock()
		e, ok := store.entries[key]
		if ok && !iso.rt.clock.Now().Before(e.expires) {
			delete(store.entries, key)
			ok = false
		}
		store.mu.Unlock()
		if !ok {
			return goja.Undefined()
		}
		res := *e.res
		res.Header = append(append([][2]string(nil), e.res.Header...), [2]string{"cf-cache-status", "HIT"})
		v, err := iso.jsResponse(&res)
		if se := iso.check(err); se != nil {
			panic(iso.jsError(se, false))
		}
		return v
	})
	do.Set("cacheDelete", func(c goja.FunctionCall) goja.Value {
		key := [2]string{c.Argument(0).String(), c.Argument(1).String()}
		store.mu.Lock()
		defer store.mu.Unlock()
		_, ok := store.entries[key]
		delete(store.entries, key)
		return iso.vm.ToValue(ok)
	})
}
