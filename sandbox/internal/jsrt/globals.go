package jsrt

import (
	_ "embed"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

//go:embed prelude.js
var preludeSrc string

var (
	preludeOnce sync.Once
	preludeProg *goja.Program
)

// Env configures the globals of a Loop.
type Env struct {
	// Log receives console output and uncaught errors.
	Log func(level, msg string)
	// Now is the clock behind Date and timers' notion of the present.
	Now func() time.Time
	// CodegenAllowed, when set, reports whether eval and the Function
	// constructors may compile code now; otherwise they never do.
	CodegenAllowed func() bool
	// Compat tells, by workerd's enable-flag name, whether the changes
	// workerd gates by compatibility date or flag that these APIs follow
	// are on (set_event_target_this, http_headers_getsetcookie); a name
	// it lacks is on.
	Compat map[string]bool
}

// Host is the per-isolate state behind the Web APIs.
type Host struct {
	L      *Loop
	Cloner *clone.Cloner
	env    Env

	mu     sync.Mutex
	timers map[int64]*time.Timer
	nextID int64
}

// Install defines the Web platform globals on l's runtime.
func Install(l *Loop, env Env) (*Host, error) {
	vm := l.VM
	if env.Now != nil {
		vm.SetTimeSource(env.Now)
	}
	h := &Host{L: l, env: env, timers: map[int64]*time.Timer{}, Cloner: clone.New(vm)}
	polls := 0
	h.Cloner.Poll = func() {
		l.Poll()
		if polls++; polls%(growEvery/pollEvery) == 0 {
			l.growing()
		}
	}
	h.Cloner.MaxDepth = l.nesting
	installJSON(l, l.nesting)
	obj := vm.NewObject()
	for name, fn := range hostNatives {
		obj.Set(name, func(c goja.FunctionCall) goja.Value { return fn(h, c) })
	}
	if env.CodegenAllowed != nil {
		obj.Set("codegenAllowed", env.CodegenAllowed)
	}
	compat := vm.NewObject()
	for name, on := range env.Compat {
		compat.Set(name, on)
	}
	obj.Set("compat", compat)
	vm.Set("__host", obj)
	preludeOnce.Do(func() {
		preludeProg = goja.MustCompile("prelude.js", preludeSrc, true)
	})
	if _, err := vm.RunProgram(preludeProg); err != nil {
		return nil, err
	}
	vm.GlobalObject().Delete("__host")
	return h, nil
}

// DOMException builds a DOMException with the given name.
func (h *Host) DOMException(msg, name string) *goja.Object {
	o, err := h.L.VM.New(h.L.VM.Get("DOMException"), h.L.VM.ToValue(msg), h.L.VM.ToValue(name))
	if err != nil {
		panic(err)
	}
	return o
}

// CloneError is the exception for a failed structured clone: a
// DataCloneError, or the error V8 throws for a value nested too deeply.
func (h *Host) CloneError(err error) goja.Value {
	vm := h.L.VM
	if e, ok := err.(*clone.Error); ok && e.Name != "" {
		o, cerr := vm.New(vm.Get(e.Name), vm.ToValue(e.Message))
		if cerr == nil {
			return o
		}
	}
	if e, ok := err.(*clone.Error); ok {
		return h.DOMException(e.Message, "DataCloneError")
	}
	return vm.NewGoError(err)
}

// Bytes returns the bytes behind an ArrayBuffer or view (not a copy for
// ArrayBuffers).
func Bytes(v goja.Value) []byte {
	switch x := v.Export().(type) {
	case goja.ArrayBuffer:
		return x.Bytes()
	case []byte:
		return x
	}
	return nil
}

func (h *Host) setTimer(fn goja.Callable, d time.Duration, repeat bool) int64 {
	h.mu.Lock()
	h.nextID++
	id := h.nextID
	h.mu.Unlock()
	var fire func()
	fire = func() {
		h.L.Post(func() {
			h.mu.Lock()
			_, live := h.timers[id]
			h.mu.Unlock()
			if !live {
				return
			}
			if !repeat {
				h.clearTimer(id)
			}
			if _, err := fn(goja.Undefined()); err != nil {
				if lim := Check(err); lim != nil {
					Abort(lim)
				}
				h.Uncaught(err)
			}
			if repeat {
				h.mu.Lock()
				if _, live := h.timers[id]; live {
					h.timers[id] = time.AfterFunc(max(d, time.Millisecond), fire)
				}
				h.mu.Unlock()
			}
		}, false)
	}
	h.mu.Lock()
	h.timers[id] = time.AfterFunc(d, fire)
	h.mu.Unlock()
	return id
}

func (h *Host) clearTimer(id int64) {
	h.mu.Lock()
	if t, ok := h.timers[id]; ok {
		t.Stop()
		delete(h.timers, id)
	}
	h.mu.Unlock()
}

// StopTimers cancels every pending timer (the isolate is going away).
func (h *Host) StopTimers() {
	h.mu.Lock()
	for id, t := range h.timers {
		t.Stop()
		delete(h.timers, id)
	}
	h.mu.Unlock()
}

// Uncaught reports an exception nobody handled.
func (h *Host) Uncaught(err error) {
	if h.env.Log == nil {
		return
	}
	msg := err.Error()
	if ex, ok := err.(*goja.Exception); ok {
		msg = h.Describe(ex.Value())
	}
	h.env.Log("error", "Uncaught "+msg)
}

// Describe renders a thrown value as "Name: message".
func (h *Host) Describe(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if m := o.Get("message"); m != nil && o.Get("name") != nil {
			return o.Get("name").String() + ": " + m.String()
		}
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}

func parseURL(s string, base *string) *url.URL {
	s = strings.TrimSpace(s)
	var u *url.URL
	var err error
	if base != nil {
		b, err := url.Parse(strings.TrimSpace(*base))
		if err != nil || b.Scheme == "" {
			return nil
		}
		ref, err := url.Parse(s)
		if err != nil {
			return nil
		}
		u = b.ResolveReference(ref)
	} else {
		u, err = url.Parse(s)
		if err != nil || u.Scheme == "" {
			return nil
		}
	}
	if special[strings.ToLower(u.Scheme)] && u.Host == "" && u.Scheme != "file" {
		return nil
	}
	return normalizeURL(u)
}

var special = map[string]bool{"http": true, "https": true, "ws": true, "wss": true, "ftp": true, "file": true}
var defaultPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21"}

func normalizeURL(u *url.URL) *url.URL {
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); p != "" && defaultPorts[u.Scheme] == p {
		u.Host = u.Hostname()
	}
	if special[u.Scheme] && u.Path == "" && u.Opaque == "" {
		u.Path = "/"
	}
	return u
}

func urlObject(vm *goja.Runtime, u *url.URL) goja.Value {
	o := vm.NewObject()
	proto := u.Scheme + ":"
	search := ""
	if u.RawQuery != "" {
		search = "?" + u.RawQuery
	}
	hashPart := ""
	if u.Fragment != "" {
		hashPart = "#" + u.EscapedFragment()
	}
	path := u.EscapedPath()
	if u.Opaque != "" {
		path = u.Opaque
	}
	origin := "null"
	if special[u.Scheme] && u.Scheme != "file" {
		origin = proto + "//" + u.Host
	}
	user, pw := "", ""
	if u.User != nil {
		user = u.User.Username()
		pw, _ = u.User.Password()
	}
	href := proto
	if u.Opaque == "" && (u.Host != "" || special[u.Scheme]) {
		href += "//"
		if u.User != nil {
			href += u.User.String() + "@"
		}
		href += u.Host
	}
	href += path + search + hashPart
	o.Set("href", href)
	o.Set("protocol", proto)
	o.Set("username", user)
	o.Set("password", pw)
	o.Set("host", u.Host)
	o.Set("hostname", u.Hostname())
	o.Set("port", u.Port())
	o.Set("pathname", path)
	o.Set("search", search)
	o.Set("hash", hashPart)
	o.Set("origin", origin)
	return o
}
