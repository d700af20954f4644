// Command vsoxlint times dolint against oxlint on the public-repository
// tier (bench/repos), paired in one run on one machine.
//
// dolint runs as users run it, one process over the whole tier:
// `dolint --format json OWNER+NAME/... ...`. oxlint, pinned to one exact
// npm version and installed into a cache directory, runs once over the
// same source files: the JS/TS modules that dolint reaches from the
// tier's wrangler configs, listed in process before timing. The two run
// alternately, ROUNDS times (the first of each pair alternates too, so
// that neither always finds the page cache warm), and the median wall
// times and their ratio are printed. Then dolint runs alone over the
// tier's largest monorepo (by the bytes of source it analyses), and its
// peak resident set size is read from the child's rusage.
//
//	go run ./bench/vsoxlint -dir CACHE       # or DOLINT_REPOS_DIR=CACHE
//	go run ./bench/vsoxlint -rounds 9 -check # exit 1 when a target is missed
//
// CACHE is the tier's cache directory that `go run ./bench/repos -fetch`
// fills; every materialised repository in it is used.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/bench/internal/tier"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// oxlintVersion is the oxlint compared with; changing it changes the
// baseline, so say so where numbers are reported.
const oxlintVersion = "1.95.0"

// Targets.
const (
	maxRatio = 1.0       // dolint wall time over oxlint's, median of the pairs
	maxRSS   = 300 << 20 // dolint's peak RSS on the largest monorepo, bytes
)

func main() {
	dir := flag.String("dir", os.Getenv("DOLINT_REPOS_DIR"), "the tier's cache directory (default $DOLINT_REPOS_DIR)")
	rounds := flag.Int("rounds", 5, "paired rounds (at least 5)")
	dolint := flag.String("dolint", "", "dolint binary (default: build ./cmd/dolint)")
	oxDir := flag.String("oxlint-dir", os.Getenv("DOLINT_OXLINT_DIR"), "where oxlint is installed (default $DOLINT_OXLINT_DIR or <user cache dir>/dolint/oxlint-"+oxlintVersion+")")
	check := flag.Bool("check", false, "exit 1 when a target is missed")
	list := flag.Bool("list", false, "print the source files dolint analyses in the tier, with their sizes, and exit")
	flag.Parse()
	if *list {
		if err := printFiles(*dir); err != nil {
			fmt.Fprintln(os.Stderr, "vsoxlint:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*dir, *dolint, *oxDir, *rounds, *check); err != nil {
		fmt.Fprintln(os.Stderr, "vsoxlint:", err)
		os.Exit(1)
	}
}

func run(dir, dolint, oxDir string, rounds int, check bool) error {
	if dir == "" {
		return fmt.Errorf("no tier directory: pass -dir or set DOLINT_REPOS_DIR (go run ./bench/repos -fetch prints it)")
	}
	if rounds < 5 {
		return fmt.Errorf("-rounds %d: a median needs at least 5 rounds", rounds)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	repos, err := tier.Repos(dir)
	if err != nil {
		return err
	}
	ctx := context.Background()
	if dolint == "" {
		tmp, err := os.MkdirTemp("", "dolint-vsoxlint-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dolint = filepath.Join(tmp, "dolint")
		build := exec.CommandContext(ctx, "go", "build", "-o", dolint, "./cmd/dolint")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/dolint: %v\n%s", err, out)
		}
	}
	oxlint, err := installOxlint(ctx, oxDir)
	if err != nil {
		return err
	}

	// The listing runs in a child process: the kernel counts the memory a
	// process had when it forked a child into that child's peak RSS, so
	// a bench that had loaded the tier itself would report its own size
	// as dolint's.
	files, perRepo, err := listFiles(ctx, dir)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: dolint analyses no source file in the tier", dir)
	}
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			size += fi.Size()
		}
	}
	fmt.Printf("tier: %d repositories, %d source files dolint analyses (%.1f MB); %d cores\n",
		len(repos), len(files), float64(size)/1e6, runtime.NumCPU())

	dolintArgs := []string{"--format", "json"}
	for _, r := range repos {
		dolintArgs = append(dolintArgs, r+"/...")
	}
	// oxlint's default rules, whatever configuration files the
	// repositories carry (one names a plugin that is not installed, which
	// stops oxlint before it lints anything).
	oxConfig := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(oxlint))), "oxlintrc.json")
	if err := os.WriteFile(oxConfig, []byte("{}\n"), 0o644); err != nil {
		return err
	}
	oxArgs := append([]string{"-c", oxConfig, "--disable-nested-config", "--format", "json"}, files...)
	if n := argBytes(oxArgs); n > 1<<20 {
		return fmt.Errorf("oxlint's file list takes %d bytes of arguments, more than this bench passes in one process", n)
	}

	var dolintT, oxT, ratios, cpuRatios []float64
	for i := range rounds {
		order := []string{"dolint", "oxlint"}
		if i%2 == 1 {
			order = []string{"oxlint", "dolint"}
		}
		var d, o, dc, oc time.Duration
		for _, which := range order {
			if which == "dolint" {
				r, err := timed(ctx, dir, dolint, dolintArgs)
				if err != nil {
					return err
				}
				d, dc = r.wall, r.cpu
			} else {
				r, err := timed(ctx, dir, oxlint, oxArgs)
				if err != nil {
					return err
				}
				// A run that stopped early (a configuration error) would
				// look fast; only one that linted every file counts.
				if want := fmt.Sprintf(`"number_of_files": %d,`, len(files)); !strings.Contains(r.stdout, want) {
					return fmt.Errorf("oxlint did not lint the %d files: %s", len(files), firstLines(r.stdout+r.stderr, 5))
				}
				o, oc = r.wall, r.cpu
			}
		}
		dolintT = append(dolintT, d.Seconds())
		oxT = append(oxT, o.Seconds())
		ratios = append(ratios, d.Seconds()/o.Seconds())
		cpuRatios = append(cpuRatios, dc.Seconds()/oc.Seconds())
		fmt.Printf("round %d: dolint %.2fs (cpu %.2fs)  oxlint %.2fs (cpu %.2fs)  ratio %.2f\n", i+1, d.Seconds(), dc.Seconds(), o.Seconds(), oc.Seconds(), d.Seconds()/o.Seconds())
	}
	ratio := median(ratios)
	fmt.Printf("median: dolint %.2fs  oxlint %s %.2fs  ratio %.2f (median of the paired ratios; target <= %.1f)\n",
		median(dolintT), oxlintVersion, median(oxT), ratio, maxRatio)
	// On a shared machine other processes stretch wall times; CPU time
	// says how much work each linter did.
	fmt.Printf("median CPU time ratio %.2f\n", median(cpuRatios))

	largest := ""
	for _, r := range repos {
		if largest == "" || perRepo[r] > perRepo[largest] {
			largest = r
		}
	}
	var rss []float64
	for range 3 {
		r, err := timed(ctx, dir, dolint, []string{"--format", "json", largest + "/..."})
		if err != nil {
			return err
		}
		rss = append(rss, float64(r.maxRSS))
	}
	peak := slicesMax(rss)
	fmt.Printf("largest monorepo %s (%.1f MB of analysed source): dolint peak RSS %.0f MB (max of 3 runs; target <= %d MB)\n",
		largest, float64(perRepo[largest])/1e6, peak/(1<<20), maxRSS>>20)

	if check {
		var missed []string
		if ratio > maxRatio {
			missed = append(missed, fmt.Sprintf("ratio %.2f > %.1f", ratio, maxRatio))
		}
		if peak > maxRSS {
			missed = append(missed, fmt.Sprintf("peak RSS %.0f MB > %d MB", peak/(1<<20), maxRSS>>20))
		}
		if len(missed) > 0 {
			return fmt.Errorf("targets missed: %s", strings.Join(missed, "; "))
		}
	}
	return nil
}

// analysedFiles runs dolint's source analyzer over the tier and returns
// the JS/TS files it reaches, relative to dir and sorted, and the bytes of
// them each repository holds.
func analysedFiles(dir string, repos []string) ([]string, map[string]int64, error) {
	var patterns []string
	for _, r := range repos {
		patterns = append(patterns, filepath.Join(dir, r)+"/...")
	}
	projects, err := discover.Projects(patterns)
	if err != nil {
		return nil, nil, err
	}
	var (
		mu   sync.Mutex
		seen = map[string]int64{}
	)
	probe := &analysis.Analyzer{
		Name:     "vsoxlintfiles",
		Doc:      "list the source files dolint analyses",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[source.Analyzer].(*source.Result)
			mu.Lock()
			defer mu.Unlock()
			for _, f := range res.Files {
				if f.AST != nil {
					seen[f.Path] = int64(len(f.AST.Src))
				}
			}
			return nil, nil
		},
	}
	if _, err := driver.Run(projects, rule.NewSet(&rule.Rule{Analyzer: probe}), nil); err != nil {
		// A project dolint fails on still leaves the others' files.
		fmt.Fprintln(os.Stderr, "vsoxlint: listing files:", err)
	}
	perRepo := map[string]int64{}
	var files []string
	for p, n := range seen {
		rel, err := filepath.Rel(dir, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue // a module outside the tier (a symbolic link out of it)
		}
		rel = filepath.ToSlash(rel)
		files = append(files, rel)
		perRepo[strings.SplitN(rel, "/", 2)[0]] += n
	}
	sort.Strings(files)
	return files, perRepo, nil
}

// printFiles writes analysedFiles' answer for the tier in dir as lines of
// "bytes<TAB>path".
func printFiles(dir string) error {
	repos, err := tier.Repos(dir)
	if err != nil {
		return err
	}
	files, _, err := analysedFiles(dir, repos)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%d\t%s\n", fi.Size(), f)
	}
	return w.Flush()
}

// listFiles runs this program with -list and reads its answer.
func listFiles(ctx context.Context, dir string) ([]string, map[string]int64, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.CommandContext(ctx, self, "-list", "-dir", dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("listing the analysed files: %v", err)
	}
	var files []string
	perRepo := map[string]int64{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		size, path, ok := strings.Cut(line, "\t")
		n, err := strconv.ParseInt(size, 10, 64)
		if !ok || err != nil {
			return nil, nil, fmt.Errorf("listing the analysed files: bad line %q", line)
		}
		files = append(files, path)
		perRepo[strings.SplitN(path, "/", 2)[0]] += n
	}
	return files, perRepo, nil
}

// installOxlint installs the pinned oxlint with npm into dir (or the user
// cache directory) unless it is there, and returns its executable.
func installOxlint(ctx context.Context, dir string) (string, error) {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory for oxlint (set DOLINT_OXLINT_DIR): %v", err)
		}
		dir = filepath.Join(base, "dolint", "oxlint-"+oxlintVersion)
	}
	bin := filepath.Join(dir, "node_modules", ".bin", "oxlint")
	if out, err := exec.CommandContext(ctx, bin, "--version").Output(); err == nil && strings.Contains(string(out), oxlintVersion) {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// A package.json of its own keeps npm from looking for one above.
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private": true}`+"\n"), 0o644); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact", "oxlint@"+oxlintVersion)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install oxlint@%s: %v\n%s", oxlintVersion, err, out)
	}
	out, err := exec.CommandContext(ctx, bin, "--version").Output()
	if err != nil || !strings.Contains(string(out), oxlintVersion) {
		return "", fmt.Errorf("%s --version: %q, %v", bin, out, err)
	}
	return bin, nil
}

type measurement struct {
	wall           time.Duration
	cpu            time.Duration // user + system
	maxRSS         int64         // bytes
	stdout, stderr string
}

// timed runs a command in dir, keeping its output (both linters exit 1
// when they find something), and measures it.
func timed(ctx context.Context, dir, bin string, args []string) (measurement, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return measurement{}, fmt.Errorf("%s: %v", filepath.Base(bin), err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 && code != 1 {
		return measurement{}, fmt.Errorf("%s exited %d: %s", filepath.Base(bin), code, firstLines(stderr.String(), 5))
	}
	m := measurement{wall: wall, stdout: stdout.String(), stderr: stderr.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return m, nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func slicesMax(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func argBytes(args []string) int {
	n := 0
	for _, a := range args {
		n += len(a) + 1
	}
	return n
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
