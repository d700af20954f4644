package npmtier

import (
	"strings"
	"testing"
)

func TestReason(t *testing.T) {
	t.Setenv(Env, "")
	if r := Reason(); !strings.Contains(r, "set DOLINT_CONFORMANCE=1") {
		t.Errorf("unset: %q", r)
	}
	t.Setenv(Env, "1")
	t.Setenv("PATH", t.TempDir())
	if r := Reason(); r != "DOLINT_CONFORMANCE is set, but node is not installed" {
		t.Errorf("without node: %q", r)
	}
}
