package configsyntax_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/configsyntax"
	"github.com/dolint-dev/dolint/analyzers/internal/doccheck"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", configsyntax.Analyzer, "jsonc", "jsonc_ok", "toml", "toml_ok", "json_array")
}

func TestDoc(t *testing.T) {
	doccheck.Check(t, configsyntax.Analyzer)
}
