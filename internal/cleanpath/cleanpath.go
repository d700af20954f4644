// Package cleanpath joins and splits file paths as package path/filepath
// does, quicker for the paths a lint run handles: absolute paths that are
// clean already, and import specifiers relative to them.
//
// filepath.Clean copies a path byte by byte to find out whether anything
// needs cleaning, and filepath.Join and filepath.Dir clean their result;
// resolving the imports of a monorepo joins and splits paths some
// hundreds of thousands of times.
package cleanpath

import (
	"path/filepath"
	"strings"
)

// Clean is filepath.Clean.
func Clean(p string) string {
	if !isClean(p) {
		return filepath.Clean(p)
	}
	return p
}

// Join is filepath.Join(dir, elem).
func Join(dir, elem string) string {
	if elem == "" || elem[0] == '/' || !isClean(dir) {
		return filepath.Join(dir, elem)
	}
	// Leading "." and ".." segments step in dir; from the first name on,
	// elem must be clean to be appended as it is.
	base := dir
	i := 0
	for i < len(elem) {
		seg, next := elem[i:], len(elem)
		if j := strings.IndexByte(seg, '/'); j >= 0 {
			seg, next = seg[:j], i+j+1
		}
		switch seg {
		case ".":
		case "..":
			base = base[:max(strings.LastIndexByte(base, '/'), 1)]
		default:
			rest := elem[i:]
			if !cleanSegments(rest) {
				return filepath.Join(dir, elem)
			}
			if base == "/" {
				return "/" + rest
			}
			return base + "/" + rest
		}
		i = next
	}
	return base
}

// Dir is filepath.Dir.
func Dir(p string) string {
	if !isClean(p) {
		return filepath.Dir(p)
	}
	return p[:max(strings.LastIndexByte(p, '/'), 1)]
}

// isClean reports whether p is an absolute path that filepath.Clean
// leaves as it is, where the separator is a slash.
func isClean(p string) bool {
	if filepath.Separator != '/' || p == "" || p[0] != '/' {
		return false
	}
	return p == "/" || cleanSegments(p[1:])
}

// cleanSegments reports whether the slash-separated segments of p are
// all names: none empty, none "." or "..".
func cleanSegments(p string) bool {
	if p == "" || p[0] == '/' || p[len(p)-1] == '/' || strings.Contains(p, "//") {
		return false
	}
	// What is left to rule out are "." and ".." segments; a segment that
	// starts with a dot, as .cache or .github, is looked at and passed.
	if p[0] == '.' && dotSegment(p[1:]) {
		return false
	}
	for i := 0; ; {
		j := strings.Index(p[i:], "/.")
		if j < 0 {
			return true
		}
		i += j + 2
		if dotSegment(p[i:]) {
			return false
		}
	}
}

// dotSegment reports whether rest, what follows a segment's first dot,
// makes the segment "." or "..".
func dotSegment(rest string) bool {
	return rest == "" || rest[0] == '/' || rest[0] == '.' && (len(rest) == 1 || rest[1] == '/')
}
