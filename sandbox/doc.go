// Package sandbox is a reference runtime for Cloudflare Workers with Durable
// Objects, written in Go. It reproduces workerd's observable behaviour and
// error strings closely enough to check what a project does before it runs
// on the real thing.
//
// # Loading
//
// [Load] bundles the Worker's entry module with esbuild (TypeScript is fine;
// "cloudflare:*" and "node:*" imports are provided by the runtime) and
// evaluates it in goja. Options carry what the wrangler configuration and
// migration replay produce, as plain values: bindings, each class's
// [Backend], vars, compatibility date and flags. A bundling failure is a
// [*BundleError] whose messages read "file:line:col: text". Bundling reads
// only regular files of at most 32 MiB (128 MiB together) below the
// repository root (the directory holding .git, else Options.Dir) and in
// node_modules: an import of any other file fails, naming the import, and
// no error quotes such a file. Bundling, with a trial compile, runs in a
// child run of the current executable (the package's init function
// recognises it), so that source too deeply nested or too slow to compile
// fails the load (after at most a minute) instead of crashing or holding
// up the process.
//
// # Driving a Worker
//
//	rt, err := sandbox.Load(sandbox.Options{Main: "src/index.ts", Dir: dir, ...})
//	res, err := rt.Fetch(req)                    // the Worker's fetch handler
//	ws, res, err := rt.ConnectWebSocket(req)     // a 101 response with a WebSocket
//	ws.SendText("hi"); msg, err := ws.Receive(time.Second)
//	rt.Advance(time.Minute)                      // VirtualClock: fire due alarms
//	rt.Hibernate("BINDING", id)                  // evict; sockets survive
//	rt.Close()
//
// When a handler throws, Fetch returns a 500 response and the exception as a
// [*ScriptError]. Console output and uncaught errors go to Options.OnLog.
//
// # Driving one object
//
// Checks that exercise a class rather than the Worker's routes reach an
// object directly, as env[binding].getByName(name) would:
//
//	res, err := rt.FetchObject("ROOMS", "lobby", req)  // the object's fetch
//	ws, res, err := rt.ConnectObjectWebSocket("ROOMS", "lobby", req)
//	v, err := rt.Call("LISTS", "a", "search", "milk")   // an RPC method
//	at, ok, err := rt.Alarm("LISTS", "a")               // the scheduled alarm
//	names, err := rt.Exports()                         // the main module's exports
//
// Options.OnEvent reports every handler that settled (constructor, fetch,
// rpc, alarm, WebSocket handlers) with its error and the clock's time, and
// Options.Overlay bundles changed file contents without writing them.
//
// # Isolation and limits
//
// The Worker and every Durable Object instance run on their own goja runtime
// and event-loop goroutine, like workerd's one thread per object. User code
// has no filesystem, environment or network access; fetch() reaches only
// loopback origins named in Options.AllowFetch; code generation from
// strings (eval, Function) throws workerd's EvalError, except while the
// module graph is evaluated at startup from allow_eval_during_startup
// (2025-06-01) on. Limits (see
// [Limits]):
//
//   - CPU: each event-loop turn may use Limits.CPU ("Worker exceeded CPU
//     time limit.", in the thread's CPU time on Linux). Native work stops
//     there too: structured clone, JSON and SQL statements poll the limit
//     as they go, and a regexp2 match (the patterns Go's regexp cannot run)
//     ends with the CPU error once it has run for the limit on the wall
//     clock. A request queued behind a turn that hit the limit runs on a
//     new isolate. An isolate's first turn, which evaluates the module
//     graph, is bounded by Limits.StartupCPU instead, and
//     Runtime.StartupCPU tells how much of it the heaviest one used.
//   - Memory: the heap is sampled and charged to the isolates that
//     allocated it ("Worker exceeded memory limit."); natives that allocate
//     in proportion to an argument (repeat, padStart, fill, typed arrays,
//     TextEncoder, …) check the budget first, strings stop at V8's maximum
//     length ("RangeError: Invalid string length"), and an isolate that
//     alone grows the heap by leaps past the budget (a string doubled in
//     place) is stopped without waiting for a collection.
//   - Depth: calls by Limits.MaxCallStack, and values by Limits.MaxNesting
//     where the runtime walks them (structured clone; JSON with a reviver,
//     replacer or toJSON): "RangeError: Maximum call stack size exceeded".
//     JSON.parse and JSON.stringify alone take any depth, as in V8.
//   - Subrequests: Limits.Subrequests per event, and 16 levels of Workers
//     and objects calling each other, with workerd's errors; Fetch answers
//     a body over Limits.RequestBody with Cloudflare's 413.
//   - blockConcurrencyWhile(): a callback that has not settled after
//     Limits.BlockConcurrency resets the object with workerd's error.
//
// A Durable Object that hits a limit is reset: in-flight calls fail and the
// next event constructs the class again.
//
// # Storage
//
// Each object has one SQLite database (in memory, or a file per object under
// Options.StorageDir) holding the user's tables, the _cf_KV table and the
// alarm, as in workerd. Writes made in one event-loop turn are committed
// together at the end of the turn. The output gate holds what the object
// sends meanwhile (responses, RPC results, WebSocket frames) until those
// writes are committed; a failed commit resets the object and drops them.
// KV-backed classes get production's size limits unless Options.LocalLimits
// is set. Runtime.Close stops every instance before it closes storage.
//
// # RPC
//
// RPC arguments and results are structured clones, except that functions
// and RpcTarget instances travel as stubs, as in workerd: a stub is
// callable (a function's) and has every member (an RpcTarget's methods and
// getters, not its own properties); calls run on the isolate that passed
// the target and return promises whose members can be used before they
// settle (stub.make().method(), stub.data().a.b, stub.getter.method()).
// new RpcStub(value) makes a stub of a local function or object.
//
// Disposal follows workerd: stubs received as arguments are disposed when
// the call that received them returns, unless dup()ed; a stub passed as
// an argument stays the caller's from rpc_params_dup_stubs (2026-01-20) on
// and goes to the callee before, as one returned always goes to the
// caller; an object returned by a call gets a Symbol.dispose method that
// disposes the stubs in it; a stub disposes itself; and when the last stub
// of a target is gone, the target's own Symbol.dispose method runs. A
// disposed stub fails with "RPC stub used after being disposed.", and one
// whose target's object was reset with "The execution context which hosts
// this callback is no longer running.". Symbol.dispose and
// Symbol.asyncDispose exist, so `using` (which the bundler lowers) works.
//
// # Compatibility dates and flags
//
// Behaviour that workerd switches by compatibility date or flag follows
// Options.CompatibilityDate and CompatibilityFlags; compat.go lists each
// such switch the sandbox implements, with what happens on either side.
//
// # Web APIs
//
// The globals follow @cloudflare/workers-types: TestWorkersTypesSurface
// (DOLINT_CONFORMANCE=1) checks each member of the types that Workers and
// Durable Objects code uses, and testdata/surface-gaps.txt lists, each with
// its reason, the members still missing. The Cache API keeps its entries
// in memory for the life of the Runtime, shared by the Worker and its
// objects. Options.FetchBindings adds env bindings that Go handlers answer
// (dolint dev's assets), and [WithCF] gives a request the cf object that
// workerd's edge would. HTMLRewriter runs its handlers when transform() is
// called, so they must be synchronous, and takes no pseudo-class selectors.
//
// # Known differences from workerd
//
//   - rowsRead and rowsWritten count what workerd's SQLite build counts in
//     its bytecode engine; the sandbox adds the same counters to each
//     statement's compiled program (see internal/store/counters.go). Three
//     cases are not seen: SeekEnd positionings during an index build
//     (CREATE INDEX reads fewer rows), seeks into an automatic index in a
//     join, and rows read or written by trigger programs.
//   - SQLite is a newer release than workerd's. Where SQLite leaves an
//     order unspecified it can differ: PRAGMA table_list without ORDER BY
//     walks the schema's hash table, which workerd's release keeps in
//     creation order for small schemas and the sandbox's buckets from five
//     tables on.
//   - Stubs do not belong to the request that received them: the Worker
//     can use one in a later request, and an object can call back a
//     callback whose request has ended, where workerd fails with "Cannot
//     perform I/O on behalf of a different request. ..." and "The
//     execution context which hosts this callback is no longer running.".
//   - Request and Response bodies are buffered, not streamed: a body's
//     stream gives its bytes in one chunk, and a ReadableStream the
//     Worker makes cannot be a body (constructing one throws a TypeError).
//   - Calling an RPC method before the rpc compatibility date throws a
//     TypeError, but goja words the message differently from V8.
//   - A DOMException thrown in another isolate arrives with its name,
//     message, code and stack on its prototype chain; workerd's has them
//     as own properties (Object.keys lists them).
//   - The CPU limit applies to each turn of the event loop, not to all
//     the turns of one event; subrequests are charged to all the events an
//     isolate has in flight together, since goja keeps no async context.
//   - A string grown by + or += is caught by the heap sampler only, which
//     may let one doubling run past the limit.
package sandbox
