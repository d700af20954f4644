// Package output prints a run's findings in the formats dolint offers.
package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
)

// Finding is a diagnostic resolved to file positions, the form every
// format prints.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	// Detail is the rest of the rule's message after its first sentence:
	// the rationale and the error text it quotes, shown apart so that the
	// finding's line stays short.
	Detail    string        `json:"detail,omitempty"`
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"endLine"`
	EndColumn int           `json:"endColumn"`
	Fixes     []FixJSON     `json:"fixes"`
	Related   []RelatedJSON `json:"related,omitempty"`
	// Projects are the wrangler configs of the projects the finding
	// applies to: a module that several Workers share is reported once.
	Projects []string `json:"projects"`

	sev   rule.Severity
	start driver.Position
	end   driver.Position
}

// FixJSON is one suggested fix.
type FixJSON struct {
	Message string     `json:"message"`
	Edits   []EditJSON `json:"edits"`
}

// EditJSON replaces [start, end) of a file with NewText.
type EditJSON struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

// RelatedJSON is a related location.
type RelatedJSON struct {
	Message   string `json:"message"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`

	abs string
}

// Findings resolves the diagnostics of res; file names are relative to cwd.
func Findings(res *driver.Result, diags []driver.Diagnostic, cwd string) []Finding {
	out := make([]Finding, 0, len(diags))
	// A finding in a module that a monorepo's Workers share names each
	// of their configs: work out each config's path once.
	configs := map[string]string{}
	configPath := func(p *driver.Project) string {
		r, ok := configs[p.Config]
		if !ok {
			r = relPath(cwd, p.Config)
			configs[p.Config] = r
		}
		return r
	}
	for _, d := range diags {
		start := res.Position(d.Pos)
		end := start
		if d.End.IsValid() {
			end = res.Position(d.End)
		}
		head, detail := rule.SplitMessage(d.Message)
		f := Finding{
			Rule: d.Rule, Severity: d.Severity.String(), Message: head, Detail: detail,
			File: relPath(cwd, start.Filename), Line: start.Line, Column: start.Column,
			EndLine: end.Line, EndColumn: end.Column, Fixes: []FixJSON{},
			Projects: []string{},
			sev:      d.Severity, start: start, end: end,
		}
		for _, p := range d.Projects {
			f.Projects = append(f.Projects, configPath(p))
		}
		if len(d.Projects) == 0 && d.Project != nil {
			f.Projects = append(f.Projects, configPath(d.Project))
		}
		for _, fx := range d.SuggestedFixes {
			fj := FixJSON{Message: fx.Message, Edits: []EditJSON{}}
			for _, e := range fx.TextEdits {
				s, en := res.Position(e.Pos), res.Position(e.End)
				if !e.End.IsValid() {
					en = s
				}
				fj.Edits = append(fj.Edits, EditJSON{File: relPath(cwd, s.Filename), Line: s.Line, Column: s.Column, EndLine: en.Line, EndColumn: en.Column, NewText: string(e.NewText)})
			}
			f.Fixes = append(f.Fixes, fj)
		}
		for _, r := range d.Related {
			s, en := res.Position(r.Pos), res.Position(r.End)
			if !r.End.IsValid() {
				en = s
			}
			f.Related = append(f.Related, RelatedJSON{Message: r.Message, File: relPath(cwd, s.Filename), Line: s.Line, Column: s.Column, EndLine: en.Line, EndColumn: en.Column, abs: s.Filename})
		}
		out = append(out, f)
	}
	return out
}

func relPath(cwd, file string) string {
	if file == "" {
		return ""
	}
	if r, err := filepath.Rel(cwd, file); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(file)
}

// JSON writes {"diagnostics":[...],"summary":{...}}.
func JSON(w io.Writer, fs []Finding, summary Counts) error {
	// The encoder's own indentation runs its JSON scanner over every byte
	// again, which cost four times what encoding did; the compact text
	// needs no scanner to indent.
	var compact bytes.Buffer
	if err := json.NewEncoder(&compact).Encode(struct {
		Diagnostics []Finding `json:"diagnostics"`
		Summary     Counts    `json:"summary"`
	}{fs, summary}); err != nil {
		return err
	}
	_, err := w.Write(indent(make([]byte, 0, 2*compact.Len()), compact.Bytes()))
	return err
}

// indent is json.Indent(dst, src, "", "  ") for src as encoding/json
// writes it: compact, no white space outside strings (the encoder's
// final newline aside, which is kept).
func indent(dst, src []byte) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			// Copy the string through its closing quote: the first quote
			// after an even number of backslashes.
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					j = len(src)
					break
				}
				j += k
				n := 0
				for src[j-1-n] == '\\' {
					n++
				}
				if n%2 == 0 {
					break
				}
				j++
			}
			end := min(j+1, len(src))
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// TextOptions control the text format.
type TextOptions struct {
	Frames bool // print a code frame under each finding
	Color  bool
}

// Text writes path:line:col: severity: message (rule), each optionally
// followed by a code frame of the offending range.
func Text(w io.Writer, res *driver.Result, fs []Finding, opt TextOptions) error {
	var b bytes.Buffer
	for _, f := range fs {
		sev := f.Severity
		if opt.Color {
			sev = colorize(f.sev, sev)
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s (%s)\n", printable(f.File), f.Line, f.Column, sev, printable(f.Message), f.Rule)
		if opt.Frames {
			frame(&b, res, f, opt.Color)
		}
		if f.Detail != "" {
			fmt.Fprintf(&b, "  = note: %s\n", printable(f.Detail))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func colorize(s rule.Severity, text string) string {
	return "\x1b[1;" + colorCode(s) + "m" + text + "\x1b[0m"
}

func colorCode(s rule.Severity) string {
	switch s {
	case rule.Warning:
		return "33" // yellow
	case rule.Info:
		return "36" // cyan
	}
	return "31" // red
}

// frame prints the lines of the finding (at most three) with the range
// underlined by carets.
func frame(b *bytes.Buffer, res *driver.Result, f Finding, color bool) {
	src, err := res.Files.Read(f.start.Filename)
	if err != nil || f.start.Line == 0 {
		return
	}
	lines := strings.Split(string(src), "\n")
	// starts[i] is the offset of line i+1, counted as token.File counts
	// lines (end of file belongs to the last line).
	starts := make([]int, len(lines))
	for i := 1; i < len(lines); i++ {
		starts[i] = starts[i-1] + len(lines[i-1]) + 1
	}
	col := func(p driver.Position) int {
		if p.Line < 1 || p.Line > len(starts) {
			return 0
		}
		return p.Offset - starts[p.Line-1]
	}
	last := f.end.Line
	if last > f.start.Line && col(f.end) == 0 {
		// A range that ends with its line's newline ends on that line.
		last--
	}
	if last < f.start.Line {
		last = f.start.Line
	}
	shownEnd := last
	if last > f.start.Line+2 {
		last = f.start.Line + 2
	}
	width := len(fmt.Sprint(last))
	for ln := f.start.Line; ln <= last && ln <= len(lines); ln++ {
		text := printable(strings.TrimRight(lines[ln-1], "\r"))
		text = strings.ReplaceAll(text, "\t", "    ")
		fmt.Fprintf(b, " %*d | %s\n", width, ln, text)
		raw := strings.TrimRight(lines[ln-1], "\r")
		from, to := 0, len(raw)
		if ln == f.start.Line {
			from = col(f.start)
		}
		if ln == f.end.Line {
			to = col(f.end)
		}
		from = min(max(from, 0), len(raw))
		to = min(max(to, 0), len(raw))
		pad := displayWidth(raw[:from])
		// An empty range, or an empty line inside a range, still gets
		// one caret.
		n := max(displayWidth(raw[from:max(from, to)]), 1)
		marks := strings.Repeat("^", n)
		if color {
			marks = colorize(f.sev, marks)
		}
		fmt.Fprintf(b, " %*s | %s%s\n", width, "", strings.Repeat(" ", pad), marks)
	}
	if shownEnd > last {
		// A long range (a whole class) is shown by its first lines.
		fmt.Fprintf(b, " %*s | ... (%d more lines)\n", width, "", shownEnd-last)
	}
}

// printable replaces the characters a terminal would obey rather than show:
// C0 and C1 controls (an ESC in a source file could recolour, retitle or
// rewrite the screen) and the bidirectional overrides that make code read
// in another order than it runs. Each becomes one visible rune, so columns
// and carets stay aligned; tabs are left for the frame to expand.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r != '\t' && unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r) // the Control Pictures block: ␛ for ESC
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		default:
			b.WriteRune('\ufffd')
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// displayWidth counts runes, with tabs as four columns as the frame prints them.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r == '\t' {
			n += 4
		} else {
			n++
		}
	}
	return n
}

// Summary is the closing line: "3 errors, 1 warning in 2 projects; 2
// fixable with `dolint fix` (1 more with --unsafe)". A finding counts as
// fixable when it carries a fix and its rule's fixes are safe to apply
// without review, as its rule in rules says (nil: nothing is fixable).
func Summary(fs []Finding, projects int, rules *rule.Set) string {
	var e, w, i, fixable, unsafe int
	for _, f := range fs {
		switch f.sev {
		case rule.Error:
			e++
		case rule.Warning:
			w++
		default:
			i++
		}
		if r := rules.Lookup(f.Rule); len(f.Fixes) > 0 && r != nil && r.Doc != nil {
			switch r.Doc.Safety {
			case rule.Safe:
				fixable++
			case rule.Unsafe:
				unsafe++
			}
		}
	}
	var parts []string
	add := func(n int, word string) {
		if n == 0 {
			return
		}
		if n != 1 && word != "info" {
			word += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, word))
	}
	add(e, "error")
	add(w, "warning")
	add(i, "info")
	p := "projects"
	if projects == 1 {
		p = "project"
	}
	if len(parts) == 0 {
		return fmt.Sprintf("no findings in %d %s", projects, p)
	}
	out := fmt.Sprintf("%s in %d %s", strings.Join(parts, ", "), projects, p)
	switch {
	case fixable > 0 && unsafe > 0:
		out += fmt.Sprintf("; %d fixable with `dolint fix` (%d more with --unsafe)", fixable, unsafe)
	case fixable > 0:
		out += fmt.Sprintf("; %d fixable with `dolint fix`", fixable)
	case unsafe > 0:
		out += fmt.Sprintf("; %d fixable with `dolint fix --unsafe`", unsafe)
	}
	return out
}

// ColorMode is the --color setting: auto, always or never.
type ColorMode string

// UseColor decides whether to colour output. always and never are final;
// auto colours a terminal unless NO_COLOR is set to anything, and colours
// any output when FORCE_COLOR is set (to anything but "0" or "false").
// NO_COLOR wins over FORCE_COLOR: it is the user's own opt-out.
func UseColor(mode ColorMode, terminal bool, getenv func(string) string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
	default:
		return false, fmt.Errorf("unknown color mode %q (want auto, always or never)", mode)
	}
	if getenv("NO_COLOR") != "" {
		return false, nil
	}
	if f := getenv("FORCE_COLOR"); f != "" && f != "0" && f != "false" {
		return true, nil
	}
	return terminal, nil
}
