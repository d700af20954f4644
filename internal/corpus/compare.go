package corpus

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Outcome is what the parser under test reports for one file.
type Outcome struct {
	Accepted bool
	Error    *Diagnostic // first syntax error, when not accepted
	Ranges   Ranges      // any order; sorted before comparing
}

// DiffRanges compares two lists sorted by start then end and returns the
// ranges only want has (missing) and those only got has (extra). Duplicates
// count: a range listed twice on one side must be listed twice on the other.
func DiffRanges(want, got []Range) (missing, extra []Range) {
	i, j := 0, 0
	for i < len(want) && j < len(got) {
		switch c := cmpRange(want[i], got[j]); {
		case c == 0:
			i++
			j++
		case c < 0:
			missing = append(missing, want[i])
			i++
		default:
			extra = append(extra, got[j])
			j++
		}
	}
	missing = append(missing, want[i:]...)
	extra = append(extra, got[j:]...)
	return missing, extra
}

func cmpRange(a, b Range) int {
	if a[0] != b[0] {
		return a[0] - b[0]
	}
	return a[1] - b[1]
}

// SortRanges sorts rs by start, then end.
func SortRanges(rs []Range) {
	sort.Slice(rs, func(i, j int) bool { return cmpRange(rs[i], rs[j]) < 0 })
}

// Mismatch is one disagreement between the reference and the parser under
// test, with enough context to reproduce it.
type Mismatch struct {
	Rel      string
	Category string
	Offset   int // where to look
	Detail   string
	Context  string // the source line at Offset, trimmed
	Line     int
	Column   int
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s\n\t%s", m.Rel, m.Line, m.Column, m.Category, m.Detail, m.Context)
}

// KindStats counts range disagreements of one kind over files both accept.
type KindStats struct {
	Ranges  int // reference ranges in files both accept
	Files   int // files with at least one disagreement of this kind
	Missing int // ranges the reference has and the parser under test lacks
	Extra   int // ranges the parser under test has and the reference lacks
}

// Tally accumulates the comparison of a corpus.
type Tally struct {
	MaxSamples int // disagreements kept in Samples; 0 means 20

	Files       int // files compared
	InvalidUTF8 int // files left out: offsets cannot be mapped
	Agree       int // files both accept or both reject
	FalseReject int // the reference accepts, the parser under test rejects
	FalseAccept int // the reference rejects, the parser under test accepts
	BothReject  int
	SameErrLine int // of BothReject, first errors on the same line
	BothAccept  int
	Identical   int // of BothAccept, all ranges of all kinds identical
	Kinds       [NumKinds]KindStats

	Samples    []Mismatch
	categories map[string]*category
}

type category struct {
	name     string
	files    int
	count    int
	examples []Mismatch
}

// AcceptAgreement is the fraction of files on whose acceptance the two
// parsers agree.
func (t *Tally) AcceptAgreement() float64 { return ratio(t.Agree, t.Files) }

// RangesIdentical is the fraction of files both accept whose ranges all
// agree.
func (t *Tally) RangesIdentical() float64 { return ratio(t.Identical, t.BothAccept) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Add compares one file. src is its content, rel its name in reports.
func (t *Tally) Add(rel string, src []byte, ref *TSResult, got Outcome) {
	if ref.InvalidUTF8 {
		t.InvalidUTF8++
		return
	}
	t.Files++
	switch {
	case ref.Accepted && got.Accepted:
		t.Agree++
		t.BothAccept++
	case !ref.Accepted && !got.Accepted:
		t.Agree++
		t.BothReject++
		switch {
		case ref.Error == nil || got.Error == nil:
		case ref.Error.Line == got.Error.Line:
			t.SameErrLine++
		default:
			// Not a disagreement on acceptance, but where a user is sent
			// to fix the file: listed as a note, kept out of Samples.
			t.note(src, Mismatch{
				Rel:    rel,
				Offset: ref.Error.Offset,
				Detail: fmt.Sprintf("TypeScript: %s; jsast at %d:%d: %s", ref.Error.Message, got.Error.Line, got.Error.Column, got.Error.Message),
			}, "note: both reject, first errors on different lines")
		}
		return
	case ref.Accepted:
		t.FalseReject++
		m := Mismatch{Rel: rel, Category: "rejects valid file", Detail: "TypeScript accepts it"}
		if got.Error != nil {
			m.Offset = got.Error.Offset
			m.Detail = fmt.Sprintf("%s (TypeScript accepts it)", got.Error.Message)
			t.record(src, m, "rejects valid file: "+normalizeMessage(got.Error.Message), true)
		} else {
			t.record(src, m, "rejects valid file", true)
		}
		return
	default:
		t.FalseAccept++
		m := Mismatch{Rel: rel, Category: "accepts invalid file"}
		key := "accepts invalid file"
		if ref.Error != nil {
			m.Offset = ref.Error.Offset
			m.Detail = "TypeScript: " + ref.Error.Message
			key += ": " + normalizeMessage(ref.Error.Message)
		}
		t.record(src, m, key, true)
		return
	}

	want := ref.Ranges()
	same := true
	seen := map[string]bool{}
	for k := Kind(0); k < NumKinds; k++ {
		ours := append([]Range(nil), got.Ranges[k]...)
		SortRanges(ours)
		t.Kinds[k].Ranges += len(want[k])
		missing, extra := DiffRanges(want[k], ours)
		if len(missing) == 0 && len(extra) == 0 {
			continue
		}
		same = false
		t.Kinds[k].Files++
		t.Kinds[k].Missing += len(missing)
		t.Kinds[k].Extra += len(extra)
		for _, m := range pairUp(k, src, missing, extra) {
			m.Rel = rel
			t.record(src, m, m.Category, !seen[m.Category])
			seen[m.Category] = true
		}
	}
	if same {
		t.Identical++
	}
}

// note counts m, the only one of its category in its file, under key
// without making it a sample, and returns it with its location filled in.
func (t *Tally) note(src []byte, m Mismatch, key string) Mismatch {
	m.Category = key
	m.Line, m.Column, m.Context = locate(src, m.Offset)
	if strings.TrimSpace(m.Context) == "" {
		// A blank line (often the end of the file) says nothing: show
		// what leads up to it instead.
		m.Context = before(src, m.Offset)
	}
	c := t.cat(key)
	c.files++
	c.count++
	if len(c.examples) < 3 {
		c.examples = append(c.examples, m)
	}
	return m
}

func (t *Tally) cat(name string) *category {
	if t.categories == nil {
		t.categories = map[string]*category{}
	}
	c := t.categories[name]
	if c == nil {
		c = &category{name: name}
		t.categories[name] = c
	}
	return c
}

// record counts m under category key and keeps it among the samples;
// newFile says whether m is the first of its category in its file.
func (t *Tally) record(src []byte, m Mismatch, key string, newFile bool) {
	m = t.note(src, m, key)
	if !newFile {
		t.cat(key).files--
	}
	max := t.MaxSamples
	if max == 0 {
		max = 20
	}
	if len(t.Samples) < max {
		t.Samples = append(t.Samples, m)
	}
}

// pairUp turns the ranges of one kind that differ into mismatches. A
// missing and an extra range that share a start (or an end) are one node
// whose other boundary is wrong; the rest are nodes one side lacks.
func pairUp(k Kind, src []byte, missing, extra []Range) []Mismatch {
	var out []Mismatch
	used := make([]bool, len(extra))
	for _, m := range missing {
		found := -1
		how := ""
		for j, e := range extra {
			if used[j] {
				continue
			}
			if e[0] == m[0] {
				found, how = j, "end differs"
				break
			}
			if e[1] == m[1] && found < 0 {
				found, how = j, "start differs"
			}
		}
		if found >= 0 {
			used[found] = true
			e := extra[found]
			at := m[0]
			if how == "end differs" {
				at = min(m[1], e[1])
			}
			out = append(out, Mismatch{
				Category: fmt.Sprintf("%s: %s at %s", k, how, shape(src, at)),
				Offset:   at,
				Detail:   fmt.Sprintf("want %v got %v: %s", m, e, snippet(src, m)),
			})
			continue
		}
		out = append(out, Mismatch{
			Category: fmt.Sprintf("%s: missing, starting with %s", k, shape(src, m[0])),
			Offset:   m[0],
			Detail:   fmt.Sprintf("want %v: %s", m, snippet(src, m)),
		})
	}
	for j, e := range extra {
		if used[j] {
			continue
		}
		out = append(out, Mismatch{
			Category: fmt.Sprintf("%s: extra, starting with %s", k, shape(src, e[0])),
			Offset:   e[0],
			Detail:   fmt.Sprintf("got %v: %s", e, snippet(src, e)),
		})
	}
	return out
}

// shapeWords are the words that name a syntactic form by themselves; any
// other identifier is just "identifier".
var shapeWords = map[string]bool{
	"abstract": true, "accessor": true, "async": true, "class": true, "constructor": true,
	"declare": true, "default": true, "export": true, "get": true, "import": true,
	"new": true, "override": true, "private": true, "protected": true, "public": true,
	"readonly": true, "set": true, "static": true, "super": true, "this": true,
}

// shape classifies the text at off coarsely, so that disagreements with a
// common cause fall into one category.
func shape(src []byte, off int) string {
	if off < 0 || off >= len(src) {
		return "end of file"
	}
	c := src[off]
	if isWordByte(c) {
		end := off
		for end < len(src) && isWordByte(src[end]) {
			end++
		}
		w := string(src[off:end])
		if shapeWords[w] {
			return fmt.Sprintf("%q", w)
		}
		return "identifier"
	}
	if c >= 0x80 {
		return "non-ASCII"
	}
	return fmt.Sprintf("%q", string(c))
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// snippet shows the start of r's text on one line.
func snippet(src []byte, r Range) string {
	s, e := max(0, min(r[0], len(src))), max(0, min(r[1], len(src)))
	if e < s {
		e = s
	}
	text := src[s:e]
	const n = 60
	cut := len(text) > n
	if cut {
		text = text[:n]
	}
	q := strings.Join(strings.Fields(string(bytes.ToValidUTF8(text, []byte("?")))), " ")
	if cut {
		q += "…"
	}
	return "`" + q + "`"
}

// locate returns the 1-based line and byte column of off and that line,
// cut to about 120 bytes around off.
func locate(src []byte, off int) (line, col int, context string) {
	off = max(0, min(off, len(src)))
	line = 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	col = off - start + 1
	a, b := max(start, off-60), min(end, off+60)
	context = string(bytes.ToValidUTF8(src[a:b], []byte("?")))
	context = strings.ReplaceAll(context, "\t", " ")
	if a > start {
		context = "…" + context
	}
	if b < end {
		context += "…"
	}
	return line, col, context
}

// before shows up to 80 bytes ending at off, line breaks marked.
func before(src []byte, off int) string {
	off = max(0, min(off, len(src)))
	text := src[max(0, off-80):off]
	s := strings.ReplaceAll(string(bytes.ToValidUTF8(text, []byte("?"))), "\n", "⏎")
	return "…" + strings.ReplaceAll(s, "\t", " ") + "|"
}

// normalizeMessage drops quoted names from a message so that one cause
// gives one category.
func normalizeMessage(msg string) string {
	var b strings.Builder
	quote := byte(0)
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
				b.WriteString("…'")
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
			b.WriteByte('\'')
		default:
			b.WriteByte(c)
		}
	}
	if quote != 0 {
		b.WriteString("…")
	}
	s := b.String()
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return s
}

// Report writes the figures, the per-kind counts, the categories of
// disagreement with examples, and the first samples.
func (t *Tally) Report(w io.Writer) {
	fmt.Fprintf(w, "files compared: %d (left out, not UTF-8: %d)\n", t.Files, t.InvalidUTF8)
	fmt.Fprintf(w, "accept/reject agreement: %.3f%% (%d/%d; rejects valid: %d, accepts invalid: %d; both reject: %d, same first error line: %d)\n",
		100*t.AcceptAgreement(), t.Agree, t.Files, t.FalseReject, t.FalseAccept, t.BothReject, t.SameErrLine)
	fmt.Fprintf(w, "all ranges identical: %.3f%% of files both accept (%d/%d)\n",
		100*t.RangesIdentical(), t.Identical, t.BothAccept)
	for k := Kind(0); k < NumKinds; k++ {
		s := t.Kinds[k]
		fmt.Fprintf(w, "  %-9s %8d ranges; files differing: %5d  missing: %6d  extra: %6d\n", k, s.Ranges, s.Files, s.Missing, s.Extra)
	}
	cats := make([]*category, 0, len(t.categories))
	for _, c := range t.categories {
		cats = append(cats, c)
	}
	sort.Slice(cats, func(i, j int) bool {
		if cats[i].files != cats[j].files {
			return cats[i].files > cats[j].files
		}
		return cats[i].name < cats[j].name
	})
	if len(cats) > 0 {
		fmt.Fprintf(w, "disagreements by category (files, occurrences), most files first:\n")
	}
	for i, c := range cats {
		if i == 25 {
			fmt.Fprintf(w, "  … %d more categories\n", len(cats)-i)
			break
		}
		fmt.Fprintf(w, "  %5d %7d  %s\n", c.files, c.count, c.name)
		for _, m := range c.examples {
			fmt.Fprintf(w, "      %s:%d:%d: %s\n        %s\n", m.Rel, m.Line, m.Column, m.Detail, m.Context)
		}
	}
	if len(t.Samples) > 0 {
		fmt.Fprintf(w, "first %d disagreements:\n", len(t.Samples))
		for _, m := range t.Samples {
			fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(m.String(), "\n", "\n  "))
		}
	}
}
