package wrangler

import "testing"

func TestScriptName(t *testing.T) {
	cfg := Parse(nil, "wrangler.toml", []byte(`name = "app"

[env.staging]

[env.prod]
name = "app-production"
`))
	for env, want := range map[string]string{"": "app", "staging": "app-staging", "prod": "app-production"} {
		if got := cfg.ScriptName(env); got != want {
			t.Errorf("ScriptName(%q) = %q, want %q", env, got, want)
		}
	}
	if got := Parse(nil, "wrangler.jsonc", []byte(`{}`)).ScriptName("x"); got != "" {
		t.Errorf("no name: %q", got)
	}
}
