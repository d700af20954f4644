//go:build unix

package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A test binary started with DOLINT_TEST_RUN set runs dolint with those
// arguments instead of the tests, so that signals reach a real process.
func init() {
	args := os.Getenv("DOLINT_TEST_RUN")
	if args == "" {
		return
	}
	if d, err := time.ParseDuration(os.Getenv("DOLINT_TEST_SHUTDOWN")); err == nil {
		devShutdown = d
	}
	os.Exit(run(strings.Fields(args), os.Stdout, os.Stderr))
}

const spinWorker = `
import { DurableObject } from "cloudflare:workers";
export class Spin extends DurableObject {
  fetch() {
    // A statement that never ends runs in SQLite, where no script limit reaches.
    const c = this.ctx.storage.sql.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c WHERE x < 0");
    return new Response(String(c.one().n));
  }
}
export default {
  fetch(req, env) {
    if (new URL(req.url).pathname === "/spin") return env.SPIN.getByName("a").fetch(req);
    return new Response("ok");
  },
};`

// startDev runs dolint dev on a free port in a child process and returns
// it with its URL.
func startDev(t *testing.T) (*exec.Cmd, string, *strings.Builder) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte(spinWorker), 0o644)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(`{
  "name": "spin", "main": "src/index.js", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "SPIN", "class_name": "Spin" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Spin"] }]
}`), 0o644)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "DOLINT_TEST_RUN=dev --port 0 "+dir, "DOLINT_TEST_SHUTDOWN=1s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	log := &strings.Builder{}
	url := make(chan string, 1)
	go func() {
		for sc.Scan() {
			line := sc.Text()
			log.WriteString(line + "\n")
			if u, ok := strings.CutPrefix(line, "Ready on "); ok {
				url <- u
			}
		}
	}()
	select {
	case u := <-url:
		return cmd, u, log
	case <-time.After(20 * time.Second):
		t.Fatalf("dolint dev did not start")
	}
	return nil, "", nil
}

// waitExit waits for the process to end within limit and returns its code.
func waitExit(t *testing.T, cmd *exec.Cmd, limit time.Duration) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode(), time.Since(start)
	case <-time.After(limit):
		t.Fatalf("dolint dev still running %v after the signal", limit)
	}
	return 0, 0
}

// TestDevStopsOnSignals sends SIGTERM and SIGINT to dolint dev while an
// object runs a SQLite statement that never ends: the server used to wait
// for it forever, swallowing every later signal.
func TestDevStopsOnSignals(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		cmd, _, _ := startDev(t)
		cmd.Process.Signal(syscall.SIGINT)
		if code, d := waitExit(t, cmd, 5*time.Second); code != 0 {
			t.Fatalf("exit code %d after %v, want 0", code, d)
		}
	})
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String()+" during a statement", func(t *testing.T) {
			cmd, url, log := startDev(t)
			go http.Get(url + "/spin")
			time.Sleep(500 * time.Millisecond)
			cmd.Process.Signal(sig)
			// Within the shutdown bound (1 s here): at once if the stop
			// reaches the statement, with exit code 2 and a message
			// saying what it gave up on if it does not.
			code, d := waitExit(t, cmd, 4*time.Second)
			if code != 0 && code != exitError {
				t.Fatalf("exit code %d after %v:\n%s", code, d, log)
			}
			t.Logf("stopped %v after the signal, exit code %d", d.Round(time.Millisecond), code)
		})
	}
	t.Run("second signal", func(t *testing.T) {
		cmd, url, _ := startDev(t)
		go http.Get(url + "/spin")
		time.Sleep(500 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGINT)
		time.Sleep(100 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGINT)
		if _, d := waitExit(t, cmd, 6*time.Second); d > 700*time.Millisecond {
			t.Fatalf("a second signal took %v to stop it", d)
		}
	})
}
