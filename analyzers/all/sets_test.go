package all_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/analyzers/ignorereason"
	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/analyzers/unusedignore"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

const suppressed = `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      // dolint:ignore missingmigration the release branch adds it
      { "name": "COUNTER", "class_name": "Counter" },
    ],
  },
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`

// Which rules a run knows is the set it is given, not what the process
// links: two sets run side by side over one project, and a directive
// naming missingmigration suppresses its finding in the set that has the
// rule, while the set without it calls the name unknown.
func TestTwoSetsInOneProcess(t *testing.T) {
	projects, err := discover.Projects([]string{ruletest.WriteArchive(t, suppressed)})
	if err != nil {
		t.Fatal(err)
	}
	withRule := rule.NewSet(missingmigration.Rule, ignorereason.Rule, unusedignore.Rule)
	without := rule.NewSet(duplicatebinding.Rule, ignorereason.Rule)
	sets := []*rule.Set{withRule, without}
	results := make([]*driver.Result, len(sets))
	var wg sync.WaitGroup
	for i, s := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := driver.Run(projects, s, nil)
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, d := range results[0].Diagnostics {
		t.Errorf("with missingmigration: unexpected %s finding: %s", d.Rule, d.Message)
	}
	got := results[1].Diagnostics
	if len(got) != 1 || got[0].Rule != "ignorereason" || !strings.Contains(got[0].Message, "names unknown rule missingmigration") {
		for _, d := range got {
			t.Logf("%s: %s", d.Rule, d.Message)
		}
		t.Errorf("without missingmigration: want one ignorereason finding for the unknown name")
	}
	// Without the directive, the set with the rule finds the class.
	plain := strings.Replace(suppressed, "      // dolint:ignore missingmigration the release branch adds it\n", "", 1)
	projects, err = discover.Projects([]string{ruletest.WriteArchive(t, plain)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run(projects, withRule, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != "missingmigration" {
		t.Errorf("without the directive: %d findings, want missingmigration's", len(res.Diagnostics))
	}
}
