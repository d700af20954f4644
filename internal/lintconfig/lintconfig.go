// Package lintconfig reads .dolint.jsonc, dolint's own configuration file
// (not to be confused with a Worker's wrangler config):
//
//	{
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

	"github.com/dolint-dev/dolint/internal/jsondepth"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/tailscale/hujson"
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

// Rules describes the rules a file may configure. A nil function accepts
// every name.
type Rules struct {
	Known        func(name string) bool // the rule exists
	TakesOptions func(name string) bool // the rule documents options
}

// Parse reads a configuration file, checking every key and rule name.
func Parse(file string, src []byte, rules Rules) (*Config, error) {
	p := &parser{file: file, src: src}
	if err := jsondepth.Check(src, jsondepth.Max); err != nil {
		return nil, p.errAt(err.(*jsondepth.Error).Offset, "syntax error: %v", err)
	}
	v, err := hujson.Parse(src)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	cfg := Default()
	cfg.File = file
	obj, err := p.object(v, "the configuration")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, m := range obj.Members {
		key, err := p.name(m.Name, seen)
		if err != nil {
			return nil, err
		}
		switch key {
		case "$schema":
			if _, err := p.str(m.Value, `"$schema"`); err != nil {
				return nil, err
			}
		case "rules":
			if err := p.rules(m.Value, cfg, rules); err != nil {
				return nil, err
			}
		case "ignore":
			arr, ok := m.Value.Value.(*hujson.Array)
			if !ok {
				return nil, p.errAt(m.Value.StartOffset, `"ignore" must be an array of glob strings`)
			}
			for _, el := range arr.Elements {
				g, err := p.str(el, "an ignore glob")
				if err != nil {
					return nil, err
				}
				if err := checkGlob(g); err != nil {
					return nil, p.errAt(el.StartOffset, "ignore glob %q: %v", g, err)
				}
				cfg.Ignore = append(cfg.Ignore, g)
			}
		case "failOn":
			s, err := p.str(m.Value, `"failOn"`)
			if err != nil {
				return nil, err
			}
			sev, err := rule.ParseSeverity(s)
			if err != nil {
				return nil, p.errAt(m.Value.StartOffset, `"failOn": %v`, err)
			}
			cfg.FailOn = &sev
		case "history":
			if err := p.history(m.Value, cfg); err != nil {
				return nil, err
			}
		default:
			return nil, p.errAt(m.Name.StartOffset, "unknown key %q (want rules, ignore, failOn or history)", key)
		}
	}
	return cfg, nil
}

func (p *parser) history(v hujson.Value, cfg *Config) error {
	obj, err := p.object(v, `"history"`)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, m := range obj.Members {
		key, err := p.name(m.Name, seen)
		if err != nil {
			return err
		}
		if key != "since" {
			return p.errAt(m.Name.StartOffset, "unknown key %q in \"history\" (want since)", key)
		}
		s, err := p.str(m.Value, `"history.since"`)
		if err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "-") {
			return p.errAt(m.Value.StartOffset, `"history.since" must name a git revision, such as a release tag`)
		}
		cfg.History.Since = s
	}
	return nil
}

func (p *parser) rules(v hujson.Value, cfg *Config, rules Rules) error {
	obj, err := p.object(v, `"rules"`)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, m := range obj.Members {
		name, err := p.name(m.Name, seen)
		if err != nil {
			return err
		}
		if rules.Known != nil && !rules.Known(name) {
			return p.errAt(m.Name.StartOffset, "unknown rule %q (see 'dolint rules')", name)
		}
		rc := &RuleConfig{}
		switch val := m.Value.Value.(type) {
		case hujson.Literal:
			if val.Kind() != '"' {
				return p.errAt(m.Value.StartOffset, `rule %s: want "off", "info", "warning", "error" or an object`, name)
			}
			if err := p.level(m.Value, name, rc); err != nil {
				return err
			}
		case *hujson.Object:
			fields := map[string]bool{}
			for _, f := range val.Members {
				key, err := p.name(f.Name, fields)
				if err != nil {
					return err
				}
				switch key {
				case "severity":
					if err := p.level(f.Value, name, rc); err != nil {
						return err
					}
				case "options":
					if _, ok := f.Value.Value.(*hujson.Object); !ok {
						return p.errAt(f.Value.StartOffset, "rule %s: options must be an object", name)
					}
					if rules.TakesOptions != nil && !rules.TakesOptions(name) {
						return p.errAt(f.Name.StartOffset, "rule %s takes no options", name)
					}
					std := f.Value.Clone()
					std.Standardize()
					std.Minimize()
					rc.Options = json.RawMessage(std.Pack())
				default:
					return p.errAt(f.Name.StartOffset, "rule %s: unknown key %q (want severity or options)", name, key)
				}
			}
		default:
			return p.errAt(m.Value.StartOffset, `rule %s: want "off", "info", "warning", "error" or an object`, name)
		}
		cfg.Rules[name] = rc
	}
	return nil
}

// level reads "off" or a severity.
func (p *parser) level(v hujson.Value, name string, rc *RuleConfig) error {
	s, err := p.str(v, "a severity")
	if err != nil {
		return err
	}
	if s == "off" {
		rc.Off = true
		return nil
	}
	sev, err := rule.ParseSeverity(s)
	if err != nil {
		return p.errAt(v.StartOffset, `rule %s: unknown severity %q (want "off", "info", "warning" or "error")`, name, s)
	}
	rc.Off = false
	rc.Severity = &sev
	return nil
}

type parser struct {
	file string
	src  []byte
}

func (p *parser) errAt(off int, format string, args ...any) error {
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

func (p *parser) object(v hujson.Value, what string) (*hujson.Object, error) {
	obj, ok := v.Value.(*hujson.Object)
	if !ok {
		return nil, p.errAt(v.StartOffset, "%s must be an object", what)
	}
	return obj, nil
}

func (p *parser) name(v hujson.Value, seen map[string]bool) (string, error) {
	lit := v.Value.(hujson.Literal) // object names are always strings
	s := lit.String()
	if seen[s] {
		return "", p.errAt(v.StartOffset, "duplicate key %q", s)
	}
	seen[s] = true
	return s, nil
}

func (p *parser) str(v hujson.Value, what string) (string, error) {
	lit, ok := v.Value.(hujson.Literal)
	if !ok || lit.Kind() != '"' {
		return "", p.errAt(v.StartOffset, "%s must be a string", what)
	}
	return lit.String(), nil
}

// lineCol returns the 1-based line and byte column of an offset.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + strings.Count(string(src[:off]), "\n")
	col := off - strings.LastIndexByte(string(src[:off]), '\n')
	return line, col
}

// Load reads and parses a file.
func Load(file string, rules Rules) (*Config, error) {
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
		p := filepath.Join(d, FileName)
		fi, err := os.Stat(p)
		switch {
		case err == nil && !fi.IsDir():
			return p, nil
		case err == nil:
			return "", fmt.Errorf("%s is a directory", p)
		case !errors.Is(err, os.ErrNotExist):
			return "", err
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// Loader finds and parses configurations, each file once.
type Loader struct {
	Rules Rules

	mu    sync.Mutex
	files map[string]*Config
}

// ForDir returns the configuration that applies to a directory.
func (l *Loader) ForDir(dir string) (*Config, error) {
	file, err := Find(dir)
	if err != nil || file == "" {
		return Default(), err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
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

// checkGlob rejects a malformed glob when the file is read, not when the
// first path is matched.
func checkGlob(g string) error {
	if strings.TrimSpace(g) == "" {
		return errors.New("empty")
	}
	for _, seg := range strings.Split(strings.Trim(g, "/"), "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// matchAncestors reports whether glob matches rel or a directory above it.
// A glob without a slash matches a name at any depth, as in .gitignore;
// "**" matches any number of path segments.
func matchAncestors(glob, rel string) bool {
	glob = strings.TrimPrefix(strings.TrimSuffix(glob, "/"), "./")
	if !strings.Contains(glob, "/") {
		glob = "**/" + glob
	}
	g := strings.Split(glob, "/")
	parts := strings.Split(rel, "/")
	for n := len(parts); n > 0; n-- {
		if matchSegs(g, parts[:n]) {
			return true
		}
	}
	return false
}

func matchSegs(g, p []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if matchSegs(g[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, _ := path.Match(g[0], p[0]); !ok {
			return false
		}
		g, p = g[1:], p[1:]
	}
	return len(p) == 0
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
