package all_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
)

// facetProject runs two classes only as facets of a bound one (no binding,
// no migration, SQL and synchronous KV in them), and has a test config,
// named by its vitest configuration, that binds the facet classes without
// migrations, as vitest-pool-workers projects do.
const facetProject = "testdata/facets"

func lintAll(t *testing.T, dir string) *driver.Result {
	t.Helper()
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) != 2 {
		t.Fatalf("%s: %d projects, want 2 (the Worker and its test config)", dir, len(projects))
	}
	res, err := driver.Run(projects, all.Rules(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestFacetProjectIsQuiet: no rule may say that a facet needs a
// migration or is KV-backed, nor make deploy claims about the test config.
func TestFacetProjectIsQuiet(t *testing.T) {
	res := lintAll(t, facetProject)
	for _, d := range res.Diagnostics {
		p := res.Position(d.Pos)
		t.Errorf("%s:%d:%d: %s: %s", p.Filename, p.Line, p.Column, d.Rule, d.Message)
	}
}

// TestFacetProjectWithoutRunnerConfig removes the vitest configuration:
// the test config is then an ordinary config, whose bindings of classes
// that no migration creates fail a deploy. The silence above comes from
// knowing the config is test-only, not from rules that never look.
func TestFacetProjectWithoutRunnerConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(facetProject)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "test", "vitest.config.ts")); err != nil {
		t.Fatal(err)
	}
	res := lintAll(t, dir)
	var got []string
	for _, d := range res.Diagnostics {
		if d.Rule == "missingmigration" && strings.HasSuffix(res.Position(d.Pos).Filename, filepath.Join("test", "wrangler.jsonc")) {
			got = append(got, d.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), "class Step is bound") || !strings.Contains(strings.Join(got, "\n"), "class Note is bound") {
		t.Errorf("missingmigration findings in test/wrangler.jsonc = %q, want one each for Step and Note", got)
	}
}
