//go:build unix

package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
)

// TestSymlinkedFiles verifies fixes to a source file and to a config that
// the project reaches through symlinks. The bundler opens a file by its
// real path, so an overlay keyed by the linked path was missed: the check
// ran the unfixed code and rejected a correct fix. Either path may key the
// overlay.
func TestSymlinkedFiles(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx);
  }
  greet(who: string) { return (this.env ? this.env.GREETING : "?") + " " + who; }
}
export default { fetch() { return new Response("ok"); } };
`
	config := `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] },
  "vars": { "GREETING": "hi" },
}`
	migrated := strings.Replace(config, "] },\n", "] },\n  \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Obj\"] }],\n", 1)
	// dir/src/index.ts -> dir/shared/index.ts; dir/wrangler.jsonc -> dir/conf/wrangler.jsonc
	setup := func(t *testing.T, cfg string) (dir, linkSrc, realSrc, linkCfg, realCfg string) {
		dir = t.TempDir()
		for _, d := range []string{"src", "shared", "conf"} {
			os.MkdirAll(filepath.Join(dir, d), 0o755)
		}
		realSrc, linkSrc = filepath.Join(dir, "shared", "index.ts"), filepath.Join(dir, "src", "index.ts")
		realCfg, linkCfg = filepath.Join(dir, "conf", "wrangler.jsonc"), filepath.Join(dir, "wrangler.jsonc")
		os.WriteFile(realSrc, []byte(src), 0o644)
		os.WriteFile(realCfg, []byte(cfg), 0o644)
		if err := os.Symlink(realSrc, linkSrc); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(realCfg, linkCfg); err != nil {
			t.Fatal(err)
		}
		return
	}
	fixedSrc := []byte(strings.Replace(src, "super(ctx)", "super(ctx, env)", 1))

	for _, keyedByLink := range []bool{true, false} {
		name := map[bool]string{true: "overlay by link", false: "overlay by real path"}[keyedByLink]
		t.Run("source, "+name, func(t *testing.T) {
			dir, linkSrc, realSrc, linkCfg, _ := setup(t, strings.Replace(config, "] },\n", "] },\n  \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Obj\"] }],\n", 1))
			_ = dir
			key := map[bool]string{true: linkSrc, false: realSrc}[keyedByLink]
			vs := Run(Options{Config: linkCfg, Fixed: map[string][]byte{key: fixedSrc}},
				[]fix.Candidate{{Applied: fix.Applied{Rule: "supercall", File: key, Line: 4}, Check: rule.VerifySuperCall}})
			want(t, "super(ctx, env) through a symlink", vs[0], fix.Verified, "this.env is the runtime's env")
		})
		t.Run("config, "+name, func(t *testing.T) {
			_, _, _, linkCfg, realCfg := setup(t, config)
			key := map[bool]string{true: linkCfg, false: realCfg}[keyedByLink]
			vs := Run(Options{Config: linkCfg, Fixed: map[string][]byte{key: []byte(migrated)}},
				[]fix.Candidate{{Applied: fix.Applied{Rule: "missingmigration", File: key, Line: 3}, Check: rule.VerifyDeploy}})
			want(t, "migration added through a symlink", vs[0], fix.Verified, "Cannot create binding for class 'Obj'")
		})
	}
}
