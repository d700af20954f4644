package configsyntax_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/configsyntax"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", configsyntax.Analyzer, "jsonc", "jsonc_ok", "toml", "toml_ok", "json_array")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, configsyntax.Analyzer)
}
