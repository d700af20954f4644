package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovimLSP runs dolint lsp under a real editor: Neovim starts it on
// a buffer, receives its findings, applies its quick fix and sees the
// finding go, all through Neovim's own LSP client.
func TestNeovimLSP(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds dolint and runs Neovim")
	}
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("Neovim is not installed (Debian: apt-get install neovim); .ci/run installs it")
	}
	bin := filepath.Join(t.TempDir(), "dolint")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := t.TempDir()
	files := map[string]string{
		".git/HEAD": "ref: refs/heads/main\n",
		"wrangler.jsonc": `{
  "name": "room",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
`,
		"src/index.ts": `import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx);
  }
}

export default {
  fetch(request: Request, env: { ROOM: DurableObjectNamespace }) {
    return env.ROOM.getByName("lobby").fetch(request);
  },
};
`,
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs(filepath.Join("testdata", "lsp", "nvim.lua"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(),
		"DOLINT_BIN="+bin,
		"DOLINT_FILE="+filepath.Join(root, "src", "index.ts"),
		"XDG_STATE_HOME="+t.TempDir(), // Neovim's LSP log goes there, not to the user's
		"XDG_CACHE_HOME="+t.TempDir(),
	)
	done := make(chan struct{})
	var out []byte
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("Neovim did not finish:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Fatalf("Neovim: %v\n%s", err, out)
	}
	// The file on disk is unchanged: the fix went into the buffer.
	if data, _ := os.ReadFile(filepath.Join(root, "src", "index.ts")); !strings.Contains(string(data), "super(ctx);") {
		t.Error("the file on disk changed")
	}
}
