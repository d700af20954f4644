package source

import "github.com/dolint-dev/dolint/jsast"

// dynamicSpecs returns the literal arguments of import("x") and
// require("x"), in source order: the bundler follows them, so their
// modules are part of the Worker. The parser records them as it builds
// the calls, so finding them costs no walk of the tree.
func dynamicSpecs(f *jsast.File) []*jsast.Node { return f.DynamicLoads() }
