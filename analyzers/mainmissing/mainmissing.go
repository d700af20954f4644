// Package mainmissing notes a config whose main names a file that does not
// exist, which leaves the source rules nothing to check.
package mainmissing

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"syscall"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "mainmissing",
	Title: "main names a file that does not exist",
	What: `Reports, once per distinct value, a main (top level or environment) that
names no existing file. This is usually a build output such as dist/index.js
that a custom build produces before wrangler runs. dolint does not run builds,
so the rules about the Worker's code (exports, Durable Object classes) check
nothing for that script.`,
	Why: `Nothing breaks by itself when the build runs first, which is why this is
informational. But the checks of the Worker's source are skipped silently
otherwise, and if no build creates the file, wrangler deploy and dev stop
with "The entry-point file at "dist/index.js" was not found." (exit code 1).`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "dist/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Info,
	Category: rule.Suspicious,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/configuration/#inheritable-keys",
		"https://developers.cloudflare.com/workers/wrangler/custom-builds/",
	},
}

// Rule reports a main that names no file.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	seen := map[token.Pos]bool{}
	for _, s := range res.Scripts {
		if s.Main == nil || s.Main.Value == "" || s.MainExists || seen[s.Main.Pos] {
			continue
		}
		// An environment that inherits main repeats the top level's value,
		// at the same position.
		seen[s.Main.Pos] = true
		// A path that exists but cannot be read (a directory on the way
		// that may not be listed) is no missing file: sourcesyntax
		// reports it as an error.
		if _, err := pass.ReadFile(s.MainPath); !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			continue
		}
		rule.Report(pass, s.Main.Pos, s.Main.End, fmt.Sprintf(
			"main %q does not exist, so dolint checked none of this Worker's code; if it is a build output, build before linting or point main at the source entry (wrangler bundles TypeScript itself)",
			s.Main.Value))
	}
	return nil, nil
}
