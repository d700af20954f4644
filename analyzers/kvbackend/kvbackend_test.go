package kvbackend_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/kvbackend"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler: deploy --dry-run (4.86.0 and 4.164.0)
// accepts new_classes without a word, and 4.164.0 accepts an exports entry
// with storage "legacy-kv" the same way; under wrangler dev 4.164.0 that
// class's sql.exec() throws "SQL is not enabled for this Durable Object
// class. ..." while a storage "sqlite" entry runs SQL. Code 10097 and the
// 2 KiB / 128 KiB limits belong to the deploy API and production workerd
// and were not observed here (local workerd enforces neither limit).
// In miniflare 4.20260426.0 a class started as a facet runs SQL even when
// its own namespace is KV-backed, so new_classes says nothing about a
// facet-only class (the facet case); the harness case is a config only
// @cloudflare/vitest-pool-workers reads, which nothing deploys.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", kvbackend.Rule, "jsonc", "jsonc_exports", "jsonc_ok", "toml", "toml_ok", "facet", "harness", "template")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, kvbackend.Rule)
}
