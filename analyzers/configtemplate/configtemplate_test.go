package configtemplate_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/configtemplate"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", configtemplate.Rule, "jsonc", "toml", "ok")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, configtemplate.Rule)
}
