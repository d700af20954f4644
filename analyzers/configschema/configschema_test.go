package configschema_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/configschema"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", configschema.Analyzer, "jsonc", "jsonc_ok", "toml", "toml_ok")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, configschema.Analyzer)
}
