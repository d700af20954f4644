package npmcache

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func writeFile(name string) func(context.Context, string) error {
	return func(_ context.Context, dir string) error {
		return os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
}

func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestEnsureInstallsOnceAndReplacesStale(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	ctx := context.Background()
	calls := 0
	fill := func(ctx context.Context, tmp string) error {
		calls++
		return writeFile("a")(ctx, tmp)
	}
	for range 2 {
		if err := Ensure(ctx, dir, "v1", fill); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 || !Installed(dir, "v1") {
		t.Fatalf("fill ran %d times, installed %v", calls, Installed(dir, "v1"))
	}
	if err := Ensure(ctx, dir, "v2", writeFile("b")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("the v1 install's file is still there after installing v2: %v", err)
	}
	if !Installed(dir, "v2") || Installed(dir, "v1") {
		t.Errorf("after installing v2: v2 %v, v1 %v", Installed(dir, "v2"), Installed(dir, "v1"))
	}
	// Only the install and its lock file remain beside it.
	if got := siblings(t, dir); len(got) != 2 {
		t.Errorf("left beside the install: %v", got)
	}
}

func TestEnsureFailureLeavesNothingFinished(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	boom := errors.New("network down")
	err := Ensure(context.Background(), dir, "v1", func(ctx context.Context, tmp string) error {
		writeFile("half")(ctx, tmp)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a failed install left %s: %v", dir, err)
	}
	if got := siblings(t, dir); len(got) != 1 { // the lock file
		t.Errorf("left beside the install: %v", got)
	}
}

func TestEnsureConcurrentCallersInstallOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	var calls atomic.Int32
	fill := func(ctx context.Context, tmp string) error {
		calls.Add(1)
		time.Sleep(50 * time.Millisecond)
		return writeFile("a")(ctx, tmp)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = Ensure(context.Background(), dir, "v1", fill)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("fill ran %d times for 8 concurrent callers", n)
	}
}

// TestEnsureAfterKilledInstall kills a process in the middle of an install
// (holding the lock, its temporary directory half filled) and checks that
// the next install neither waits for it nor keeps anything it left.
func TestEnsureAfterKilledInstall(t *testing.T) {
	if os.Getenv("NPMCACHE_HELPER_DIR") != "" {
		Ensure(context.Background(), os.Getenv("NPMCACHE_HELPER_DIR"), "v1", func(ctx context.Context, tmp string) error {
			writeFile("half")(ctx, tmp)
			os.WriteFile(os.Getenv("NPMCACHE_HELPER_DIR")+".started", nil, 0o644)
			time.Sleep(time.Minute)
			return nil
		})
		return
	}
	dir := filepath.Join(t.TempDir(), "pkg")
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnsureAfterKilledInstall$")
	cmd.Env = append(os.Environ(), "NPMCACHE_HELPER_DIR="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(dir + ".started"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the helper process never started its install")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// While the helper holds the lock, an install waits for it.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	err := Ensure(ctx, dir, "v1", writeFile("a"))
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("while another process installs: %v, want a wait until the deadline", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if err := Ensure(context.Background(), dir, "v1", writeFile("a")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "half")); !os.IsNotExist(err) {
		t.Errorf("the killed install's file made it into the install: %v", err)
	}
	os.Remove(dir + ".started")
	if got := siblings(t, dir); len(got) != 2 {
		t.Errorf("left beside the install: %v", got)
	}
}

func TestEnsureKeepsAForeignDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mine")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Ensure(context.Background(), dir, "v1", writeFile("a"))
	if err == nil || !strings.Contains(err.Error(), "holds no install") {
		t.Errorf("installing over a directory dolint did not make: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("the directory's own file is gone: %v", err)
	}
}
