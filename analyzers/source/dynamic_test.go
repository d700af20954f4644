package source

import (
	"go/token"
	"testing"

	"github.com/dolint-dev/dolint/jsast"
)

// dynamicSpecs finds every import("x") and require("x") of a module, and
// nothing else that names a module.
func TestDynamicSpecs(t *testing.T) {
	for _, c := range []struct {
		src   string
		specs []string
	}{
		{`import { a } from "./a"; import * as b from "./b"; export * from "./c";`, nil},
		{`import type { T } from "./t"; const u = import.meta.url;`, nil},
		{`const m = await import("./m");`, []string{"./m"}},
		{"const m = import\n\t(\"./m\");", []string{"./m"}},
		{`const m = import /* chunk */ ("./m");`, []string{"./m"}},
		{`const m = require("./m"), n = require("./n");`, []string{"./m", "./n"}},
		{`const load = (p: string) => import(p);`, nil},
		{`function f() { if (x) { return () => require("./deep"); } }`, []string{"./deep"}},
	} {
		f := jsast.ParseFile(token.NewFileSet(), "/x/m.ts", []byte(c.src))
		specs := dynamicSpecs(f)
		if len(specs) != len(c.specs) {
			t.Errorf("%q: %d dynamic specifiers, want %d", c.src, len(specs), len(c.specs))
			continue
		}
		for i, n := range specs {
			if got := f.NameOf(n); got != c.specs[i] {
				t.Errorf("%q: specifier %d is %q, want %q", c.src, i, got, c.specs[i])
			}
		}
	}
}
