package scope

// Build computes a resolution without the cache, for benchmarks.
var Build = build

// CacheLen counts the files whose resolution the cache holds.
func CacheLen() int {
	n := 0
	cache.Range(func(any, any) bool { n++; return true })
	return n
}
