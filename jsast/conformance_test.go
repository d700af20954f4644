package jsast_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/dolint-dev/dolint/internal/npmtier"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/corpus"
	"github.com/dolint-dev/dolint/jsast"
)

// The bar jsast must clear against the TypeScript 5 parser. They are the
// goal, not the state of the parser: a run below them fails and its log
// says where the two parsers part.
const (
	// Files on whose acceptance (no syntax error vs. some) both agree.
	minAcceptAgreement = 0.999
	// Files both accept whose class, method, call, template and string
	// ranges are all identical.
	minRangesIdentical = 0.999
)

// The default run takes a fixed slice of the corpus so that go test ./...
// stays quick; DOLINT_CONFORMANCE=full takes every file.
const (
	envReport     = "DOLINT_CONFORMANCE_REPORT" // also write the report to this file
	subsetFiles   = 600
	subsetBytes   = 3 << 20
	subsetMaxFile = 256 << 10
	logSamples    = 40
)

// TestConformance compares jsast with the TypeScript parser on real code
// from npm packages (the pinned corpus of internal/corpus), and on mutated
// copies of the same files, which exercise error detection: the corpus
// itself is all valid code.
func TestConformance(t *testing.T) {
	npmtier.Require(t, "the TypeScript conformance tier")
	full := npmtier.Full()
	if testing.Short() && !full {
		t.Skip("-short: conformance needs an npm install and node")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	dir, err := corpus.Dir()
	if err != nil {
		t.Fatal(err)
	}
	if err := corpus.Ensure(ctx, dir); err != nil {
		t.Fatal(err)
	}
	files, err := corpus.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	scope := "full corpus"
	if !full {
		files = corpus.Subset(files, subsetFiles, subsetBytes, subsetMaxFile)
		scope = fmt.Sprintf("subset (%s=full for all files)", npmtier.Env)
	}
	all := append([]corpus.File(nil), files...)
	variants := make([][]corpus.File, len(mutations))
	for i, m := range mutations {
		if variants[i], err = mutate(dir, m, files); err != nil {
			t.Fatal(err)
		}
		all = append(all, variants[i]...)
	}
	script, err := filepath.Abs(filepath.Join("..", "bench", "tsparse.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := corpus.TSParse(ctx, script, dir, all)
	if errors.Is(err, corpus.ErrNoNode) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}

	whole := compare(t, files, ref)
	mutated := make([]*corpus.Tally, len(mutations))
	for i := range mutations {
		mutated[i] = compare(t, variants[i], ref)
	}

	var rep bytes.Buffer
	fmt.Fprintf(&rep, "jsast vs typescript %s, %s: %d files, %.1f MB, from %s\n\n",
		corpus.TypeScriptVersion(), scope, len(files), float64(corpus.TotalSize(files))/1e6, dir)
	fmt.Fprintf(&rep, "== corpus files ==\n")
	whole.Report(&rep)
	for i, m := range mutations {
		fmt.Fprintf(&rep, "\n== %s ==\n", m.what)
		mutated[i].Report(&rep)
	}
	// One figure over all mutated files: on the default slice one set holds
	// only some 560 files, where a single file would be 0.18%.
	agree, n := 0, 0
	for _, tl := range mutated {
		agree, n = agree+tl.Agree, n+tl.Files
	}
	mutatedAgreement := float64(agree) / float64(max(n, 1))
	fmt.Fprintf(&rep, "\naccept/reject agreement over all mutated files: %.3f%% (%d/%d)\n", 100*mutatedAgreement, agree, n)
	t.Log("\n" + rep.String())
	if p := os.Getenv(envReport); p != "" {
		if err := os.WriteFile(p, rep.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}

	check := func(what string, got, min float64) {
		if got < min {
			t.Errorf("%s: %.3f%%, below the %.1f%% bar (see the log for where jsast and TypeScript part)", what, 100*got, 100*min)
		}
	}
	check("accept/reject agreement on corpus files", whole.AcceptAgreement(), minAcceptAgreement)
	check("accept/reject agreement on mutated files", mutatedAgreement, minAcceptAgreement)
	check("files with identical ranges", whole.RangesIdentical(), minRangesIdentical)
}

// compare parses files with jsast and tallies them against the reference.
// Files with the same content and dialect are compared once.
func compare(t *testing.T, files []corpus.File, ref map[string]*corpus.TSResult) *corpus.Tally {
	t.Helper()
	tl := &corpus.Tally{MaxSamples: logSamples}
	seen := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		key := corpus.Key(src, f.Path)
		if seen[key] {
			continue
		}
		seen[key] = true
		r := ref[key]
		if r == nil {
			t.Fatalf("%s: no TypeScript result (key %s)", f.Rel, key)
		}
		// Parse under the real file name: its extension picks the dialect,
		// and a variant's Rel carries a suffix.
		tl.Add(f.Rel, src, r, outcome(f.Path, src))
	}
	return tl
}

// outcome runs jsast on one file. A panic is reported as a rejection that
// names it, so one bad file does not hide the figures of the others.
func outcome(name string, src []byte) (o corpus.Outcome) {
	defer func() {
		if e := recover(); e != nil {
			o = corpus.Outcome{Error: &corpus.Diagnostic{Message: fmt.Sprintf("panic: %v", e)}}
		}
	}()
	f := jsast.Parse(name, src)
	s := jsast.Summarize(f)
	return fromSummary(s)
}

// A mutation derives a broken (or still valid) variant of a file, or
// returns nil to skip it.
type mutation struct {
	name string // directory under the corpus directory, and report title
	what string
	fn   func(src []byte) []byte
}

var mutations = []mutation{
	{"cut", "the same files cut at the last line break before their middle", cutInHalf},
	{"drop", "the same files with the first bracket or punctuator from the middle on deleted", dropPunctuator},
	{"dup", "the same files with the first bracket or punctuator from the middle on doubled", dupPunctuator},
	{"word", "the same files with the first word from the middle on deleted", dropWord},
}

// cutInHalf cuts at the last line break before the middle, or at the
// middle of a one-line file.
func cutInHalf(src []byte) []byte {
	n := bytes.LastIndexByte(src[:len(src)/2], '\n') + 1
	if n == 0 {
		n = len(src) / 2
		for n > 0 && src[n]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			n--
		}
	}
	if n == 0 {
		return nil
	}
	return src[:n]
}

// dropPunctuator deletes the first of ( ) { } [ ] ; , = : from the middle
// on: a common typo, which may leave the file valid (a semicolon that ASI
// restores) or not, and tests where each parser draws that line.
func dropPunctuator(src []byte) []byte {
	i := bytes.IndexAny(src[len(src)/2:], "(){}[];,=:")
	if i < 0 {
		return nil
	}
	i += len(src) / 2
	return append(append([]byte(nil), src[:i]...), src[i+1:]...)
}

// dupPunctuator doubles the first of ( ) { } [ ] ; , = : from the middle
// on: ";;" and "[,," stay valid, "((" and "==" may or may not.
func dupPunctuator(src []byte) []byte {
	i := bytes.IndexAny(src[len(src)/2:], "(){}[];,=:")
	if i < 0 {
		return nil
	}
	i += len(src) / 2
	return append(append(append([]byte(nil), src[:i+1]...), src[i]), src[i+1:]...)
}

// dropWord deletes the first identifier, keyword or number that starts
// from the middle on (an ASCII run of letters, digits, _ and $): a lost
// keyword or operand reaches other error paths than a lost punctuator.
func dropWord(src []byte) []byte {
	word := func(c byte) bool {
		return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	i := len(src) / 2
	for i < len(src) && (word(src[i]) || src[i] >= 0x80) { // skip the word the middle falls in
		i++
	}
	for i < len(src) && !word(src[i]) {
		i++
	}
	j := i
	for j < len(src) && word(src[j]) {
		j++
	}
	if i == j || j < len(src) && src[j] >= 0x80 {
		return nil // none, or a word running into non-ASCII letters
	}
	return append(append([]byte(nil), src[:i]...), src[j:]...)
}

// mutate writes m's variant of each file into the corpus directory and
// returns the variants. The name keeps the original base name, whose
// extension selects the dialect in both parsers.
func mutate(dir string, m mutation, files []corpus.File) ([]corpus.File, error) {
	out := filepath.Join(dir, "mutated", m.name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var vs []corpus.File
	for _, f := range files {
		src, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, err
		}
		v := m.fn(src)
		if v == nil {
			continue
		}
		sum := sha256.Sum256([]byte(f.Rel))
		p := filepath.Join(out, hex.EncodeToString(sum[:8])+"-"+filepath.Base(f.Path))
		if old, err := os.ReadFile(p); err != nil || !bytes.Equal(old, v) {
			// Write beside and rename: a concurrent run never reads half a file.
			tmp := p + ".tmp" + fmt.Sprint(os.Getpid())
			if err := os.WriteFile(tmp, v, 0o644); err != nil {
				return nil, err
			}
			if err := os.Rename(tmp, p); err != nil {
				return nil, err
			}
		}
		vs = append(vs, corpus.File{Rel: f.Rel + " (" + m.name + ")", Path: p, Size: int64(len(v))})
	}
	return vs, nil
}

// fromSummary maps jsast's summary onto the reference's shape. Methods are
// listed per class there and flat in the reference.
func fromSummary(s *jsast.Summary) corpus.Outcome {
	var o corpus.Outcome
	o.Accepted = len(s.Errors) == 0
	if !o.Accepted {
		e := s.Errors[0]
		o.Error = &corpus.Diagnostic{Message: e.Message, Offset: e.Offset, Line: e.Line, Column: e.Column}
	}
	conv := func(rs []jsast.Range) []corpus.Range {
		out := make([]corpus.Range, len(rs))
		for i, r := range rs {
			out[i] = corpus.Range(r)
		}
		return out
	}
	for _, c := range s.Classes {
		o.Ranges[corpus.Classes] = append(o.Ranges[corpus.Classes], corpus.Range(c.Range))
		for _, m := range c.Methods {
			o.Ranges[corpus.Methods] = append(o.Ranges[corpus.Methods], corpus.Range(m.Range))
		}
	}
	o.Ranges[corpus.Calls] = conv(s.Calls)
	o.Ranges[corpus.Templates] = conv(s.Templates)
	o.Ranges[corpus.Strings] = conv(s.Strings)
	return o
}

func TestMutations(t *testing.T) {
	for _, tt := range []struct {
		fn       func([]byte) []byte
		in, want string
		skipped  bool
	}{
		{fn: cutInHalf, in: "a;\nb;\nc;\nd;\n", want: "a;\nb;\n"},
		{fn: cutInHalf, in: "ééééé", want: "éé"}, // never inside a UTF-8 sequence
		{fn: cutInHalf, in: "x", skipped: true},
		{fn: dropPunctuator, in: "f(a, b); g(c);", want: "f(a, b) g(c);"},
		{fn: dropPunctuator, in: "(a) b c d e f", skipped: true},
		{fn: dupPunctuator, in: "f(a, b); g(c);", want: "f(a, b);; g(c);"},
		{fn: dropWord, in: "let x = 1; return y;", want: "let x = 1;  y;"},
		{fn: dropWord, in: "a = b + cdefghij", skipped: true},
		{fn: dropWord, in: "a = b + c ... é", skipped: true},
	} {
		got := tt.fn([]byte(tt.in))
		if tt.skipped != (got == nil) || !tt.skipped && string(got) != tt.want {
			t.Errorf("mutating %q = %q, want %q (skipped: %v)", tt.in, got, tt.want, tt.skipped)
		}
	}
}
