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
// only regular files of at most 32 MiB below the repository root (the
// directory holding .git, else Options.Dir) and in node_modules: an import
// of any other file fails, naming the import, and no error quotes such a
// file.
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
// and event-loop goroutine, like workerd's one thread per object. A loop
// never waits for another: requests, calls and their results pass between
// loops through unbounded queues, so any load only lengthens them. User code
// has no filesystem, environment or network access; fetch() reaches only
// loopback origins named in Options.AllowFetch. Each event-loop turn is
// bounded by Limits.CPU ("Worker exceeded CPU time limit.", in the thread's
// CPU time on Linux), the heap by Limits.Memory (sampled, and charged to the
// isolates that allocated it; "Worker exceeded memory limit.") and the call
// depth by Limits.MaxCallStack ("RangeError: Maximum call stack size
// exceeded"). A Durable Object that hits a limit is reset: in-flight calls
// fail and the next event constructs the class again.
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
//   - Functions and RpcTarget instances cannot be passed over RPC.
//   - Request and Response bodies are buffered, not streamed.
//   - Calling an RPC method before the rpc compatibility date throws a
//     TypeError, but goja words the message differently from V8.
//   - Alarms persisted in StorageDir are not rescheduled after a restart.
package sandbox
