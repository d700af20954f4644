package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeSnippets checks that the README's examples are, byte for byte,
// the files that tests run, and that it documents every flag and input.
func TestReadmeSnippets(t *testing.T) {
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ file, lang string }{
		{"testdata/action/workflow.yml", "yaml"},
		{"testdata/precommit/pre-commit-config.yaml", "yaml"},
		{"testdata/config/.dolint.jsonc", "jsonc"},
	} {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(s.file)))
		if err != nil {
			t.Fatal(err)
		}
		if block := "```" + s.lang + "\n" + string(data) + "```\n"; !strings.Contains(string(readme), block) {
			t.Errorf("README.md does not hold %s verbatim in a ```%s block; copy the file into it", s.file, s.lang)
		}
	}

	fs := flag.NewFlagSet("dolint", flag.ContinueOnError)
	new(lintFlags).register(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(string(readme), "| `--"+f.Name) {
			t.Errorf("README.md's flag table lacks --%s", f.Name)
		}
	})
	for name := range loadAction(t).Inputs {
		if !strings.Contains(string(readme), "| `"+name+"` |") {
			t.Errorf("README.md's input table lacks %s", name)
		}
	}
}
