package workerconfig_test

import (
	"path/filepath"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// harness reports the TestHarness marker at the start of the config.
var harness = &analysis.Analyzer{
	Name:     "harness",
	Doc:      "report the test-harness marker of the config",
	Requires: []*analysis.Analyzer{workerconfig.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
		if h := cfg.TestHarness; h != nil {
			pass.Reportf(cfg.File.Pos(0), "test harness: named by %s as %q", filepath.Base(h.By), h.ConfigPath)
		}
		return nil, nil
	},
}

// The config that @cloudflare/vitest-pool-workers reads is the one its
// wrangler.configPath option names, resolved from the vitest config's
// directory; it is marked only when it also looks test-only, since the
// project's own config is often the one tests use.
func TestHarness(t *testing.T) {
	ruletest.Run(t, "testdata", &rule.Rule{Analyzer: harness}, "named", "main", "nested", "plugin", "unnamed", "viteplugin", "subdir", "intest", "scripts", "testsdir", "e2e", "shared")
}
