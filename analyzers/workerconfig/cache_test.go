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

// A package.json that mayNameConfig passes over names no configuration,
// and the ones that name one are not passed over, however the option is
// spelt.
func TestMayNameConfig(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`{"scripts": {"test": "vitest run"}, "devDependencies": {"eslint-config-x": "1", "vitest": "3"}}`, nil},
		{`{"scripts": {"test": "vitest run -coverage"}}`, nil},
		{`{"scripts": {"test": "vitest -c vitest.a.config.ts"}}`, []string{"vitest.a.config.ts"}},
		{`{"scripts": {"test": "vitest -c\tvitest.b.config.ts"}}`, []string{"vitest.b.config.ts"}},
		{`{"scripts": {"test": "vitest -c\nvitest.b.config.ts"}}`, []string{"vitest.b.config.ts"}},
		{`{"scripts": {"test": "vitest --config=vitest.c.config.ts"}}`, []string{"vitest.c.config.ts"}},
		{`{"scripts": {"test": "vitest \u002dc vitest.d.config.ts"}}`, []string{"vitest.d.config.ts"}},
		{`{"scripts": {"test": "vitest -\u0063 vitest.e.config.ts"}}`, []string{"vitest.e.config.ts"}},
		{`{"scripts": {"test": "vitest -c"}}`, nil},
		{`{"scripts": {"test": "vitest` + "\u00a0" + `-c` + "\u00a0" + `vitest.f.config.ts"}}`, []string{"vitest.f.config.ts"}},
	} {
		got := scriptConfigsIn([]byte(tc.src))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: scriptConfigsIn = %q, want %q", tc.src, got, tc.want)
		}
		if len(got) > 0 && !mayNameConfig([]byte(tc.src)) {
			t.Errorf("%s: passed over", tc.src)
		}
	}
	if mayNameConfig([]byte(`{"scripts": {"test": "vitest run"}, "devDependencies": {"eslint-config-x": "1"}}`)) {
		t.Error("a package.json without the option is decoded")
	}
}
