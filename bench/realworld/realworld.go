package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/npmcache"
	"github.com/dolint-dev/dolint/wrangler"
)

// packagesJSON pins the npm packages whose Worker projects make up the
// corpus.
//
//go:embed packages.json
var packagesJSON []byte

// EnvDir names the environment variable that overrides the corpus directory.
const EnvDir = "DOLINT_REALWORLD_DIR"

// layout versions how packages are unpacked and instantiated; bumping it
// makes every cached corpus stale.
const layout = "3"

// Package is one pinned npm package.
type Package struct {
	Name              string `json:"name"`
	Version           string `json:"version"`
	CompatibilityDate string `json:"compatibilityDate"`
	// Raw keeps the templates as shipped, placeholders and all, which is
	// what a user linting a template repository sees.
	Raw bool `json:"raw,omitempty"`
}

// ID is name@version, the package's directory below the corpus root.
func (p Package) ID() string { return p.Name + "@" + p.Version }

// Packages returns the pinned list in file order.
func Packages() []Package {
	var f struct {
		Packages []Package `json:"packages"`
	}
	if err := json.Unmarshal(packagesJSON, &f); err != nil {
		panic("realworld: embedded packages.json: " + err.Error()) // fixed at build time
	}
	return f.Packages
}

func stamp() string {
	sum := sha256.Sum256(append([]byte(layout+"\n"), packagesJSON...))
	return hex.EncodeToString(sum[:])
}

// Dir returns the corpus directory, which may not exist yet.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return filepath.Abs(d)
	}
	dir, err := npmcache.Dir("realworld")
	if err != nil {
		return "", fmt.Errorf("realworld: %v (set %s)", err, EnvDir)
	}
	return dir, nil
}

// Installed reports whether dir holds a finished install of the pinned list.
func Installed(dir string) bool { return npmcache.Installed(dir, stamp()) }

// Ensure downloads each pinned package with `npm pack` (tarball only: no
// dependencies, no install scripts) and unpacks it below dir/<name>@<version>,
// then instantiates its templates.
func Ensure(ctx context.Context, dir string) error {
	if err := npmcache.Ensure(ctx, dir, stamp(), fill); err != nil {
		return fmt.Errorf("realworld: %v", err)
	}
	return nil
}

func fill(ctx context.Context, tmp string) error {
	tarballs := filepath.Join(tmp, ".tarballs")
	if err := os.MkdirAll(tarballs, 0o755); err != nil {
		return err
	}
	for _, p := range Packages() {
		out, err := npmcache.NPMOutput(ctx, tmp, "pack", p.ID(), "--json", "--pack-destination", tarballs, "--loglevel=error")
		if err != nil {
			return err
		}
		var packed []struct {
			Filename string `json:"filename"`
		}
		if err := json.Unmarshal(out, &packed); err != nil || len(packed) != 1 {
			return fmt.Errorf("npm pack %s: unexpected output %q", p.ID(), out)
		}
		// npm names scoped tarballs scope-name-version.tgz.
		tgz := filepath.Join(tarballs, strings.ReplaceAll(strings.TrimPrefix(packed[0].Filename, "@"), "/", "-"))
		dest := filepath.Join(tmp, filepath.FromSlash(p.ID()))
		if err := untar(tgz, dest); err != nil {
			return fmt.Errorf("%s: %v", p.ID(), err)
		}
		if p.Raw {
			continue
		}
		if err := instantiate(dest, p); err != nil {
			return fmt.Errorf("%s: %v", p.ID(), err)
		}
	}
	return os.RemoveAll(tarballs)
}

// untar unpacks an npm tarball into dest, dropping the first path element
// ("package/" in npm tarballs). Only regular files and directories are
// written; links and names that would escape dest are skipped.
func untar(tgz, dest string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.Base(tgz), err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v", filepath.Base(tgz), err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "/"))
		_, rest, ok := strings.Cut(name, "/")
		if !ok || rest == "" || !fs.ValidPath(rest) {
			continue
		}
		out := filepath.Join(dest, filepath.FromSlash(rest))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		w, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, tr)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}

// Placeholders that create-cloudflare and its kin leave in a template's
// wrangler config and fill in when they copy it. Linting the raw template
// would only report them (wrangler rejects "<TBD>" as a name), so they are
// filled in the same way.
var (
	placeholderName = regexp.MustCompile(`<WORKER_NAME>|<app-name>|((?:^|\n)\s*"?name"?\s*[:=]\s*")<TBD>(")`)
	placeholderDate = regexp.MustCompile(`<COMPATIBILITY_DATE>|("?compatibility_date"?\s*[:=]\s*")<TBD>(")`)
)

// instantiate fills the placeholders of every wrangler config below root.
// The Worker name is derived from the project's directory, as a user's
// project name would be.
func instantiate(root string, p Package) error {
	return filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !wrangler.IsConfigName(d.Name()) {
			return err
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(file))
		name := workerName(rel)
		out := placeholderName.ReplaceAllFunc(src, func(m []byte) []byte {
			if m[0] == '<' {
				return []byte(name)
			}
			sm := placeholderName.FindSubmatch(m)
			return append(append(append([]byte{}, sm[1]...), name...), sm[2]...)
		})
		out = placeholderDate.ReplaceAllFunc(out, func(m []byte) []byte {
			if string(m) == "<COMPATIBILITY_DATE>" {
				return []byte(p.CompatibilityDate)
			}
			sm := placeholderDate.FindSubmatch(m)
			return append(append(append([]byte{}, sm[1]...), p.CompatibilityDate...), sm[2]...)
		})
		if bytes.Equal(out, src) {
			return nil
		}
		return os.WriteFile(file, out, 0o644)
	})
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// workerName turns a template directory such as
// templates/hello-world-durable-object/ts into a valid Worker name.
func workerName(rel string) string {
	rel = strings.TrimPrefix(filepath.ToSlash(rel), "templates/")
	n := strings.Trim(nonName.ReplaceAllString(strings.ToLower(rel), "-"), "-")
	if n == "" {
		n = "worker"
	}
	return n
}

// Project is one directory holding a wrangler config.
type Project struct {
	ID             string // <package>@<version>/<directory in the package>
	Package        string // <package>@<version>
	Dir            string // absolute
	Config         string // the config wrangler would pick, base name
	DurableObjects bool   // the config binds or migrates Durable Objects
}

// Projects lists every Worker project of an installed corpus, sorted by ID.
func Projects(dir string) ([]Project, error) {
	if !Installed(dir) {
		return nil, fmt.Errorf("realworld: %s holds no finished install of the pinned packages", dir)
	}
	var out []Project
	for _, p := range Packages() {
		root := filepath.Join(dir, filepath.FromSlash(p.ID()))
		seen := map[string]bool{}
		err := filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			pdir := filepath.Dir(file)
			if !wrangler.IsConfigName(d.Name()) || seen[pdir] {
				return nil
			}
			seen[pdir] = true
			cfg := ""
			for _, n := range wrangler.ConfigNames() {
				if _, err := os.Stat(filepath.Join(pdir, n)); err == nil {
					cfg = n
					break
				}
			}
			rel, _ := filepath.Rel(root, pdir)
			proj := Project{ID: p.ID() + "/" + filepath.ToSlash(rel), Package: p.ID(), Dir: pdir, Config: cfg}
			proj.DurableObjects, err = usesDurableObjects(filepath.Join(pdir, cfg))
			if err != nil {
				return err
			}
			out = append(out, proj)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("realworld: %v", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) == 0 {
		return nil, errors.New("realworld: the pinned packages hold no Worker project")
	}
	return out, nil
}

func usesDurableObjects(config string) (bool, error) {
	src, err := os.ReadFile(config)
	if err != nil {
		return false, err
	}
	cfg := wrangler.Parse(nil, config, src)
	sections := []wrangler.Section{cfg.Top}
	for _, e := range cfg.Envs {
		sections = append(sections, e.Section)
	}
	for _, s := range sections {
		if s.DurableObjects != nil && len(s.DurableObjects.Bindings) > 0 ||
			s.Migrations != nil && len(s.Migrations.Steps) > 0 {
			return true, nil
		}
	}
	return false, nil
}
