// Package confighistory is the input analyzer that gives a project's
// wrangler config as each commit of its git history left it, following
// renames, for the rules that hold today's file against what was deployed
// from earlier versions of it.
//
// The history is read with the git command (see package gitlog), once per
// config per run; each distinct version is parsed once, in a FileSet of its
// own, so that positions in old versions never mix with the run's.
package confighistory

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/internal/gitlog"
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

// Settings choose which history counts.
type Settings struct {
	// Since limits the history to the file as revision Since left it and
	// the commits after it ("" for the whole history).
	Since string
	// Bases are further revisions whose history counts too, such as a
	// pull request's base branch.
	Bases []string
}

var (
	settingsMu sync.RWMutex
	settings   func(config string) Settings
)

// SetSettings installs where a run's settings come from: src returns the
// settings for the project whose wrangler config is config. It returns a
// function that restores the previous source. Without a source, the
// whole history counts, plus the pull request's base branch in a GitHub
// Actions run (see DefaultBases).
func SetSettings(src func(config string) Settings) (restore func()) {
	settingsMu.Lock()
	prev := settings
	settings = src
	settingsMu.Unlock()
	return func() {
		settingsMu.Lock()
		settings = prev
		settingsMu.Unlock()
	}
}

func settingsFor(config string) Settings {
	settingsMu.RLock()
	src := settings
	settingsMu.RUnlock()
	if src == nil {
		return Settings{Bases: DefaultBases()}
	}
	return src(config)
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
// Its result is a *Result. A history that cannot be read for a reason the
// user can fix (no repository, no git) is a Result with Unavailable set,
// not an error; any other failure of git (an unknown Since revision) is
// an error naming the config.
var Analyzer = &analysis.Analyzer{
	Name:       "confighistory",
	Doc:        "read the committed versions of the project's wrangler config from git",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	path := pass.OtherFiles[0]
	s := settingsFor(path)
	h, err := gitlog.Read(path, gitlog.Options{Since: s.Since, Bases: s.Bases})
	var u *gitlog.Unavailable
	if errors.As(err, &u) {
		return &Result{Unavailable: u.Reason, Since: s.Since}, nil
	}
	if err != nil {
		return nil, err
	}
	return FromHistory(h, s.Since), nil
}

// FromHistory parses the versions of a history, each distinct content
// once.
func FromHistory(h *gitlog.History, since string) *Result {
	res := &Result{Shallow: h.Shallow, Since: since}
	parsed := map[string]*wrangler.Config{}
	for _, v := range h.Versions {
		key := v.Path + "\x00" + string(v.Src)
		cfg := parsed[key]
		if cfg == nil {
			cfg = wrangler.Parse(nil, v.Path, v.Src)
			parsed[key] = cfg
		}
		res.Versions = append(res.Versions, &Version{Commit: v.Commit, Path: v.Path, Config: cfg})
	}
	return res
}
