package sandbox

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// BundleError is a bundling failure with esbuild's positions.
type BundleError struct {
	Messages []string // "file:line:col: text"
}

func (e *BundleError) Error() string { return "bundling failed:\n" + strings.Join(e.Messages, "\n") }

// bundle turns the Worker's entry module (TypeScript allowed) into one
// CommonJS script. goja lacks async generators and for-await, so esbuild
// lowers those; everything else goja runs natively.
func bundle(main, dir string) (string, error) {
	if !filepath.IsAbs(main) && dir != "" {
		main = filepath.Join(dir, main)
	}
	abs, err := filepath.Abs(main)
	if err != nil {
		return "", err
	}
	wd := dir
	if wd == "" {
		wd = filepath.Dir(abs)
	}
	wd, _ = filepath.Abs(wd)
	res := api.Build(api.BuildOptions{
		EntryPoints:   []string{abs},
		Bundle:        true,
		Write:         false,
		Format:        api.FormatCommonJS,
		Platform:      api.PlatformNeutral,
		Target:        api.ES2022,
		Supported:     map[string]bool{"async-generator": false, "for-await": false, "top-level-await": false},
		External:      []string{"cloudflare:*", "node:*"},
		Conditions:    []string{"workerd", "worker", "browser"},
		MainFields:    []string{"browser", "module", "main"},
		AbsWorkingDir: wd,
		LogLevel:      api.LogLevelSilent,
		Outfile:       "worker.js",
		Charset:       api.CharsetUTF8,
		Loader:        map[string]api.Loader{".wasm": api.LoaderBinary, ".txt": api.LoaderText, ".html": api.LoaderText, ".bin": api.LoaderBinary},
	})
	if len(res.Errors) > 0 {
		be := &BundleError{}
		for _, m := range res.Errors {
			if m.Location != nil {
				be.Messages = append(be.Messages, fmt.Sprintf("%s:%d:%d: %s", m.Location.File, m.Location.Line, m.Location.Column+1, m.Text))
			} else {
				be.Messages = append(be.Messages, m.Text)
			}
		}
		return "", be
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			return string(f.Contents), nil
		}
	}
	return "", fmt.Errorf("bundling %s produced no JavaScript", main)
}
