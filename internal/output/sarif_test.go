package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"
)

// schemaFile is the OASIS SARIF 2.1.0 JSON schema, as shipped by the SARIF
// SDK's multitool package; it is read from disk, never fetched.
const schemaFile = "testdata/sarif-schema-2.1.0.json"

func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("output does not follow the SARIF 2.1.0 schema: %v\n%s", err, out)
	}
}

// sarifJSON is the part of a log the tests read back.
type sarifJSON struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Name            string `json:"name"`
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				InformationURI  string `json:"informationUri"`
				Rules           []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					Help struct {
						Text     string `json:"text"`
						Markdown string `json:"markdown"`
					} `json:"help"`
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ToolExecutionNotifications []struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	ID               int `json:"id"`
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region sarifRegion `json:"region"`
	} `json:"physicalLocation"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex *int   `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []struct {
		Description struct {
			Text string `json:"text"`
		} `json:"description"`
		ArtifactChanges []struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Replacements []struct {
				DeletedRegion   sarifRegion `json:"deletedRegion"`
				InsertedContent struct {
					Text string `json:"text"`
				} `json:"insertedContent"`
			} `json:"replacements"`
		} `json:"artifactChanges"`
	} `json:"fixes"`
}

func writeSARIF(t *testing.T, f *fixture, diags []driver.Diagnostic, version string) ([]byte, sarifJSON) {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, f.res, diags, SARIFOptions{Version: version, Rules: testRules, Root: f.dir}); err != nil {
		t.Fatal(err)
	}
	var log sarifJSON
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return b.Bytes(), log
}

const workerTS = `import { DurableObject } from "cloudflare:workers";
// 🚀 launch
export class Room extends DurableObject {
  async fetch(req: Request) {
    const name = new URL(req.url).searchParams.get("n");
    return this.ctx.storage.sql.exec(` + "`SELECT * FROM t WHERE n = '${name}'`" + `);
  }
}
`

const workerConfig = `{
  "name": "chat",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] }
}
`

// richFixture holds a finding of every kind the SARIF writer handles.
func richFixture(t *testing.T) (*fixture, []driver.Diagnostic) {
	f := newFixture(t, map[string]string{
		"apps/chat/wrangler.jsonc":  workerConfig,
		"apps/chat/src/index.ts":    workerTS,
		"apps/my app/wrangler.json": `{"name": "x"}` + "\n",
	})
	mig := f.diag(docMigration, "apps/chat/wrangler.jsonc", `"Room"`, 0, "no migration creates class Room")
	rp, re := f.span("apps/chat/src/index.ts", "Room", 0)
	mig.Related = []analysis.RelatedInformation{{Pos: rp, End: re, Message: "class Room is declared here"}}

	sql := f.diag(docInjection, "apps/chat/src/index.ts", "`SELECT * FROM t WHERE n = '${name}'`", 0, "query built from request input")
	fp, fe := f.span("apps/chat/src/index.ts", "`SELECT * FROM t WHERE n = '${name}'`", 0)
	sql.SuggestedFixes = []analysis.SuggestedFix{{
		Message: "bind name as a parameter",
		TextEdits: []analysis.TextEdit{
			{Pos: fp, End: fe, NewText: []byte(`"SELECT * FROM t WHERE n = ?", name`)},
		},
	}}
	style := f.diag(docStyle, "apps/my app/wrangler.json", `"x"`, 0, "binding name x is not upper case")
	return f, []driver.Diagnostic{mig, sql, style}
}

func TestSARIFFollowsSchema(t *testing.T) {
	f, diags := richFixture(t)
	out, _ := writeSARIF(t, f, diags, "v1.2.3")
	validateSARIF(t, out)

	// An empty run is valid too, and still lists the rules.
	out, log := writeSARIF(t, f, nil, "devel")
	validateSARIF(t, out)
	if got := len(log.Runs[0].Tool.Driver.Rules); got != len(testDocs) {
		t.Errorf("empty run lists %d rules, want %d", got, len(testDocs))
	}
	if !bytes.Contains(out, []byte(`"results": []`)) {
		t.Errorf("an empty run must say results: [] (no results), not omit them:\n%s", out)
	}
}

func TestSARIFSchemaRejectsBrokenLog(t *testing.T) {
	// The schema check must be able to fail: a level SARIF does not know.
	f, diags := richFixture(t)
	out, _ := writeSARIF(t, f, diags, "v1.2.3")
	bad := bytes.Replace(out, []byte(`"level": "error"`), []byte(`"level": "fatal"`), 1)
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("the schema accepted level \"fatal\"")
	}
}

func TestSARIFTool(t *testing.T) {
	f, diags := richFixture(t)
	for _, c := range []struct{ version, semver string }{
		{"v1.2.3", "1.2.3"},
		{"v0.4.0-rc.1", "0.4.0-rc.1"},
		{"devel", ""},
		{"(devel)", ""},
	} {
		_, log := writeSARIF(t, f, diags, c.version)
		d := log.Runs[0].Tool.Driver
		if d.Name != "dolint" || d.Version != c.version || d.SemanticVersion != c.semver || d.InformationURI != InformationURI {
			t.Errorf("version %q: driver = %q %q %q %q", c.version, d.Name, d.Version, d.SemanticVersion, d.InformationURI)
		}
		if log.Runs[0].ColumnKind != "utf16CodeUnits" {
			t.Errorf("columnKind = %q", log.Runs[0].ColumnKind)
		}
	}
}

func TestSARIFRules(t *testing.T) {
	f, diags := richFixture(t)
	_, log := writeSARIF(t, f, diags[:1], "v1.0.0")
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != len(testDocs) {
		t.Fatalf("%d rules, want every rule (%d), fired or not", len(rules), len(testDocs))
	}
	wantLevel := map[rule.Severity]string{rule.Error: "error", rule.Warning: "warning", rule.Info: "note"}
	wantProblem := map[rule.Severity]string{rule.Error: "error", rule.Warning: "warning", rule.Info: "recommendation"}
	for i, d := range testDocs {
		r := rules[i]
		if r.ID != d.Name || r.Name != d.Name {
			t.Errorf("rule %d: id %q name %q, want %q", i, r.ID, r.Name, d.Name)
		}
		if r.ShortDescription.Text != d.Title {
			t.Errorf("%s: shortDescription %q", d.Name, r.ShortDescription.Text)
		}
		if r.FullDescription.Text != strings.Join(strings.Fields(d.What), " ") {
			t.Errorf("%s: fullDescription %q", d.Name, r.FullDescription.Text)
		}
		if r.HelpURI != d.URL() {
			t.Errorf("%s: helpUri %q", d.Name, r.HelpURI)
		}
		if !strings.Contains(r.Help.Markdown, "# What it does") || !strings.Contains(r.Help.Markdown, d.Why) || r.Help.Text == "" {
			t.Errorf("%s: help is not the rule's documentation: %q", d.Name, r.Help.Markdown)
		}
		if r.DefaultConfiguration.Level != wantLevel[d.Severity] {
			t.Errorf("%s: level %q", d.Name, r.DefaultConfiguration.Level)
		}
		tags := fmt.Sprint(r.Properties["tags"])
		if tags != fmt.Sprintf("[%s durable-objects]", d.Category) {
			t.Errorf("%s: tags %s", d.Name, tags)
		}
		if r.Properties["problem.severity"] != wantProblem[d.Severity] {
			t.Errorf("%s: problem.severity %v", d.Name, r.Properties["problem.severity"])
		}
		if p, _ := r.Properties["precision"].(string); p == "" {
			t.Errorf("%s: no precision", d.Name)
		}
		ss, has := r.Properties["security-severity"]
		if has != (d.Category == rule.Security) {
			t.Errorf("%s (%s): security-severity %v present=%v", d.Name, d.Category, ss, has)
		}
		if has {
			var score float64
			if s, ok := ss.(string); !ok || json.Unmarshal([]byte(s), &score) != nil || score <= 0 || score > 10 {
				t.Errorf("%s: security-severity %#v is not a numeric string in (0, 10]", d.Name, ss)
			}
		}
	}
}

func TestSARIFResults(t *testing.T) {
	f, diags := richFixture(t)
	out, log := writeSARIF(t, f, diags, "v1.0.0")
	res := log.Runs[0].Results
	if len(res) != 3 {
		t.Fatalf("%d results, want 3:\n%s", len(res), out)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	for _, r := range res {
		if r.RuleIndex == nil || rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("%s: ruleIndex does not point at its rule", r.RuleID)
		}
		if len(r.Locations) != 1 {
			t.Errorf("%s: %d locations", r.RuleID, len(r.Locations))
		}
	}

	mig := res[0]
	loc := mig.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "apps/chat/wrangler.jsonc" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("uri %q base %q", loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID)
	}
	// "Room" on line 3 of the config, after `  "durable_objects": ... "class_name": `.
	col := strings.Index(strings.Split(workerConfig, "\n")[2], `"Room"`) + 1
	if loc.Region != (sarifRegion{3, col, 3, col + 6}) {
		t.Errorf("region %+v, want line 3 columns %d-%d", loc.Region, col, col+6)
	}
	if mig.Level != "error" || mig.Message.Text != "no migration creates class Room" {
		t.Errorf("level %q message %q", mig.Level, mig.Message.Text)
	}
	if len(mig.RelatedLocations) != 1 {
		t.Fatalf("related: %+v", mig.RelatedLocations)
	}
	rel := mig.RelatedLocations[0]
	if rel.Message.Text != "class Room is declared here" || rel.PhysicalLocation.ArtifactLocation.URI != "apps/chat/src/index.ts" || rel.PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("related location %+v", rel)
	}

	// Columns count UTF-16 code units: the line is plain ASCII up to the
	// template literal, the emoji is on line 2 and must not shift line 6.
	sql := res[1]
	line6 := strings.Split(workerTS, "\n")[5]
	start := strings.Index(line6, "`") + 1
	if r := sql.Locations[0].PhysicalLocation.Region; r.StartLine != 6 || r.StartColumn != start {
		t.Errorf("sql region %+v, want 6:%d", r, start)
	}
	if len(sql.Fixes) != 1 || len(sql.Fixes[0].ArtifactChanges) != 1 {
		t.Fatalf("fixes: %+v", sql.Fixes)
	}
	fx := sql.Fixes[0]
	ch := fx.ArtifactChanges[0]
	if fx.Description.Text != "bind name as a parameter" || ch.ArtifactLocation.URI != "apps/chat/src/index.ts" || len(ch.Replacements) != 1 {
		t.Fatalf("fix %+v", fx)
	}
	rep := ch.Replacements[0]
	if rep.DeletedRegion != sql.Locations[0].PhysicalLocation.Region || rep.InsertedContent.Text != `"SELECT * FROM t WHERE n = ?", name` {
		t.Errorf("replacement %+v", rep)
	}

	// A space in a path is escaped: a URI is not a file name.
	if u := res[2].Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "apps/my%20app/wrangler.json" {
		t.Errorf("uri with a space: %q", u)
	}
	if res[2].Level != "note" {
		t.Errorf("info finding has level %q, want note", res[2].Level)
	}
}

func TestSARIFUTF16Columns(t *testing.T) {
	// Characters outside the BMP count two UTF-16 code units.
	f := newFixture(t, map[string]string{"wrangler.jsonc": `{"name": "🚀🚀", "x": "bad"}` + "\n"})
	d := f.diag(docMigration, "wrangler.jsonc", `"bad"`, 0, "m")
	_, log := writeSARIF(t, f, []driver.Diagnostic{d}, "")
	r := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	// {"name": " is 10 units, two rockets 4, then ", "x": " 8 more.
	if r.StartColumn != 23 || r.EndColumn != 28 {
		t.Errorf("columns %d-%d, want 23-28 in UTF-16 code units", r.StartColumn, r.EndColumn)
	}
}

func TestSARIFFileOutsideRoot(t *testing.T) {
	f := newFixture(t, map[string]string{"a/wrangler.jsonc": workerConfig})
	d := f.diag(docMigration, "a/wrangler.jsonc", `"Room"`, 0, "m")
	var b bytes.Buffer
	if err := SARIF(&b, f.res, []driver.Diagnostic{d}, SARIFOptions{Rules: testRules, Root: f.path("b")}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, b.Bytes())
	var log sarifJSON
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	al := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if !strings.HasPrefix(al.URI, "file:///") || al.URIBaseID != "" {
		t.Errorf("file outside the root: uri %q base %q, want an absolute file URI", al.URI, al.URIBaseID)
	}
}

func fingerprints(t *testing.T, f *fixture, diags []driver.Diagnostic) []string {
	t.Helper()
	_, log := writeSARIF(t, f, diags, "")
	var out []string
	for _, r := range log.Runs[0].Results {
		out = append(out, r.PartialFingerprints["dolint/v1"])
	}
	return out
}

func TestSARIFFingerprintsSurviveEditsAbove(t *testing.T) {
	src := "export class A {}\n  sql.exec(`x${a}`);\nfoo();\n  sql.exec(`x${a}`);\n"
	before := newFixture(t, map[string]string{"src/index.ts": src})
	bd := []driver.Diagnostic{
		before.diag(docInjection, "src/index.ts", "`x${a}`", 0, "m"),
		before.diag(docInjection, "src/index.ts", "`x${a}`", 1, "m"),
		before.diag(docMigration, "src/index.ts", "A", 0, "m"),
	}
	fb := fingerprints(t, before, bd)
	if fb[0] == fb[1] {
		t.Errorf("two identical lines share a fingerprint: %v", fb)
	}
	for _, fp := range fb {
		if fp == "" {
			t.Fatalf("missing fingerprint: %v", fb)
		}
	}

	// Lines added above, and indentation changed: same alerts.
	edited := "// header\n\nimport x from 'y';\nexport class A {}\n\n    sql.exec(`x${a}`);\nfoo();\nsql.exec(`x${a}`);\n"
	after := newFixture(t, map[string]string{"src/index.ts": edited})
	ad := []driver.Diagnostic{
		after.diag(docInjection, "src/index.ts", "`x${a}`", 0, "m"),
		after.diag(docInjection, "src/index.ts", "`x${a}`", 1, "m"),
		after.diag(docMigration, "src/index.ts", "A", 0, "m"),
	}
	fa := fingerprints(t, after, ad)
	if fmt.Sprint(fa) != fmt.Sprint(fb) {
		t.Errorf("fingerprints changed by edits above the findings:\nbefore %v\nafter  %v", fb, fa)
	}

	// Changing the flagged line itself is a different alert.
	changed := "export class B {}\n  sql.exec(`x${a}`);\nfoo();\n  sql.exec(`x${a}`);\n"
	cf := newFixture(t, map[string]string{"src/index.ts": changed})
	fc := fingerprints(t, cf, []driver.Diagnostic{cf.diag(docMigration, "src/index.ts", "B", 0, "m")})
	if fc[0] == fb[2] {
		t.Error("a changed flagged line kept its fingerprint")
	}
}

func TestSARIFResultLimit(t *testing.T) {
	// One more finding than GitHub accepts: the run is cut to the limit,
	// keeping errors over lower severities, and says so.
	f := newFixture(t, map[string]string{"src/index.ts": "x\n"})
	pos, end := f.span("src/index.ts", "x", 0)
	mk := func(d *rule.Doc) driver.Diagnostic {
		return driver.Diagnostic{Diagnostic: analysis.Diagnostic{Pos: pos, End: end, Message: "m"}, Rule: d.Name, Severity: d.Severity}
	}
	var diags []driver.Diagnostic
	for range maxResults - 1 {
		diags = append(diags, mk(docStyle))
	}
	diags = append(diags, mk(docAlarm), mk(docMigration))
	var b bytes.Buffer
	if err := SARIF(&b, f.res, diags, SARIFOptions{Rules: testRules, Root: f.dir}); err != nil {
		t.Fatal(err)
	}
	var log sarifJSON
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != maxResults {
		t.Fatalf("%d results, want %d", len(run.Results), maxResults)
	}
	if run.Results[0].RuleID != docMigration.Name || run.Results[1].RuleID != docAlarm.Name {
		t.Errorf("the most severe findings were not kept first: %s, %s", run.Results[0].RuleID, run.Results[1].RuleID)
	}
	n := run.Invocations[0].ToolExecutionNotifications
	if len(n) != 1 || !strings.Contains(n[0].Message.Text, "1 findings were left out") {
		t.Errorf("notifications %+v", n)
	}
}

func TestSARIFUnknownRule(t *testing.T) {
	// A finding from an analyzer that is not a documented rule still gets
	// a descriptor, so ruleIndex stays valid.
	f := newFixture(t, map[string]string{"wrangler.jsonc": "{\n"})
	pos, end := f.span("wrangler.jsonc", "{", 0)
	d := driver.Diagnostic{Diagnostic: analysis.Diagnostic{Pos: pos, End: end, Message: "unexpected end of input"}, Rule: "configsyntax", Severity: rule.Error}
	out, log := writeSARIF(t, f, []driver.Diagnostic{d}, "")
	validateSARIF(t, out)
	r := log.Runs[0].Results[0]
	if r.RuleIndex == nil || log.Runs[0].Tool.Driver.Rules[*r.RuleIndex].ID != "configsyntax" {
		t.Errorf("ruleIndex %v does not point at a configsyntax descriptor", r.RuleIndex)
	}
}
