package devserver

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestParseDotenv(t *testing.T) {
	got, err := parseDotenv("# comment\nA=1\nexport B = two words # note\nC=\"line\\nnext\"\nD='single # kept'\r\nE=`multi\nline`\nnot a pair\n#F=hidden\nG=\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A": "1", "B": "two words", "C": "line\nnext", "D": "single # kept", "E": "multi\nline", "G": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if _, err := parseDotenv("A=1\nK=\"open\n"); err == nil || err.Error() != `line 2: the value of K has no closing "` {
		t.Errorf("unclosed quote: %v", err)
	}
}

// .dev.vars (or .dev.vars.<env>) wins over the .env files; the .env
// files merge, later ones winning; secrets override vars; values are not
// printed.
func TestDevSecrets(t *testing.T) {
	worker := `export default { fetch(req, env) { return new Response([env.MODE, env.TOKEN, env.LOCAL].join(" ")); } };`
	cfg := `{ "name": "s", "main": "src/index.js", "compatibility_date": "2025-06-01", "vars": { "MODE": "var" },
  "env": { "staging": { "vars": { "MODE": "staging-var" } } } }`
	cases := []struct {
		files map[string]string
		env   string
		want  string
		used  string
	}{
		{map[string]string{".dev.vars": "TOKEN=devvars\nMODE=secret", ".env": "TOKEN=dotenv"}, "", "secret devvars ", ".dev.vars"},
		{map[string]string{".dev.vars": "TOKEN=devvars", ".dev.vars.staging": "TOKEN=staging"}, "staging", "staging-var staging ", ".dev.vars.staging"},
		{map[string]string{".env": "TOKEN=dotenv\nLOCAL=no", ".env.local": "LOCAL=yes"}, "", "var dotenv yes", ".env, .env.local"},
		{map[string]string{}, "", "var  ", ""},
	}
	bad := writeProject(t, map[string]string{"wrangler.jsonc": cfg, "src/index.js": worker, ".dev.vars": "A=1\nB='x\n"})
	if _, err := Start(Options{Dir: bad, Addr: "127.0.0.1:0", Log: io.Discard}); err == nil || !strings.HasSuffix(err.Error(), ".dev.vars:2: the value of B has no closing '") {
		t.Errorf("bad .dev.vars: %v", err)
	}
	for i, c := range cases {
		files := map[string]string{"wrangler.jsonc": cfg, "src/index.js": worker}
		for k, v := range c.files {
			files[k] = v
		}
		s, log := startDir(t, writeProject(t, files), func(o *Options) { o.Env = c.env })
		if got := fetch(t, "GET", s.URL()+"/"); got != "200 "+strings.TrimSpace(c.want) && got != "200 "+c.want {
			t.Errorf("case %d: got %q, want %q", i, got, "200 "+c.want)
		}
		out := log.String()
		if c.used != "" && !strings.Contains(out, "Using secrets defined in "+c.used+"\n") {
			t.Errorf("case %d: log:\n%s", i, out)
		}
		if strings.Contains(out, "devvars") || strings.Contains(out, "dotenv") {
			t.Errorf("case %d: a secret's value is in the log:\n%s", i, out)
		}
	}
}

// Any file parses or fails with an error; keys are always valid names.
func FuzzParseDotenv(f *testing.F) {
	for _, s := range []string{"A=1", "export B='x\ny'", "C=\"a\\nb\" # c", "D=`", "=x", "E==", "\"F\"=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		vals, err := parseDotenv(src)
		if err != nil {
			return
		}
		for k := range vals {
			if !validEnvKey(k) {
				t.Errorf("key %q from %q", k, src)
			}
		}
	})
}
