// Package confighistory is the input analyzer that gives a project's
// wrangler config as each commit of its git history left it, following
// renames, for the rules that hold today's file against what was deployed
// from earlier versions of it.
//
// The history is read with the git command (see package gitlog). The
// projects of a run share one gitlog.Reader per since revision and base
// branches, kept with the run's FileSet, so that a monorepo's history is
// walked once for all of its configs rather than once per config: a
// hundred configs over 1,500 commits took a hundred walks, several times
// the CPU of linting everything else. Each distinct version is parsed
// once, in a FileSet of its own, so that positions in old versions never
// mix with the run's.
package confighistory

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"weak"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/gitlog"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// Version is the config as one commit left it.
type Version struct {
	Commit gitlog.Commit
	Path   string           // the file's path in that commit, relative to the repository root
	Config *wrangler.Config // parsed; Config.File belongs to a FileSet of its own
}

// Result is a config's committed history.
type Result struct {
	// Versions are newest first; with a Since baseline, the last one is
	// the file as that revision left it.
	Versions []*Version
	// Unavailable says why no history could be read ("" when it was):
	// the config is outside every git repository, or git is missing.
	Unavailable string
	// Shallow is true when the repository is a shallow clone, whose
	// history stops at its depth.
	Shallow bool
	// Since is the revision the history starts after, or "".
	Since string
}

// Sincer is what a project's configuration (rule.Config) offers when it
// limits the history: *lintconfig.Config, with the "history" key and the
// --history-since flag applied.
type Sincer interface {
	HistorySince() string
}

// DefaultBases is the base branch of the pull request a GitHub Actions job
// runs for (GITHUB_BASE_REF), as the remote-tracking branch that
// actions/checkout fetches with fetch-depth: 0, or nil outside one.
func DefaultBases() []string {
	base := strings.TrimSpace(os.Getenv("GITHUB_BASE_REF"))
	if base == "" {
		return nil
	}
	return []string{"refs/remotes/origin/" + base}
}

// Analyzer reads the history of pass.OtherFiles[0], the project's config.
// Its result is a *Result. The history counts from the revision the
// project's configuration names (see Sincer), else whole, plus the pull
// request's base branch in a GitHub Actions run (DefaultBases). A config
// without migrations, or one only a test runner reads, gets an empty
// Result without running git: nothing in it is held against the history.
// A history that cannot be read (no repository, no git, git failing) is a
// Result with Unavailable set, not an error, so that the project is still
// linted; only a since revision that does not resolve is an error, naming
// the config and the revision.
var Analyzer = &analysis.Analyzer{
	Name:       "confighistory",
	Doc:        "read the committed versions of the project's wrangler config from git",
	Run:        run,
	Requires:   []*analysis.Analyzer{workerconfig.Analyzer, rule.Settings},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	if cfg.TestHarness != nil || !HasMigrations(cfg) {
		return &Result{}, nil
	}
	path := pass.OtherFiles[0]
	since := ""
	if s, ok := rule.ConfigOf(pass).(Sincer); ok {
		since = s.HistorySince()
	}
	h, err := readerFor(pass.Fset, since, DefaultBases()).Read(path)
	var u *gitlog.Unavailable
	var se *gitlog.SinceError
	switch {
	case errors.As(err, &se):
		return nil, err
	case errors.As(err, &u):
		return &Result{Unavailable: u.Reason, Since: since}, nil
	case err != nil:
		return &Result{Unavailable: fmt.Sprintf("the git history of %s could not be read (%v)", filepath.Base(path), err), Since: since}, nil
	}
	return FromHistory(h, since), nil
}

// readers holds each run's Readers, by its FileSet. The key is weak and
// the entry is dropped when the FileSet is collected, as analyzers/source
// keeps its run-wide state; a FileSet that an editor's server keeps from
// run to run keeps its Readers too, which read a repository again when it
// changes (see gitlog.Reader).
var readers sync.Map // weak.Pointer[token.FileSet] → *sync.Map of since+bases → *gitlog.Reader

func readerFor(fset *token.FileSet, since string, bases []string) *gitlog.Reader {
	key := weak.Make(fset)
	v, ok := readers.Load(key)
	if !ok {
		var loaded bool
		v, loaded = readers.LoadOrStore(key, &sync.Map{})
		if !loaded {
			runtime.AddCleanup(fset, func(k weak.Pointer[token.FileSet]) { readers.Delete(k) }, key)
		}
	}
	m := v.(*sync.Map)
	opts := since + "\x00" + strings.Join(bases, "\x00")
	if r, ok := m.Load(opts); ok {
		return r.(*gitlog.Reader)
	}
	r, _ := m.LoadOrStore(opts, gitlog.NewReader(gitlog.Options{Since: since, Bases: bases, Listings: osfile.For(fset)}))
	return r.(*gitlog.Reader)
}

// HasMigrations reports whether some section of the config writes a
// migrations list of its own.
func HasMigrations(cfg *wrangler.Config) bool {
	if cfg.Top.Migrations != nil {
		return true
	}
	for _, e := range cfg.Envs {
		if e.Migrations != nil {
			return true
		}
	}
	return false
}

// FromHistory parses the versions of a history, each distinct content
// once. A version that differs from the next newer one only in scalar
// values outside its migrations (a var, a date: most commits of a config)
// shares that version's parse, since its migrations are the same bytes in
// the same structure; parsing a thousand versions would otherwise cost
// more than everything else the rules do with them.
func FromHistory(h *gitlog.History, since string) *Result {
	res := &Result{Shallow: h.Shallow, Since: since}
	parsed := map[string]*wrangler.Config{}
	var newer *wrangler.Config
	for _, v := range h.Versions {
		key := v.Path + "\x00" + string(v.Src)
		cfg := parsed[key]
		if cfg == nil && newer != nil && sameMigrations(newer, v.Path, v.Src) {
			cfg = newer
		}
		if cfg == nil {
			cfg = wrangler.Parse(nil, v.Path, v.Src)
			parsed[key] = cfg
		}
		newer = cfg
		res.Versions = append(res.Versions, &Version{Commit: v.Commit, Path: v.Path, Config: cfg})
	}
	return res
}

// sameMigrations reports whether src, at path, is cfg's source with only a
// change
// that cannot touch migrations: in the same syntax, outside the bytes that hold them, with no
// bracket or brace (which could change the structure around them) and no
// "migrations" key on either side. It errs towards false: a false only
// costs a parse.
func sameMigrations(cfg *wrangler.Config, path string, src []byte) bool {
	a, b := cfg.Src, src
	if wrangler.FormatOf(path) != cfg.Format {
		return false
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	ca, cb := a[p:len(a)-q], b[p:len(b)-q]
	for _, c := range [][]byte{ca, cb} {
		if bytes.ContainsAny(c, "[]{}") || bytes.Contains(c, []byte("migrations")) {
			return false
		}
	}
	start, end, ok := migrationBytes(cfg)
	if !ok {
		return false
	}
	return len(a)-q <= start || p >= end
}

// migrationBytes is the range of cfg.Src from the first migrations list
// to the end of the last; in TOML with [[migrations]] tables, whose keys
// follow their headers, to the end of the file.
func migrationBytes(cfg *wrangler.Config) (start, end int, ok bool) {
	if cfg.File == nil {
		return 0, 0, false
	}
	start, end = len(cfg.Src), 0
	lists := []*wrangler.Migrations{cfg.Top.Migrations}
	for _, e := range cfg.Envs {
		lists = append(lists, e.Migrations)
	}
	for _, ms := range lists {
		if ms == nil {
			continue
		}
		s, e := cfg.File.Offset(ms.Pos), cfg.File.Offset(ms.End)
		for _, st := range ms.Steps {
			o := cfg.File.Offset(st.Pos)
			s = min(s, o)
			e = max(e, cfg.File.Offset(st.End))
			if cfg.Format == wrangler.TOML && bytes.HasPrefix(cfg.Src[o:], []byte("[[")) {
				e = len(cfg.Src)
			}
		}
		start, end = min(start, s), max(end, e)
	}
	return start, end, start <= end
}
