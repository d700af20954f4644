package lintconfig_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/lintconfig"
)

var update = flag.Bool("update", false, "rewrite dolint.schema.json's list of rules")

// TestSchemaListsEveryRule keeps the rule names in the published schema,
// which editors complete "rules" with, equal to the rules dolint has. Run
// with -update to rewrite the list after adding or renaming a rule.
func TestSchemaListsEveryRule(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(lintconfig.SchemaJSON, &doc); err != nil {
		t.Fatal(err)
	}
	listed := map[string]any{}
	for _, r := range all.Rules().Rules() {
		d := r.Doc
		listed[d.Name] = map[string]any{
			"$ref":        "#/$defs/rule",
			"description": fmt.Sprintf("%s (default %s; see `dolint explain %s`)", d.Title, d.Severity, d.Name),
		}
	}
	rules := doc["properties"].(map[string]any)["rules"].(map[string]any)
	rules["properties"] = listed
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(b.Bytes(), lintconfig.SchemaJSON) {
		return
	}
	if *update {
		if err := os.WriteFile("dolint.schema.json", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("dolint.schema.json does not list the rules dolint has: run go test ./internal/lintconfig -run TestSchemaListsEveryRule -update")
}
