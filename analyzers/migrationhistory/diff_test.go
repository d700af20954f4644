package migrationhistory

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/analyzers/confighistory"
	"github.com/dolint-dev/dolint/internal/gitlog"
	"github.com/dolint-dev/dolint/wrangler"
)

// parse parses a config; the name's extension picks the syntax.
func parse(t *testing.T, name, src string) *wrangler.Config {
	t.Helper()
	cfg := wrangler.Parse(nil, name, []byte(src))
	for _, p := range cfg.Problems {
		if p.Area == wrangler.AreaSyntax {
			t.Fatalf("%s: %s", name, p.Message)
		}
	}
	return cfg
}

// history makes versions from sources, oldest first as written, returned
// newest first as the input analyzer gives them.
func history(t *testing.T, name string, srcs ...string) []*confighistory.Version {
	t.Helper()
	var out []*confighistory.Version
	for i, src := range srcs {
		c := gitlog.Commit{
			Hash:    fmt.Sprintf("%040d", i+1),
			Short:   fmt.Sprintf("c%d", i+1),
			Date:    time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC),
			Subject: fmt.Sprintf("commit %d", i+1),
		}
		out = append([]*confighistory.Version{{Commit: c, Path: name, Config: parse(t, name, src)}}, out...)
	}
	return out
}

func jsonc(steps ...string) string {
	return "{\n  \"name\": \"app\",\n  \"migrations\": [\n    " + strings.Join(steps, ",\n    ") + "\n  ]\n}\n"
}

// summary is a finding as "kind tag" plus its changes, for comparisons.
func summary(fs []*finding) []string {
	var out []string
	for _, f := range fs {
		s := [...]string{"edited", "removed", "moved", "inserted"}[f.kind] + " " + f.tag + where(f.env) + " @" + f.commit.Commit.Short
		for _, c := range f.changes {
			w, _, _ := c.describe()
			s += "; " + w
		}
		if f.retagged {
			s += "; now " + f.step.Tag.Value
		}
		if f.other != "" {
			s += "; other " + f.other
		}
		out = append(out, s)
	}
	return out
}

func TestDiff(t *testing.T) {
	const (
		v1kv     = `{ "tag": "v1", "new_classes": ["Room"] }`
		v1sql    = `{ "tag": "v1", "new_sqlite_classes": ["Room"] }`
		v1lobby  = `{ "tag": "v1", "new_classes": ["Lobby"] }`
		v1two    = `{ "tag": "v1", "new_classes": ["Room", "Chat"] }`
		v2sql    = `{ "tag": "v2", "new_sqlite_classes": ["Chat"] }`
		v2del    = `{ "tag": "v2", "deleted_classes": ["Room"] }`
		v3ren    = `{ "tag": "v3", "renamed_classes": [{ "from": "Chat", "to": "Talk" }] }`
		v3ren2   = `{ "tag": "v3", "renamed_classes": [{ "from": "Chat", "to": "Conversation" }] }`
		v3moved  = `{ "tag": "v3", "new_sqlite_classes": ["Chat"] }`
		v2sqlDup = `{"tag":"v2","new_sqlite_classes":["Chat"]}`
	)
	for _, c := range []struct {
		name    string
		history []string // oldest first
		now     string
		want    []string
	}{
		{"switched to sqlite", []string{jsonc(v1kv)}, jsonc(v1sql),
			[]string{"edited v1 @c1; Room moved from new_classes to new_sqlite_classes"}},
		{"renamed inside the step", []string{jsonc(v1kv)}, jsonc(v1lobby),
			[]string{"edited v1 @c1; Room renamed to Lobby inside the step"}},
		{"class moved to a new step, another in its place", []string{jsonc(v1kv)}, jsonc(v1lobby, `{ "tag": "v2", "new_sqlite_classes": ["Room"] }`),
			[]string{"edited v1 @c1; Room removed from new_classes; Lobby added to new_classes"}},
		{"class added", []string{jsonc(v1kv)}, jsonc(v1two),
			[]string{"edited v1 @c1; Chat added to new_classes"}},
		{"class dropped", []string{jsonc(v1two)}, jsonc(v1kv),
			[]string{"edited v1 @c1; Chat removed from new_classes"}},
		{"rename target changed", []string{jsonc(v1two, v3ren)}, jsonc(v1two, v3ren2),
			[]string{"edited v3 @c1; the rename of Chat now targets Conversation instead of Talk"}},
		{"deleted step gone", []string{jsonc(v1kv, v2del)}, jsonc(v1kv),
			[]string{"removed v2 @c1"}},
		{"reordered", []string{jsonc(v1kv, v2sql, v3ren)}, jsonc(v1kv, v3ren, v2sql),
			[]string{"moved v3 @c1; other v2"}},
		{"inserted before a committed step", []string{jsonc(v1kv, v3moved)}, jsonc(v1kv, v2del, v3moved),
			[]string{"inserted v2 @c1; other v3"}},
		{"retagged", []string{jsonc(v1kv, v2sql)}, jsonc(v1kv, `{ "tag": "v2b", "new_sqlite_classes": ["Chat"] }`),
			[]string{"removed v2 @c1; now v2b"}},
		// The newest commit that held another form is named.
		{"last commit with the old form", []string{jsonc(v1kv), jsonc(v1kv, v2sql), jsonc(v1sql, v2sql)}, jsonc(v1sql, v2sql),
			[]string{"edited v1 @c2; Room moved from new_classes to new_sqlite_classes"}},

		// Silent cases.
		{"another Worker's config, or a renamed Worker", []string{strings.Replace(jsonc(v1kv), `"app"`, `"old-app"`, 1)}, jsonc(v1sql), nil},
		{"appended", []string{jsonc(v1kv)}, jsonc(v1kv, v2sql), nil},
		{"formatting and comments", []string{jsonc(v1two, v2sql)},
			"// app\n{\"name\":\"app\",\"migrations\":[\n  { \"new_classes\": [\"Chat\", \"Room\"], // reordered names\n  \"tag\": \"v1\" },\n" + v2sqlDup + ",\n]}", nil},
		{"no history", nil, jsonc(v1sql), nil},
		{"a version that does not parse is skipped", []string{"{ broken"}, jsonc(v1sql), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var vs []*confighistory.Version
			for i, src := range c.history {
				if src == "{ broken" {
					cfg := wrangler.Parse(nil, "wrangler.jsonc", []byte(src))
					vs = append([]*confighistory.Version{{Commit: gitlog.Commit{Short: fmt.Sprint("c", i+1)}, Config: cfg}}, vs...)
					continue
				}
				vs = append(history(t, "wrangler.jsonc", c.history[i:i+1]...), vs...)
				vs[0].Commit.Short = fmt.Sprint("c", i+1)
			}
			got := summary(diff(parse(t, "wrangler.jsonc", c.now), vs))
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

func TestDiffEnvironmentsAndTOML(t *testing.T) {
	old := `name = "app"

[[migrations]]
tag = "v1"
new_classes = ["Room"]

[env.staging]
migrations = [ { tag = "s1", new_classes = ["Room"] }, { tag = "s2", deleted_classes = ["Room"] } ]

[env.prod]
name = "app-prod"
`
	now := `name = "app"

[[migrations]]
tag = "v1"
new_classes = ["Room"]

[env.staging]
migrations = [ { tag = "s1", new_sqlite_classes = ["Room"] } ]

[env.prod]
name = "app-prod"
`
	got := summary(diff(parse(t, "wrangler.toml", now), history(t, "wrangler.toml", old)))
	want := []string{
		"edited s1 of env.staging @c1; Room moved from new_classes to new_sqlite_classes",
		"removed s2 of env.staging @c1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// An environment that inherits the top level's list, or a section that
// moved to declarative exports, has no list of its own to hold against
// the history.
func TestDiffInheritedAndExports(t *testing.T) {
	old := jsonc(`{ "tag": "v1", "new_classes": ["Room"] }`)
	now := `{
  "name": "app",
  "exports": { "Room": { "type": "durable-object", "storage": "legacy-kv" } }
}`
	if got := summary(diff(parse(t, "wrangler.jsonc", now), history(t, "wrangler.jsonc", old))); len(got) > 0 {
		t.Errorf("exports: %q", got)
	}
	envOld := `{ "name": "app", "env": { "a": { "migrations": [{ "tag": "a1", "new_classes": ["Room"] }] } } }`
	envNow := `{ "name": "app", "migrations": [{ "tag": "v1", "new_classes": ["Room"] }], "env": { "a": {} } }`
	if got := summary(diff(parse(t, "wrangler.jsonc", envNow), history(t, "wrangler.jsonc", envOld))); len(got) > 0 {
		t.Errorf("inherited: %q", got)
	}
}
