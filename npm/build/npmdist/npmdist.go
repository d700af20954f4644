// Package npmdist builds dolint's npm packages.
package npmdist

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// Platform is one binary package: npm's names for the system and the
// processor, and Go's.
type Platform struct {
	OS, CPU      string // npm: process.platform and process.arch
	GOOS, GOARCH string
}

// Name is the package's name, @dolint/<os>-<cpu>.
func (p Platform) Name() string { return "@dolint/" + p.OS + "-" + p.CPU }

func (p Platform) exe() string {
	if p.GOOS == "windows" {
		return "dolint.exe"
	}
	return "dolint"
}

// Platforms are the ones released.
var Platforms = []Platform{
	{"linux", "x64", "linux", "amd64"},
	{"linux", "arm64", "linux", "arm64"},
	{"darwin", "x64", "darwin", "amd64"},
	{"darwin", "arm64", "darwin", "arm64"},
	{"win32", "x64", "windows", "amd64"},
	{"win32", "arm64", "windows", "arm64"},
}

// Select reads the -platforms flag: "all", "host", or a comma-separated
// list of npm platform names (linux-x64).
func Select(spec string) ([]Platform, error) {
	switch spec {
	case "all", "":
		return Platforms, nil
	case "host":
		for _, p := range Platforms {
			if p.GOOS == runtime.GOOS && p.GOARCH == runtime.GOARCH {
				return []Platform{p}, nil
			}
		}
		return nil, fmt.Errorf("no package for this machine (%s/%s)", runtime.GOOS, runtime.GOARCH)
	}
	var out []Platform
	for _, name := range strings.Split(spec, ",") {
		found := false
		for _, p := range Platforms {
			if p.OS+"-"+p.CPU == strings.TrimSpace(name) {
				out, found = append(out, p), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown platform %q (want one of linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64)", name)
		}
	}
	return out, nil
}

// Options say what to build.
type Options struct {
	Version   string // semantic version, without "v"
	Out       string
	Platforms []Platform
	Pack      bool
	Log       io.Writer
	// Root is the module root; empty means the current directory.
	Root string
}

// Result names what was made.
type Result struct {
	Dirs     []string // package directories, the dolint package last
	Tarballs []string // with Pack
}

var semver = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// Build cross-compiles each platform's binary into its package, writes the
// dolint package with the version stamped in every package.json, and with
// Pack runs npm pack in each.
func Build(o Options) (*Result, error) {
	if !semver.MatchString(o.Version) {
		return nil, fmt.Errorf("-version %q is not a semantic version such as 1.2.3", o.Version)
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	root := o.Root
	if root == "" {
		root = "."
	}
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	deps := map[string]string{}
	for _, p := range o.Platforms {
		deps[p.Name()] = o.Version
	}
	for _, p := range o.Platforms {
		dir := filepath.Join(out, p.OS+"-"+p.CPU)
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		fmt.Fprintf(o.Log, "building %s\n", p.Name())
		build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+o.Version,
			"-o", filepath.Join(dir, "bin", p.exe()), "./cmd/dolint")
		build.Dir = root
		build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.GOOS, "GOARCH="+p.GOARCH)
		if msg, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build for %s: %v\n%s", p.Name(), err, msg)
		}
		manifest := map[string]any{
			"name":        p.Name(),
			"version":     o.Version,
			"description": fmt.Sprintf("The %s %s binary of dolint.", p.OS, p.CPU),
			"license":     "MIT",
			"repository":  map[string]string{"type": "git", "url": "git+https://github.com/dolint-dev/dolint.git"},
			"os":          []string{p.OS},
			"cpu":         []string{p.CPU},
			"files":       []string{"bin/"},
			// Yarn PnP would otherwise leave the binary in a zip archive.
			"preferUnplugged": true,
		}
		if err := writeJSON(filepath.Join(dir, "package.json"), manifest); err != nil {
			return nil, err
		}
		res.Dirs = append(res.Dirs, dir)
	}
	main := filepath.Join(out, "dolint")
	if err := os.RemoveAll(main); err != nil {
		return nil, err
	}
	var manifest map[string]any
	src, err := os.ReadFile(filepath.Join(root, "npm", "dolint", "package.json"))
	if err == nil {
		err = json.Unmarshal(src, &manifest)
	}
	if err != nil {
		return nil, fmt.Errorf("npm/dolint/package.json: %v", err)
	}
	manifest["version"] = o.Version
	manifest["optionalDependencies"] = deps
	if err := writeJSON(filepath.Join(main, "package.json"), manifest); err != nil {
		return nil, err
	}
	for _, f := range []struct{ from, to string }{
		{filepath.Join("npm", "dolint", "bin", "dolint.js"), filepath.Join("bin", "dolint.js")},
		{"README.md", "README.md"},
	} {
		data, err := os.ReadFile(filepath.Join(root, f.from))
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(main, f.to)), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(main, f.to), data, 0o755); err != nil {
			return nil, err
		}
	}
	res.Dirs = append(res.Dirs, main)
	if !o.Pack {
		return res, nil
	}
	for _, dir := range res.Dirs {
		pack := exec.Command("npm", "pack", "--silent", "--pack-destination", out)
		pack.Dir = dir
		name, err := pack.Output()
		if err != nil {
			return nil, fmt.Errorf("npm pack in %s: %v", dir, err)
		}
		lines := strings.Fields(string(name))
		if len(lines) == 0 {
			return nil, fmt.Errorf("npm pack in %s named no tarball", dir)
		}
		res.Tarballs = append(res.Tarballs, filepath.Join(out, lines[len(lines)-1]))
	}
	return res, nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
