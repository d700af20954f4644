// Package configsyntax reports a wrangler config that does not parse.
package configsyntax

import (
	"bytes"
	"regexp"

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
as wrangler reads them.

Not reported: a file that is a template for a project generator rather than
a config, as cargo-generate and similar tools ship them: one that holds a
{% ... %} tag anywhere, or a {{ ... }} tag on the line of the error. The
generator renders the tags, and wrangler only ever reads the rendered file.`,
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

// Rule reports the loader's syntax problems.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	for _, p := range cfg.Problems {
		if p.Area != wrangler.AreaSyntax {
			continue
		}
		if generatorTemplate(cfg, p) {
			continue
		}
		rule.Report(pass, p.Pos, p.End, p.Message)
	}
	return nil, nil
}

var (
	// blockTag is a Liquid or Jinja statement tag: {% if x %}, {%- endif -%}.
	blockTag = regexp.MustCompile(`\{%-?\s*[A-Za-z_][^%\n]*%\}`)
	// exprTag is an expression tag: {{ project-name }}, {{ "now" | date }}.
	exprTag = regexp.MustCompile(`\{\{[^{}\n]+\}\}`)
)

// generatorTemplate reports whether the syntax problem p comes from
// template tags: the file has a statement tag, which can change its whole
// structure, or an expression tag on the line of the error.
func generatorTemplate(cfg *wrangler.Config, p wrangler.Problem) bool {
	if blockTag.Match(cfg.Src) {
		return true
	}
	if cfg.File == nil || !p.Pos.IsValid() {
		return false
	}
	line := cfg.File.Line(p.Pos)
	start := cfg.File.Offset(cfg.File.LineStart(line))
	end := len(cfg.Src)
	if line < cfg.File.LineCount() {
		end = cfg.File.Offset(cfg.File.LineStart(line + 1))
	}
	return exprTag.Match(bytes.TrimSpace(cfg.Src[start:end]))
}
