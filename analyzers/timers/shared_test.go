package timers_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/timers"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Two projects reach the same class Room, which runs Ticker.tick. One of
// them binds Ticker as a Durable Object, so the timer is Ticker's own;
// for the other it runs in Room through tick(). What following Room's
// calls found in one project must not be replayed for the other, in
// whichever order the projects run.
func TestFollowDependsOnDurableObjects(t *testing.T) {
	dir := ruletest.WriteArchive(t, `
-- .git/HEAD --
ref: refs/heads/main
-- lib/room.ts --
import { DurableObject } from "cloudflare:workers";
import { Ticker } from "./ticker";
export class Room extends DurableObject {
  async fetch() {
    new Ticker().tick();
    return new Response("");
  }
}
-- lib/ticker.ts --
export class Ticker {
  tick() {
    setInterval(() => {}, 1000);
  }
}
-- bound/wrangler.jsonc --
{"name": "bound", "main": "src/index.ts",
  "durable_objects": {"bindings": [{"name": "ROOM", "class_name": "Room"}, {"name": "TICKER", "class_name": "Ticker"}]},
  "migrations": [{"tag": "v1", "new_sqlite_classes": ["Room", "Ticker"]}]}
-- bound/src/index.ts --
export { Room } from "../../lib/room";
export { Ticker } from "../../lib/ticker";
export default { fetch() { return new Response(""); } };
-- plain/wrangler.jsonc --
{"name": "plain", "main": "src/index.ts",
  "durable_objects": {"bindings": [{"name": "ROOM", "class_name": "Room"}]},
  "migrations": [{"tag": "v1", "new_sqlite_classes": ["Room"]}]}
-- plain/src/index.ts --
export { Room } from "../../lib/room";
export default { fetch() { return new Response(""); } };
`)
	project := func(name string) *driver.Project {
		return &driver.Project{Dir: filepath.Join(dir, name), Config: filepath.Join(dir, name, "wrangler.jsonc")}
	}
	for _, order := range [][]string{{"bound", "plain"}, {"plain", "bound"}} {
		var projects []*driver.Project
		for _, name := range order {
			projects = append(projects, project(name))
		}
		res, err := driver.Run(projects, rule.NewSet(timers.Rule), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{} // message kind → projects
		for _, d := range res.Diagnostics {
			kind := "direct"
			if strings.Contains(d.Message, "Durable Object Room through Ticker.tick()") {
				kind = "through Room"
			}
			var names []string
			for _, p := range d.Projects {
				names = append(names, filepath.Base(p.Dir))
			}
			if got[kind] != "" {
				t.Errorf("two %s findings: %s", kind, d.Message)
			}
			got[kind] = strings.Join(names, ",")
		}
		if got["direct"] != "bound" || got["through Room"] != "plain" || len(got) != 2 {
			t.Errorf("projects run in order %v: findings by kind %v, want the direct one for bound and the one through Room for plain", order, got)
		}
	}
}
