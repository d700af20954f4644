package cursorapi_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/cursorapi"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", cursorapi.Analyzer, "basic")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, cursorapi.Analyzer)
}
