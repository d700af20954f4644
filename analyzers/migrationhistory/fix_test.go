package migrationhistory

import (
	"slices"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// applyFix applies a fix's edits to the config's source.
func applyFix(t *testing.T, cfg *wrangler.Config, fx *fix) string {
	t.Helper()
	edits := slices.Clone(fx.edits)
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		s, en := cfg.File.Offset(e.Pos), cfg.File.Offset(e.End)
		if s < last {
			t.Fatalf("overlapping edits in %q", fx.message)
		}
		b.Write(cfg.Src[last:s])
		b.Write(e.NewText)
		last = en
	}
	b.Write(cfg.Src[last:])
	return b.String()
}

func fixOf(t *testing.T, name, now string, hist ...string) (*fix, *wrangler.Config) {
	t.Helper()
	cur := parse(t, name, now)
	vs := history(t, name, hist...)
	fs := diff(cur, vs)
	if len(fs) != 1 {
		t.Fatalf("%d findings: %q", len(fs), summary(fs))
	}
	return planFix(cur, fs[0], vs), cur
}

func TestFixes(t *testing.T) {
	for _, c := range []struct {
		name, file string
		history    []string
		now        string
		message    string // "" for no fix
		want       string
	}{
		{
			name: "renamed inside the step", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`)},
			now:     jsonc(`{ "tag": "v1", "new_classes": ["Lobby"] }`),
			message: `restore "v1" as committed and add step "v2" that renames Room to Lobby`,
			want:    jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`, "{ \"tag\": \"v2\", \"renamed_classes\": [\n      { \"from\": \"Room\", \"to\": \"Lobby\" }\n    ] }"),
		},
		{
			name: "class added", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`)},
			now:     jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room", "Chat"] }`),
			message: `restore "v1" as committed and add step "v2" that creates Chat`,
			want:    jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v2", "new_sqlite_classes": ["Chat"] }`),
		},
		{
			name: "class dropped", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "m1", "new_sqlite_classes": ["Room", "Chat"] }`)},
			now:     jsonc(`{ "tag": "m1", "new_sqlite_classes": ["Room"] }`),
			message: `restore "m1" as committed and add step "m2" that deletes Chat`,
			want:    jsonc(`{ "tag": "m1", "new_sqlite_classes": ["Room", "Chat"] }`, `{ "tag": "m2", "deleted_classes": ["Chat"] }`),
		},
		{
			name: "switch of backend has no fix", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`)},
			now:     jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`),
		},
		{
			name: "removed last step", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v2", "new_sqlite_classes": ["Chat"] }`)},
			now:     jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`),
			message: `restore the committed step "v2"`,
			want:    jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v2", "new_sqlite_classes": ["Chat"] }`),
		},
		{
			name: "removed middle step", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v2", "deleted_classes": ["Room"] }`, `{ "tag": "v3", "new_sqlite_classes": ["Chat"] }`)},
			now:     jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v3", "new_sqlite_classes": ["Chat"] }`),
			message: `restore the committed step "v2"`,
			want:    jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v2", "deleted_classes": ["Room"] }`, `{ "tag": "v3", "new_sqlite_classes": ["Chat"] }`),
		},
		{
			name: "retagged", file: "wrangler.jsonc",
			history: []string{jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`)},
			now:     jsonc(`{ "tag": "init", "new_sqlite_classes": ["Room"] }`),
			message: `give the step back its committed tag "v1"`,
			want:    jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`),
		},
		{
			name: "toml tables", file: "wrangler.toml",
			history: []string{"name = \"app\"\n\n[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"] # the first\n\n# storage\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Chat\"]\n"},
			now:     "name = \"app\"\n\n[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"] # the first\n\n# storage\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\n  \"Talk\",\n]\n",
			message: `restore "v2" as committed and add step "v3" that renames Chat to Talk`,
			want:    "name = \"app\"\n\n[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"] # the first\n\n# storage\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Chat\"]\n\n[[migrations]]\ntag = \"v3\"\nrenamed_classes = [\n  { from = \"Chat\", to = \"Talk\" },\n]\n",
		},
		{
			name: "toml tables, edited step before others", file: "wrangler.toml",
			history: []string{"[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"]\n\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Chat\"]\n"},
			now:     "[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\", \"Extra\"]\n\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Chat\"]\n",
			message: `restore "v1" as committed and add step "v3" that creates Extra`,
			want:    "[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"]\n\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Chat\"]\n\n[[migrations]]\ntag = \"v3\"\nnew_classes = [\"Extra\"]\n",
		},
		{
			name: "env list in toml", file: "wrangler.toml",
			history: []string{"name = \"app\"\n\n[env.staging]\nmigrations = [ { tag = \"s1\", new_sqlite_classes = [\"Room\"] } ]\n"},
			now:     "name = \"app\"\n\n[env.staging]\nmigrations = [ { tag = \"s1\", new_sqlite_classes = [\"Room\", \"Chat\"] } ]\n",
			message: `restore "s1" as committed and add step "s2" that creates Chat`,
			want:    "name = \"app\"\n\n[env.staging]\nmigrations = [ { tag = \"s1\", new_sqlite_classes = [\"Room\"] }, { tag = \"s2\", new_sqlite_classes = [\"Chat\"] } ]\n",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx, cur := fixOf(t, c.file, c.now, c.history...)
			if c.message == "" {
				if fx != nil {
					t.Fatalf("unexpected fix %q:\n%s", fx.message, applyFix(t, cur, fx))
				}
				return
			}
			if fx == nil {
				t.Fatalf("no fix, want %q", c.message)
			}
			if fx.message != c.message {
				t.Errorf("message %q, want %q", fx.message, c.message)
			}
			if got := applyFix(t, cur, fx); got != c.want {
				t.Errorf("fixed:\n%s\nwant:\n%s\n%q", got, c.want, got)
			}
		})
	}
}

// A fresh tag is one no version of the list used: v2, removed since,
// may still be some script's deployed tag.
func TestFreshTagSkipsHistory(t *testing.T) {
	cur := parse(t, "wrangler.jsonc", jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`))
	vs := history(t, "wrangler.jsonc", jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`, `{ "tag": "v2", "new_sqlite_classes": ["Chat"] }`))
	if got := migrations.NextTag(usedTags("", cur.Top.Migrations, vs)); got != "v3" {
		t.Errorf("fresh tag %q, want v3", got)
	}
}

// The fix of a step whose current form was committed too is withheld:
// which form a script has depends on when it was deployed.
func TestNoFixWhenBothFormsWereCommitted(t *testing.T) {
	a := jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room"] }`)
	b := jsonc(`{ "tag": "v1", "new_sqlite_classes": ["Room", "Chat"] }`)
	cur := parse(t, "wrangler.jsonc", a)
	vs := history(t, "wrangler.jsonc", a, b)
	fs := diff(cur, vs)
	if len(fs) != 1 || fs[0].kind != edited {
		t.Fatalf("findings %q", summary(fs))
	}
	if fx := planFix(cur, fs[0], vs); fx != nil {
		t.Errorf("fix %q offered", fx.message)
	}
}
