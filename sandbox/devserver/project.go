package devserver

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/wrangler"
)

// FindConfig returns the wrangler config in dir, trying the names in
// wrangler's order of precedence.
func FindConfig(dir string) (string, error) {
	for _, n := range wrangler.ConfigNames() {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: no %s found", dir, strings.Join(wrangler.ConfigNames(), ", "))
}

// ProjectOptions reads a Worker project's wrangler config into the options
// the sandbox loads it with: entry module, compatibility settings, Durable
// Object bindings and each class's storage backend from the migration
// replay. env selects an [env.<name>] section ("" for the top level).
func ProjectOptions(configPath, env string) (sandbox.Options, error) {
	var opts sandbox.Options
	src, err := os.ReadFile(configPath)
	if err != nil {
		return opts, err
	}
	fset := token.NewFileSet()
	file := fset.AddFile(configPath, -1, len(src))
	file.SetLinesForContent(src)
	cfg := wrangler.Parse(file, configPath, src)
	for _, p := range cfg.Problems {
		if p.Severity == wrangler.Error {
			return opts, fmt.Errorf("%s: %s", fset.Position(p.Pos), p.Message)
		}
	}
	sec := cfg.Effective(env)
	if sec == nil {
		return opts, fmt.Errorf("%s: no environment %q", configPath, env)
	}
	if sec.Main == nil || sec.Main.Value == "" {
		return opts, fmt.Errorf("%s: no \"main\" entry point", configPath)
	}
	opts.Dir = filepath.Dir(configPath)
	opts.Main = sec.Main.Value
	if sec.CompatibilityDate != nil {
		opts.CompatibilityDate = sec.CompatibilityDate.Value
	}
	opts.CompatibilityFlags = sec.CompatibilityFlags.Values()
	opts.Classes = map[string]sandbox.Backend{}
	if sec.Migrations != nil {
		res := migrations.Replay(sec.Migrations.Steps)
		if res.Err != nil {
			pos := token.NoPos
			if res.Err.Class != nil {
				pos = res.Err.Class.Pos
			}
			return opts, fmt.Errorf("%s: %s", fset.Position(pos), res.Err.Message)
		}
		for name, c := range res.Classes {
			if c.Backend == migrations.SQLite {
				opts.Classes[name] = sandbox.BackendSQLite
			} else {
				opts.Classes[name] = sandbox.BackendKV
			}
		}
	}
	if sec.DurableObjects != nil {
		for _, b := range sec.DurableObjects.Bindings {
			if b.Name == nil || b.ClassName == nil {
				continue
			}
			if !b.Local() {
				return opts, fmt.Errorf("%s: binding %s names script %q; only this Worker's own classes can run locally",
					fset.Position(b.Pos), b.Name.Value, b.ScriptName.Value)
			}
			opts.Bindings = append(opts.Bindings, sandbox.Binding{Name: b.Name.Value, ClassName: b.ClassName.Value})
		}
	}
	if len(sec.Vars) > 0 {
		opts.Vars = map[string]any{}
		for _, v := range sec.Vars {
			if v.Name != nil {
				opts.Vars[v.Name.Value] = v.Value
			}
		}
	}
	return opts, nil
}
