package exportsconflict_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/exportsconflict"
	"github.com/dolint-dev/dolint/analyzers/internal/doccheck"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", exportsconflict.Analyzer, "jsonc_top", "jsonc_env", "jsonc_ok", "toml", "toml_ok")
}

func TestDoc(t *testing.T) {
	doccheck.Check(t, exportsconflict.Analyzer)
}
