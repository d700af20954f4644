// Command pgo writes cmd/dolint/default.pgo, the CPU profile with which go
// build optimises dolint (profile-guided optimisation: hot calls inlined,
// hot interface calls devirtualised). The profile is of dolint linting the
// public-repository tier, the workload the speed targets are measured on:
// dolint is built without a profile, run -runs times over the tier as one
// process each, and the profiles of the runs are merged.
//
//	go run ./bench/pgo -dir CACHE       # or DOLINT_REPOS_DIR=CACHE
//
// Run it again after large changes to the parser, the source graph or the
// rules: go build uses a stale profile where it still matches and ignores
// the rest, so a stale one costs speed, never correctness.
//
// A profile names the binary it came from and the source files of every
// function. The binary is built with -trimpath, and the profile keeps only
// the binary's base name, so that nothing of the machine it was made on
// is committed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/bench/internal/tier"
	"github.com/google/pprof/profile"
)

func main() {
	dir := flag.String("dir", os.Getenv("DOLINT_REPOS_DIR"), "the tier's cache directory (default $DOLINT_REPOS_DIR)")
	runs := flag.Int("runs", 10, "lint runs to profile")
	out := flag.String("o", filepath.Join("cmd", "dolint", "default.pgo"), "the profile to write")
	flag.Parse()
	if err := run(*dir, *runs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "pgo:", err)
		os.Exit(1)
	}
}

func run(dir string, runs int, out string) error {
	if dir == "" {
		return errors.New("no tier directory: pass -dir or set DOLINT_REPOS_DIR (go run ./bench/repos -fetch prints it)")
	}
	if runs < 1 {
		return fmt.Errorf("-runs %d: at least one run", runs)
	}
	repos, err := tier.Repos(dir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "dolint-pgo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ctx := context.Background()
	bin := filepath.Join(tmp, "dolint")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-pgo=off", "-o", bin, "./cmd/dolint")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/dolint: %v\n%s", err, b)
	}
	args := []string{"--format", "json"}
	for _, r := range repos {
		args = append(args, r+"/...")
	}
	var profiles []*profile.Profile
	for i := range runs {
		name := filepath.Join(tmp, fmt.Sprintf("cpu%d.prof", i))
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "DOLINT_CPUPROFILE="+name)
		// Exit status 1 says there were findings.
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				return fmt.Errorf("dolint over the tier: %v", err)
			}
		}
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		p, err := profile.Parse(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		profiles = append(profiles, p)
	}
	merged, err := profile.Merge(profiles)
	if err != nil {
		return err
	}
	for _, m := range merged.Mapping {
		m.File, m.BuildID = filepath.Base(m.File), ""
	}
	if bad := MachinePaths(merged); len(bad) > 0 {
		return fmt.Errorf("the profile names paths of this machine: %s", strings.Join(bad, ", "))
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := merged.Write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("%s: %d samples from %d runs over %d repositories\n", out, len(merged.Sample), runs, len(repos))
	return nil
}

// MachinePaths returns the absolute paths p names: source files and
// binaries, which a profile of a binary built without -trimpath has.
func MachinePaths(p *profile.Profile) []string {
	seen := map[string]bool{}
	for _, f := range p.Function {
		seen[f.Filename] = true
	}
	for _, m := range p.Mapping {
		seen[m.File] = true
	}
	var bad []string
	for s := range seen {
		if filepath.IsAbs(s) || strings.HasPrefix(s, "/") || strings.Contains(s, `\`) {
			bad = append(bad, s)
		}
	}
	sort.Strings(bad)
	return bad
}
