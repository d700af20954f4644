package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/gitlog/gitlogtest"
)

const roomsWorker = `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default { fetch: () => new Response("ok") };
`

func roomsConfig(list string) string {
	return `{
  "name": "chat",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "` + list + `": ["Room"] }]
}
`
}

// TestMigrationHistoryInHookAndCI lints a config whose first migration
// was switched from new_classes to new_sqlite_classes after it was
// committed: staged, as a pre-commit hook runs dolint on the changed
// files; committed, as CI lints a full clone; in a shallow clone, which
// sees no history and says so; and on a pull request whose base branch
// holds the committed step.
func TestMigrationHistoryInHookAndCI(t *testing.T) {
	t.Setenv("GITHUB_BASE_REF", "")
	r := gitlogtest.New(t)
	r.Write(map[string]string{"wrangler.jsonc": roomsConfig("new_classes"), "src/index.ts": roomsWorker})
	first := r.Commit("chat rooms", nil)

	// Staged: the hook passes the changed file.
	r.Write(map[string]string{"wrangler.jsonc": roomsConfig("new_sqlite_classes")})
	r.Git("add", "wrangler.jsonc")
	code, out, _ := dolint(t, r.Dir, "--color", "never", "wrangler.jsonc")
	want := `wrangler.jsonc:6:27: error: migration "v1" differs from its form in commit ` + first + ` (2025-03-01, "chat rooms"): Room moved from new_classes to new_sqlite_classes (migrationhistory)`
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("staged edit: exit %d, want 1 and\n%s\nin:\n%s", code, want, out)
	}

	// Committed: every later lint of the history reports it.
	r.Commit("use SQLite", nil)
	code, out, _ = dolint(t, r.Dir, "--color", "never", "--format", "github", "./...")
	if code != 1 || !strings.Contains(out, "::error file=wrangler.jsonc,line=6") || !strings.Contains(out, "migrationhistory") {
		t.Errorf("committed edit: exit %d:\n%s", code, out)
	}
	// --history-since the commit after the first leaves the first out.
	code, out, _ = dolint(t, r.Dir, "--color", "never", "--history-since", "HEAD", "./...")
	if code != 0 || strings.Contains(out, "migrationhistory") {
		t.Errorf("--history-since HEAD: exit %d:\n%s", code, out)
	}
	code, _, errOut := dolint(t, r.Dir, "--color", "never", "--history-since", "no-such-tag", "./...")
	if code != 2 || !strings.Contains(errOut, `history since "no-such-tag"`) {
		t.Errorf("--history-since no-such-tag: exit %d:\n%s", code, errOut)
	}

	// actions/checkout's default: one commit. The edit is invisible, and
	// the note says why and what to do.
	shallow := r.ShallowClone(1)
	code, out, _ = dolint(t, shallow, "--color", "never", "./...")
	if code != 0 || strings.Contains(out, "(migrationhistory)") || !strings.Contains(out, "info: the git history of wrangler.jsonc is cut short by a shallow clone") || !strings.Contains(out, "fetch-depth: 0") {
		t.Errorf("shallow clone: exit %d:\n%s", code, out)
	}
	if n := strings.Count(out, "(nohistory)"); n != 1 {
		t.Errorf("shallow clone: %d notes, want 1:\n%s", n, out)
	}

	// A copy outside any repository gets the note too, never silence.
	plain := t.TempDir()
	writeTree(t, plain, "wrangler.jsonc", roomsConfig("new_sqlite_classes"), "src/index.ts", roomsWorker)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(plain))
	code, out, _ = dolint(t, plain, "--color", "never", "./...")
	if code != 0 || !strings.Contains(out, "wrangler.jsonc is not in a git repository") {
		t.Errorf("no repository: exit %d:\n%s", code, out)
	}
}

// TestMigrationHistoryPullRequestBase lints a pull request's branch that
// forked before the committed step it edits existed on its own history:
// the base branch (GITHUB_BASE_REF) holds the committed form.
func TestMigrationHistoryPullRequestBase(t *testing.T) {
	r := gitlogtest.New(t)
	r.Write(map[string]string{"wrangler.jsonc": roomsConfig("new_classes"), "src/index.ts": roomsWorker})
	r.Commit("chat rooms", nil)
	r.Git("checkout", "-q", "-b", "feature")
	r.Git("checkout", "-q", "main")
	r.Commit("README", map[string]string{"README.md": "chat\n"})
	r.Git("checkout", "-q", "feature")
	r.Git("update-ref", "refs/remotes/origin/main", "main")
	// The branch rewrites history: its only commit of the config already
	// has the edited step.
	r.Git("checkout", "-q", "--orphan", "rewritten")
	r.Write(map[string]string{"wrangler.jsonc": roomsConfig("new_sqlite_classes")})
	r.Commit("start over", nil)

	t.Setenv("GITHUB_BASE_REF", "")
	if code, out, _ := dolint(t, r.Dir, "--color", "never", "./..."); code != 0 {
		t.Errorf("without a base: exit %d:\n%s", code, out)
	}
	t.Setenv("GITHUB_BASE_REF", "main")
	if code, out, _ := dolint(t, r.Dir, "--color", "never", "./..."); code != 1 || !strings.Contains(out, `"chat rooms"`) {
		t.Errorf("with the base main: exit %d:\n%s", code, out)
	}
}
