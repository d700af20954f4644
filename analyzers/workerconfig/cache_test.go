package workerconfig

import (
	"go/token"
	"slices"
	"testing"
)

// A run decodes each package.json content and parses each runner
// configuration once, and its answers are the content's own.
func TestRunCache(t *testing.T) {
	fset := token.NewFileSet()
	c := cacheOf(fset)
	if cacheOf(fset) != c || cacheOf(token.NewFileSet()) == c {
		t.Fatal("a run's cache is not its own")
	}
	ints := []byte(`{"scripts": {"test": "vitest --config vitest.int.config.ts"}}`)
	unit := []byte(`{"scripts": {"test": "vitest --config vitest.unit.config.ts"}}`)
	for range 2 {
		if got := c.scriptConfigs(ints); !slices.Equal(got, []string{"vitest.int.config.ts"}) {
			t.Errorf("int: %q", got)
		}
		if got := c.scriptConfigs(unit); !slices.Equal(got, []string{"vitest.unit.config.ts"}) {
			t.Errorf("unit: %q", got)
		}
	}
	if len(c.scripts) != 2 {
		t.Errorf("%d package.json answers kept, want 2", len(c.scripts))
	}

	a := []byte(`export default { test: { wrangler: { configPath: "./a.jsonc" } } };`)
	b := []byte(`export default { test: { wrangler: { configPath: "./b.jsonc" } } };`)
	for range 2 {
		if got := c.configPaths("/p/vitest.config.ts", a); !slices.Equal(got, []string{"./a.jsonc"}) {
			t.Errorf("a: %q", got)
		}
		if got := c.configPaths("/p/vitest.config.ts", b); !slices.Equal(got, []string{"./b.jsonc"}) {
			t.Errorf("b: %q", got)
		}
		if got := c.configPaths("/q/vitest.config.ts", a); !slices.Equal(got, []string{"./a.jsonc"}) {
			t.Errorf("a elsewhere: %q", got)
		}
	}
	if len(c.paths) != 3 {
		t.Errorf("%d runner answers kept, want 3", len(c.paths))
	}
}
