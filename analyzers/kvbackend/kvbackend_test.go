package kvbackend_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/kvbackend"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", kvbackend.Analyzer, "jsonc", "jsonc_exports", "jsonc_ok", "toml", "toml_ok")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, kvbackend.Analyzer)
}
