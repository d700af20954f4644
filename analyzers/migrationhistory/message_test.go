package migrationhistory

import (
	"strings"
	"testing"
)

func TestMessages(t *testing.T) {
	for _, c := range []struct {
		name    string
		history []string
		now     string
		want    []string // substrings of the message, in order
	}{
		{"switch", []string{jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`)}, jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`),
			[]string{`migration "v1" differs from its form in commit c1 (2025-03-01, "commit 1"): Room moved from new_classes to new_sqlite_classes;`,
				"never sends a step again", "keeps Room KV-backed, where every SQL call throws", `restore "v1" as committed`, "can never become SQLite-backed"}},
		{"rename", []string{jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`)}, jsonc(`{ "tag": "v1", "new_classes": ["Lobby"] }`),
			[]string{"Room renamed to Lobby inside the step", "keeps the namespace under the name Room and never creates Lobby", "renamed_classes (from Room, to Lobby) in a new step"}},
		{"removed delete", []string{jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`, `{ "tag": "v2", "deleted_classes": ["Room"] }`)}, jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`),
			[]string{`migration "v2", which deletes Room in commit c1`, "is gone;", `one deployed before "v2" never gets it`, "restore the step where it was"}},
		{"moved", []string{jsonc(`{ "tag": "v1", "new_classes": ["A"] }`, `{ "tag": "v2", "new_classes": ["B"] }`)}, jsonc(`{ "tag": "v2", "new_classes": ["B"] }`, `{ "tag": "v1", "new_classes": ["A"] }`),
			[]string{`migration "v2" now comes before "v1", which it followed in commit c1`, `a script deployed at "v2" now gets "v1" again`, `one deployed at "v1" never gets "v2"`}},
		{"inserted", []string{jsonc(`{ "tag": "v1", "new_classes": ["A"] }`, `{ "tag": "v3", "new_classes": ["B"] }`)}, jsonc(`{ "tag": "v1", "new_classes": ["A"] }`, `{ "tag": "v2", "new_classes": ["C"] }`, `{ "tag": "v3", "new_classes": ["B"] }`),
			[]string{`migration "v2" is inserted before "v3", a step of commit c1`, `a script deployed at "v3" or later never gets it`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := diff(parse(t, "wrangler.jsonc", c.now), history(t, "wrangler.jsonc", c.history...))
			if len(fs) != 1 {
				t.Fatalf("findings %q", summary(fs))
			}
			msg := fs[0].message()
			rest := msg
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message lacks %q (in order):\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}
