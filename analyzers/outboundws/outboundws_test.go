package outboundws_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/outboundws"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", outboundws.Analyzer, "basic", "ok")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, outboundws.Analyzer)
}
