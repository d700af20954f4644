package duplicatebinding_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/analyzers/internal/doccheck"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", duplicatebinding.Analyzer, "jsonc_dup", "jsonc_ok", "toml_dup", "toml_ok")
}

func TestDoc(t *testing.T) {
	doccheck.Check(t, duplicatebinding.Analyzer)
}
