package sourcesyntax_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/sourcesyntax"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", sourcesyntax.Analyzer, "broken", "ok")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, sourcesyntax.Analyzer)
}
