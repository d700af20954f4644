package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// knownRule reports whether a rule of that name is in the rule list.
func knownRule(name string) bool { return docNamed(name) != nil }

func docNamed(name string) *rule.Doc {
	for _, a := range all.Rules {
		if a.Name == name {
			return rule.DocOf(a)
		}
	}
	return nil
}

// takesOptions reports whether a rule documents options for .dolint.jsonc.
func takesOptions(name string) bool {
	d := docNamed(name)
	return d != nil && strings.TrimSpace(d.Options) != ""
}

// fixSafety is a rule's fix safety, for the summary's fixable count.
func fixSafety(name string) rule.FixSafety {
	if d := docNamed(name); d != nil {
		return d.Safety
	}
	return rule.NoFix
}

// selection combines the command line with each project's .dolint.jsonc.
// Flags win: a rule named by --enable runs even where a file turns it off,
// --disable and --fail-on override the files.
type selection struct {
	explicit  []string             // --enable, or fix --rule: run even where a file turns them off
	analyzers []*analysis.Analyzer // after --enable and --disable
	loader    *lintconfig.Loader

	cfgs     map[*driver.Project]*lintconfig.Config
	byConfig map[string]*lintconfig.Config // by wrangler config path
}

// newSelection applies --enable and --disable to the rule list; each
// project's .dolint.jsonc is read by configure.
func newSelection(enable, disable []string) (*selection, error) {
	analyzers, err := selectRules(enable, disable)
	if err != nil {
		return nil, err
	}
	return &selection{
		explicit:  enable,
		analyzers: analyzers,
		loader:    &lintconfig.Loader{Rules: lintconfig.Rules{Known: knownRule, TakesOptions: takesOptions}},
	}, nil
}

// run lints configured projects, with overlay's contents, running the
// rules some project leaves on, and keeps the diagnostics that apply
// keeps, with their projects' severities. Rule options come from the
// source rule.SetOptionsSource installed, normally s.options. As with
// driver.RunOptions, an error that names failed projects comes with the
// result of the others.
func (s *selection) run(projects []*driver.Project, overlay map[string][]byte) (*driver.Result, error) {
	return driver.RunOptions(projects, s.toRun(), driver.Options{Overlay: overlay, Keep: s.apply})
}

// configure loads each project's configuration and drops the projects
// that it ignores.
func (s *selection) configure(projects []*driver.Project) ([]*driver.Project, error) {
	s.cfgs = map[*driver.Project]*lintconfig.Config{}
	s.byConfig = map[string]*lintconfig.Config{}
	var kept []*driver.Project
	for _, p := range projects {
		cfg, err := s.loader.ForDir(p.Dir)
		if err != nil {
			return nil, err
		}
		if cfg.Ignored(p.Dir) || cfg.Ignored(p.Config) {
			continue
		}
		s.cfgs[p] = cfg
		s.byConfig[p.Config] = cfg
		kept = append(kept, p)
	}
	return kept, nil
}

func (s *selection) enabled(cfg *lintconfig.Config, name string) bool {
	return slices.Contains(s.explicit, name) || cfg.Enabled(name)
}

// toRun is the selected rules that some project's configuration leaves on.
func (s *selection) toRun() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range s.analyzers {
		for _, cfg := range s.cfgs {
			if s.enabled(cfg, a.Name) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// apply gives a diagnostic its project's severity, or drops it when its
// project turns the rule off or ignores its file.
func (s *selection) apply(res *driver.Result, d driver.Diagnostic) (driver.Diagnostic, bool) {
	cfg := s.cfgs[d.Project]
	if cfg == nil {
		return d, true
	}
	if !s.enabled(cfg, d.Rule) {
		return d, false
	}
	if d.Pos.IsValid() {
		if file := res.Fset.Position(d.Pos).Filename; file != "" && cfg.Ignored(file) {
			return d, false
		}
	}
	if doc := docNamed(d.Rule); doc != nil {
		d.Severity = cfg.Severity(d.Rule, doc.Severity)
	}
	return d, true
}

// fixTouchesIgnored reports whether a diagnostic's fix edits a file that
// its project's configuration ignores.
func (s *selection) fixTouchesIgnored(res *driver.Result, d driver.Diagnostic) bool {
	cfg := s.cfgs[d.Project]
	if cfg == nil {
		return false
	}
	for _, sf := range d.SuggestedFixes {
		for _, e := range sf.TextEdits {
			if file := res.Fset.Position(e.Pos).Filename; file != "" && cfg.Ignored(file) {
				return true
			}
		}
	}
	return false
}

// failOn is the severity at which a project's findings fail the run.
func (s *selection) failOn(p *driver.Project, flag *rule.Severity) rule.Severity {
	if flag != nil {
		return *flag
	}
	if cfg := s.cfgs[p]; cfg != nil && cfg.FailOn != nil {
		return *cfg.FailOn
	}
	return rule.Error
}

// fails reports whether a finding fails the run: whether it is at or
// above the failing severity of one of the projects it applies to.
func (s *selection) fails(d driver.Diagnostic, flag *rule.Severity) bool {
	for _, p := range d.Projects {
		if d.Severity >= s.failOn(p, flag) {
			return true
		}
	}
	return len(d.Projects) == 0 && d.Severity >= s.failOn(d.Project, flag)
}

// options is the rule options source for rule.DecodeOptions.
func (s *selection) options(config, name string) []byte {
	if cfg := s.byConfig[config]; cfg != nil {
		return cfg.Options(name)
	}
	return nil
}

// printConfig prints the configuration in force for a directory, with the
// command line's flags applied, every rule spelled out.
func printConfig(args []string, s *selection, failOnFlag *rule.Severity, cwd string, stdout, stderr io.Writer) int {
	if len(args) > 1 {
		fmt.Fprintln(stderr, "dolint: --print-config takes at most one directory")
		return exitError
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(abs); err == nil && !fi.IsDir() {
			abs = filepath.Dir(abs)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	cfg, err := s.loader.ForDir(abs)
	if err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	eff := lintconfig.Effective{Ignore: []string{}, Rules: map[string]lintconfig.EffectiveRule{}}
	if cfg.File != "" {
		name := cfg.File
		if r, err := filepath.Rel(cwd, name); err == nil {
			name = filepath.ToSlash(r)
		}
		eff.ConfigFile = &name
	}
	eff.Ignore = append(eff.Ignore, cfg.Ignore...)
	failOn := rule.Error
	if cfg.FailOn != nil {
		failOn = *cfg.FailOn
	}
	if failOnFlag != nil {
		failOn = *failOnFlag
	}
	eff.FailOn = failOn.String()
	for _, a := range all.Rules {
		d := rule.DocOf(a)
		if d == nil {
			continue
		}
		eff.Rules[d.Name] = lintconfig.EffectiveRule{
			Enabled:  slices.Contains(s.analyzers, a) && s.enabled(cfg, d.Name),
			Severity: cfg.Severity(d.Name, d.Severity).String(),
			Options:  cfg.Options(d.Name),
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(eff); err != nil {
		fmt.Fprintf(stderr, "dolint: %v\n", err)
		return exitError
	}
	return exitOK
}

// writeFileAtomic writes a report beside its destination and renames it
// into place, so that a reader (an upload step) never sees half a file.
func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
