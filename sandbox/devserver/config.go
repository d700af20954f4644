package devserver

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/wrangler"
)

// devConfig is what dolint dev reads from the wrangler config beyond the
// sandbox's own options: static assets, the build step, and the bindings
// the sandbox does not provide.
type devConfig struct {
	assets *assetsConfig
	// build is build.command, run in buildDir before the first bundle.
	build, buildDir string
	// missing are "kind (NAME, ...)" for bindings the sandbox leaves
	// undefined in env; unrun are the configured things it never runs.
	missing, unrun []string
	main           string
}

// unsupportedKinds are the binding keys of a wrangler config whose
// bindings the sandbox does not provide, with the key that names each
// binding. Durable Objects, vars and assets are provided.
var unsupportedKinds = map[string]string{
	"kv_namespaces": "binding", "r2_buckets": "binding", "d1_databases": "binding",
	"services": "binding", "queues": "", "ai": "binding", "vectorize": "binding",
	"hyperdrive": "binding", "analytics_engine_datasets": "binding", "browser": "binding",
	"images": "binding", "workflows": "binding", "send_email": "name",
	"mtls_certificates": "binding", "dispatch_namespaces": "binding",
	"secrets_store_secrets": "binding", "version_metadata": "binding", "pipelines": "binding",
	"ratelimits": "name", "vpc_services": "binding", "worker_loaders": "binding",
}

// readDevConfig reads the keys of configPath that dolint dev serves for
// the environment env. assets and build are inherited from the top level
// as wrangler inherits them; bindings are not.
func readDevConfig(configPath, env string) (*devConfig, error) {
	src, err := os.ReadFile(configPath)
	if err != nil {
		return nil, err
	}
	tree, err := wrangler.Tree(configPath, src)
	if err != nil {
		return nil, err
	}
	sec := tree
	if env != "" {
		envs, _ := tree["env"].(map[string]any)
		sec, _ = envs[env].(map[string]any)
		if sec == nil {
			return nil, fmt.Errorf("%s: no environment %q", configPath, env)
		}
	}
	inherited := func(key string) any {
		if v, ok := sec[key]; ok {
			return v
		}
		return tree[key]
	}
	dir := filepath.Dir(configPath)
	dc := &devConfig{}
	dc.main, _ = inherited("main").(string)
	if a, ok := inherited("assets").(map[string]any); ok {
		if dc.assets, err = parseAssets(a, dir, configPath); err != nil {
			return nil, err
		}
	}
	if b, ok := inherited("build").(map[string]any); ok {
		dc.build, _ = b["command"].(string)
		dc.buildDir = dir
		if cwd, _ := b["cwd"].(string); cwd != "" {
			dc.buildDir = filepath.Join(dir, filepath.FromSlash(cwd))
		}
	}
	kinds := make([]string, 0, len(unsupportedKinds))
	for k := range unsupportedKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		v, ok := sec[kind]
		if !ok {
			continue
		}
		if names := bindingNames(v, unsupportedKinds[kind]); len(names) > 0 {
			dc.missing = append(dc.missing, fmt.Sprintf("%s (%s)", kind, strings.Join(names, ", ")))
		} else if kind != "queues" {
			dc.missing = append(dc.missing, kind)
		}
	}
	if q, ok := sec["queues"].(map[string]any); ok {
		// Only producers are bindings; consumers are handlers the
		// sandbox never calls, which deserves a word too.
		if names := bindingNames(q["producers"], "binding"); len(names) > 0 {
			dc.missing = append(dc.missing, fmt.Sprintf("queues.producers (%s)", strings.Join(names, ", ")))
		}
		if c, ok := q["consumers"].([]any); ok && len(c) > 0 {
			dc.unrun = append(dc.unrun, "queues.consumers (the queue handler is never called)")
		}
	}
	if c, ok := sec["containers"].([]any); ok && len(c) > 0 {
		dc.unrun = append(dc.unrun, "containers (ctx.container is undefined)")
	}
	if t, ok := inherited("triggers").(map[string]any); ok {
		if c, ok := t["crons"].([]any); ok && len(c) > 0 {
			dc.unrun = append(dc.unrun, "triggers.crons (the scheduled handler is never called)")
		}
	}
	return dc, nil
}

// bindingNames lists the names of a binding key's entries: an array of
// tables, or one table (ai, browser, images, version_metadata).
func bindingNames(v any, nameKey string) []string {
	var out []string
	add := func(e any) {
		if m, ok := e.(map[string]any); ok && nameKey != "" {
			if s, ok := m[nameKey].(string); ok && s != "" {
				out = append(out, s)
			}
		}
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			add(e)
		}
	case map[string]any:
		add(t)
	}
	return out
}
