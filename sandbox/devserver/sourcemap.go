package devserver

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-sourcemap/sourcemap"

	"github.com/dolint-dev/dolint/sandbox"
)

// stackMapper rewrites "worker.js:line:col" frames of the sandbox's stack
// traces into positions in the project's own files.
//
// The sandbox does not hand out the source map of the bundle it runs, so the
// mapper bundles the entry point again with the same esbuild options plus an
// external source map; esbuild's output is deterministic, and an external
// map only appends a comment after the last line. The devserver tests pin
// the mapped position of a known throw, so a change of bundling options in
// the sandbox shows up as a failing test rather than as wrong stacks.
type stackMapper struct {
	consumer *sourcemap.Consumer
	dir      string
}

func newStackMapper(opts sandbox.Options) (*stackMapper, error) {
	main := opts.Main
	if !filepath.IsAbs(main) && opts.Dir != "" {
		main = filepath.Join(opts.Dir, main)
	}
	abs, err := filepath.Abs(main)
	if err != nil {
		return nil, err
	}
	wd := opts.Dir
	if wd == "" {
		wd = filepath.Dir(abs)
	}
	wd, err = filepath.Abs(wd)
	if err != nil {
		return nil, err
	}
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
		Sourcemap:     api.SourceMapExternal,
	})
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("source map: %s", res.Errors[0].Text)
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".map") {
			c, err := sourcemap.Parse("worker.js.map", f.Contents)
			if err != nil {
				return nil, err
			}
			return &stackMapper{consumer: c, dir: wd}, nil
		}
	}
	return nil, fmt.Errorf("esbuild produced no source map for %s", main)
}

// frame matches a bundle position in a goja stack line, e.g.
// "worker.js:81:9(5)"; the parenthesised number is goja's bytecode offset.
var frame = regexp.MustCompile(`worker\.js:(\d+):(\d+)(?:\(\d+\))?`)

// mapStack rewrites every bundle position it can; others are left alone.
func (m *stackMapper) mapStack(stack string) string {
	if m == nil {
		return stack
	}
	return frame.ReplaceAllStringFunc(stack, func(s string) string {
		g := frame.FindStringSubmatch(s)
		line, _ := strconv.Atoi(g[1])
		col, _ := strconv.Atoi(g[2])
		src, _, sl, sc, ok := m.consumer.Source(line, col-1)
		if !ok || src == "" {
			return s
		}
		src = strings.TrimPrefix(src, "file://")
		if filepath.IsAbs(src) {
			if rel, err := filepath.Rel(m.dir, src); err == nil {
				src = rel
			}
		}
		return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(src), sl, sc+1)
	})
}
