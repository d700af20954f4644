package migrationhistory_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/migrationhistory"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
	"github.com/dolint-dev/dolint/internal/rule"
)

// thousandCommits builds a repository whose wrangler.jsonc has 1,000
// commits: each changes a var, every tenth appends a migration step, and
// the working tree then edits the first step.
func thousandCommits(tb testing.TB) string {
	r := gitlogtest.New(tb)
	var srcs []string
	steps := []string{`{ "tag": "v1", "new_sqlite_classes": ["C0"] }`}
	for i := range 1000 {
		if i%10 == 9 {
			steps = append(steps, fmt.Sprintf(`{ "tag": "v%d", "new_sqlite_classes": ["C%d"] }`, len(steps)+1, len(steps)))
		}
		srcs = append(srcs, fmt.Sprintf("{\n  \"name\": \"app\",\n  \"vars\": { \"BUILD\": %d },\n  \"migrations\": [\n    %s\n  ]\n}\n", i, strings.Join(steps, ",\n    ")))
	}
	r.Import("wrangler.jsonc", srcs)
	last := srcs[len(srcs)-1]
	r.Write(map[string]string{"wrangler.jsonc": strings.Replace(last, `"new_sqlite_classes": ["C0"]`, `"new_classes": ["C0"]`, 1)})
	return r.Dir
}

// BenchmarkThousandCommits lints a config with 1,000 commits of history:
// git reads them, each distinct version is parsed, and the rule compares
// every migrations list with each.
func BenchmarkThousandCommits(b *testing.B) {
	dir := thousandCommits(b)
	projects, err := discover.Projects([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	set := rule.NewSet(migrationhistory.Rule)
	for b.Loop() {
		res, err := driver.Run(projects, set, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Diagnostics) != 1 {
			b.Fatalf("%d findings, want the edited v1", len(res.Diagnostics))
		}
	}
}
