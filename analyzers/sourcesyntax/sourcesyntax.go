// Package sourcesyntax reports syntax errors in the Worker's source
// modules: the files reachable from main that the source rules read.
package sourcesyntax

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"path/filepath"
	"syscall"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "sourcesyntax",
	Title: "syntax error in a worker module",
	What: `Reports the first syntax error of each JS/TS module reachable from the
Worker's main (through imports, re-exports and dynamic imports with a literal
path), and modules that cannot be read. Later errors in the same file are
counted, not listed, since they often follow from the first.`,
	Why: `wrangler bundles the Worker with esbuild before every deploy and every
wrangler dev; a syntax error stops the bundle, so nothing deploys. The other
source rules skip what does not parse, so they may also miss findings in
such a file until it is fixed.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async fetch() {
    return new Response("ok";
  }
}
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
export class Counter extends DurableObject {
  async fetch() {
    return new Response("ok");
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/bundling/",
	},
}

// Rule reports syntax errors of reachable source files.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	// An entry module is named by main, not imported: report an
	// unreadable one, or a main that exists but cannot be read, there.
	seen := map[token.Pos]bool{}
	for _, s := range res.Scripts {
		if s.Main == nil || seen[s.Main.Pos] {
			continue
		}
		reason := ""
		switch {
		case s.Entry != nil && s.Entry.AST == nil:
			reason = s.Entry.ParseFailure
		case s.Entry == nil && !s.MainExists && s.MainPath != "":
			if _, err := pass.ReadFile(s.MainPath); err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				reason = err.Error()
				var pe *fs.PathError
				if errors.As(err, &pe) {
					reason = pe.Err.Error()
				}
			}
		}
		if reason != "" {
			seen[s.Main.Pos] = true
			rule.Report(pass, s.Main.Pos, s.Main.End, fmt.Sprintf(
				"cannot read main %q (%s): wrangler cannot bundle the Worker, and dolint checked none of its code", s.Main.Value, reason))
		}
	}
	for _, f := range res.Files {
		if f.AST == nil {
			// Unreadable: nothing in the FileSet to point at but the
			// import that names it; report there.
			for _, from := range res.Files {
				for _, d := range from.Deps {
					if d.File == f && from.AST != nil {
						rule.Report(pass, from.AST.Pos(d.Node.Start), from.AST.Pos(d.Node.End),
							fmt.Sprintf("cannot read or parse %s: %s", filepath.Base(f.Path), f.ParseFailure))
					}
				}
			}
			continue
		}
		errs := f.AST.Errors
		if len(errs) == 0 {
			continue
		}
		msg := errs[0].Message
		if n := len(errs) - 1; n == 1 {
			msg += " (and 1 more syntax error in this file)"
		} else if n > 1 {
			msg += fmt.Sprintf(" (and %d more syntax errors in this file)", n)
		}
		msg += "; wrangler cannot bundle the Worker until it parses"
		pos := f.AST.Pos(errs[0].Offset)
		rule.Report(pass, pos, pos, msg)
	}
	return nil, nil
}
