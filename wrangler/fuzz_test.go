package wrangler

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/tailscale/hujson"
)

// seeds returns the testdata configs with the given extensions plus the
// configs embedded in the tests.
func seeds(tb testing.TB, exts ...string) [][]byte {
	var out [][]byte
	for _, ext := range exts {
		files, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// checkInvariants holds for any input: no panic (Parse turns one into an
// "internal error" problem), every position inside the file, a syntax error
// alone with an empty model, and the derived views computable.
func checkInvariants(t *testing.T, name string, src []byte) {
	cfg, _ := parseSrc(t, name, string(src))
	size := cfg.File.Size()
	for _, p := range cfg.Problems {
		if strings.HasPrefix(p.Message, "internal error") {
			t.Fatalf("panic while parsing: %s", p.Message)
		}
		if !p.Pos.IsValid() || !p.End.IsValid() || p.End < p.Pos {
			t.Fatalf("bad range for %q", p.Message)
		}
		if o := cfg.File.Offset(p.End); o > size {
			t.Fatalf("end %d beyond size %d", o, size)
		}
		if p.Area == AreaSyntax && (len(cfg.Problems) != 1 || cfg.Envs != nil || cfg.Top.Pos.IsValid()) {
			t.Fatalf("syntax error with other results: %+v", cfg.Problems)
		}
	}
	for _, e := range append([]*Env{{Section: cfg.Top}}, cfg.Envs...) {
		s := cfg.Effective(e.Name)
		if s == nil {
			t.Fatalf("Effective(%q) is nil", e.Name)
		}
		if s.Migrations != nil {
			for _, st := range s.Migrations.Steps {
				for _, l := range []*StringList{st.NewClasses, st.NewSqliteClasses, st.DeletedClasses} {
					if l == nil {
						continue
					}
					for _, it := range l.Items {
						if o := cfg.File.Offset(it.End); o > size || it.End < it.Pos {
							t.Fatalf("class %q out of range", it.Value)
						}
					}
				}
			}
		}
	}
}

func FuzzParseJSONC(f *testing.F) {
	for _, s := range seeds(f, ".jsonc", ".json") {
		f.Add(s)
	}
	f.Add([]byte(goodJSONC))
	f.Add([]byte(`{"migrations": [{"tag": 1, "renamed_classes": [null]}], "durable_objects": {"bindings": [null, [], "x"]}}`))
	f.Add([]byte(`{"exports": {"": 1, "A": {"type": "durable-object", "state": "renamed", "renamed_to": "1"}}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkInvariants(t, "wrangler.jsonc", src)
	})
}

func FuzzParseTOML(f *testing.F) {
	for _, s := range seeds(f, ".toml") {
		f.Add(s)
	}
	f.Add([]byte(goodTOML))
	f.Add([]byte("a.b = 1\n[a.c]\n[[a.d]]\n[a.d.e]\nx = {y.z = [1, {q = 2}]}\n"))
	f.Add([]byte("compatibility_date = 2024-01-01T00:00:00Z\nx = inf\ny = 0b101\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkInvariants(t, "wrangler.toml", src)
	})
}

// BenchmarkParse measures Parse on a typical config in each syntax. The
// "peer" sub-benchmarks decode the same bytes with the plain libraries into
// map[string]any (no positions, no validation), as the yardstick for ratios.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"typical.jsonc", "typical.toml"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		cfgName := "wrangler" + filepath.Ext(name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				cfg := Parse(nil, cfgName, src)
				if len(cfg.Problems) != 0 {
					b.Fatalf("problems: %+v", cfg.Problems)
				}
			}
		})
		b.Run(name+"/peer", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				var m map[string]any
				if filepath.Ext(name) == ".toml" {
					err = toml.Unmarshal(src, &m)
				} else {
					var std []byte
					if std, err = hujson.Standardize(src); err == nil {
						err = json.Unmarshal(std, &m)
					}
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestTestdataParsesClean(t *testing.T) {
	for _, name := range []string{"typical.jsonc", "typical.toml"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		cfg := Parse(nil, "wrangler"+filepath.Ext(name), src)
		if len(cfg.Problems) != 0 {
			t.Errorf("%s: %+v", name, cfg.Problems)
		}
		if len(cfg.Top.DurableObjects.Bindings) != 4 || len(cfg.Top.Migrations.Steps) != 4 || len(cfg.Envs) != 1 ||
			len(cfg.Env("staging").DurableObjects.Bindings) != 4 {
			t.Errorf("%s: model %+v", name, cfg.Top)
		}
	}
}
