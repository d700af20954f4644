//go:build !unix

package npmcache

// Without flock, concurrent installs may both run, each in its own
// temporary directory; one that finds the install finished when it is done
// keeps that one.
func tryLock(string) (func(), error) { return func() {}, nil }
