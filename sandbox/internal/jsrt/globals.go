package jsrt

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	_ "embed"
	"encoding/base64"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
	set := func(name string, fn func(goja.FunctionCall) goja.Value) { obj.Set(name, fn) }
	set("log", func(c goja.FunctionCall) goja.Value {
		if env.Log != nil {
			env.Log(c.Argument(0).String(), c.Argument(1).String())
		}
		return goja.Undefined()
	})
	set("setTimer", func(c goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(c.Argument(0))
		if !ok {
			panic(vm.NewTypeError("callback is not a function"))
		}
		ms := c.Argument(1).ToFloat()
		if ms < 0 || ms != ms {
			ms = 0
		}
		return vm.ToValue(h.setTimer(fn, time.Duration(ms*float64(time.Millisecond)), c.Argument(2).ToBoolean()))
	})
	set("clearTimer", func(c goja.FunctionCall) goja.Value {
		h.clearTimer(c.Argument(0).ToInteger())
		return goja.Undefined()
	})
	set("structuredClone", func(c goja.FunctionCall) goja.Value {
		b, err := h.Cloner.Serialize(c.Argument(0), clone.Options{})
		if err != nil {
			panic(h.CloneError(err))
		}
		v, err := h.Cloner.Deserialize(b)
		if err != nil {
			panic(h.CloneError(err))
		}
		return v
	})
	set("atob", func(c goja.FunctionCall) goja.Value {
		s := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' {
				return -1
			}
			return r
		}, c.Argument(0).String())
		if len(s)%4 == 0 && strings.HasSuffix(s, "=") {
			s = strings.TrimRight(s, "=")
		}
		b, err := base64.RawStdEncoding.DecodeString(s)
		if err != nil || len(s)%4 == 1 {
			panic(h.DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError"))
		}
		rs := make([]rune, len(b))
		for i, x := range b {
			rs[i] = rune(x)
		}
		return vm.ToValue(string(rs))
	})
	set("btoa", func(c goja.FunctionCall) goja.Value {
		s := c.Argument(0).String()
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xFF {
				panic(h.DOMException("Invalid character", "InvalidCharacterError"))
			}
			b = append(b, byte(r))
		}
		return vm.ToValue(base64.StdEncoding.EncodeToString(b))
	})
	set("utf8Encode", func(c goja.FunctionCall) goja.Value {
		s := c.Argument(0)
		if str, ok := s.(goja.String); ok {
			// UTF-8 takes up to three bytes for each UTF-16 unit.
			l.Reserve(3 * float64(str.Length()))
		}
		return vm.ToValue(vm.NewArrayBuffer([]byte(s.String())))
	})
	set("matchStarted", func(goja.FunctionCall) goja.Value { return vm.ToValue(matchStarted()) })
	set("matchEnded", func(c goja.FunctionCall) goja.Value {
		l.matchEnded(c.Argument(0).ToInteger())
		return goja.Undefined()
	})
	set("reserve", func(c goja.FunctionCall) goja.Value {
		l.Reserve(c.Argument(0).ToFloat())
		return goja.Undefined()
	})
	set("utf8Decode", func(c goja.FunctionCall) goja.Value {
		b := Bytes(c.Argument(0))
		if !utf8.Valid(b) {
			return vm.ToValue(strings.ToValidUTF8(string(b), "\uFFFD"))
		}
		return vm.ToValue(string(b))
	})
	set("digest", func(c goja.FunctionCall) goja.Value {
		var hh hash.Hash
		switch c.Argument(0).String() {
		case "SHA-1":
			hh = sha1.New()
		case "SHA-256":
			hh = sha256.New()
		case "SHA-384":
			hh = sha512.New384()
		case "SHA-512":
			hh = sha512.New()
		default:
			panic(h.DOMException("Unrecognized name.", "NotSupportedError"))
		}
		hh.Write(Bytes(c.Argument(1)))
		return vm.ToValue(vm.NewArrayBuffer(hh.Sum(nil)))
	})
	set("randomUUID", func(goja.FunctionCall) goja.Value {
		var b [16]byte
		rand.Read(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		return vm.ToValue(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
	})
	set("fillRandom", func(c goja.FunctionCall) goja.Value {
		b := Bytes(c.Argument(0))
		off, n := int(c.Argument(1).ToInteger()), int(c.Argument(2).ToInteger())
		rand.Read(b[off : off+n])
		return goja.Undefined()
	})
	set("parseURL", func(c goja.FunctionCall) goja.Value {
		var base *string
		if !goja.IsUndefined(c.Argument(1)) {
			s := c.Argument(1).String()
			base = &s
		}
		u := parseURL(c.Argument(0).String(), base)
		if u == nil {
			return goja.Null()
		}
		return urlObject(vm, u)
	})
	set("setURLPart", func(c goja.FunctionCall) goja.Value {
		u := parseURL(c.Argument(0).String(), nil)
		if u == nil {
			return goja.Null()
		}
		v := c.Argument(2).String()
		switch c.Argument(1).String() {
		case "href":
			u = parseURL(v, nil)
		case "protocol":
			u.Scheme = strings.ToLower(strings.TrimSuffix(v, ":"))
		case "username":
			_, hasPw := u.User.Password()
			pw, _ := u.User.Password()
			if hasPw {
				u.User = url.UserPassword(v, pw)
			} else {
				u.User = url.User(v)
			}
		case "password":
			u.User = url.UserPassword(u.User.Username(), v)
		case "host":
			u.Host = strings.ToLower(v)
		case "hostname":
			if p := u.Port(); p != "" {
				u.Host = strings.ToLower(v) + ":" + p
			} else {
				u.Host = strings.ToLower(v)
			}
		case "port":
			if v == "" {
				u.Host = u.Hostname()
			} else {
				u.Host = u.Hostname() + ":" + v
			}
		case "pathname":
			if !strings.HasPrefix(v, "/") {
				v = "/" + v
			}
			u.Path, u.RawPath = v, ""
		case "search":
			u.RawQuery = strings.TrimPrefix(v, "?")
			u.ForceQuery = false
		case "hash":
			u.Fragment, u.RawFragment = strings.TrimPrefix(v, "#"), ""
		}
		if u == nil {
			return goja.Null()
		}
		return urlObject(vm, normalizeURL(u))
	})
	if env.CodegenAllowed != nil {
		obj.Set("codegenAllowed", env.CodegenAllowed)
	}
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
