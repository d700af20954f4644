// Package outboundws reports outbound WebSockets opened inside a Durable
// Object class.
package outboundws

import (
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "outboundws",
	Title: "outbound websocket keeps the durable object in memory",
	What: `Reports new WebSocket(url) inside a Durable Object class: a WebSocket
client connection the object opens to another server.`,
	Why: `Only WebSockets the object accepts with ctx.acceptWebSocket() can
hibernate. An outbound WebSocket is a standard-API socket: while it is open
the object cannot hibernate and stays in memory, billed for its whole
duration, and if the object is evicted anyway (a deploy, a runtime restart)
the connection is dropped with it. This is often what the design needs (a
feed the object must follow); the finding is informational, to make the cost
a decision. When the object only needs to talk to the other side now and
then, a fetch() per exchange, or a connection held by a Worker instead of
the object, lets the object hibernate.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "feed",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "FEED", "class_name": "Feed" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Feed"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Feed extends DurableObject {
  follow(url: string) {
    const ws = new WebSocket(url);
    ws.addEventListener("message", (e) => this.ctx.storage.kv.put("last", e.data));
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "feed",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "FEED", "class_name": "Feed" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Feed"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Feed extends DurableObject {
  async poll(url: string) {
    const res = await fetch(url);
    this.ctx.storage.kv.put("last", await res.text());
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Info,
	Category: rule.Perf,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/best-practices/websockets/",
		"https://developers.cloudflare.com/durable-objects/concepts/durable-object-lifecycle/",
		"https://developers.cloudflare.com/workers/runtime-apis/websockets/",
	},
}

// Rule reports outbound WebSockets in Durable Object classes.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		f := c.File.AST
		for n := range c.Nodes(jsast.KindNew) {
			if !dosrc.IsGlobal(c.File, n, "WebSocket") {
				continue
			}
			rule.Report(pass, f.Pos(n.Start), f.Pos(n.End),
				"outbound WebSocket in Durable Object "+c.Name+": while it is open the object cannot hibernate and stays in memory (billed duration), and the connection is dropped if the object is evicted; only sockets accepted with ctx.acceptWebSocket() hibernate")
		}
	}
	return nil, nil
}
