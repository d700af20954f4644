package wrangler

import (
	"path/filepath"
	"strings"
)

// ConfigNames returns the config file names wrangler looks for, in its order
// of precedence. wrangler (4.86, findWranglerConfig) searches for each name
// in turn from the working directory up to the root before trying the next
// one, so a wrangler.json in a parent directory beats a wrangler.jsonc in the
// working directory. Within one directory the first existing name wins.
func ConfigNames() []string {
	return []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}
}

// IsConfigName reports whether base is one of ConfigNames.
func IsConfigName(base string) bool {
	for _, n := range ConfigNames() {
		if base == n {
			return true
		}
	}
	return false
}

// EnvVariant recognises per-environment copies of a config such as
// wrangler.production.toml or wrangler.staging.jsonc, which wrangler never
// picks up by itself (they need --config). It returns the middle part,
// "production" or "staging". Only the file's base name is looked at.
func EnvVariant(path string) (string, bool) {
	base := filepath.Base(path)
	rest, ok := strings.CutPrefix(base, "wrangler.")
	if !ok {
		return "", false
	}
	for _, ext := range []string{".toml", ".jsonc", ".json"} {
		if mid, ok := strings.CutSuffix(rest, ext); ok {
			if mid == "" || strings.HasPrefix(mid, ".") || strings.HasSuffix(mid, ".") {
				return "", false
			}
			return mid, true
		}
	}
	return "", false
}
