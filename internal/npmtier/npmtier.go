// Package npmtier gates the test tiers that install pinned npm packages and
// run node: the TypeScript parser, workerd through Miniflare, real Worker
// projects. `go test ./...` must pass on a machine that reaches nothing but
// the Go module proxy, so these tiers run only when DOLINT_CONFORMANCE is
// set (.ci/run sets it), and then skip, saying why, only where node or npm
// is missing.
package npmtier

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Env turns the tiers on: "1" runs each tier's default size, "full" the
// whole of it where a tier has more.
const Env = "DOLINT_CONFORMANCE"

// Full reports whether the whole of each tier was asked for.
func Full() bool { return os.Getenv(Env) == "full" }

// Reason is why the tiers cannot run here, or "" when they can.
func Reason() string {
	if os.Getenv(Env) == "" {
		return fmt.Sprintf("set %s=1 to run it (it installs pinned npm packages and runs node)", Env)
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Sprintf("%s is set, but %s is not installed", Env, tool)
		}
	}
	return ""
}

// Require skips the test, naming the tier, unless the tiers can run.
func Require(t testing.TB, tier string) {
	t.Helper()
	if r := Reason(); r != "" {
		t.Skipf("%s: %s", tier, r)
	}
}
