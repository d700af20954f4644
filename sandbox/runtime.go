package sandbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
	"github.com/dolint-dev/dolint/sandbox/internal/jsrt"
	"github.com/dolint-dev/dolint/sandbox/internal/store"
)

// Backend is a Durable Object class's storage kind, from the migration replay.
type Backend int

const (
	// BackendKV is a class from new_classes (or with no migration): the SQL
	// and synchronous KV APIs throw.
	BackendKV Backend = iota
	// BackendSQLite is a class from new_sqlite_classes.
	BackendSQLite
)

// Binding is a durable_objects binding: env[Name] is a namespace of ClassName.
type Binding struct {
	Name      string
	ClassName string
}

// Limits bound the resources of user code.
type Limits struct {
	// CPU is the processor time a single event-loop turn may use (default
	// 30 s). It is the time of the turn's thread where the system reports
	// it (Linux), the time on the wall clock elsewhere.
	CPU time.Duration
	// StartupCPU is the processor time an isolate's first turn, the
	// evaluation of the module graph, may use (default CPU). A caller that
	// bounds each turn tightly may still have to let a large module graph
	// load: goja evaluates it many times slower than V8 does.
	StartupCPU time.Duration
	// Memory is how much live Go heap, in bytes, the Worker and its
	// objects may allocate together (default 512 MiB). The heap is sampled;
	// past the limit, the isolates that allocated the most are ended, as
	// when they exceed the CPU limit, whether they run or wait.
	Memory uint64
	// MaxCallStack is goja's call depth limit (default 4000).
	MaxCallStack int
	// MaxNesting is how deeply values may nest where the runtime walks
	// them recursively: structured clone (storage, RPC, structuredClone)
	// and JSON with a reviver, replacer or toJSON (default 2000, about
	// where V8's stack runs out). Deeper values throw "RangeError: Maximum
	// call stack size exceeded".
	MaxNesting int
	// BlockConcurrency is how long a blockConcurrencyWhile() callback may
	// take to settle before the object is reset (default 30 s, as in
	// workerd).
	BlockConcurrency time.Duration
	// RequestBody is the largest request body Fetch accepts (default
	// 100 MiB, the Free and Pro plans' limit on Cloudflare); a larger one
	// gets the platform's 413 response without reaching the Worker, and
	// is not read past the limit.
	RequestBody int64
	// Subrequests is how many subrequests (fetch() and Durable Object
	// calls) one event may make (default 1000, workerd's limit for paid
	// plans).
	Subrequests int
}

// Log is one line of console output or an uncaught error.
type Log struct {
	Level   string // log, info, warn, error, debug
	Message string
	// Object is "binding:hex" for Durable Objects, "" for the Worker.
	Object string
}

// Options describe a Worker to load.
type Options struct {
	// Main is the entry module; relative paths are resolved against Dir.
	Main string
	Dir  string

	CompatibilityDate  string // YYYY-MM-DD
	CompatibilityFlags []string

	Bindings []Binding
	// Classes gives each Durable Object class's backend; classes missing
	// from the map are KV-backed, as in local wrangler.
	Classes map[string]Backend
	Vars    map[string]any

	// StorageDir holds one SQLite file per object; "" keeps storage in memory.
	StorageDir string
	// Clock drives Date.now() and alarms. Nil means the real clock; a
	// *VirtualClock makes alarms fire only from Runtime.Advance.
	Clock  Clock
	Limits Limits
	// AllowFetch lists loopback origins (e.g. "http://127.0.0.1:8787") that
	// outbound fetch() may reach; everything else is refused.
	AllowFetch []string
	// FetchHeader, when its name is set, is added to every outbound
	// fetch: the dev server recognises by it the requests the Worker
	// sends to itself, which must not wait behind the requests that sent
	// them.
	FetchHeader [2]string
	// LocalLimits disables the production KV-backed storage limits (key
	// 2048 bytes, value 131072 bytes, 128 keys per call), matching local
	// workerd, which enforces none.
	LocalLimits bool
	// OnLog receives console output and uncaught errors. It may be called
	// from several goroutines.
	OnLog func(Log)
	// OnEvent receives every Durable Object handler that settled (see
	// Event). It may be called from several goroutines.
	OnEvent func(Event)
	// Overlay replaces the contents of source files, by absolute path,
	// while bundling: a changed version of a project runs without being
	// written to disk.
	Overlay map[string][]byte
	// OnBundle, when set, receives the bundled script and its source map
	// (version 3 JSON, sources relative to Dir) before the script runs.
	// Stack frames "worker.js:line:col" are positions in that script
	// (columns on its first line are shifted by the module wrapper).
	OnBundle func(js string, sourceMap []byte)

	// Verification stand-ins (standins.go). StubFetch, when set, answers
	// the outbound fetches the allowlist refuses instead of failing them.
	StubFetch func(Outbound) StubReply
	// StandIns are env bindings given a stand-in that accepts any use.
	StandIns []string
	// StandInNodeModules answers a require of a node: module the
	// runtime does not provide with a stand-in instead of an error, and
	// defines an empty process global where there is none.
	StandInNodeModules bool
	OnStandIn          func(call string)
	// Schema runs in each new SQLite-backed object's database.
	Schema []string
	// FetchBindings are env bindings whose fetch(request) a Go handler
	// answers, as a service binding would (a dev server's assets).
	FetchBindings map[string]http.Handler
}

// Clock is the source of the current time.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// VirtualClock is a manually advanced clock.
type VirtualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewVirtualClock starts a clock at t.
func NewVirtualClock(t time.Time) *VirtualClock { return &VirtualClock{now: t} }

// Now returns the clock's time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *VirtualClock) set(t time.Time) {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
}

// ScriptError is an exception thrown by user code (or a limit that ended it),
// as "Name: Message".
type ScriptError struct {
	Name    string
	Message string
	Stack   string
	Remote  bool
	// DataClone marks a DOMException named DataCloneError.
	DataClone bool
	// dom marks any other DOMException.
	dom bool
	// clone is the thrown error serialized, with its own properties, for
	// the isolate that catches it (enhanced_error_serialization).
	clone []byte
	// reset marks the error of an RPC call whose object was reset
	// meanwhile, which the caller does not mark remote.
	reset bool
}

func (e *ScriptError) Error() string { return e.Name + ": " + e.Message }

// Runtime is a loaded Worker.
type Runtime struct {
	opts   Options
	clock  Clock
	vclock *VirtualClock
	prog   *goja.Program
	compat compat

	namespaces map[string]*namespace // by binding name

	mu     sync.Mutex
	worker *isolate
	closed bool
	alarms *scheduler
	// caps are the functions and RpcTargets passed over RPC (stubs.go).
	caps capTable
	// memory is the heap allowance of the Worker and all its objects.
	memory *jsrt.Budget
	// cache holds the Cache API's entries (cache.go).
	cache cacheStore
	// startupCPU is the most processor time an isolate's startup has
	// used so far, in nanoseconds (see StartupCPU).
	startupCPU atomic.Int64
}

// StartupCPU is the most processor time the startup of any of the
// runtime's isolates (the Worker's, each object's) has used so far: how
// close the module graph's evaluation comes to Limits.StartupCPU.
func (rt *Runtime) StartupCPU() time.Duration { return time.Duration(rt.startupCPU.Load()) }

func (rt *Runtime) noteStartup(d time.Duration) {
	for {
		old := rt.startupCPU.Load()
		if int64(d) <= old || rt.startupCPU.CompareAndSwap(old, int64(d)) {
			return
		}
	}
}

// Load bundles and evaluates the Worker.
func Load(opts Options) (*Runtime, error) {
	if opts.Main == "" {
		return nil, errors.New("sandbox: Options.Main is empty")
	}
	if opts.Limits.CPU <= 0 {
		opts.Limits.CPU = 30 * time.Second
	}
	if opts.Limits.StartupCPU <= 0 {
		opts.Limits.StartupCPU = opts.Limits.CPU
	}
	if opts.Limits.Memory == 0 {
		opts.Limits.Memory = 512 << 20
	}
	if opts.Limits.MaxCallStack <= 0 {
		opts.Limits.MaxCallStack = 4000
	}
	if opts.Limits.MaxNesting <= 0 {
		opts.Limits.MaxNesting = clone.DefaultMaxDepth
	}
	if opts.Limits.BlockConcurrency <= 0 {
		opts.Limits.BlockConcurrency = 30 * time.Second
	}
	if opts.Limits.RequestBody <= 0 {
		opts.Limits.RequestBody = 100 << 20
	}
	if opts.Limits.Subrequests <= 0 {
		opts.Limits.Subrequests = 1000
	}
	if opts.CompatibilityDate == "" {
		opts.CompatibilityDate = "2025-09-01"
	}
	src, srcMap, err := bundle(opts.Main, opts.Dir, opts.Overlay, opts.OnBundle != nil)
	if err != nil {
		return nil, err
	}
	if opts.OnBundle != nil {
		opts.OnBundle(src, srcMap)
	}
	// Regular expression literals are compiled with the program.
	jsrt.SetMatchTimeout(opts.Limits.CPU)
	prog, err := compileBundle(src)
	if err != nil {
		return nil, fmt.Errorf("sandbox: compiling bundle: %w", err)
	}
	rt := &Runtime{opts: opts, prog: prog, clock: opts.Clock, namespaces: map[string]*namespace{}}
	if rt.clock == nil {
		rt.clock = realClock{}
	}
	rt.vclock, _ = rt.clock.(*VirtualClock)
	rt.compat = newCompat(&opts)
	for _, b := range opts.Bindings {
		ns := &namespace{rt: rt, binding: b.Name, class: b.ClassName, sqlite: opts.Classes[b.ClassName] == BackendSQLite, objects: map[string]*record{}}
		key := sha256.Sum256([]byte("durable-object-namespace\x00" + b.ClassName))
		ns.key = key[:]
		rt.namespaces[b.Name] = ns
	}
	if opts.StorageDir != "" {
		if err := os.MkdirAll(opts.StorageDir, 0o755); err != nil {
			return nil, err
		}
	}
	rt.alarms = newScheduler(rt)
	rt.memory = jsrt.NewBudget(opts.Limits.Memory)
	w, err := rt.newIsolate(nil)
	if err != nil {
		rt.memory.Close()
		return nil, err
	}
	for _, b := range opts.Bindings {
		if err := w.checkClass(b.ClassName); err != nil {
			w.loop.Kill(err)
			rt.memory.Close()
			return nil, err
		}
	}
	rt.mu.Lock()
	rt.worker = w
	rt.mu.Unlock()
	if err := rt.restoreAlarms(); err != nil {
		rt.Close()
		return nil, fmt.Errorf("sandbox: restoring the alarms in %s: %w", opts.StorageDir, err)
	}
	return rt, nil
}

// Close stops every isolate and closes storage.
func (rt *Runtime) Close() error {
	rt.mu.Lock()
	if rt.closed {
		rt.mu.Unlock()
		return nil
	}
	rt.closed = true
	w := rt.worker
	rt.mu.Unlock()
	rt.memory.Close()
	rt.alarms.stop()
	if w != nil {
		w.shutdown()
	}
	for _, ns := range rt.namespaces {
		ns.mu.Lock()
		recs := make([]*record, 0, len(ns.objects))
		for _, r := range ns.objects {
			recs = append(recs, r)
		}
		ns.mu.Unlock()
		for _, r := range recs {
			r.close()
		}
	}
	return nil
}

func (rt *Runtime) log(level, msg, object string) {
	if rt.opts.OnLog != nil {
		rt.opts.OnLog(Log{Level: level, Message: msg, Object: object})
	}
}

// workerIsolate returns the Worker's isolate, recreating it after a limit
// ended the previous one.
func (rt *Runtime) workerIsolate() (*isolate, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.closed {
		return nil, errors.New("sandbox: runtime is closed")
	}
	if rt.worker != nil && !rt.worker.dead() {
		return rt.worker, nil
	}
	w, err := rt.newIsolate(nil)
	if err != nil {
		return nil, err
	}
	rt.worker = w
	return w, nil
}

// forgetWorker drops w if it is still the Worker's isolate.
func (rt *Runtime) forgetWorker(w *isolate) {
	rt.mu.Lock()
	if rt.worker == w {
		rt.worker = nil
	}
	rt.mu.Unlock()
}

// Fetch sends req to the Worker's fetch handler. When the handler throws,
// the response is a 500 and the error is returned as a *ScriptError too.
func (rt *Runtime) Fetch(req *http.Request) (*http.Response, error) {
	if rt.bodyTooLarge(req) {
		return tooLargeResponse(req), nil
	}
	msg, err := requestFromHTTP(req)
	if err != nil {
		if errors.Is(err, errBodyTooLarge) {
			return tooLargeResponse(req), nil
		}
		return nil, err
	}
	msg.Depth = requestDepth(req)
	res, serr := rt.fetchMsg(msg)
	if serr != nil {
		return errorResponse(req, serr), serr
	}
	return res.toHTTP(req), nil
}

func (rt *Runtime) fetchMsg(msg *httpMsg) (*httpMsg, *ScriptError) {
	type result struct {
		res   *httpMsg
		err   *ScriptError
		retry bool
	}
	for attempt := 0; attempt < 3; attempt++ {
		w, err := rt.workerIsolate()
		if err != nil {
			return nil, &ScriptError{Name: "Error", Message: err.Error()}
		}
		ch := make(chan result, 1)
		ok := w.loop.Post(func() {
			if w.loop.Stopped() {
				// Queued behind a task that hit a limit: this request
				// is not charged for it and goes to a new isolate.
				ch <- result{retry: true}
				return
			}
			w.handleFetch(msg, func(res *httpMsg, err *ScriptError) { ch <- result{res: res, err: err} })
		}, true)
		if !ok {
			continue
		}
		select {
		case r := <-ch:
			if r.retry {
				continue
			}
			return r.res, r.err
		case <-w.loop.Done():
			select {
			case r := <-ch:
				if r.retry {
					continue
				}
				return r.res, r.err
			default:
			}
			return nil, limitScriptError(w.loop.Fatal())
		}
	}
	return nil, &ScriptError{Name: "Error", Message: "The Worker could not be started."}
}

func limitScriptError(err error) *ScriptError {
	if err == nil {
		return &ScriptError{Name: "Error", Message: jsrt.ErrStopped.Error()}
	}
	if err == jsrt.ErrStack {
		return &ScriptError{Name: "RangeError", Message: "Maximum call stack size exceeded"}
	}
	if se, ok := err.(*ScriptError); ok {
		return se
	}
	return &ScriptError{Name: "Error", Message: err.Error()}
}

// namespace is one Durable Object binding.
type namespace struct {
	rt      *Runtime
	binding string
	class   string
	sqlite  bool
	key     []byte

	mu      sync.Mutex
	objects map[string]*record
}

func (ns *namespace) mac(b []byte) []byte {
	m := hmac.New(sha256.New, ns.key)
	m.Write(b)
	return m.Sum(nil)
}

// idFromName derives a 32-byte ID whose second half authenticates the first
// half for this namespace, like workerd's IDs.
func (ns *namespace) idFromName(name string) string {
	m := hmac.New(sha256.New, ns.key)
	m.Write([]byte("name\x00" + name))
	head := m.Sum(nil)[:16]
	return hex.EncodeToString(append(head, ns.mac(head)[:16]...))
}

func (ns *namespace) newUniqueID() string {
	head := make([]byte, 16)
	rand.Read(head)
	head[0] &^= 0x80 // distinguish from name-derived IDs
	return hex.EncodeToString(append(head, ns.mac(head)[:16]...))
}

const (
	msgBadID     = "Invalid Durable Object ID: must be 64 hex digits"
	msgForeignID = "Durable Object ID is not valid for this namespace."
)

func (ns *namespace) checkID(s string) (string, error) {
	if len(s) != 64 {
		return "", errors.New(msgBadID)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return "", errors.New(msgBadID)
	}
	if !hmac.Equal(ns.mac(b[:16])[:16], b[16:]) {
		return "", errors.New(msgForeignID)
	}
	return strings.ToLower(s), nil
}

func (ns *namespace) record(hexID, name string) (*record, error) {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if r, ok := ns.objects[hexID]; ok {
		if r.name == "" && name != "" {
			r.name = name
			ns.keepName(r)
		}
		return r, nil
	}
	path := ""
	if ns.rt.opts.StorageDir != "" {
		dir := filepath.Join(ns.rt.opts.StorageDir, ns.class)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		path = filepath.Join(dir, hexID+".sqlite")
	}
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	ns.applySchema(db)
	r := &record{ns: ns, hex: hexID, name: name, db: db}
	r.inbox = newMailbox(r.deliverNow)
	ns.objects[hexID] = r
	ns.keepName(r)
	return r, nil
}

// Objects lists the IDs of objects of a binding that have been used.
func (rt *Runtime) Objects(binding string) []string {
	ns := rt.namespaces[binding]
	if ns == nil {
		return nil
	}
	ns.mu.Lock()
	defer ns.mu.Unlock()
	var out []string
	for id := range ns.objects {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// IDFromName returns the hex ID that idFromName(name) gives in binding.
func (rt *Runtime) IDFromName(binding, name string) (string, error) {
	ns := rt.namespaces[binding]
	if ns == nil {
		return "", fmt.Errorf("sandbox: no Durable Object binding %q", binding)
	}
	return ns.idFromName(name), nil
}

// Hibernate evicts a live object: its in-memory state is dropped and the next
// event constructs the class again. Hibernatable WebSockets stay connected.
func (rt *Runtime) Hibernate(binding, id string) error {
	ns := rt.namespaces[binding]
	if ns == nil {
		return fmt.Errorf("sandbox: no Durable Object binding %q", binding)
	}
	ns.mu.Lock()
	r := ns.objects[strings.ToLower(id)]
	ns.mu.Unlock()
	if r == nil {
		return fmt.Errorf("sandbox: object %s has not been created", id)
	}
	r.evict()
	return nil
}

// HibernateAll evicts every live object.
func (rt *Runtime) HibernateAll() {
	for _, ns := range rt.namespaces {
		ns.mu.Lock()
		recs := make([]*record, 0, len(ns.objects))
		for _, r := range ns.objects {
			recs = append(recs, r)
		}
		ns.mu.Unlock()
		for _, r := range recs {
			r.evict()
		}
	}
}
