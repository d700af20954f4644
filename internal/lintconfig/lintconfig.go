// Package lintconfig reads .dolint.jsonc, dolint's own configuration file
// (not to be confused with a Worker's wrangler config):
//
//	{
//	  // The JSON Schema editors check the file with (SchemaURL).
//	  "$schema": "https://raw.githubusercontent.com/dolint-dev/dolint/main/internal/lintconfig/dolint.schema.json",
//	  // Rule settings: "off", a severity, or an object.
//	  "rules": {
//	    "envbindings": "warning",
//	    "alarmloop": "off",
//	    "sqlinjection": { "severity": "error", "options": { } }
//	  },
//	  // Files and projects to skip, relative to this file's directory.
//	  "ignore": ["legacy/**", "*.generated.ts"],
//	  // Exit 1 when a finding at or above this severity remains.
//	  "failOn": "warning",
//	  // Hold migrations against the config's git history after this
//	  // revision only (default: the whole history).
//	  "history": { "since": "v1.0.0" }
//	}
//
// A project uses the nearest .dolint.jsonc in its directory or above,
// looking no higher than the repository root; files are not merged.
// Mistakes (unknown keys, unknown rules, bad values) are errors naming
// file:line:col, so that a typo never silently changes what is linted.
// dolint.schema.json describes the file for editors and for Parse alike.
package lintconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/tailscale/hujson"

	"github.com/dolint-dev/dolint/internal/jsondepth"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/rule"
)

// FileName is the name dolint looks for.
const FileName = ".dolint.jsonc"

// Config is one configuration file, or the defaults when File is "".
type Config struct {
	File   string                 // absolute path, "" for the defaults
	Rules  map[string]*RuleConfig // by rule name; absent means defaults
	Ignore []string               // globs relative to the file's directory
	FailOn *rule.Severity         // nil when the file does not say
	// History says which of a wrangler config's git history counts for
	// migrationhistory.
	History History
}

// History is the "history" key.
type History struct {
	// Since is the revision after which the history counts ("since":
	// REV); "" for the whole history.
	Since string
}

// HistorySince is History.Since, for the analyzers that see the
// configuration only as a rule.Config.
func (c *Config) HistorySince() string { return c.History.Since }

// RuleConfig is what a file says about one rule.
type RuleConfig struct {
	Off      bool
	Severity *rule.Severity // nil: the rule's default
	// Options is the rule's options object as JSON (standard JSON, with
	// comments and trailing commas removed), nil when not given. Rules
	// decode it with rule.DecodeOptions.
	Options json.RawMessage
}

// Default is the configuration of a project with no .dolint.jsonc.
func Default() *Config { return &Config{Rules: map[string]*RuleConfig{}} }

// Dir is the directory ignore globs are relative to.
func (c *Config) Dir() string {
	if c.File == "" {
		return ""
	}
	return filepath.Dir(c.File)
}

// Enabled reports whether the rule runs.
func (c *Config) Enabled(name string) bool {
	rc := c.Rules[name]
	return rc == nil || !rc.Off
}

// Severity is the rule's severity under this configuration.
func (c *Config) Severity(name string, def rule.Severity) rule.Severity {
	if rc := c.Rules[name]; rc != nil && rc.Severity != nil {
		return *rc.Severity
	}
	return def
}

// Options returns the rule's options, or nil.
func (c *Config) Options(name string) json.RawMessage {
	if rc := c.Rules[name]; rc != nil {
		return rc.Options
	}
	return nil
}

// Ignored reports whether an absolute file or directory path matches one
// of the ignore globs (itself, or a directory above it).
func (c *Config) Ignored(abs string) bool {
	if len(c.Ignore) == 0 || c.File == "" {
		return false
	}
	rel, err := filepath.Rel(c.Dir(), abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Ignore {
		if matchAncestors(g, rel) {
			return true
		}
	}
	return false
}

// Error is a mistake in a configuration file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Parse reads a configuration file, checking every key and rule name.
//
// The file's shape (which keys, which types and values) is checked as the
// JSON Schema published beside this package, which editors use, describes
// it; what the schema cannot know (the rules that exist, which of them take
// options, glob syntax) is checked here against rules, the rules a file
// may configure (nil accepts every name, with options). Each mistake is
// reported at its place, the first one in the file.
func Parse(file string, src []byte, rules *rule.Set) (*Config, error) {
	p := &parser{file: file, src: src}
	if err := jsondepth.Check(src, jsondepth.Max); err != nil {
		return nil, p.errAt(err.(*jsondepth.Error).Offset, "syntax error: %v", err)
	}
	v, err := hujson.Parse(src)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if err := p.duplicates(v, nil); err != nil {
		return nil, err
	}
	std := v.Clone()
	std.Standardize()
	std.Minimize()
	checked := p.check(v, rules)
	if first := p.shapeError(v); first != nil {
		if checked != nil && (checked.Line < first.Line || checked.Line == first.Line && checked.Col < first.Col) {
			first = checked
		}
		return nil, first
	}
	if checked != nil {
		return nil, checked
	}
	var doc struct {
		Rules   map[string]json.RawMessage `json:"rules"`
		Ignore  []string                   `json:"ignore"`
		FailOn  string                     `json:"failOn"`
		History struct {
			Since string `json:"since"`
		} `json:"history"`
	}
	if err := json.Unmarshal(std.Pack(), &doc); err != nil {
		return nil, p.errAt(0, "%v", err) // the schema admitted what Go cannot decode
	}
	cfg := Default()
	cfg.File = file
	cfg.Ignore = doc.Ignore
	cfg.History.Since = doc.History.Since
	if doc.FailOn != "" {
		sev, err := rule.ParseSeverity(doc.FailOn)
		if err != nil {
			return nil, p.errAt(0, `"failOn": %v`, err)
		}
		cfg.FailOn = &sev
	}
	for name, raw := range doc.Rules {
		rc, err := ruleConfig(raw)
		if err != nil {
			return nil, p.errAt(0, "rule %s: %v", name, err)
		}
		cfg.Rules[name] = rc
	}
	return cfg, nil
}

// ruleConfig decodes a rule's setting, which the schema has checked.
func ruleConfig(raw json.RawMessage) (*RuleConfig, error) {
	rc := &RuleConfig{}
	var level string
	if json.Unmarshal(raw, &level) != nil {
		var obj struct {
			Severity string          `json:"severity"`
			Options  json.RawMessage `json:"options"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, err
		}
		level, rc.Options = obj.Severity, obj.Options
	}
	switch level {
	case "":
	case "off":
		rc.Off = true
	default:
		sev, err := rule.ParseSeverity(level)
		if err != nil {
			return nil, err
		}
		rc.Severity = &sev
	}
	return rc, nil
}

// check reports, in file order, a rule that does not exist, options for a
// rule that takes none, and a malformed ignore glob. It looks only at
// values of the right type, which may not all be: the schema's verdict
// comes separately.
func (p *parser) check(v hujson.Value, rules *rule.Set) *Error {
	for _, m := range members(v) {
		switch m.Name.Value.(hujson.Literal).String() {
		case "rules":
			for _, r := range members(m.Value) {
				name := r.Name.Value.(hujson.Literal).String()
				if rules != nil && !rules.Known(name) {
					return p.errAt(r.Name.StartOffset, "unknown rule %q (see 'dolint rules')", name)
				}
				for _, f := range members(r.Value) {
					_, isObj := f.Value.Value.(*hujson.Object) // else the schema says what options must be
					if f.Name.Value.(hujson.Literal).String() == "options" && isObj && rules != nil && !takesOptions(rules.Lookup(name)) {
						return p.errAt(f.Name.StartOffset, "rule %s takes no options", name)
					}
				}
			}
		case "ignore":
			arr, _ := m.Value.Value.(*hujson.Array)
			if arr == nil {
				continue
			}
			for _, el := range arr.Elements {
				lit, ok := el.Value.(hujson.Literal)
				if !ok || lit.Kind() != '"' {
					continue
				}
				if g := lit.String(); !doublestar.ValidatePattern(g) {
					return p.errAt(el.StartOffset, "ignore glob %q: %v", g, doublestar.ErrBadPattern)
				}
			}
		}
	}
	return nil
}

// members returns an object's members, none for another value.
func members(v hujson.Value) []hujson.ObjectMember {
	if obj, ok := v.Value.(*hujson.Object); ok {
		return obj.Members
	}
	return nil
}

// duplicates reports a key given twice in one object. The schema cannot:
// JSON decoding keeps the last value. A rule's options are the rule's to
// read and are not looked into.
func (p *parser) duplicates(v hujson.Value, at []string) error {
	switch val := v.Value.(type) {
	case *hujson.Object:
		seen := map[string]bool{}
		for _, m := range val.Members {
			key := m.Name.Value.(hujson.Literal).String() // object names are always strings
			if seen[key] {
				return p.errAt(m.Name.StartOffset, "duplicate key %q", key)
			}
			seen[key] = true
			if len(at) == 2 && at[0] == "rules" && key == "options" {
				continue
			}
			if err := p.duplicates(m.Value, append(at[:len(at):len(at)], key)); err != nil {
				return err
			}
		}
	case *hujson.Array:
		for _, el := range val.Elements {
			if err := p.duplicates(el, append(at[:len(at):len(at)], "#")); err != nil {
				return err
			}
		}
	}
	return nil
}

type parser struct {
	file string
	src  []byte
}

func (p *parser) errAt(off int, format string, args ...any) *Error {
	line, col := lineCol(p.src, off)
	return &Error{File: p.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

var hujsonPos = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

func (p *parser) syntaxError(err error) error {
	if m := hujsonPos.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return &Error{File: p.file, Line: line, Col: col, Msg: "syntax error: " + m[3]}
	}
	return &Error{File: p.file, Line: 1, Col: 1, Msg: "syntax error: " + err.Error()}
}

// lineCol returns the 1-based line and byte column of an offset.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + strings.Count(string(src[:off]), "\n")
	col := off - strings.LastIndexByte(string(src[:off]), '\n')
	return line, col
}

// takesOptions reports whether a rule documents options.
func takesOptions(r *rule.Rule) bool {
	return r != nil && r.Doc != nil && strings.TrimSpace(r.Doc.Options) != ""
}

// Load reads and parses a file.
func Load(file string, rules *rule.Set) (*Config, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, src, rules)
}

// GitRoot returns the nearest directory at or above dir that holds .git,
// or "" outside a repository.
func GitRoot(dir string) string {
	for d := filepath.Clean(dir); ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// Find returns the nearest .dolint.jsonc at or above dir, stopping at the
// repository root (the directory holding .git) or the filesystem root; ""
// when there is none.
func Find(dir string) (string, error) {
	for d := filepath.Clean(dir); ; {
		file, stop, err := lookIn(d)
		if stop {
			return file, err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// lookIn is one step of Find: whether directory d decides the search
// (stop), and how. It holds the file, or holds .git and ends the search
// with none, or cannot be read.
func lookIn(d string) (file string, stop bool, err error) {
	return lookInListed(d, nil)
}

// lookInListed is lookIn, which takes the names that d does not hold
// from ls instead of looking them up.
func lookInListed(d string, ls *osfile.Listings) (file string, stop bool, err error) {
	if !ls.MayHold(d, FileName) && !ls.MayHold(d, ".git") {
		return "", false, nil
	}
	p := filepath.Join(d, FileName)
	fi, err := os.Stat(p)
	switch {
	case err == nil && !fi.IsDir():
		return p, true, nil
	case err == nil:
		return "", true, fmt.Errorf("%s is a directory", p)
	case !errors.Is(err, os.ErrNotExist):
		return "", true, err
	}
	if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
		return "", true, nil
	}
	return "", false, nil
}

// Loader finds and parses configurations, each file once.
type Loader struct {
	Rules *rule.Set // the rules a file may configure; nil accepts any
	// Cache makes the Loader look each directory up once, for a run over
	// a tree that does not change meanwhile: the projects of a monorepo
	// share most of the directories above them, and outside a repository
	// the search climbs to the filesystem root, two failed lookups per
	// level for each project. Without it every ForDir looks again, as a
	// long-lived process needs to see files come and go.
	Cache bool
	// Listings, with Cache, answer for the directories they hold: most
	// directories a search climbs through were listed by discovery, and
	// hold neither a configuration file nor .git.
	Listings *osfile.Listings

	mu    sync.Mutex
	files map[string]*Config
	found map[string]found // by clean directory, with Cache
}

// found is Find's answer for a directory.
type found struct {
	file string
	err  error
}

// ForDir returns the configuration that applies to a directory.
func (l *Loader) ForDir(dir string) (*Config, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	file, err := l.find(dir)
	if err != nil || file == "" {
		return Default(), err
	}
	if c := l.files[file]; c != nil {
		return c, nil
	}
	c, err := Load(file, l.Rules)
	if err != nil {
		return nil, err
	}
	if l.files == nil {
		l.files = map[string]*Config{}
	}
	l.files[file] = c
	return c, nil
}

// find is Find, remembering with Cache the answer of every directory
// climbed through: below the directory that decides, each has that
// directory's answer. l.mu is held.
func (l *Loader) find(dir string) (string, error) {
	if !l.Cache {
		return Find(dir)
	}
	if l.found == nil {
		l.found = map[string]found{}
	}
	var climbed []string
	var ans found
	for d := filepath.Clean(dir); ; {
		if a, ok := l.found[d]; ok {
			ans = a
			break
		}
		climbed = append(climbed, d)
		file, stop, err := lookInListed(d, l.Listings)
		if stop {
			ans = found{file, err}
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range climbed {
		l.found[d] = ans
	}
	return ans.file, ans.err
}

// matchAncestors reports whether glob matches rel or a directory above it.
// A glob without a slash matches a name at any depth, as in .gitignore;
// "**" matches any number of path segments.
func matchAncestors(glob, rel string) bool {
	glob = strings.TrimPrefix(strings.TrimSuffix(glob, "/"), "./")
	if !strings.Contains(glob, "/") {
		glob = "**/" + glob
	}
	for p := rel; p != "."; p = path.Dir(p) {
		if doublestar.MatchUnvalidated(glob, p) {
			return true
		}
	}
	return false
}

// Effective is the configuration in force for a directory, every rule
// spelled out, as `dolint --print-config` shows it.
type Effective struct {
	ConfigFile *string                  `json:"configFile"`
	FailOn     string                   `json:"failOn"`
	Ignore     []string                 `json:"ignore"`
	Rules      map[string]EffectiveRule `json:"rules"`
}

// EffectiveRule is one rule's settings.
type EffectiveRule struct {
	Enabled  bool            `json:"enabled"`
	Severity string          `json:"severity"`
	Options  json.RawMessage `json:"options,omitempty"`
}
