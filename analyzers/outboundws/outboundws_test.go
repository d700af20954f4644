package outboundws_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/outboundws"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26): an object
// that opened new WebSocket("ws://127.0.0.1:8899/") to a local server was
// still the same instance after 25 s without events, while an idle object
// without sockets had been evicted and was constructed again.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", outboundws.Rule, "basic", "ok")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, outboundws.Rule)
}
