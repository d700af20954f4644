package conformance

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
)

// ObserveWorkerd returns the workerd results of the scenarios, running
// through Miniflare only those whose content hash has no cached result.
// Fresh results are cached under the user cache directory when keep
// approves them (nil keeps all), so that a run disturbed by a loaded
// machine is not remembered.
func ObserveWorkerd(ctx context.Context, testdata, driver string, scenarios []*Scenario, jobs int, keep func(ScenarioResult) bool) ([]ScenarioResult, error) {
	driverSrc, err := os.ReadFile(driver)
	if err != nil {
		return nil, err
	}
	cacheRoot, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	cacheDir := filepath.Join(cacheRoot, "dolint", "conformance")
	out := make([]ScenarioResult, len(scenarios))
	paths := make([]string, len(scenarios))
	var todo []*Scenario
	var todoIdx []int
	for i, sc := range scenarios {
		h, err := sc.Hash(testdata, driverSrc)
		if err != nil {
			return nil, err
		}
		paths[i] = filepath.Join(cacheDir, h+".json")
		if data, err := os.ReadFile(paths[i]); err == nil && json.Unmarshal(data, &out[i]) == nil && out[i].Name == sc.Name {
			continue
		}
		todo = append(todo, sc)
		todoIdx = append(todoIdx, i)
	}
	if len(todo) == 0 {
		return out, nil
	}
	mfDir, err := InstallMiniflare(ctx)
	if err != nil {
		return nil, err
	}
	fresh, err := RunMiniflare(ctx, mfDir, driver, testdata, todo, jobs)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, err
	}
	for j, r := range fresh {
		i := todoIdx[j]
		out[i] = r
		if !cacheable(r) || keep != nil && !keep(r) {
			continue
		}
		data, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		tmp := paths[i] + ".tmp"
		if err := os.WriteFile(tmp, data, 0o644); err == nil {
			os.Rename(tmp, paths[i])
		}
	}
	return out, nil
}

// cacheable reports whether a run is worth keeping: a step that failed in
// the driver itself (not in the worker) says nothing about workerd.
func cacheable(r ScenarioResult) bool {
	for _, s := range r.Steps {
		var v struct {
			DriverError *string `json:"driverError"`
		}
		if json.Unmarshal(s.Result, &v) == nil && v.DriverError != nil {
			return false
		}
	}
	return true
}
