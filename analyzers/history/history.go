// Package history is the input analyzer that replays each deployable
// script's Durable Object lifecycle: its migrations, or its declarative
// exports.
package history

import (
	"reflect"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// Script is one deployable script: the top level, or one environment, which
// wrangler deploys as its own script <name>-<env> with its own namespaces
// and its own deployed migration tag.
type Script struct {
	Env     string            // "" for the top level
	Section *wrangler.Section // effective, after inheritance
	// Replay is the lifecycle this script's classes get: from migrations,
	// or from exports when the section declares durable-object exports.
	Replay      *migrations.Result
	FromExports bool
	// Inherited is true when the lifecycle comes from the top level, so
	// findings in it are the top level's and are reported there once.
	Inherited bool
}

// Result lists the scripts, the top level first.
type Result struct {
	Config  *wrangler.Config
	Scripts []*Script
}

// Analyzer replays migrations for the top level and each environment.
var Analyzer = &analysis.Analyzer{
	Name:       "history",
	Doc:        "replay the Durable Object migrations of each script",
	Run:        run,
	Requires:   []*analysis.Analyzer{workerconfig.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	res := &Result{Config: cfg}
	envs := []string{""}
	for _, e := range cfg.Envs {
		envs = append(envs, e.Name)
	}
	for _, name := range envs {
		sec := cfg.Effective(name)
		s := &Script{Env: name, Section: sec}
		if name != "" {
			own := cfg.Env(name)
			s.Inherited = own.Migrations == nil && own.Exports == nil
		}
		if hasDOExports(sec.Exports) {
			s.Replay = migrations.FromExports(sec.Exports)
			s.FromExports = true
		} else {
			var steps []*wrangler.Migration
			if sec.Migrations != nil {
				steps = sec.Migrations.Steps
			}
			s.Replay = migrations.Replay(steps)
		}
		res.Scripts = append(res.Scripts, s)
	}
	return res, nil
}

func hasDOExports(e *wrangler.Exports) bool {
	if e == nil {
		return false
	}
	for _, x := range e.Entries {
		if x.Type != nil && x.Type.Value == "durable-object" {
			return true
		}
	}
	return false
}
