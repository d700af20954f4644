package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/bench/internal/tier"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{5}, 5},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// The files compared are those dolint reaches from the tier's configs:
// not a test file nothing imports, not a half-materialised repository.
func TestTierAndAnalysedFiles(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"a+one/.dolint-repo-commit": "x\n",
		"a+one/wrangler.jsonc":      `{"name": "one", "main": "src/index.ts"}`,
		"a+one/src/index.ts":        "import { x } from \"./lib\";\nexport default { fetch() { return new Response(String(x)); } };\n",
		"a+one/src/lib.ts":          "export const x = 1;\n",
		"a+one/src/unused.test.ts":  "export {};\n",
		"b+two/.dolint-repo-commit": "x\n",
		"b+two/w/wrangler.toml":     "name = \"two\"\nmain = \"index.js\"\n",
		"b+two/w/index.js":          "export default {};\n",
		"c+partial/wrangler.jsonc":  `{"name": "partial", "main": "index.ts"}`,
		"c+partial/index.ts":        "export default {};\n",
	})
	repos, err := tier.Repos(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a+one", "b+two"}; !reflect.DeepEqual(repos, want) {
		t.Fatalf("repos %v, want %v", repos, want)
	}
	files, perRepo, err := analysedFiles(root, repos)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a+one/src/index.ts", "a+one/src/lib.ts", "b+two/w/index.js"}; !reflect.DeepEqual(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	if perRepo["a+one"] != int64(len("import { x } from \"./lib\";\nexport default { fetch() { return new Response(String(x)); } };\n")+len("export const x = 1;\n")) {
		t.Errorf("bytes of a+one: %d", perRepo["a+one"])
	}
}
