package scope

// Build computes a resolution without the cache, for benchmarks.
var Build = build
