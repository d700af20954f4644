package envbindings_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/envbindings"
	"github.com/dolint-dev/dolint/analyzers/internal/doccheck"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", envbindings.Analyzer, "jsonc", "jsonc_ok", "toml", "toml_ok")
}

func TestDoc(t *testing.T) {
	doccheck.Check(t, envbindings.Analyzer)
}
