// Package workerconfig is the input analyzer that parses a project's
// wrangler config, once, for every rule that needs it.
package workerconfig

import (
	"reflect"

	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// Analyzer parses pass.OtherFiles[0], the project's wrangler config. Its
// result is a *wrangler.Config. A config that does not parse yields an empty
// model plus the syntax Problem, so rules find nothing in it and the
// configsyntax rule reports why. Config.TestHarness is set when a test
// runner's configuration near the config names it and the config looks
// test-only (see testHarness): rules then make no claim about deploys.
var Analyzer = &analysis.Analyzer{
	Name:       "workerconfig",
	Doc:        "parse the project's wrangler config",
	Run:        run,
	ResultType: reflect.TypeFor[*wrangler.Config](),
}

func run(pass *analysis.Pass) (any, error) {
	path := pass.OtherFiles[0]
	src, err := pass.ReadFile(path)
	if err != nil {
		return nil, err
	}
	tf := pass.Fset.AddFile(path, -1, len(src))
	tf.SetLinesForContent(src)
	cfg := wrangler.Parse(tf, path, src)
	cfg.TestHarness = testHarness(pass, path)
	return cfg, nil
}
