package sandbox

import (
	_ "embed"
	"slices"
	"sync"

	"github.com/dop251/goja"
)

//go:embed nodecompat.js
var nodeCompatSrc string

var (
	nodeCompatOnce sync.Once
	nodeCompatProg *goja.Program
)

// asyncFrames carries AsyncLocalStorage's current frame across awaits:
// goja hands the frame current when a promise reaction is registered back
// when the reaction runs, so a store set by run() is still there after an
// await inside it, as in Node and workerd.
type asyncFrames struct {
	cur   goja.Value
	saved []goja.Value
}

func (f *asyncFrames) Grab() any { return f.cur }

func (f *asyncFrames) Resumed(v any) {
	f.saved = append(f.saved, f.cur)
	f.cur, _ = v.(goja.Value)
}

func (f *asyncFrames) Exited() {
	if n := len(f.saved); n > 0 {
		f.cur, f.saved = f.saved[n-1], f.saved[:n-1]
	}
}

// nodeModules says which Node.js built-in modules a Worker may import:
// all that nodecompat.js provides under nodejs_compat, only async_hooks
// under nodejs_als, none otherwise (workerd's "No such module").
func (o *Options) nodeModules() (all, als bool) {
	all = slices.Contains(o.CompatibilityFlags, "nodejs_compat") || slices.Contains(o.CompatibilityFlags, "nodejs_compat_v2")
	return all, all || slices.Contains(o.CompatibilityFlags, "nodejs_als")
}

// installNodeCompat wraps __require so that it also answers the Node.js
// built-in modules (nodecompat.js) and cloudflare:email.
func (iso *isolate) installNodeCompat() error {
	vm := iso.vm
	all, als := iso.rt.opts.nodeModules()
	frames := &asyncFrames{}
	if als {
		vm.SetAsyncContextTracker(frames)
	}
	host := vm.NewObject()
	host.Set("frame", func() goja.Value {
		if frames.cur == nil {
			return goja.Undefined()
		}
		return frames.cur
	})
	host.Set("setFrame", func(v goja.Value) {
		if goja.IsUndefined(v) || goja.IsNull(v) {
			v = nil
		}
		frames.cur = v
	})
	host.Set("allowed", func(name string) bool { return all || als && name == "async_hooks" })
	host.Set("compat", func() bool { return all })
	vm.Set("__nodecompat", host)
	defer vm.GlobalObject().Delete("__nodecompat")
	nodeCompatOnce.Do(func() { nodeCompatProg = goja.MustCompile("nodecompat.js", nodeCompatSrc, true) })
	_, err := vm.RunProgram(nodeCompatProg)
	return err
}
