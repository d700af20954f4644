package configsyntax_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/configsyntax"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler 4.86.0 and 4.164.0 deploy --dry-run: the
// jsonc case's missing comma stops it with "✘ [ERROR] CommaExpected" and
// exit code 1, and a TOML value without quotes with "Invalid TOML document:
// invalid value"; a wrangler.json with comments and trailing commas
// deploys. A file saved as UTF-16 stops 4.86.0 with "Configuration file
// contains UTF-16 LE byte order marker". An array at the top level is not
// refused as such: 4.86.0 warns "Unexpected fields found in top-level
// field: "0"" and then stops because the config has no entry point.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", configsyntax.Rule, "jsonc", "jsonc_ok", "toml", "toml_ok", "json_array",
		"toml_liquid", "toml_liquid_if", "toml_braces_elsewhere")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, configsyntax.Rule)
}
