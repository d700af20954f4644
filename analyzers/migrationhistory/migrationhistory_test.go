package migrationhistory_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/migrationhistory"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// repos turns each case testdata/src/<case> into a git repository in a
// new testdata directory: history.txtar's files and git commands replay
// the config's history (see gitlogtest.Script), then the case's other
// files are written over it as the working tree, uncommitted, as a
// pre-commit hook sees a staged edit. Golden files come along, and with
// -update the new ones are copied back.
func repos(t *testing.T, cases ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, c := range cases {
		src := filepath.Join("testdata", "src", c)
		dst := filepath.Join(root, "src", c)
		r := gitlogtest.Init(t, dst)
		hist, err := os.ReadFile(filepath.Join(src, "history.txtar"))
		if err != nil {
			t.Fatal(err)
		}
		r.Script(string(hist))
		files := map[string]string{}
		err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "history.txtar" {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(src, p)
			files[filepath.ToSlash(rel)] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r.Write(files)
		if ruletest.Updating() {
			t.Cleanup(func() { copyGoldens(t, dst, src) })
		}
	}
	return root
}

func copyGoldens(t *testing.T, from, to string) {
	goldens, _ := filepath.Glob(filepath.Join(from, "*.golden"))
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Error(err)
			continue
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(g)), data, 0o644); err != nil {
			t.Error(err)
		}
	}
}

func TestRule(t *testing.T) {
	cases := []string{"jsonc", "toml_env", "toml_fix", "renamed_file", "order", "silent", "committed"}
	ruletest.RunWithFixes(t, repos(t, cases...), migrationhistory.Rule, cases...)
}

// With a since revision, edits before it are free: the first deploy came
// after them. The revision comes from the project's configuration.
func TestSince(t *testing.T) {
	dir := filepath.Join(repos(t, "since"), "src", "since")
	projects, err := discover.Projects([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	lint := func(since string) []string {
		cfg := lintconfig.Default()
		cfg.History.Since = since
		res, err := driver.RunOptions(projects, rule.NewSet(migrationhistory.Rule), driver.Options{
			Config: func(*driver.Project) rule.Config { return cfg },
		})
		if err != nil {
			t.Fatalf("since %q: %v", since, err)
		}
		var out []string
		for _, d := range res.Diagnostics {
			out = append(out, fmt.Sprintf("%d: %s", res.Position(d.Pos).Line, d.Message))
		}
		return out
	}
	got := lint("v1.0.0")
	if len(got) != 1 || !strings.HasPrefix(got[0], `7: migration "v2" differs from its form in commit`) || !strings.Contains(got[0], `"search"`) {
		t.Errorf("since v1.0.0: %q", got)
	}
	// The whole history also has v1 as new_classes.
	got = lint("")
	if len(got) != 2 || !strings.Contains(got[0], `migration "v1" differs`) || !strings.Contains(got[0], `"notes, first try"`) {
		t.Errorf("whole history: %q", got)
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, migrationhistory.Rule)
}
