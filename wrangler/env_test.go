package wrangler

import (
	"go/token"
	"reflect"
	"testing"
)

func TestEffective(t *testing.T) {
	for _, name := range []string{"wrangler.jsonc", "wrangler.toml"} {
		t.Run(name, func(t *testing.T) {
			src := goodJSONC
			if name == "wrangler.toml" {
				src = goodTOML
			}
			cfg, _ := parseSrc(t, name, src)
			top := cfg.Effective("")
			if top.Name.Value != "chat" || top.Migrations != cfg.Top.Migrations {
				t.Errorf("top = %+v", top)
			}

			// production sets its own name (no suffix), bindings and vars,
			// and inherits the rest.
			prod := cfg.Effective("production")
			if prod.Name.Value != "chat-prod" || prod.Name != cfg.Env("production").Section.Name {
				t.Errorf("production name = %+v", prod.Name)
			}
			if prod.Main != cfg.Top.Main || prod.CompatibilityDate != cfg.Top.CompatibilityDate ||
				prod.CompatibilityFlags != cfg.Top.CompatibilityFlags || prod.NoBundle != cfg.Top.NoBundle {
				t.Errorf("production scalars not inherited: %+v", prod)
			}
			if prod.Migrations != cfg.Top.Migrations {
				t.Errorf("production migrations not inherited")
			}
			if prod.DurableObjects != cfg.Env("production").DurableObjects {
				t.Errorf("production durable_objects is not its own")
			}
			if len(prod.Vars) != 1 || prod.Vars[0].Value != "prod" {
				t.Errorf("production vars = %+v", prod.Vars)
			}

			// staging has its own migrations (not merged) and gets the
			// suffixed name, positioned at the top-level name.
			st := cfg.Effective("staging")
			if st.Name.Value != "chat-staging" || st.Name.Pos != cfg.Top.Name.Pos || st.Name.End != cfg.Top.Name.End {
				t.Errorf("staging name = %+v (top %+v)", st.Name, cfg.Top.Name)
			}
			if st.Migrations != cfg.Env("staging").Migrations || len(st.Migrations.Steps) != 1 {
				t.Errorf("staging migrations = %+v", st.Migrations)
			}
			if st.Vars != nil {
				t.Errorf("vars are not inherited, got %+v", st.Vars)
			}
			if cfg.Effective("nope") != nil {
				t.Errorf("unknown env is not nil")
			}
			// The returned section is a copy: changing it leaves the config alone.
			st.Main = nil
			if cfg.Effective("staging").Main == nil {
				t.Errorf("Effective returned shared state")
			}
		})
	}
}

func TestEffectiveNotInherited(t *testing.T) {
	src := `{"name": "w", "durable_objects": {"bindings": [{"name": "A", "class_name": "A"}]},
  "exports": {"A": {"type": "durable-object", "storage": "sqlite"}},
  "env": {"e": {"exports": {"B": {"type": "durable-object", "storage": "sqlite"}}}, "f": {"name": ""}}}`
	cfg, _ := parseSrc(t, "wrangler.jsonc", src)
	e := cfg.Effective("e")
	if e.DurableObjects != nil {
		t.Errorf("durable_objects inherited: %+v", e.DurableObjects)
	}
	if e.Exports != cfg.Env("e").Exports || e.Exports.Entries[0].Class.Value != "B" {
		t.Errorf("exports = %+v", e.Exports)
	}
	if f := cfg.Effective("f"); f.Exports != cfg.Top.Exports || f.Name.Value != "" {
		t.Errorf("f = %+v", f)
	}
	// appendEnvName leaves an empty top-level name undefined.
	cfg, _ = parseSrc(t, "wrangler.jsonc", `{"name": "", "env": {"e": {}}}`)
	if n := cfg.Effective("e").Name; n != nil {
		t.Errorf("name = %+v", n)
	}
}

func TestParseSharedFileSet(t *testing.T) {
	// Positions are the caller's file's, also when it is not the first in
	// the FileSet.
	fset := token.NewFileSet()
	other := []byte("{}\n\n\n")
	fo := fset.AddFile("a/wrangler.jsonc", -1, len(other))
	fo.SetLinesForContent(other)
	Parse(fo, "a/wrangler.jsonc", other)
	src := []byte("name = \"x\"\n[[migrations]]\ntag = 5\n")
	f := fset.AddFile("b/wrangler.toml", -1, len(src))
	f.SetLinesForContent(src)
	cfg := Parse(f, "b/wrangler.toml", src)
	if len(cfg.Problems) != 1 {
		t.Fatalf("problems = %+v", cfg.Problems)
	}
	if got := fset.Position(cfg.Problems[0].Pos).String(); got != "b/wrangler.toml:3:7" {
		t.Errorf("position = %s", got)
	}
	if got := fset.Position(cfg.Top.Name.Pos).String(); got != "b/wrangler.toml:1:8" {
		t.Errorf("name position = %s", got)
	}
}

func TestDiscovery(t *testing.T) {
	// wrangler 4.86's findWranglerConfig tries wrangler.json, then
	// wrangler.jsonc, then wrangler.toml (read in the published bundle).
	if got := ConfigNames(); !reflect.DeepEqual(got, []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}) {
		t.Errorf("ConfigNames = %v", got)
	}
	if !IsConfigName("wrangler.toml") || IsConfigName("wrangler.production.toml") {
		t.Errorf("IsConfigName")
	}
	for in, want := range map[string]string{
		"wrangler.production.toml":   "production",
		"a/b/wrangler.staging.jsonc": "staging",
		"wrangler.dev.json":          "dev",
		"wrangler.eu.prod.toml":      "eu.prod",
		"wrangler.toml":              "",
		"wrangler..toml":             "",
		"wrangler.staging.yaml":      "",
		"mywrangler.staging.toml":    "",
	} {
		got, ok := EnvVariant(in)
		if got != want || ok != (want != "") {
			t.Errorf("EnvVariant(%q) = %q, %v", in, got, ok)
		}
	}
	for in, want := range map[string]Format{"wrangler.toml": TOML, "x/wrangler.json": JSON, "wrangler.jsonc": JSONC, "W.TOML": TOML} {
		if got := FormatOf(in); got != want {
			t.Errorf("FormatOf(%q) = %v", in, got)
		}
	}
}
