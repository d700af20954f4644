package main

import (
	"os"
	"path/filepath"
	"testing"
)

// --sarif-output writes the log that --format sarif prints, while the
// findings print in the chosen format: one run serves a CI job's log and
// code scanning.
func TestSARIFOutputBesideFormat(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	root := repoRoot(t)
	_, want, _ := dolint(t, root, "--format", "sarif", "--enable", goldenRules, "testdata/sarif/...")
	_, github, _ := dolint(t, root, "--format", "github", "--enable", goldenRules, "testdata/sarif/...")

	file := filepath.Join(t.TempDir(), "out.sarif")
	code, stdout, stderr := dolint(t, root, "--format", "github", "--sarif-output", file, "--enable", goldenRules, "testdata/sarif/...")
	if code != exitFindings || stdout != github {
		t.Errorf("exit %d; stdout is not the github format alone:\n%s%s", code, stdout, stderr)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("the SARIF file differs from --format sarif's output")
	}
	validateSARIF(t, got)

	// A usage error writes no log.
	none := filepath.Join(t.TempDir(), "none.sarif")
	if code, _, _ := dolint(t, root, "--sarif-output", none, "testdata/nowhere"); code != exitError {
		t.Errorf("bad pattern: exit %d", code)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("a SARIF log was written for a run that did not happen: %v", err)
	}
}
