package sandbox

import (
	_ "embed"
	"sync"

	"github.com/dop251/goja"
)

//go:embed streams.js
var streamsSrc string

var (
	streamsOnce sync.Once
	streamsProg *goja.Program
)

// installStreams defines the Web Streams globals (streams.js), which
// libraries such as the Agents SDK subclass or test for at load.
func (iso *isolate) installStreams() error {
	streamsOnce.Do(func() { streamsProg = goja.MustCompile("streams.js", streamsSrc, true) })
	_, err := iso.vm.RunProgram(streamsProg)
	return err
}
