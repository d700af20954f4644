// Package corpus installs and lists a pinned corpus of real TypeScript and
// JavaScript (the sources and bundles that npm packages ship), and reads what
// the TypeScript compiler's parser says about each file.
//
// The corpus lives in a cache directory outside the repository:
// $DOLINT_CORPUS_DIR when set, else <user cache dir>/dolint/corpus-<hash>,
// where hash names the pinned package list, so changing the list never mixes
// two corpora. Only the files of the listed packages count, not those of
// their dependencies, whose versions npm may resolve differently over time.
package corpus

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dolint-dev/dolint/jsast"

	"github.com/dolint-dev/dolint/internal/npmcache"
)

// packagesJSON pins every package of the corpus to an exact version; the
// typescript entry is also the parser the reference results come from.
//
//go:embed packages.json
var packagesJSON []byte

// EnvDir names the environment variable that overrides the corpus directory.
const EnvDir = "DOLINT_CORPUS_DIR"

// Extensions are the file name endings that belong to the corpus.
var Extensions = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}

// Package is one pinned npm package.
type Package struct {
	Name, Version string
}

// Packages returns the pinned list, sorted by name.
func Packages() []Package {
	var m map[string]string
	if err := json.Unmarshal(packagesJSON, &m); err != nil {
		panic("corpus: embedded packages.json: " + err.Error()) // fixed at build time
	}
	pkgs := make([]Package, 0, len(m))
	for name, v := range m {
		pkgs = append(pkgs, Package{name, v})
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Name < pkgs[j].Name })
	return pkgs
}

// TypeScriptVersion is the pinned version of the reference parser.
func TypeScriptVersion() string {
	for _, p := range Packages() {
		if p.Name == "typescript" {
			return p.Version
		}
	}
	panic("corpus: packages.json pins no typescript")
}

// manifest is the package.json written into the corpus directory. Its hash
// names the default directory and is the stamp of a finished install.
func manifest() []byte {
	deps := map[string]string{}
	for _, p := range Packages() {
		deps[p.Name] = p.Version
	}
	b, _ := json.MarshalIndent(map[string]any{
		"name":         "dolint-corpus",
		"private":      true,
		"description":  "Pinned TypeScript/JavaScript corpus for parser conformance and benchmarks; generated, do not edit.",
		"dependencies": deps,
	}, "", "  ")
	return append(b, '\n')
}

func manifestHash() string {
	sum := sha256.Sum256(manifest())
	return hex.EncodeToString(sum[:])
}

// Dir returns the corpus directory, which may not exist yet.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return filepath.Abs(d)
	}
	dir, err := npmcache.Dir("corpus-" + manifestHash()[:12])
	if err != nil {
		return "", fmt.Errorf("corpus: %v (set %s)", err, EnvDir)
	}
	return dir, nil
}

// Installed reports whether dir holds a finished install of the pinned list.
func Installed(dir string) bool { return npmcache.Installed(dir, manifestHash()) }

// Ensure installs the pinned packages into dir unless they already are.
// Install scripts never run: the corpus is read, not executed.
// --legacy-peer-deps: peers are not corpus files, and resolving them only
// adds downloads and version conflicts.
func Ensure(ctx context.Context, dir string) error {
	err := npmcache.Ensure(ctx, dir, manifestHash(), npmcache.Packages(manifest(), "--ignore-scripts", "--legacy-peer-deps"))
	if err != nil {
		return fmt.Errorf("corpus: %v", err)
	}
	return nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}

// File is one corpus file.
type File struct {
	// Rel is the path below node_modules, with forward slashes, e.g.
	// "typescript/lib/lib.dom.d.ts". It is stable across machines.
	Rel  string
	Path string // absolute path
	Size int64
}

// HasCorpusExt reports whether name ends in one of Extensions.
func HasCorpusExt(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// List returns every corpus file under dir, sorted by Rel. Nested
// node_modules and symbolic links are skipped.
func List(dir string) ([]File, error) {
	if !Installed(dir) {
		return nil, fmt.Errorf("corpus: %s holds no finished install of the pinned packages", dir)
	}
	nm := filepath.Join(dir, "node_modules")
	var files []File
	for _, p := range Packages() {
		root := filepath.Join(nm, filepath.FromSlash(p.Name))
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !HasCorpusExt(d.Name()) {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(nm, path)
			if err != nil {
				return err
			}
			files = append(files, File{Rel: filepath.ToSlash(rel), Path: path, Size: info.Size()})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("corpus: listing %s@%s: %v", p.Name, p.Version, err)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Rel < files[j].Rel })
	return files, nil
}

// Subset picks a fixed slice of files for quick runs: files no larger than
// maxFileSize, taken in the order of the SHA-256 of their Rel (a stable
// shuffle that spreads the picks over all packages), until maxFiles files
// or maxBytes bytes are taken. The result is sorted by Rel.
func Subset(files []File, maxFiles int, maxBytes, maxFileSize int64) []File {
	type keyed struct {
		key string
		f   File
	}
	ks := make([]keyed, 0, len(files))
	for _, f := range files {
		if f.Size > maxFileSize {
			continue
		}
		sum := sha256.Sum256([]byte(f.Rel))
		ks = append(ks, keyed{string(sum[:]), f})
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].key < ks[j].key })
	var out []File
	var total int64
	for _, k := range ks {
		if len(out) == maxFiles || total+k.f.Size > maxBytes {
			break
		}
		out = append(out, k.f)
		total += k.f.Size
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rel < out[j].Rel })
	return out
}

// TotalSize sums the sizes of files.
func TotalSize(files []File) int64 {
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

// ErrNoNode is returned by TSParse when node is not on PATH.
var ErrNoNode = errors.New("corpus: node not found on PATH")

// Source is a corpus file with its content.
type Source struct {
	File
	Src []byte
}

// Load reads the content of files.
func Load(files []File) ([]Source, error) {
	out := make([]Source, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("corpus: %v", err)
		}
		out[i] = Source{f, b}
	}
	return out, nil
}

// ForBenchmark loads the whole installed corpus for benchmark b, and
// skips b when it is not installed: benchmarks never install it (run
// bench/corpus.sh first).
func ForBenchmark(b interface {
	Helper()
	Fatal(...any)
	Skip(...any)
}) (srcs []Source, total int64) {
	b.Helper()
	dir, err := Dir()
	if err != nil {
		b.Fatal(err)
	}
	if !Installed(dir) {
		b.Skip(fmt.Sprintf("corpus not installed in %s: run bench/corpus.sh (or set %s)", dir, EnvDir))
	}
	files, err := List(dir)
	if err != nil {
		b.Fatal(err)
	}
	if srcs, err = Load(files); err != nil {
		b.Fatal(err)
	}
	return srcs, TotalSize(files)
}

// ParsedForBenchmark is ForBenchmark with every file parsed beforehand,
// for benchmarks of what runs on trees, whose figures then leave the
// parse out.
func ParsedForBenchmark(b interface {
	Helper()
	Fatal(...any)
	Skip(...any)
}) (files []*jsast.File, total int64) {
	b.Helper()
	srcs, total := ForBenchmark(b)
	files = make([]*jsast.File, len(srcs))
	for i, s := range srcs {
		files[i] = jsast.Parse(s.Rel, s.Src)
	}
	return files, total
}

// ReportCPU reports throughput per CPU second ("cpu-MB/s") for a benchmark
// that processed bytes per op over ops iterations since the CPU time start.
// Nothing is reported where CPU time is not measured.
func ReportCPU(b interface{ ReportMetric(float64, string) }, start time.Duration, bytes int64, ops int) {
	if start == 0 {
		return
	}
	if cpu := CPUTime() - start; cpu > 0 {
		b.ReportMetric(float64(bytes)*float64(ops)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}
