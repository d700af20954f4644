// Package configsyntax reports a wrangler config that does not parse.
package configsyntax

import (
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "configsyntax",
	Title: "wrangler config does not parse",
	What: `Reports a syntax error in wrangler.jsonc, wrangler.json or wrangler.toml,
or a file that is not a config object at all (an array, a file saved as
UTF-16). JSON files are read as JSON with comments and trailing commas,
as wrangler reads them.`,
	Why: `wrangler stops before building or deploying anything, and every other
dolint rule sees an empty config, so nothing else in the project is checked
until the file parses.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter"
  "main": "src/index.ts"
}
-- src/index.ts --
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
}
-- src/index.ts --
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/configuration/",
	},
}

// Analyzer reports the loader's syntax problems.
var Analyzer = rule.Define(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	for _, p := range cfg.Problems {
		if p.Area == wrangler.AreaSyntax {
			rule.Report(pass, p.Pos, p.End, p.Message)
		}
	}
	return nil, nil
}
