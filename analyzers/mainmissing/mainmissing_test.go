package mainmissing_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/mainmissing"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", mainmissing.Analyzer, "dist", "env_main", "ok", "no_main")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, mainmissing.Analyzer)
}
