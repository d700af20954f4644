package sandbox

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

var loaders = map[string]api.Loader{".wasm": api.LoaderBinary, ".txt": api.LoaderText, ".html": api.LoaderText, ".bin": api.LoaderBinary}

func overlayPlugin(overlay map[string][]byte) []api.Plugin {
	if len(overlay) == 0 {
		return nil
	}
	var alts []string
	files := map[string][]byte{}
	for p, data := range overlay {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		files[abs] = data
		alts = append(alts, regexp.QuoteMeta(abs))
	}
	sort.Strings(alts)
	return []api.Plugin{{
		Name: "overlay",
		Setup: func(b api.PluginBuild) {
			b.OnLoad(api.OnLoadOptions{Filter: "^(" + strings.Join(alts, "|") + ")$", Namespace: "file"},
				func(args api.OnLoadArgs) (api.OnLoadResult, error) {
					data, ok := files[args.Path]
					if !ok {
						return api.OnLoadResult{}, nil
					}
					contents := string(data)
					loader, ok := loaders[filepath.Ext(args.Path)]
					if !ok {
						loader = loaderFor(args.Path)
					}
					return api.OnLoadResult{Contents: &contents, Loader: loader, ResolveDir: filepath.Dir(args.Path)}, nil
				})
		},
	}}
}

// loaderFor picks esbuild's default loader for a source file extension.
func loaderFor(path string) api.Loader {
	switch filepath.Ext(path) {
	case ".ts", ".mts", ".cts":
		return api.LoaderTS
	case ".tsx":
		return api.LoaderTSX
	case ".jsx":
		return api.LoaderJSX
	case ".json":
		return api.LoaderJSON
	case ".css":
		return api.LoaderCSS
	}
	return api.LoaderJS
}

// BundleError is a bundling failure with esbuild's positions.
type BundleError struct {
	Messages []string // "file:line:col: text"
}

func (e *BundleError) Error() string { return "bundling failed:\n" + strings.Join(e.Messages, "\n") }

// bundle turns the Worker's entry module (TypeScript allowed) into one
// CommonJS script. goja lacks async generators and for-await, so esbuild
// lowers those; everything else goja runs natively.
//
// overlay replaces files' contents by absolute path. A plugin serves them:
// its filter matches exactly those paths, so every other file loads as
// usual and resolution still sees the real directory tree.
//
// With sourceMap, esbuild also writes a source map of the script (as a
// separate output, so the script itself is the same).
func bundle(main, dir string, overlay map[string][]byte, sourceMap bool) (js string, srcMap []byte, err error) {
	if !filepath.IsAbs(main) && dir != "" {
		main = filepath.Join(dir, main)
	}
	abs, err := filepath.Abs(main)
	if err != nil {
		return "", nil, err
	}
	sm := api.SourceMapNone
	if sourceMap {
		sm = api.SourceMapExternal
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
		Loader:        loaders,
		Plugins:       overlayPlugin(overlay),
		Sourcemap:     sm,
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
		return "", nil, be
	}
	for _, f := range res.OutputFiles {
		switch {
		case strings.HasSuffix(f.Path, ".js"):
			js = string(f.Contents)
		case strings.HasSuffix(f.Path, ".js.map"):
			srcMap = f.Contents
		}
	}
	if js == "" {
		return "", nil, fmt.Errorf("bundling %s produced no JavaScript", main)
	}
	return js, srcMap, nil
}
