package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/rule"
)

// docNamed returns the Doc of the rule of that name, or nil.
func docNamed(rules *rule.Set, name string) *rule.Doc {
	if r := rules.Lookup(name); r != nil {
		return r.Doc
	}
	return nil
}

// selection combines the command line with each project's .dolint.jsonc.
// Flags win: a rule named by --enable runs even where a file turns it off,
// --disable and --fail-on override the files.
type selection struct {
	rules    *rule.Set // every rule
	explicit []string  // --enable, or fix --rule: run even where a file turns them off
	selected *rule.Set // after --enable and --disable
	loader   *lintconfig.Loader
	// historySince is --history-since: it replaces each configuration's
	// history.since.
	historySince string

	cfgs     map[*driver.Project]*lintconfig.Config
	byConfig map[string]*lintconfig.Config // by wrangler config path
	// listings are those of discovery, for a run that lints a tree once.
	listings *osfile.Listings
}

// newSelection applies --enable and --disable to the rule list; each
// project's .dolint.jsonc is read by configure.
func newSelection(rules *rule.Set, enable, disable []string) (*selection, error) {
	selected, err := selectRules(rules, enable, disable)
	if err != nil {
		return nil, err
	}
	return &selection{
		rules:    rules,
		explicit: enable,
		selected: selected,
		loader:   &lintconfig.Loader{Rules: rules, Cache: true}, // one run over a tree that holds still
	}, nil
}

// run lints configured projects, with overlay's contents, running the
// rules some project leaves on, and keeps the diagnostics that apply
// keeps, with their projects' severities. Rules read their options from
// their project's configuration (s.settings). As with driver.RunOptions,
// an error that names failed projects comes with the result of the others.
func (s *selection) run(projects []*driver.Project, overlay map[string][]byte) (*driver.Result, error) {
	return driver.RunOptions(projects, s.toRun(), driver.Options{Overlay: overlay, Keep: s.apply, Known: s.rules, Config: s.settings, Listings: s.listings})
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
		if s.historySince != "" {
			// The flag wins over the file, as the other flags do.
			cfg.History.Since = s.historySince
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
func (s *selection) toRun() *rule.Set {
	return s.selected.Filter(func(r *rule.Rule) bool {
		for _, cfg := range s.cfgs {
			if s.enabled(cfg, r.Name()) {
				return true
			}
		}
		return false
	})
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
	if doc := docNamed(s.rules, d.Rule); doc != nil {
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

// settings is a project's configuration as its rules see it (rule.Settings).
func (s *selection) settings(p *driver.Project) rule.Config {
	if cfg := s.cfgs[p]; cfg != nil {
		return cfg
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
	for _, r := range s.rules.Rules() {
		d := r.Doc
		if d == nil {
			continue
		}
		eff.Rules[d.Name] = lintconfig.EffectiveRule{
			Enabled:  s.selected.Known(d.Name) && s.enabled(cfg, d.Name),
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
