// Package discover finds the Worker projects that command-line patterns name.
package discover

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/dolint-dev/dolint/internal/cleanpath"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/osfile"
	"github.com/dolint-dev/dolint/wrangler"
)

// skipDir names directories that never hold a user's own Worker: installed
// packages, VCS metadata and wrangler's local state.
func skipDir(name string) bool {
	return name == "node_modules" || name == ".git" || name == ".wrangler"
}

// Projects resolves patterns: a directory (its config), a config file, or
// dir/... (every project below dir). No pattern means "./...".
func Projects(patterns []string) ([]*driver.Project, error) {
	return ProjectsOptions(patterns, Options{})
}

// Options configure a search.
type Options struct {
	// Listings, when set, keeps the listing of every directory that a
	// search below a directory (dir/...) reads, for the rest of a run to
	// ask instead of the file system.
	Listings *osfile.Listings
}

// ProjectsOptions is Projects with options.
func ProjectsOptions(patterns []string, opts Options) ([]*driver.Project, error) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	seen := map[string]bool{}
	var out []*driver.Project
	add := func(dir, config string) {
		if seen[config] {
			return
		}
		seen[config] = true
		out = append(out, &driver.Project{Dir: dir, Config: config})
	}
	walks := startWalks(patterns, opts.Listings)
	for i, pat := range patterns {
		given, before := pat, len(out)
		pat, recursive := splitPattern(pat)
		abs, err := filepath.Abs(pat)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("pattern %s: %w", pat, errNotExist(err))
		}
		if !fi.IsDir() {
			if recursive {
				return nil, fmt.Errorf("pattern %s/...: %s is not a directory", pat, pat)
			}
			if !isConfig(fi.Name()) {
				return nil, fmt.Errorf("%s is not a wrangler config (want wrangler.jsonc, wrangler.json, wrangler.toml or an environment variant such as wrangler.production.toml)", pat)
			}
			add(cleanpath.Dir(abs), abs)
			continue
		}
		if !recursive {
			cfgs, err := inDir(abs)
			if err != nil {
				return nil, err
			}
			if len(cfgs) == 0 {
				return nil, fmt.Errorf("%s: no wrangler.jsonc, wrangler.json or wrangler.toml in this directory (use %s/... to search below it)", pat, strings.TrimSuffix(pat, "/"))
			}
			for _, c := range cfgs {
				add(abs, c)
			}
			continue
		}
		w := walks[i]
		<-w.done
		found, err := w.found, w.err
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			for _, c := range f.configs {
				add(f.dir, c)
			}
		}
		// A pattern that matches nothing is a mistake (a typo, a wrong
		// directory), not a clean result; a project already matched by an
		// earlier pattern counts as matched.
		if len(out) == before && !anyBelow(out[:before], abs) {
			return nil, fmt.Errorf("%s: no wrangler config (wrangler.jsonc, wrangler.json or wrangler.toml) found at or below %s", given, pat)
		}
	}
	return out, nil
}

// splitPattern returns the directory or file that pat names, and whether
// pat is dir/....
func splitPattern(pat string) (string, bool) {
	if pat == "..." || strings.HasSuffix(pat, "/...") || strings.HasSuffix(pat, string(filepath.Separator)+"...") {
		pat = strings.TrimSuffix(strings.TrimSuffix(pat, "..."), "/")
		if pat == "" {
			pat = "."
		}
		return pat, true
	}
	return pat, false
}

// pendingWalk is the walk of the directory of one pattern.
type pendingWalk struct {
	done  chan struct{}
	found []dirConfigs
	err   error
}

// startWalks walks the directories of all the dir/... patterns at once,
// and returns their walks by pattern (nil for the others). A run over
// many repositories names each: walked one after the other, each walk
// would wait for the last directories of the one before, which hold only
// a core or two busy, and a small repository none.
func startWalks(patterns []string, ls *osfile.Listings) []*pendingWalk {
	walks := make([]*pendingWalk, len(patterns))
	sem := make(chan struct{}, 4*runtime.GOMAXPROCS(0))
	for i, pat := range patterns {
		pat, recursive := splitPattern(pat)
		if !recursive {
			continue
		}
		abs, err := filepath.Abs(pat)
		w := &pendingWalk{done: make(chan struct{}), err: err}
		walks[i] = w
		if err != nil {
			close(w.done)
			continue
		}
		go func() {
			defer close(w.done)
			w.found, w.err = walk(abs, ls, sem)
		}()
	}
	return walks
}

// dirConfigs are the configs of one directory.
type dirConfigs struct {
	dir     string
	configs []string
}

// walk returns the configs at and below root, by directory, the
// directories that hold some in the order filepath.WalkDir meets them (a symbolic link is not followed,
// the root included). A tier of monorepos holds thousands of directories:
// they are read in parallel, and the first error in that order is the
// result, as a serial walk would stop at it.
func walk(root string, ls *osfile.Listings, sem chan struct{}) ([]dirConfigs, error) {
	fi, err := os.Lstat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, nil
	}
	return walkDir(noDir, root, root, 0, sem, ls)
}

// walkDir walks the directory name of parent, whose path is path; depth
// counts the directories above it in the walk. The listing of each
// directory read goes to ls.
func walkDir(parent openDir, name, path string, depth int, sem chan struct{}, ls *osfile.Listings) ([]dirConfigs, error) {
	d, subs, files, err := readDir(parent, name, path, depth, ls)
	if err != nil {
		return nil, err
	}
	defer d.close()
	// Most directories hold no config; leaving them out keeps the lists
	// that each level copies from the levels below it short.
	var out []dirConfigs
	if cfgs := configsOf(path, files); len(cfgs) > 0 {
		out = append(out, dirConfigs{path, cfgs})
	}
	subs = slices.DeleteFunc(subs, skipDir)
	found := make([][]dirConfigs, len(subs))
	errs := make([]error, len(subs))
	// path is clean, and so is a name joined to it by a separator, unless
	// path is a root, as one Join tells: no need to clean every path.
	prefix := path + string(filepath.Separator)
	direct := len(subs) > 0 && cleanpath.Join(path, subs[0]) == prefix+subs[0]
	var wg sync.WaitGroup
	for i, sub := range subs {
		subPath := prefix + sub
		if !direct {
			subPath = cleanpath.Join(path, sub)
		}
		select {
		case sem <- struct{}{}:
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				found[i], errs[i] = walkDir(d, sub, subPath, depth+1, sem, ls)
			}()
		default:
			// Every worker is busy: read it here rather than wait.
			found[i], errs[i] = walkDir(d, sub, subPath, depth+1, sem, ls)
		}
	}
	wg.Wait()
	for i := range subs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, found[i]...)
	}
	return out, nil
}

// anyBelow reports whether a project lives at or below dir.
func anyBelow(projects []*driver.Project, dir string) bool {
	for _, p := range projects {
		if r, err := filepath.Rel(dir, p.Dir); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// inDir returns the configs of one directory: the one wrangler itself would
// pick, then environment variants (wrangler.<env>.toml and the like) in
// name order.
func inDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, e.Name())
		}
	}
	return configsOf(dir, files), nil
}

// configsOf is inDir over the names of the entries of dir that are not
// directories, in any order.
func configsOf(dir string, files []string) []string {
	var out []string
	for _, name := range wrangler.ConfigNames() {
		if slices.Contains(files, name) {
			out = append(out, cleanpath.Join(dir, name))
			break
		}
	}
	var variants []string
	for _, f := range files {
		if _, ok := wrangler.EnvVariant(f); ok {
			variants = append(variants, f)
		}
	}
	sort.Strings(variants)
	for _, v := range variants {
		out = append(out, cleanpath.Join(dir, v))
	}
	return out
}

// isConfig reports whether a file name is a wrangler config or an
// environment variant of one.
func isConfig(name string) bool {
	_, variant := wrangler.EnvVariant(name)
	return variant || wrangler.IsConfigName(name)
}

func errNotExist(err error) error {
	if os.IsNotExist(err) {
		return fmt.Errorf("no such file or directory")
	}
	return err
}
