package configschema_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/configschema"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler deploy --dry-run on the jsonc and toml
// cases (the want comments stripped): 4.86.0 prints every error and warning
// below word for word, except the exports ones, since it warns
// "Unexpected fields found in top-level field: "exports"" instead;
// 4.164.0 prints all of them, exports included, also the "Unexpected
// fields ... "remote"" warning next to the error for remote = "yes". Both
// exit with code 1. With --env production, 4.86.0 adds "binding should
// have a string "name" field." under "env.production".
// For "legacy_env": false, "compatibility_flags": "nodejs_compat" and
// "no_bundle": "yes", both print "Expected "compatibility_flags" to be of
// type string array but got "nodejs_compat"." and "Expected "no_bundle" to
// be of type boolean but got "yes"."; 4.164.0 also errors with "The
// "legacy_env" field is no longer supported, so please remove it from your
// configuration file.", while 4.86.0 only warns that service environments
// are deprecated.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", configschema.Rule, "jsonc", "jsonc_ok", "toml", "toml_ok", "template")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, configschema.Rule)
}
