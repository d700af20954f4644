package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestDiffRanges(t *testing.T) {
	tests := []struct {
		want, got, missing, extra []Range
	}{
		{nil, nil, nil, nil},
		{[]Range{{0, 5}}, []Range{{0, 5}}, nil, nil},
		{[]Range{{0, 5}, {7, 9}}, []Range{{7, 9}}, []Range{{0, 5}}, nil},
		{[]Range{{7, 9}}, []Range{{0, 5}, {7, 9}, {10, 11}}, nil, []Range{{0, 5}, {10, 11}}},
		{[]Range{{0, 5}, {0, 9}}, []Range{{0, 6}, {0, 9}}, []Range{{0, 5}}, []Range{{0, 6}}},
		// Duplicates must match one for one.
		{[]Range{{1, 2}, {1, 2}}, []Range{{1, 2}}, []Range{{1, 2}}, nil},
	}
	for _, tt := range tests {
		m, e := DiffRanges(tt.want, tt.got)
		if !reflect.DeepEqual(m, tt.missing) || !reflect.DeepEqual(e, tt.extra) {
			t.Errorf("DiffRanges(%v, %v) = %v, %v; want %v, %v", tt.want, tt.got, m, e, tt.missing, tt.extra)
		}
	}
}

func TestTallyFigures(t *testing.T) {
	src := []byte("export class A {\n  m() { f(`x`, 'y') }\n}\n")
	ref := &TSResult{
		Accepted:  true,
		Classes:   []Range{{0, 41}},
		Methods:   []Range{{19, 39}},
		Calls:     []Range{{25, 37}},
		Strings:   []Range{{32, 35}},
		Templates: []Range{{27, 30}},
	}
	good := Outcome{Accepted: true, Ranges: ref.Ranges()}

	var tl Tally
	tl.Add("same.ts", src, ref, good)
	if tl.Files != 1 || tl.Identical != 1 || tl.AcceptAgreement() != 1 || tl.RangesIdentical() != 1 {
		t.Fatalf("identical file: %+v", tl)
	}

	// Our class starts after `export`: one paired mismatch, not two.
	bad := good
	bad.Ranges[Classes] = []Range{{7, 41}}
	// And a string the reference does not have, given out of order.
	bad.Ranges[Strings] = []Range{{32, 35}, {0, 6}}
	tl.Add("bad.ts", src, ref, bad)
	if tl.BothAccept != 2 || tl.Identical != 1 || tl.RangesIdentical() != 0.5 {
		t.Fatalf("after mismatch: both accept %d identical %d", tl.BothAccept, tl.Identical)
	}
	if got := tl.Kinds[Classes]; got != (KindStats{Ranges: 2, Files: 1, Missing: 1, Extra: 1}) {
		t.Errorf("classes stats = %+v", got)
	}
	if got := tl.Kinds[Strings]; got != (KindStats{Ranges: 2, Files: 1, Missing: 0, Extra: 1}) {
		t.Errorf("strings stats = %+v", got)
	}
	if tl.Kinds[Calls] != (KindStats{Ranges: 2}) {
		t.Errorf("calls stats = %+v, want zero", tl.Kinds[Calls])
	}
	if len(tl.Samples) != 2 {
		t.Fatalf("samples = %v", tl.Samples)
	}
	if c := tl.Samples[0]; c.Category != `classes: start differs at "export"` || c.Line != 1 || c.Column != 1 {
		t.Errorf("first sample = %+v", c)
	}
	if c := tl.Samples[1]; c.Category != `strings: extra, starting with "export"` {
		t.Errorf("second sample = %+v", c)
	}

	// Acceptance disagreements in both directions, and an agreed reject.
	tl.Add("rej.ts", src, ref, Outcome{Error: &Diagnostic{Message: "unexpected '}'", Offset: 41, Line: 4, Column: 1}})
	if c := tl.Samples[2].Context; c != "…export class A {⏎  m() { f(`x`, 'y') }⏎}⏎|" {
		t.Errorf("context of an error on a blank line = %q", c)
	}
	refBad := &TSResult{Error: &Diagnostic{Message: "'}' expected.", Offset: 40, Line: 3, Column: 1}}
	tl.Add("acc.ts", src, refBad, Outcome{Accepted: true})
	tl.Add("both.ts", src, refBad, Outcome{Error: &Diagnostic{Line: 3}})
	samples := len(tl.Samples)
	tl.Add("elsewhere.ts", src, refBad, Outcome{Error: &Diagnostic{Message: "unexpected 'm'", Offset: 19, Line: 2, Column: 3}})
	if len(tl.Samples) != samples {
		t.Errorf("an agreed rejection became a sample: %v", tl.Samples[samples:])
	}
	if tl.Files != 6 || tl.Agree != 4 || tl.FalseReject != 1 || tl.FalseAccept != 1 || tl.BothReject != 2 || tl.SameErrLine != 1 {
		t.Fatalf("acceptance counts: %+v", tl)
	}
	if got, want := tl.AcceptAgreement(), 4.0/6; got != want {
		t.Errorf("AcceptAgreement = %v, want %v", got, want)
	}

	tl.Add("latin1.js", []byte{0xff}, &TSResult{InvalidUTF8: true}, Outcome{})
	if tl.InvalidUTF8 != 1 || tl.Files != 6 {
		t.Errorf("invalid UTF-8 file must be left out: %+v", tl)
	}

	var b strings.Builder
	tl.Report(&b)
	out := b.String()
	for _, want := range []string{
		"accept/reject agreement: 66.667% (4/6",
		"1       1  note: both reject, first errors on different lines",
		"elsewhere.ts:3:2: TypeScript: '}' expected.; jsast at 2:3: unexpected 'm'",
		"all ranges identical: 50.000% of files both accept (1/2)",
		"rejects valid file: unexpected '…'",
		"accepts invalid file: '…' expected.",
		"bad.ts:1:1: want [0 41] got [7 41]: `export class A { m() { f(`x`, 'y') } }`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestLocate(t *testing.T) {
	src := []byte("ab\ncdé\nf")
	for _, tt := range []struct {
		off, line, col int
		ctx            string
	}{
		{0, 1, 1, "ab"},
		{3, 2, 1, "cdé"},
		{7, 2, 5, "cdé"},
		{8, 3, 1, "f"},
		{99, 3, 2, "f"},
	} {
		line, col, ctx := locate(src, tt.off)
		if line != tt.line || col != tt.col || ctx != tt.ctx {
			t.Errorf("locate(%d) = %d, %d, %q; want %d, %d, %q", tt.off, line, col, ctx, tt.line, tt.col, tt.ctx)
		}
	}
}

func TestSubsetIsStableAndBounded(t *testing.T) {
	var files []File
	for i := 0; i < 500; i++ {
		files = append(files, File{Rel: fmt.Sprintf("pkg%d/f%d.ts", i%13, i), Size: int64(100 + i)})
	}
	a := Subset(files, 50, 10_000, 550)
	if len(a) < 20 || len(a) > 50 || TotalSize(a) > 10_000 {
		t.Fatalf("subset of %d files, %d bytes", len(a), TotalSize(a))
	}
	pkgs := map[string]bool{}
	for _, f := range a {
		if f.Size > 550 {
			t.Errorf("%s is over the size cap", f.Rel)
		}
		pkgs[f.Rel[:strings.IndexByte(f.Rel, '/')]] = true
	}
	if len(pkgs) < 10 {
		t.Errorf("subset covers %d of 13 packages; the picks should spread", len(pkgs))
	}
	// The pick depends on names only, not on the order files are listed.
	rev := append([]File(nil), files...)
	slices.Reverse(rev)
	if !reflect.DeepEqual(a, Subset(rev, 50, 10_000, 550)) {
		t.Error("Subset depends on input order")
	}
}

func TestReadResultsSkipsTornLines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.jsonl")
	data := `{"sha256":"aa","kind":"ts","accepted":true,"calls":[[1,4]]}
{"sha256":"bb","kind":"js","acc
{"sha256":"aa","kind":"js","accepted":false,"error":{"message":"x","offset":3,"line":1,"column":4}}
`
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	m := map[string]*TSResult{}
	if err := ReadResults(p, m, nil); err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || !m["aa:ts"].Accepted || !reflect.DeepEqual(m["aa:ts"].Calls, []Range{{1, 4}}) || m["aa:js"].Error.Column != 4 {
		t.Errorf("ReadResults = %v", m)
	}
	// The cache's real lines carry 64-digit hashes; only wanted ones decode.
	h1, h2 := strings.Repeat("1", 64), strings.Repeat("2", 64)
	data = `{"sha256":"` + h1 + `","kind":"ts","accepted":true}
{"sha256":"` + h2 + `","kind":"ts","accepted":true}
`
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	m = map[string]*TSResult{}
	if err := ReadResults(p, m, map[string]bool{h2 + ":ts": true}); err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || m[h2+":ts"] == nil {
		t.Errorf("ReadResults with want = %v", m)
	}
}

func TestDialectAndKey(t *testing.T) {
	for name, want := range map[string]string{
		"a.ts": "ts", "a.d.ts": "ts", "a.mts": "ts", "a.d.cts": "ts", "a.tsx": "tsx",
		"a.js": "js", "a.mjs": "js", "a.cjs": "js", "a.jsx": "jsx", "A.TSX": "tsx",
	} {
		if got := Dialect(name); got != want {
			t.Errorf("Dialect(%q) = %q, want %q", name, got, want)
		}
	}
	if Key([]byte("x"), "a.js") == Key([]byte("x"), "a.ts") {
		t.Error("one content parsed as two dialects must have two keys")
	}
}

// The node script and CachePath must agree on the cache's schema number,
// or results of an old schema would be read as current.
func TestSchemaMatchesScript(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "bench", "tsparse.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const SCHEMA = (\d+);`).FindSubmatch(b)
	if m == nil {
		t.Fatal("tsparse.mjs declares no SCHEMA")
	}
	if want := "-v" + string(m[1]) + ".jsonl"; !strings.HasSuffix(CachePath("d"), want) {
		t.Errorf("CachePath = %s, want suffix %s", CachePath("d"), want)
	}
}

func TestPackagesPinned(t *testing.T) {
	exact := regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)
	for _, p := range Packages() {
		if !exact.MatchString(p.Version) {
			t.Errorf("%s@%s is not pinned to an exact version", p.Name, p.Version)
		}
	}
	if v := TypeScriptVersion(); !strings.HasPrefix(v, "5.") {
		t.Errorf("reference parser typescript@%s, want 5.x", v)
	}
}
