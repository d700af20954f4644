package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
)

// TestVerdictDoesNotLeakHostFiles verifies a fix in a project whose code
// imports a file outside its repository and throws its contents: the
// verdict used to carry them. Bundling now refuses the import, and the
// verdict names it without a byte of the file.
func TestVerdictDoesNotLeakHostFiles(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "repo")
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(base, "secret.txt"), []byte("TOPSECRET"), 0o644)
	src := `import { DurableObject } from "cloudflare:workers";
import secret from "../../secret.txt";
export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx);
    throw new Error(secret);
  }
}
export default { fetch() { return new Response(secret); } };
`
	config := filepath.Join(dir, "wrangler.jsonc")
	os.WriteFile(config, []byte(sqliteConfig), 0o644)
	file := filepath.Join(dir, "src", "index.ts")
	os.WriteFile(file, []byte(src), 0o644)
	fixed := strings.Replace(src, "super(ctx)", "super(ctx, env)", 1)
	vs := Run(Options{Config: config, Fixed: map[string][]byte{file: []byte(fixed)}},
		[]fix.Candidate{{Applied: fix.Applied{Rule: "supercall", File: file, Line: 5}, Check: rule.VerifySuperCall}})
	t.Logf("%v", vs[0])
	if s := vs[0].String(); strings.Contains(s, "TOPSECRET") || !strings.Contains(s, `import "../../secret.txt" is outside the project`) {
		t.Fatalf("verdict: %s", s)
	}
	if vs[0].Status == fix.Verified {
		t.Fatalf("verified a project that does not bundle: %v", vs[0])
	}
}
