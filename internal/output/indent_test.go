package output

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestIndentAgreesWithEncoding holds indent to json.Indent over what
// encoding/json writes: strings with quotes, backslashes and brackets in
// them, empty and nested objects and arrays, numbers and literals.
func TestIndentAgreesWithEncoding(t *testing.T) {
	values := []any{
		map[string]any{},
		[]any{},
		"",
		`a "quoted" \ back\slash \\" {[,:]} <tag> & é` + "\n\t\x01\u2028",
		map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{1, 2.5, -3e9, true, false, nil}},
		[]any{map[string]any{"x": `\`}, map[string]any{"y": `"`}, []any{[]any{}, []any{"]"}}},
		map[string]any{"diagnostics": []any{map[string]any{"rule": "r", "fixes": []any{}, "projects": []any{"a/wrangler.toml"}, "message": `say "x": {y}, [z]`}}, "summary": map[string]any{"errors": 1}},
		struct {
			Fixes []Finding `json:"fixes"`
		}{[]Finding{{Rule: "x", Message: "m\\", Fixes: []FixJSON{{Message: "f", Edits: []EditJSON{{NewText: "a\"b"}}}}}}},
	}
	for _, v := range values {
		var compact bytes.Buffer
		if err := json.NewEncoder(&compact).Encode(v); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indent(nil, compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent(%s) =\n%s\nwant\n%s", compact.Bytes(), got, want.Bytes())
		}
	}
}

// TestJSONIsIndented checks that JSON writes what an indenting encoder
// writes.
func TestJSONIsIndented(t *testing.T) {
	fs := []Finding{
		{Rule: "a", Severity: "error", Message: `m <"x">`, Detail: "d\\", File: "f.ts", Line: 1, Column: 2, EndLine: 3, EndColumn: 4, Fixes: []FixJSON{}, Projects: []string{"wrangler.toml"}},
		{Rule: "b", Severity: "warning", Message: "n", File: "g.ts", Fixes: []FixJSON{{Message: "fix", Edits: []EditJSON{{File: "g.ts", NewText: "{\n}"}}}}, Related: []RelatedJSON{{Message: "r", File: "h.ts"}}, Projects: []string{}},
	}
	var got bytes.Buffer
	if err := JSON(&got, fs, Counts{}); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		Diagnostics []Finding `json:"diagnostics"`
		Summary     Counts    `json:"summary"`
	}{fs, Counts{}}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("JSON wrote\n%s\nwant\n%s", got.Bytes(), want.Bytes())
	}
}
