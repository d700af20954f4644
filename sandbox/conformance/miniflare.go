package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/dolint-dev/dolint/internal/npmcache"
)

// MiniflareVersion is the Miniflare release (and so the workerd build) the
// goldens were observed with. It is the newest that runs on Node 20.
const MiniflareVersion = "4.20260426.0"

// MiniflareDir returns the directory whose node_modules holds the pinned
// Miniflare, under the user cache directory and never inside the repository.
func MiniflareDir() (string, error) {
	return npmcache.Dir("miniflare-" + MiniflareVersion)
}

// InstallMiniflare installs the pinned Miniflare with npm unless it is
// already there, and returns its directory.
func InstallMiniflare(ctx context.Context) (string, error) {
	dir, err := MiniflareDir()
	if err != nil {
		return "", err
	}
	manifest := []byte(`{"name":"dolint-miniflare","private":true}` + "\n")
	if err := npmcache.Ensure(ctx, dir, MiniflareVersion, npmcache.Packages(manifest, "--ignore-scripts=false", "miniflare@"+MiniflareVersion)); err != nil {
		return "", fmt.Errorf("installing miniflare: %v", err)
	}
	return dir, nil
}

// StepResult is the observed result of one step.
type StepResult struct {
	ID     string          `json:"id"`
	Result json.RawMessage `json:"result"`
}

// ScenarioResult holds one scenario's step results in step order.
type ScenarioResult struct {
	Name  string       `json:"name"`
	Steps []StepResult `json:"steps"`
}

// RunMiniflare runs the scenarios through driver.mjs against workerd and
// returns their results in the same order.
func RunMiniflare(ctx context.Context, miniflareDir, driver, testdata string, scenarios []*Scenario, jobs int) ([]ScenarioResult, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	args := []string{driver, "--miniflare", miniflareDir, "--workers", filepath.Join(testdata, "workers"),
		"--jobs", fmt.Sprint(jobs)}
	for _, sc := range scenarios {
		args = append(args, sc.File)
	}
	cmd := exec.CommandContext(ctx, node, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("node driver.mjs: %v\n%s", err, tail(stderr.String(), 4000))
	}
	var doc struct {
		Miniflare string           `json:"miniflare"`
		Scenarios []ScenarioResult `json:"scenarios"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("driver output: %v", err)
	}
	if doc.Miniflare != MiniflareVersion {
		return nil, fmt.Errorf("driver ran miniflare %s, want %s", doc.Miniflare, MiniflareVersion)
	}
	if len(doc.Scenarios) != len(scenarios) {
		return nil, errors.New("driver returned a different number of scenarios")
	}
	return doc.Scenarios, nil
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
