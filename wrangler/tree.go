package wrangler

import (
	"bytes"
	"fmt"
)

// Tree returns a config file's contents as plain values: map[string]any
// for objects (the last of repeated keys winning), []any, string, float64,
// bool and nil; TOML dates are their literal text. It serves readers of
// keys the Config model leaves out (assets, build, other binding kinds).
// A file that does not parse to an object is an error giving the byte
// offset of the problem.
func Tree(path string, src []byte) (map[string]any, error) {
	base := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		base = 3
	}
	var root *value
	var off int
	var msg string
	if FormatOf(path) == TOML {
		root, off, msg = parseTOML(src[base:], base)
	} else {
		root, off, msg = parseJSONC(src[base:], base)
	}
	if msg != "" {
		return nil, fmt.Errorf("%s: offset %d: %s", path, off, msg)
	}
	m, ok := root.plain().(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: the configuration is not an object", path)
	}
	return m, nil
}

func (v *value) plain() any {
	switch v.kind {
	case kBool:
		return v.b
	case kNumber:
		return v.num
	case kString, kDate:
		return v.str
	case kArray:
		out := make([]any, len(v.elems))
		for i, e := range v.elems {
			out[i] = e.plain()
		}
		return out
	case kObject:
		out := make(map[string]any, len(v.members))
		for _, m := range v.members {
			out[m.key] = m.val.plain()
		}
		return out
	}
	return nil
}
