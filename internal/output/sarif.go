package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruledoc"
	// v2, not v3: v3's generated types write every default and empty
	// array (one minimal result is 434 bytes instead of 133), which
	// multiplies the size of a log whose upload GitHub caps.
	"github.com/owenrumney/go-sarif/v2/sarif"
)

// GitHub code scanning rejects a SARIF upload that exceeds these (its
// documented hard limits), and displays only part of one that exceeds the
// soft ones. dolint writes one run per file, far below the 20 runs a file
// may hold, a handful of tags per rule (at most 20, 10 shown), and one
// descriptor per rule (at most 25,000 per run). The upload itself must be
// at most 10 MB gzip-compressed, which 25,000 results of dolint's size stay
// under.
const (
	maxResults          = 25000 // per run; more and the whole file is rejected
	maxRelatedLocations = 100   // per result: 1,000 accepted, only 100 shown
)

// Where the SARIF file's URIs are relative to. GitHub resolves %SRCROOT%
// to the checkout, so URIs must be relative to the repository root.
const srcRoot = "%SRCROOT%"

// fingerprintKey names dolint's partial fingerprint. Bump the version when
// the hashed text changes, so that old alerts are not matched by accident.
const fingerprintKey = "dolint/v1"

// SARIFOptions describe the run that a SARIF log records.
type SARIFOptions struct {
	Version string    // dolint's version
	Rules   *rule.Set // every rule, described in the order `dolint rules` lists them
	// Root is the directory URIs are relative to: the repository root,
	// or the working directory outside a repository. Absolute.
	Root string
}

// InformationURI is dolint's home page.
const InformationURI = "https://github.com/dolint-dev/dolint"

// SARIF writes a SARIF 2.1.0 log with one run: every rule as a reporting
// descriptor (whether it fired or not) and one result per diagnostic.
func SARIF(w io.Writer, res *driver.Result, diags []driver.Diagnostic, opt SARIFOptions) error {
	log, err := sarifLog(res, diags, opt)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	// Help text holds <urls> and code; keep them readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

func sarifLog(res *driver.Result, diags []driver.Diagnostic, opt SARIFOptions) (*sarif.Report, error) {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, err
	}
	version := opt.Version
	if version == "" {
		version = "devel"
	}
	drv := &sarif.ToolComponent{
		Name:           "dolint",
		Version:        &version,
		InformationURI: strPtr(InformationURI),
		Rules:          []*sarif.ReportingDescriptor{},
	}
	if v := semver(version); v != "" {
		drv.SemanticVersion = &v
	}
	index := map[string]int{}
	for _, d := range opt.Rules.Docs() {
		index[d.Name] = len(drv.Rules)
		drv.Rules = append(drv.Rules, descriptor(d))
	}
	// A finding of an analyzer that is not a documented rule (an input that
	// reports why it cannot run) still needs a descriptor to point at.
	for _, d := range diags {
		if _, ok := index[d.Rule]; !ok {
			index[d.Rule] = len(drv.Rules)
			drv.Rules = append(drv.Rules, &sarif.ReportingDescriptor{
				ID:               d.Rule,
				Name:             strPtr(d.Rule),
				ShortDescription: text(d.Rule),
				DefaultConfiguration: &sarif.ReportingConfiguration{
					Level: level(rule.Error),
				},
			})
		}
	}
	run := sarif.NewRun(sarif.Tool{Driver: drv})
	run.ColumnKind = "utf16CodeUnits"

	kept := diags
	var dropped int
	if len(kept) > maxResults {
		// Keep the most severe findings, in their usual order otherwise.
		kept = append([]driver.Diagnostic(nil), diags...)
		sort.SliceStable(kept, func(i, j int) bool { return kept[i].Severity > kept[j].Severity })
		dropped = len(kept) - maxResults
		kept = kept[:maxResults]
	}
	s := &sarifWriter{res: res, root: opt.Root, seen: map[string]int{}}
	for _, d := range kept {
		run.Results = append(run.Results, s.result(d, uint(index[d.Rule])))
	}
	inv := &sarif.Invocation{ExecutionSuccessful: boolPtr(true)}
	if dropped > 0 {
		msg := fmt.Sprintf("%d findings were left out: GitHub code scanning rejects a run with more than %d results", dropped, maxResults)
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, &sarif.Notification{
			Level:   "warning",
			Message: &sarif.Message{Text: &msg},
		})
	}
	run.Invocations = []*sarif.Invocation{inv}
	report.AddRun(run)
	return report, nil
}

// semver returns v without a leading "v" if it is a semantic version
// (as release tags are), or "" for a development build.
func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	core, _, _ := strings.Cut(v, "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return ""
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return ""
		}
	}
	return v
}

func descriptor(d *rule.Doc) *sarif.ReportingDescriptor {
	help := ruledoc.Explain(d)
	tags := []string{string(d.Category), "durable-objects"}
	props := sarif.Properties{
		"tags":             tags,
		"precision":        precision(d.Category),
		"problem.severity": problemSeverity(d.Severity),
	}
	if d.Category == rule.Security {
		// GitHub reads security-severity only on rules tagged "security",
		// which the category tag provides.
		props["security-severity"] = securitySeverity(d.Severity)
	}
	return &sarif.ReportingDescriptor{
		ID:                   d.Name,
		Name:                 strPtr(d.Name),
		ShortDescription:     text(d.Title),
		FullDescription:      text(oneParagraph(d.What)),
		HelpURI:              strPtr(d.URL()),
		Help:                 &sarif.MultiformatMessageString{Text: strPtr(help), Markdown: strPtr(help)},
		DefaultConfiguration: &sarif.ReportingConfiguration{Level: level(d.Severity)},
		Properties:           props,
	}
}

// oneParagraph joins a doc's hard-wrapped lines.
func oneParagraph(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func level(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "error"
	case rule.Warning:
		return "warning"
	}
	return "note"
}

func problemSeverity(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "error"
	case rule.Warning:
		return "warning"
	}
	return "recommendation"
}

// securitySeverity is the CVSS-like score GitHub maps to critical (9.0+),
// high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9).
func securitySeverity(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "8.8"
	case rule.Warning:
		return "5.5"
	}
	return "3.0"
}

// precision tells code scanning how far to trust a rule's findings.
// Correctness rules report what a deploy or the runtime will do, from the
// config and code alone; the other categories guess at intent.
func precision(c rule.Category) string {
	switch c {
	case rule.Correctness:
		return "very-high"
	case rule.Security:
		return "high"
	}
	return "medium"
}

type sarifWriter struct {
	res  *driver.Result
	root string
	seen map[string]int // fingerprint key -> occurrences so far
}

func (s *sarifWriter) result(d driver.Diagnostic, ruleIndex uint) *sarif.Result {
	r := &sarif.Result{
		RuleID:    strPtr(d.Rule),
		RuleIndex: &ruleIndex,
		Level:     strPtr(level(d.Severity)),
		Message:   resultMessage(d.Message),
	}
	start, end, file := s.span(d.Pos, d.End)
	if file == "" && d.Project != nil {
		// A finding about the project as a whole points at its config.
		file = d.Project.Config
	}
	loc := &sarif.Location{PhysicalLocation: &sarif.PhysicalLocation{
		ArtifactLocation: s.artifact(file),
		Region:           region(start, end),
	}}
	r.Locations = []*sarif.Location{loc}
	for i, rel := range d.Related {
		if i == maxRelatedLocations {
			break
		}
		rs, re, rf := s.span(rel.Pos, rel.End)
		if rf == "" {
			continue
		}
		id := uint(i + 1)
		r.RelatedLocations = append(r.RelatedLocations, &sarif.Location{
			Id:      &id,
			Message: &sarif.Message{Text: strPtr(rel.Message)},
			PhysicalLocation: &sarif.PhysicalLocation{
				ArtifactLocation: s.artifact(rf),
				Region:           region(rs, re),
			},
		})
	}
	r.PartialFingerprints = map[string]any{fingerprintKey: s.fingerprint(d.Rule, file, start, end)}
	for _, fx := range d.SuggestedFixes {
		f := &sarif.Fix{Description: &sarif.Message{Text: strPtr(fx.Message)}, ArtifactChanges: []*sarif.ArtifactChange{}}
		changes := map[string]*sarif.ArtifactChange{}
		for _, e := range fx.TextEdits {
			es, ee, ef := s.span(e.Pos, e.End)
			if ef == "" {
				continue
			}
			ch := changes[ef]
			if ch == nil {
				ch = &sarif.ArtifactChange{ArtifactLocation: *s.artifact(ef), Replacements: []*sarif.Replacement{}}
				changes[ef] = ch
				f.ArtifactChanges = append(f.ArtifactChanges, ch)
			}
			ch.Replacements = append(ch.Replacements, &sarif.Replacement{
				DeletedRegion:   *region(es, ee),
				InsertedContent: &sarif.ArtifactContent{Text: strPtr(string(e.NewText))},
			})
		}
		if len(f.ArtifactChanges) > 0 {
			r.Fixes = append(r.Fixes, f)
		}
	}
	return r
}

// span resolves [pos, end) to positions; an invalid end is an empty range.
func (s *sarifWriter) span(pos, end token.Pos) (driver.Position, driver.Position, string) {
	if !pos.IsValid() {
		return driver.Position{}, driver.Position{}, ""
	}
	start := s.res.Position(pos)
	stop := start
	if end.IsValid() && end >= pos {
		stop = s.res.Position(end)
	}
	return start, stop, start.Filename
}

func region(start, end driver.Position) *sarif.Region {
	if start.Line == 0 {
		return nil
	}
	r := sarif.NewRegion().WithStartLine(start.Line).WithStartColumn(start.Column)
	if end.Line >= start.Line {
		r.WithEndLine(end.Line).WithEndColumn(end.Column)
	}
	return r
}

// artifact names a file by a URI relative to the root; a file outside the
// root gets an absolute file URI.
func (s *sarifWriter) artifact(file string) *sarif.ArtifactLocation {
	if file == "" {
		return nil
	}
	if rel, err := filepath.Rel(s.root, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		u := (&url.URL{Path: filepath.ToSlash(rel)}).String()
		return &sarif.ArtifactLocation{URI: &u, URIBaseId: strPtr(srcRoot)}
	}
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	return &sarif.ArtifactLocation{URI: &u}
}

// fingerprint identifies a finding across commits without line numbers:
// the rule, the file, the flagged lines' text with indentation trimmed,
// and which of the findings with that same key this is. Edits elsewhere in
// the file leave it unchanged, so code scanning keeps tracking the alert.
func (s *sarifWriter) fingerprint(ruleName, file string, start, end driver.Position) string {
	rel := file
	if r, err := filepath.Rel(s.root, file); err == nil {
		rel = filepath.ToSlash(r)
	}
	var b strings.Builder
	b.WriteString(ruleName)
	b.WriteByte(0)
	b.WriteString(rel)
	b.WriteByte(0)
	b.WriteString(flaggedText(s.res, file, start, end))
	key := b.String()
	n := s.seen[key]
	s.seen[key] = n + 1
	sum := sha256.Sum256([]byte(key))
	return fmt.Sprintf("%s:%d", hex.EncodeToString(sum[:16]), n)
}

// maxFingerprintLines bounds the text hashed for a long range (a whole
// class): its first lines identify it well enough.
const maxFingerprintLines = 20

func flaggedText(res *driver.Result, file string, start, end driver.Position) string {
	if start.Line == 0 {
		return ""
	}
	src, err := res.Files.Read(file)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	last := max(end.Line, start.Line)
	last = min(last, start.Line+maxFingerprintLines-1, len(lines))
	var out []string
	for ln := start.Line; ln <= last; ln++ {
		out = append(out, strings.TrimSpace(lines[ln-1]))
	}
	return strings.Join(out, "\n")
}

func text(s string) *sarif.MultiformatMessageString {
	return &sarif.MultiformatMessageString{Text: &s}
}

func strPtr(s string) *string { return &s }
func boolPtr(b bool) *bool    { return &b }

// resultMessage keeps the text to the message's first sentence, which code
// scanning shows as the alert's title, and gives the whole message as
// markdown, which it shows when the alert is opened.
func resultMessage(msg string) sarif.Message {
	head, detail := rule.SplitMessage(msg)
	m := sarif.Message{Text: strPtr(head)}
	if detail != "" {
		m.Markdown = strPtr(markdownEscape(head) + "\n\n" + markdownEscape(detail))
	}
	return m
}

// markdownEscape makes text read literally in markdown: an identifier
// such as new_sqlite_classes must not turn italic, nor a quoted <tag>
// into HTML.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
