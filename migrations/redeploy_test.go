package migrations

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/wrangler"
)

func stepsOf(t *testing.T, src string) []*wrangler.Migration {
	t.Helper()
	cfg := wrangler.Parse(nil, "wrangler.jsonc", []byte(src))
	if len(cfg.Problems) > 0 {
		t.Fatalf("%s: %s", src, cfg.Problems[0].Message)
	}
	return cfg.Top.Migrations.Steps
}

func TestRedeploy(t *testing.T) {
	deployed := stepsOf(t, `{"migrations": [{"tag": "v1", "new_classes": ["Room"]}]}`)
	edited := stepsOf(t, `{"migrations": [{"tag": "v1", "new_sqlite_classes": ["Room"]}, {"tag": "v2", "new_sqlite_classes": ["Chat"]}]}`)

	got := Redeploy(deployed, edited)
	if c := got.Lookup("Room"); c == nil || c.Backend != KV {
		t.Errorf("Room after the redeploy: %+v, want the deployed KV backend", c)
	}
	if got.Lookup("Chat") == nil {
		t.Error("the new step was not sent")
	}
	if d := Difference(got, Replay(edited), "the first", "the second"); !strings.Contains(d, "Room is kv-backed in the first and sqlite-backed in the second") {
		t.Errorf("difference %q", d)
	}
	if d := Difference(Replay(edited), Replay(edited), "a", "b"); d != "" {
		t.Errorf("a replay differs from itself: %s", d)
	}
	// A script that never deployed gets every step.
	if d := Difference(Redeploy(nil, edited), Replay(edited), "a", "b"); d != "" {
		t.Errorf("first deploy: %s", d)
	}
	// Renamed in place: the old name stays and the new one never comes.
	renamed := stepsOf(t, `{"migrations": [{"tag": "v1", "new_classes": ["Lobby"]}]}`)
	if d := Difference(Redeploy(deployed, renamed), Replay(renamed), "the deployed script", "a fresh one"); d != "Lobby exists only in a fresh one" {
		t.Errorf("rename in place: %q", d)
	}
}
