package nohistory_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/nohistory"
	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// cases copies each case of testdata/src into a new testdata directory
// outside this repository. A case with a history.txtar becomes a git
// repository: the history's commits, then the case's files committed on
// top; "shallow" is then cloned with --depth 1, as actions/checkout does
// by default.
func cases(t *testing.T, names ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, c := range names {
		src := filepath.Join("testdata", "src", c)
		dst := filepath.Join(root, "src", c)
		files := map[string]string{}
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
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
		hist, ok := files["history.txtar"]
		delete(files, "history.txtar")
		if !ok {
			for name, data := range files {
				p := filepath.Join(dst, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		r := gitlogtest.Init(t, filepath.Join(t.TempDir(), c))
		r.Script(hist)
		r.Commit("today", files)
		if c == "shallow" {
			clone := r.ShallowClone(1)
			if err := os.Rename(clone, dst); err != nil {
				t.Fatal(err)
			}
			continue
		}
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.Rename(r.Dir, dst); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestRule(t *testing.T) {
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	names := []string{"norepo", "nomigrations", "shallow", "committed"}
	ruletest.Run(t, cases(t, names...), nohistory.Rule, names...)
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, nohistory.Rule)
}
