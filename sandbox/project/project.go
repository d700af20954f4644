// Package project loads a Worker project into the sandbox the way wrangler
// would deploy or serve it: the entry module, compatibility settings, vars
// and Durable Object bindings come from the wrangler config of one
// environment, and each bound class gets the storage backend the migration
// replay (or the declarative exports) gives it.
//
// An overlay replaces files, config included, by absolute path, so that a
// changed version of a project can be loaded and run before anything is
// written. Nothing is ever written to the project's directory.
package project

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/wrangler"
)

// Project is one environment of a Worker project, ready to load.
type Project struct {
	Config string // absolute path of the wrangler config
	Env    string // "" for the top level
	// Options are what sandbox.Load needs; Load fills in the rest.
	Options sandbox.Options
	// Bindings are the environment's local Durable Object bindings, in
	// config order. Bindings to other Workers' classes cannot run locally
	// and are listed in Remote instead.
	Bindings []Binding
	Remote   []string
	// Problems are what a deploy of this configuration would fail on
	// before any code runs: configuration errors, a migration history
	// that does not replay, bindings to classes no migration created.
	Problems []Problem

	remote []remoteBinding // Remote with positions, for ServeError
}

type remoteBinding struct {
	name, script string
	pos          token.Position
}

// Binding is one local durable_objects binding.
type Binding struct {
	Name  string
	Class string
	// Created says whether the migration replay (or a live exports entry)
	// creates the class. Without it wrangler dev still runs the class,
	// KV-backed, but a deploy fails with API error 10061.
	Created bool
	Backend sandbox.Backend
	Pos     token.Position
}

// Problem is one reason a deploy would fail.
type Problem struct {
	Code    string // "config", "migrations", or the deploy API's error code ("10061")
	Message string
	Pos     token.Position
}

func (p Problem) String() string {
	loc := ""
	if p.Pos.IsValid() {
		loc = p.Pos.String() + ": "
	}
	if p.Code == "config" || p.Code == "migrations" {
		return loc + p.Message
	}
	return fmt.Sprintf("%s%s [code: %s]", loc, p.Message, p.Code)
}

// Open reads the project whose wrangler config is at configPath, for the
// environment env. overlay, when not nil, replaces files by absolute path.
// A config that does not parse, or has no such environment or no main
// module, is an error naming the file and line.
func Open(configPath, env string, overlay map[string][]byte) (*Project, error) {
	abs, err := filepath.Abs(configPath)
	if err != nil {
		return nil, err
	}
	src, ok := Lookup(overlay, abs)
	if !ok {
		if src, err = os.ReadFile(abs); err != nil {
			return nil, err
		}
	}
	fset := token.NewFileSet()
	file := fset.AddFile(abs, -1, len(src))
	file.SetLinesForContent(src)
	cfg := wrangler.Parse(file, abs, src)
	p := &Project{Config: abs, Env: env}
	for _, pr := range cfg.Problems {
		if pr.Severity != wrangler.Error {
			continue
		}
		if pr.Area == wrangler.AreaSyntax {
			return nil, fmt.Errorf("%s: %s", fset.Position(pr.Pos), pr.Message)
		}
		p.Problems = append(p.Problems, Problem{Code: "config", Message: pr.Message, Pos: fset.Position(pr.Pos)})
	}
	sec := cfg.Effective(env)
	if sec == nil {
		return nil, fmt.Errorf("%s: no environment %q", abs, env)
	}
	if sec.Main == nil || sec.Main.Value == "" {
		return nil, fmt.Errorf("%s: no \"main\" entry point", abs)
	}
	dir := filepath.Dir(abs)
	o := &p.Options
	o.Dir = dir
	o.Main = filepath.Join(dir, filepath.FromSlash(sec.Main.Value))
	if sec.CompatibilityDate != nil {
		o.CompatibilityDate = sec.CompatibilityDate.Value
	}
	o.CompatibilityFlags = sec.CompatibilityFlags.Values()
	o.Classes = map[string]sandbox.Backend{}
	o.Overlay = overlay

	var live *migrations.Result
	switch {
	case sec.Migrations != nil && len(sec.Migrations.Steps) > 0:
		live = migrations.Replay(sec.Migrations.Steps)
		if f := live.Err; f != nil {
			pos := token.NoPos
			if f.Class != nil {
				pos = f.Class.Pos
			}
			p.Problems = append(p.Problems, Problem{Code: "migrations", Message: f.Message, Pos: fset.Position(pos)})
		}
	case sec.Exports != nil:
		live = migrations.FromExports(sec.Exports)
	default:
		live = &migrations.Result{}
	}
	for name, c := range live.Classes {
		if c.Backend == migrations.SQLite {
			o.Classes[name] = sandbox.BackendSQLite
		} else {
			o.Classes[name] = sandbox.BackendKV
		}
	}
	if sec.DurableObjects != nil {
		for _, b := range sec.DurableObjects.Bindings {
			if b == nil || b.Name == nil || b.ClassName == nil {
				continue
			}
			if !b.Local() {
				p.Remote = append(p.Remote, b.Name.Value)
				rb := remoteBinding{name: b.Name.Value, pos: fset.Position(b.Pos)}
				if b.ScriptName != nil {
					rb.script = b.ScriptName.Value
				}
				p.remote = append(p.remote, rb)
				continue
			}
			bd := Binding{Name: b.Name.Value, Class: b.ClassName.Value, Pos: fset.Position(b.Pos),
				Created: live.Lookup(b.ClassName.Value) != nil, Backend: o.Classes[b.ClassName.Value]}
			p.Bindings = append(p.Bindings, bd)
			o.Bindings = append(o.Bindings, sandbox.Binding{Name: bd.Name, ClassName: bd.Class})
			if !bd.Created {
				p.Problems = append(p.Problems, Problem{Code: "10061", Pos: bd.Pos, Message: fmt.Sprintf(
					"Cannot create binding for class '%s' because it is not currently configured to implement Durable Objects. Ensure a --new-class migration has been applied to it.", bd.Class)})
			}
		}
	}
	if len(sec.Vars) > 0 {
		o.Vars = map[string]any{}
		for _, v := range sec.Vars {
			if v.Name != nil {
				o.Vars[v.Name.Value] = v.Value
			}
		}
	}
	return p, nil
}

// ServeError is why the project cannot be served locally as wrangler dev
// serves it, or nil: a configuration error, a migration history that does
// not replay, or a binding to another Worker's class, whose code is not
// here to run. A bound class that no migration creates is no reason:
// wrangler dev runs it KV-backed, and only a deploy fails (code 10061).
func (p *Project) ServeError() error {
	for _, pr := range p.Problems {
		if pr.Code == "config" || pr.Code == "migrations" {
			return errors.New(pr.String())
		}
	}
	if len(p.remote) > 0 {
		r := p.remote[0]
		return fmt.Errorf("%s: binding %s names script %q; only this Worker's own classes can run locally", r.pos, r.name, r.script)
	}
	return nil
}

// Load bundles and starts the project in the sandbox. mod, when not nil,
// adjusts the options first (clock, limits, log and event callbacks); the
// project's own settings are copied, so mod cannot change them for later
// loads.
func (p *Project) Load(mod func(*sandbox.Options)) (*sandbox.Runtime, error) {
	o := p.Options
	o.Bindings = append([]sandbox.Binding(nil), p.Options.Bindings...)
	o.Classes = make(map[string]sandbox.Backend, len(p.Options.Classes))
	for k, v := range p.Options.Classes {
		o.Classes[k] = v
	}
	if mod != nil {
		mod(&o)
	}
	return sandbox.Load(o)
}

// Binding returns the local binding named name, or nil.
func (p *Project) Binding(name string) *Binding {
	for i := range p.Bindings {
		if p.Bindings[i].Name == name {
			return &p.Bindings[i]
		}
	}
	return nil
}

// BindingsOf returns the names of the local bindings of class, sorted.
func (p *Project) BindingsOf(class string) []string {
	var out []string
	for _, b := range p.Bindings {
		if b.Class == class {
			out = append(out, b.Name)
		}
	}
	sort.Strings(out)
	return out
}

// ErrNoConfig is returned by Find when a directory holds no wrangler config.
var ErrNoConfig = errors.New("no wrangler config")

// Find returns the wrangler config of the project in dir, in wrangler's
// order of precedence.
func Find(dir string) (string, error) {
	for _, n := range wrangler.ConfigNames() {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w (looked for %s)", dir, ErrNoConfig, strings.Join(wrangler.ConfigNames(), ", "))
}

// Lookup returns the overlay's contents for the file at path, whether the
// overlay names it by that path or by another path to the same file
// through symlinks (a linked config or source directory).
func Lookup(overlay map[string][]byte, path string) ([]byte, bool) {
	if b, ok := overlay[path]; ok {
		return b, true
	}
	if len(overlay) == 0 {
		return nil, false
	}
	real := realPath(path)
	for k, b := range overlay {
		if k == real || realPath(k) == real {
			return b, true
		}
	}
	return nil, false
}

// realPath is path with symlinks resolved; for a file that does not exist
// (yet), its directory's.
func realPath(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}
