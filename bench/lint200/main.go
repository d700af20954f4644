// Command lint200 measures a whole `dolint ./...` process over a monorepo
// of 200 small Worker projects, against the peer a user has today: wrangler
// validating each project's config, which it does only as part of
// `wrangler deploy --dry-run` (config validation plus the bundle that finds
// unexported classes). wrangler is timed on a sample of the projects and
// its total is extrapolated to all 200.
//
//	go run ./bench/lint200 [-sample 5]
//
// wrangler is installed from npm into the user cache directory on first run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/benchproject"
	"github.com/dolint-dev/dolint/internal/npmcache"
)

const wranglerVersion = "4.86.0"

func main() {
	sample := flag.Int("sample", 5, "projects to run wrangler on")
	rounds := flag.Int("rounds", 5, "dolint runs; the best is reported")
	flag.Parse()
	if err := run(*sample, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "lint200:", err)
		os.Exit(1)
	}
}

// tb lets the generator report failures outside a test.
type tb struct{ testing.TB }

func (tb) Helper()                        {}
func (tb) Fatal(args ...any)              { panic(fmt.Sprint(args...)) }
func (tb) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }

func run(sample, rounds int) error {
	root, err := os.MkdirTemp("", "lint200-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	for i := 0; i < 200; i++ {
		benchproject.WriteSmall(tb{}, filepath.Join(root, "services", fmt.Sprintf("svc%03d", i)), i)
	}
	bin := filepath.Join(root, "dolint")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/dolint").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}
	best := time.Duration(1<<63 - 1)
	for r := 0; r < rounds; r++ {
		cmd := exec.Command(bin, "./...")
		cmd.Dir = root
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if d := time.Since(start); d < best {
			best = d
		}
		if err != nil {
			return fmt.Errorf("dolint found something in correct projects: %v\n%s", err, out)
		}
	}
	fmt.Printf("dolint ./... over 200 projects (whole process, best of %d): %v\n", rounds, best.Round(time.Millisecond))

	wrangler, err := installWrangler()
	if err != nil {
		return err
	}
	var total time.Duration
	for i := 0; i < sample; i++ {
		cmd := exec.Command(wrangler, "deploy", "--dry-run", "--outdir", filepath.Join(root, "out"))
		cmd.Dir = filepath.Join(root, "services", fmt.Sprintf("svc%03d", i))
		cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CI=true")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("wrangler on svc%03d: %v\n%s", i, err, out)
		}
		total += time.Since(start)
	}
	per := total / time.Duration(sample)
	fmt.Printf("wrangler deploy --dry-run, per project (mean of %d): %v; for 200: ~%v\n", sample, per.Round(time.Millisecond), (per * 200).Round(time.Second))
	fmt.Printf("ratio dolint/wrangler for 200 projects: %.4f\n", float64(best)/float64(per*200))
	return nil
}

func installWrangler() (string, error) {
	dir, err := npmcache.Dir("wrangler-" + wranglerVersion)
	if err != nil {
		return "", err
	}
	manifest := []byte(`{"name":"dolint-lint200","private":true}` + "\n")
	if err := npmcache.Ensure(context.Background(), dir, wranglerVersion, npmcache.Packages(manifest, "wrangler@"+wranglerVersion)); err != nil {
		return "", err
	}
	return filepath.Join(dir, "node_modules", ".bin", "wrangler"), nil
}
