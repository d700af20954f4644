package main

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func contents(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[rel] = string(data)
		}
		return nil
	})
	return out
}

// TestKilledFixNeverLeavesAHalfWrittenFile kills `dolint fix` at random
// moments and checks that every file is then either exactly as before or
// exactly as a complete run leaves it.
func TestKilledFixNeverLeavesAHalfWrittenFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times")
	}
	bin := filepath.Join(t.TempDir(), "dolint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	examples := filepath.Join(repoRoot(t), "examples")
	before := contents(t, examples)

	ref := copyDir(t, examples)
	start := time.Now()
	cmd := exec.Command(bin, "fix", "--unsafe", "./...")
	cmd.Dir = ref
	out, _ := cmd.CombinedOutput()
	full := time.Since(start)
	after := contents(t, ref)
	changed := 0
	for f := range before {
		if before[f] != after[f] {
			changed++
		}
	}
	if changed == 0 {
		t.Fatalf("a complete run changed nothing, so the test would prove nothing:\n%s", out)
	}

	// Kills land anywhere in the run, but most near its end, where the
	// files are written.
	runs := 25
	var killed, untouched, complete, partial int
	for i := 0; i < runs; i++ {
		dir := copyDir(t, examples)
		cmd := exec.Command(bin, "fix", "--unsafe", "./...")
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rand.Int64N(int64(full) + 1))
		if i%4 != 0 {
			delay = full/2 + time.Duration(rand.Int64N(int64(full)*7/10+1))
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil && strings.Contains(err.Error(), "killed") {
			killed++
		}
		fixed, orig := 0, 0
		for rel, data := range contents(t, dir) {
			base := filepath.Base(rel)
			if strings.HasPrefix(base, ".") && strings.Contains(base, ".dolint-") {
				continue // an unrenamed temporary file: the original beside it is intact
			}
			switch {
			case before[rel] == after[rel]:
			case data == before[rel]:
				orig++
			case data == after[rel]:
				fixed++
			default:
				t.Fatalf("run %d: %s is neither the original nor the fixed version:\n%s", i, rel, data)
			}
		}
		switch {
		case fixed == 0:
			untouched++
		case orig == 0:
			complete++
		default:
			partial++
		}
	}
	t.Logf("%d runs (a complete run takes %v): %d killed; files afterwards: all original %d, all fixed %d, some of each %d",
		runs, full, killed, untouched, complete, partial)
}
