package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// knownDifference is a step whose result legitimately differs between
// workerd and the sandbox. Such a step is still run on both sides; it is
// counted apart and never silently dropped.
type knownDifference struct {
	reason string
}

// knownDifferences is keyed by "scenario/step". It lists differences that
// exist by design between workerd and the sandbox.
//
// The workers are written so that most runtime-specific values never reach
// the output: object IDs are checked against /^[0-9a-f]{64}$/ rather than
// printed, alarm times are reported relative to when they were set, and
// databaseSize is reported by type only. What remains here cannot be
// normalised away in the worker.
var knownDifferences = map[string]knownDifference{}

// declaredLimitation is a gap the sandbox documents in its own package
// documentation (sandbox/doc.go, "Known differences from workerd"). A step
// whose results differ only in the way the rule describes is counted apart
// and logged, not failed. Each rule applies either to the listed steps or,
// with a normalizer, to any step where removing the documented difference
// from both results makes them equal.
type declaredLimitation struct {
	name   string
	reason string
	steps  map[string]bool // "scenario/step"; nil means every step
	// normalize rewrites a decoded result so that the documented difference
	// disappears; nil means the listed steps differ as a whole.
	normalize func(any) any
}

var declaredLimitations = []declaredLimitation{
	{
		name: "sql-counters",
		reason: "sandbox/doc.go: rowsRead does not count the SeekEnd positionings of an index build " +
			"(CREATE INDEX reads 8 rows where workerd counts 10)",
		steps:     map[string]bool{"sql-cursor/create-index": true},
		normalize: func(v any) any { return dropKeys(v, "rowsRead") },
	},
	{
		name: "schema-hash-order",
		reason: "sandbox/doc.go: PRAGMA table_list without ORDER BY lists tables in the order of SQLite's " +
			"schema hash table, which depends on the SQLite release; workerd's keeps small schemas in " +
			"creation order, the sandbox's SQLite 3.54 buckets them from five tables on",
		steps:     map[string]bool{"sql-errors/pragma-table-list-stmt": true},
		normalize: sortResultRows,
	},
	{
		name: "rpc-before-date",
		reason: "sandbox/doc.go: calling an RPC method before the rpc compatibility date throws a TypeError, " +
			"but goja words the message differently from V8",
		steps:     map[string]bool{"compat-rpc-2024-04-02/call": true, "compat-rpc-no-rpc-flag/call": true},
		normalize: func(v any) any { return dropKeys(v, "message") },
	},
	{
		name: "dom-exception-own-keys",
		reason: "sandbox/doc.go: a DOMException from another isolate has name, message, code and stack on its " +
			"prototype chain, where workerd's has them as own properties",
		steps: map[string]bool{"compat-error-serialization-2026-04-20/thrown-dom-exception": true,
			"compat-error-serialization-2026-04-21/thrown-dom-exception": true},
		normalize: func(v any) any { return dropKeys(v, "ownKeys") },
	},
	{
		name: "stub-request-lifetime",
		reason: "sandbox/doc.go: stubs do not belong to the request that received them, so a later request " +
			"can still use them",
		steps: map[string]bool{"rpc-stubs/use-saved": true},
	},
}

// sortResultRows puts the rows of a sql step's result in a fixed order, so
// that two results compare by content alone.
func sortResultRows(v any) any {
	body, _ := v.(map[string]any)["body"].(map[string]any)
	val, _ := body["value"].(map[string]any)
	rows, ok := val["result"].([]any)
	if !ok {
		return v
	}
	keyed := make([]string, len(rows))
	for i, r := range rows {
		b, _ := json.Marshal(r)
		keyed[i] = string(b)
	}
	sort.Strings(keyed)
	sorted := make([]any, len(rows))
	for i, k := range keyed {
		sorted[i] = json.RawMessage(k)
	}
	val["result"] = sorted
	return v
}

// dropKeys removes the named object keys at every depth.
func dropKeys(v any, keys ...string) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			drop := false
			for _, d := range keys {
				drop = drop || k == d
			}
			if !drop {
				out[k] = dropKeys(e, keys...)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = dropKeys(e, keys...)
		}
		return out
	}
	return v
}

// declared returns the documented sandbox limitation that explains the
// difference between want and got, if any.
func declared(key, want, got string) *declaredLimitation {
	for i := range declaredLimitations {
		d := &declaredLimitations[i]
		if d.steps != nil && !d.steps[key] {
			continue
		}
		if d.normalize == nil {
			return d
		}
		w, errW := decode(want)
		g, errG := decode(got)
		if errW != nil || errG != nil {
			continue
		}
		wn, _ := json.Marshal(d.normalize(w))
		gn, _ := json.Marshal(d.normalize(g))
		if bytes.Equal(wn, gn) {
			return d
		}
	}
	return nil
}

func decode(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// canonical re-encodes a JSON document with sorted object keys and numbers
// kept as written, so that two documents compare byte for byte.
func canonical(raw []byte) (string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "null", nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(buf.Bytes())), nil
}

// Mismatch is one step whose results differ.
type Mismatch struct {
	Scenario, Step string
	Want, Got      string
	Known          string // reason, when listed in knownDifferences
	Declared       string // reason, when a documented sandbox limitation explains it
}

func (m Mismatch) String() string {
	s := fmt.Sprintf("%s/%s:\n\tworkerd: %s\n\tsandbox: %s", m.Scenario, m.Step, clip(m.Want), clip(m.Got))
	if m.Known != "" {
		s += "\n\tknown difference: " + m.Known
	}
	if m.Declared != "" {
		s += "\n\tdeclared sandbox limitation: " + m.Declared
	}
	return s
}

func clip(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}

// Tally counts compared steps.
type Tally struct {
	Scenarios, Steps, Matched, Known, Declared int
	Mismatches                                 []Mismatch
}

// Compare compares got against want step by step. Steps are matched by id;
// a step missing on either side is a mismatch. With sandbox set, differences
// the sandbox documents as limitations are classified as such.
func Compare(name string, want, got []StepResult, sandbox bool, t *Tally) {
	t.Scenarios++
	gotByID := map[string]json.RawMessage{}
	for _, s := range got {
		gotByID[s.ID] = s.Result
	}
	for _, w := range want {
		t.Steps++
		wantC, err := canonical(w.Result)
		if err != nil {
			wantC = "invalid JSON: " + err.Error()
		}
		g, ok := gotByID[w.ID]
		gotC := "(step not run)"
		if ok {
			if gotC, err = canonical(g); err != nil {
				gotC = "invalid JSON: " + err.Error()
			}
		}
		if ok && wantC == gotC {
			t.Matched++
			continue
		}
		m := Mismatch{Scenario: name, Step: w.ID, Want: wantC, Got: gotC}
		key := name + "/" + w.ID
		if kd, listed := knownDifferences[key]; listed {
			m.Known = kd.reason
			t.Known++
		} else if d := declared(key, wantC, gotC); sandbox && ok && d != nil {
			m.Declared = d.name + ": " + d.reason
			t.Declared++
		}
		t.Mismatches = append(t.Mismatches, m)
	}
}

// Golden is the committed record of one scenario's results on workerd.
type Golden struct {
	Miniflare string       `json:"miniflare"`
	Steps     []StepResult `json:"steps"`
}

func goldenPath(testdata, name string) string {
	return filepath.Join(testdata, "golden", name+".json")
}

// ReadGolden reads the committed results of a scenario.
func ReadGolden(testdata, name string) (*Golden, error) {
	data, err := os.ReadFile(goldenPath(testdata, name))
	if err != nil {
		return nil, err
	}
	var g Golden
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("%s: %v", goldenPath(testdata, name), err)
	}
	return &g, nil
}

// WriteGolden writes a scenario's results, one step per line so that diffs
// stay readable, through a temporary file renamed into place.
func WriteGolden(testdata string, r ScenarioResult) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\n  \"miniflare\": %q,\n  \"steps\": [\n", MiniflareVersion)
	for i, s := range r.Steps {
		c, err := canonical(s.Result)
		if err != nil {
			return fmt.Errorf("%s/%s: %v", r.Name, s.ID, err)
		}
		id, _ := json.Marshal(s.ID)
		fmt.Fprintf(&buf, "    {\"id\": %s, \"result\": %s}", id, c)
		if i < len(r.Steps)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("  ]\n}\n")
	path := goldenPath(testdata, r.Name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
