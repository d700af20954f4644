package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
)

func historyConfig(steps string) string {
	return `{
  "name": "chat", "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [` + steps + `]
}
`
}

// The check replays the migrations as a script deployed from each
// committed version sees them: a fix that restores the committed step and
// carries the change in a new one is verified, one that leaves the edit
// in place is rejected.
func TestCheckHistory(t *testing.T) {
	r := gitlogtest.New(t)
	committed := historyConfig(`{ "tag": "v1", "new_sqlite_classes": ["Lobby"] }`)
	r.Commit("lobby", map[string]string{"wrangler.jsonc": committed})
	edited := historyConfig(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`)
	fixed := historyConfig(`{ "tag": "v1", "new_sqlite_classes": ["Lobby"] }, { "tag": "v2", "renamed_classes": [{ "from": "Lobby", "to": "Room" }] }`)
	wrong := historyConfig(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }, { "tag": "v2", "new_sqlite_classes": ["Extra"] }`)
	config := r.Path("wrangler.jsonc")
	ctx := func(after string) *fixCtx {
		return &fixCtx{
			fix:    fix.Candidate{Applied: fix.Applied{Rule: "migrationhistory", File: config, Line: 4}},
			config: config,
			before: map[string][]byte{config: []byte(edited)},
			after:  map[string][]byte{config: []byte(after)},
		}
	}
	v := checkHistory(ctx(fixed))
	t.Log(v)
	if v.Status != fix.Verified || !strings.Contains(v.Reason, `"lobby"`) || !strings.Contains(v.Reason, "Lobby") {
		t.Errorf("restore and rename: %s", v)
	}
	if v := checkHistory(ctx(wrong)); v.Status != fix.RejectedByCheck {
		t.Errorf("a fix that keeps the edit: %s", v)
	}
	if v := checkHistory(ctx(edited)); v.Status != fix.RejectedByCheck || !strings.Contains(v.Reason, "changes no committed version's outcome") {
		t.Errorf("no change: %s", v)
	}
}
