package source

import (
	"go/token"
	"testing"

	"github.com/dolint-dev/dolint/jsast"
)

// dynamicSpecs skips the walk only of modules whose text cannot hold a
// dynamic load, and finds every load of the others.
func TestDynamicSpecs(t *testing.T) {
	for _, c := range []struct {
		src   string
		specs int
		walk  bool
	}{
		{`import { a } from "./a"; import * as b from "./b"; export * from "./c";`, 0, false},
		{`import type { T } from "./t"; const u = import.meta.url;`, 0, false},
		{`const m = await import("./m");`, 1, true},
		{"const m = import\n\t(\"./m\");", 1, true},
		{`const m = import /* chunk */ ("./m");`, 1, true},
		{"const m = import\u00a0(\"./m\");", 1, true},
		{`const m = require("./m"), n = require("./n");`, 2, true},
		{`const load = (p: string) => import(p);`, 0, true},
		{`function f() { if (x) { return () => require("./deep"); } }`, 1, true},
	} {
		f := jsast.ParseFile(token.NewFileSet(), "/x/m.ts", []byte(c.src))
		if got := mayLoadDynamically(f.Src); got != c.walk {
			t.Errorf("%q: walk = %v, want %v", c.src, got, c.walk)
		}
		if got := len(dynamicSpecs(f)); got != c.specs {
			t.Errorf("%q: %d dynamic specifiers, want %d", c.src, got, c.specs)
		}
	}
}
