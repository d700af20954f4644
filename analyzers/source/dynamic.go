package source

import "bytes"

// mayLoadDynamically reports whether src may hold an import() or
// require() call, for dynamicSpecs to skip the walk of a tree that cannot
// have one: most modules never load another at run time, and the walk
// visits every node. It looks at the text, so it errs on the side of
// walking: any "require", an "import" followed by "(" or a comment, or an
// escape that could spell either.
func mayLoadDynamically(src []byte) bool {
	if bytes.Contains(src, []byte("require")) || bytes.Contains(src, []byte(`\u`)) {
		return true
	}
	for rest := src; ; {
		i := bytes.Index(rest, []byte("import"))
		if i < 0 {
			return false
		}
		rest = rest[i+len("import"):]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == '\n' || rest[j] == '\r' || rest[j] == '\v' || rest[j] == '\f') {
			j++
		}
		if j < len(rest) && (rest[j] == '(' || rest[j] == '/' || rest[j] >= 0x80) {
			return true
		}
	}
}
