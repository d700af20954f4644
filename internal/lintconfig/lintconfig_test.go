package lintconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/tailscale/hujson"

	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/rule"
)

// known are the rules the tests' files may configure; only sqlinjection
// takes options.
var known = rule.NewSet(
	rule.New(&rule.Doc{Name: "envbindings"}, nil),
	rule.New(&rule.Doc{Name: "alarmloop"}, nil),
	rule.New(&rule.Doc{Name: "sqlinjection", Options: "allow: queries to accept"}, nil),
)

func TestParse(t *testing.T) {
	src := `// dolint settings
{
  "rules": {
    "envbindings": "warning",
    "alarmloop": "off",
    "sqlinjection": {
      "severity": "info",
      "options": { "allow": ["SELECT 1"], /* trailing */ },
    },
  },
  "ignore": ["legacy/**", "*.generated.ts"],
  "failOn": "warning",
}
`
	c, err := Parse("/p/.dolint.jsonc", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	if c.Enabled("alarmloop") || !c.Enabled("envbindings") || !c.Enabled("sqlinjection") {
		t.Error("alarmloop should be the only rule off")
	}
	if got := c.Severity("envbindings", rule.Error); got != rule.Warning {
		t.Errorf("envbindings severity %v", got)
	}
	if got := c.Severity("sqlinjection", rule.Error); got != rule.Info {
		t.Errorf("sqlinjection severity %v", got)
	}
	if got := c.Severity("alarmloop", rule.Error); got != rule.Error {
		t.Errorf("a rule with no severity keeps its default, got %v", got)
	}
	if got := string(c.Options("sqlinjection")); got != `{"allow":["SELECT 1"]}` {
		t.Errorf("options %s, want standard JSON", got)
	}
	if c.Options("envbindings") != nil {
		t.Error("options for a rule that has none")
	}
	if c.FailOn == nil || *c.FailOn != rule.Warning {
		t.Errorf("failOn %v", c.FailOn)
	}
	if strings.Join(c.Ignore, " ") != "legacy/** *.generated.ts" {
		t.Errorf("ignore %v", c.Ignore)
	}
}

func TestParseHistory(t *testing.T) {
	c, err := Parse("f", []byte(`{"history": {"since": "v1.2.0"}}`), known)
	if err != nil {
		t.Fatal(err)
	}
	if c.HistorySince() != "v1.2.0" {
		t.Errorf("history.since %q", c.HistorySince())
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`{"rulez": {}}`, `f:1:2: unknown key "rulez" (want rules, ignore, failOn or history)`},
		{"{\n  \"rules\": {\n    \"envbindngs\": \"off\"\n  }\n}", `f:3:5: unknown rule "envbindngs" (see 'dolint rules')`},
		{`{"rules": {"envbindings": "loud"}}`, `f:1:27: rule envbindings: unknown severity "loud" (want "off", "info", "warning" or "error")`},
		{`{"rules": {"envbindings": true}}`, `f:1:27: rule envbindings: want "off", "info", "warning", "error" or an object`},
		{`{"rules": {"envbindings": {"level": "info"}}}`, `f:1:28: rule envbindings: unknown key "level" (want severity or options)`},
		{`{"rules": {"envbindings": {"options": [1]}}}`, `f:1:39: rule envbindings: options must be an object`},
		{`{"rules": {"envbindings": {"options": {"x": 1}}}}`, `f:1:28: rule envbindings takes no options`},
		{`{"rules": []}`, `f:1:11: "rules" must be an object`},
		{`{"ignore": "x"}`, `f:1:12: "ignore" must be an array of glob strings`},
		{`{"ignore": ["a/[b"]}`, `f:1:13: ignore glob "a/[b": syntax error in pattern`},
		{`{"failOn": "never"}`, `f:1:12: "failOn": unknown severity "never" (want info, warning or error)`},
		{`{"failOn": "error", "failOn": "info"}`, `f:1:21: duplicate key "failOn"`},
		{"{\n  \"rules\": {,}\n}", `f:2:13: syntax error: invalid character ',' at start of value`},
		{`[]`, `f:1:1: the configuration must be an object`},
		{`{"history": "v1"}`, `f:1:13: "history" must be an object`},
		{`{"history": {"until": "v1"}}`, `f:1:14: unknown key "until" in "history" (want since)`},
		{`{"history": {"since": 3}}`, `f:1:23: "history.since" must be a string`},
		{`{"history": {"since": "--all"}}`, `f:1:23: "history.since" must name a git revision, such as a release tag`},
		{`{"rules": {"envbindings": {"severity": 3}}}`, `f:1:40: a severity must be a string`},
		{`{"rules": {"envbindings": {"severity": "loud"}}}`, `f:1:40: rule envbindings: unknown severity "loud" (want "off", "info", "warning" or "error")`},
		{`{"ignore": ["ok", 3]}`, `f:1:19: an ignore glob must be a string`},
		{`{"ignore": [" "]}`, `f:1:13: ignore glob " ": empty`},
		{`{"$schema": 1}`, `f:1:13: "$schema" must be a string`},
		{`{"failOn": 1}`, `f:1:12: "failOn" must be a string`},
		// The first mistake in the file is the one reported.
		{`{"failOn": "never", "rulez": 1}`, `f:1:12: "failOn": unknown severity "never" (want info, warning or error)`},
		{`{"rulez": 1, "failOn": "never"}`, `f:1:2: unknown key "rulez" (want rules, ignore, failOn or history)`},
		{`{"rules": {"nosuch": "off", "envbindings": "loud"}}`, `f:1:12: unknown rule "nosuch" (see 'dolint rules')`},
		{`{"rules": {"envbindings": {"severity": "off", "severity": "info"}}}`, `f:1:47: duplicate key "severity"`},
	} {
		_, err := Parse("f", []byte(c.src), known)
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %v is not a positioned *Error", c.src, err)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.src, err, c.want)
		}
	}
}

// TestParseDeepNesting feeds a million levels, which used to overflow the
// parser's stack: a fatal error, not a message naming the file.
func TestParseDeepNesting(t *testing.T) {
	src := `{"ignore": ` + strings.Repeat("[", 1_000_000)
	_, err := Parse("f", []byte(src), known)
	// The object is the first level, so the 1000th "[" (column 12+999) is
	// one too many.
	if want := "f:1:1011: syntax error: nesting deeper than 1000 levels"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindNearestStopsAtRepositoryRoot(t *testing.T) {
	top := t.TempDir()
	// A config above the repository must not apply inside it.
	write(t, filepath.Join(top, FileName), `{"failOn": "info"}`)
	repo := filepath.Join(top, "repo")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(repo, "apps", "api", "wrangler.jsonc"), "{}")
	write(t, filepath.Join(repo, "apps", "chat", "wrangler.jsonc"), "{}")
	write(t, filepath.Join(repo, "apps", "chat", FileName), `{"failOn": "warning"}`)

	l := &Loader{Rules: known}
	c, err := l.ForDir(filepath.Join(repo, "apps", "api"))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" {
		t.Errorf("api picked %s from above the repository root", c.File)
	}
	c, err = l.ForDir(filepath.Join(repo, "apps", "chat"))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != filepath.Join(repo, "apps", "chat", FileName) || *c.FailOn != rule.Warning {
		t.Errorf("chat: %s %v", c.File, c.FailOn)
	}
	write(t, filepath.Join(repo, FileName), `{"failOn": "error"}`)
	c, err = l.ForDir(filepath.Join(repo, "apps", "api"))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != filepath.Join(repo, FileName) {
		t.Errorf("api: %q, want the repository's file", c.File)
	}
	// The nearest file wins whole: chat's file does not inherit failOn
	// or anything else from the repository's.
	c, _ = l.ForDir(filepath.Join(repo, "apps", "chat"))
	if *c.FailOn != rule.Warning {
		t.Errorf("chat failOn %v", *c.FailOn)
	}

	// Outside any repository the search goes to the filesystem root; top's
	// file is found from below it.
	c, err = l.ForDir(filepath.Join(top, "elsewhere"))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != filepath.Join(top, FileName) {
		t.Errorf("outside the repository: %q", c.File)
	}
}

func TestLoaderReportsBadFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), "{\n  \"rules\": { \"nosuchrule\": \"off\" }\n}\n")
	_, err := (&Loader{Rules: known}).ForDir(dir)
	if err == nil || err.Error() != filepath.Join(dir, FileName)+`:2:14: unknown rule "nosuchrule" (see 'dolint rules')` {
		t.Errorf("got %v", err)
	}
}

func TestIgnored(t *testing.T) {
	c := &Config{File: "/r/.dolint.jsonc", Ignore: []string{"legacy/**", "*.generated.ts", "apps/*/vendor", "tools/"}}
	for path, want := range map[string]bool{
		"/r/legacy":                       true,
		"/r/legacy/a/wrangler.toml":       true,
		"/r/src/x.generated.ts":           true,
		"/r/x.generated.ts":               true,
		"/r/apps/api/vendor/lib.ts":       true,
		"/r/apps/api/src/vendor/lib.ts":   false,
		"/r/tools/w/wrangler.jsonc":       true,
		"/r/src/index.ts":                 false,
		"/r/legacyish/index.ts":           false,
		"/elsewhere/legacy/wrangler.toml": false,
	} {
		if got := c.Ignored(path); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", path, got, want)
		}
	}
	if Default().Ignored("/r/legacy") {
		t.Error("the defaults ignore nothing")
	}
}

// TestSchemaRejectsWhatParseRejects holds the published schema, which
// editors check files with, to Parse: every file Parse refuses for its
// shape the schema refuses too, and the documented example passes both.
func TestSchemaRejectsWhatParseRejects(t *testing.T) {
	validate := func(src string) error {
		v, err := hujson.Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		v.Standardize()
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(v.Pack()))
		if err != nil {
			t.Fatal(err)
		}
		return schema().Validate(inst)
	}
	for _, src := range []string{
		`{"rulez": {}}`,
		`{"rules": {"envbindings": "loud"}}`,
		`{"rules": {"envbindings": true}}`,
		`{"rules": {"envbindings": {"level": "info"}}}`,
		`{"rules": {"envbindings": {"options": [1]}}}`,
		`{"rules": []}`,
		`{"ignore": "x"}`,
		`{"ignore": [""]}`,
		`{"failOn": "never"}`,
		`[]`,
		`{"history": {"until": "v1"}}`,
		`{"history": {"since": "--all"}}`,
	} {
		if _, err := Parse("f", []byte(src), known); err == nil {
			t.Errorf("Parse accepts %s", src)
		}
		if validate(src) == nil {
			t.Errorf("the schema accepts %s", src)
		}
	}
	doc := `{
  "$schema": "` + SchemaURL + `",
  "rules": {
    "envbindings": "warning",
    "alarmloop": "off",
    "sqlinjection": { "severity": "error", "options": { } }
  },
  "ignore": ["legacy/**", "*.generated.ts"],
  "failOn": "warning",
  "history": { "since": "v1.0.0" }
}`
	if err := validate(doc); err != nil {
		t.Errorf("the schema rejects the documented example: %v", err)
	}
	if _, err := Parse("f", []byte(doc), known); err != nil {
		t.Errorf("Parse rejects the documented example: %v", err)
	}
}

// TestSchemaURL checks that the schema is published where SchemaURL says
// (this file's path on the main branch), that it names itself so, and that
// the README and the VS Code extension point editors at it.
func TestSchemaURL(t *testing.T) {
	if !strings.HasSuffix(SchemaURL, "/main/internal/lintconfig/dolint.schema.json") {
		t.Errorf("SchemaURL %s is not this package's dolint.schema.json", SchemaURL)
	}
	if !bytes.Contains(SchemaJSON, []byte(`"$id": "`+SchemaURL+`"`)) {
		t.Errorf("dolint.schema.json's $id is not %s", SchemaURL)
	}
	for _, f := range []string{"../../README.md", "../../editors/vscode/package.json"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(SchemaURL)) {
			t.Errorf("%s does not name the schema %s", f, SchemaURL)
		}
	}
}

// A caching Loader answers each directory as Find does, whichever
// directory is asked first: an answer remembered while climbing from one
// project never stands for a directory the climb did not decide.
func TestCachedLoaderAgreesWithFind(t *testing.T) {
	top := t.TempDir()
	write(t, filepath.Join(top, FileName), `{"failOn": "info"}`)
	repo := filepath.Join(top, "repo")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(repo, "apps", "chat", FileName), `{"failOn": "warning"}`)
	write(t, filepath.Join(repo, "libs", "x", "y", "z", "wrangler.toml"), "")
	write(t, filepath.Join(top, "other", "deep", "wrangler.toml"), "")
	if err := os.MkdirAll(filepath.Join(repo, "libs", "bad", FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	dirs := []string{
		filepath.Join(repo, "apps", "chat", "src"),
		filepath.Join(repo, "apps", "chat"),
		filepath.Join(repo, "apps", "api"),
		filepath.Join(repo, "libs", "x", "y", "z"),
		filepath.Join(repo, "libs", "x"),
		filepath.Join(repo, "libs", "bad", "w"),
		filepath.Join(repo, "libs", "bad"),
		repo,
		filepath.Join(top, "other", "deep"),
		top,
	}
	type answer struct{ file, err string }
	want := map[string]answer{}
	for _, d := range dirs {
		file, err := Find(d)
		want[d] = answer{file, fmt.Sprint(err)}
	}
	// The directories that decide, so that the comparison is not vacuous.
	if want[dirs[0]].file != filepath.Join(repo, "apps", "chat", FileName) ||
		want[dirs[2]].file != "" || want[dirs[2]].err != "<nil>" ||
		want[dirs[5]].err == "<nil>" ||
		want[dirs[8]].file != filepath.Join(top, FileName) {
		t.Fatalf("Find: %v", want)
	}
	backward := slices.Clone(dirs)
	slices.Reverse(backward)
	// Listings of the whole tree, as discovery makes them, answer alike.
	ls := new(osfile.Listings)
	filepath.WalkDir(top, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			ls.Put(p, listing(t, p))
		}
		return err
	})
	for _, c := range []struct {
		order []string
		ls    *osfile.Listings
	}{{dirs, nil}, {backward, nil}, {dirs, ls}, {backward, ls}} {
		l := &Loader{Rules: known, Cache: true, Listings: c.ls}
		for _, d := range c.order {
			c, err := l.ForDir(d)
			got := answer{"", fmt.Sprint(err)}
			if c != nil {
				got.file = c.File
			}
			if got != want[d] {
				t.Errorf("ForDir(%s) = %+v, Find says %+v", d, got, want[d])
			}
		}
	}
}

// listing lists dir as discovery does.
func listing(t *testing.T, dir string) *osfile.Listing {
	t.Helper()
	l := new(osfile.Listing)
	if err := osfile.ReadDir(dir, func(name string, k osfile.Kind) { l.Add([]byte(name), k) }); err != nil {
		t.Fatal(err)
	}
	return l
}

// With Listings a Loader takes from them that a directory holds neither
// a configuration file nor .git, and looks in the directories they do
// not hold.
func TestLoaderTakesListings(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	ls := new(osfile.Listings)
	ls.Put(filepath.Join(dir, "a"), listing(t, filepath.Join(dir, "a")))
	// Written after the listing: the Loader does not see it there.
	write(t, filepath.Join(dir, "a", FileName), `{}`)
	write(t, filepath.Join(sub, FileName), `{}`)
	l := &Loader{Rules: known, Cache: true, Listings: ls}
	if c, err := l.ForDir(filepath.Join(dir, "a")); err != nil || c.File != "" {
		t.Errorf("in the listed directory: %q, %v; want none", c.File, err)
	}
	if c, err := l.ForDir(sub); err != nil || c.File != filepath.Join(sub, FileName) {
		t.Errorf("in a directory not listed: %q, %v; want its file", c.File, err)
	}
}

// With Cache a Loader looks once: a file that appears later is not seen
// until a new Loader is made, which is what a long-lived process does.
func TestCachedLoaderLooksOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "a", "b")
	l := &Loader{Rules: known, Cache: true}
	if c, err := l.ForDir(sub); err != nil || c.File != "" {
		t.Fatalf("before: %v %v", c, err)
	}
	write(t, filepath.Join(dir, "a", FileName), `{}`)
	if c, _ := l.ForDir(sub); c.File != "" {
		t.Errorf("a caching Loader looked again: %s", c.File)
	}
	if c, _ := (&Loader{Rules: known}).ForDir(sub); c.File != filepath.Join(dir, "a", FileName) {
		t.Errorf("a new Loader: %q", c.File)
	}
}
