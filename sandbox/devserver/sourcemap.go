package devserver

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-sourcemap/sourcemap"
)

// stackMapper rewrites "worker.js:line:col" frames of the sandbox's stack
// traces into positions in the project's own files, through the source map
// of the bundle the sandbox runs (Options.OnBundle).
type stackMapper struct {
	consumer *sourcemap.Consumer
	dir      string
}

// newStackMapper reads a bundle's source map; dir is the directory its
// sources are relative to, and the one mapped positions are shown
// relative to.
func newStackMapper(sourceMap []byte, dir string) (*stackMapper, error) {
	if len(sourceMap) == 0 {
		return nil, fmt.Errorf("the bundle has no source map")
	}
	c, err := sourcemap.Parse("worker.js.map", sourceMap)
	if err != nil {
		return nil, fmt.Errorf("source map: %v", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return &stackMapper{consumer: c, dir: abs}, nil
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
