// Package conformance checks the sandbox runtime against real workerd.
//
// A scenario is a Worker plus a list of steps. The Workers live in
// testdata/workers/<name>/ (wrangler.jsonc and src/index.js; they share
// testdata/workers/_harness/harness.js). Each scenario is a JSON file in
// testdata/scenarios/ naming its worker and its steps, and optionally a
// "compatibilityDate" and "compatibilityFlags" that replace the worker's,
// so that one worker runs on both sides of a change workerd gates by date
// (see sandbox/compat.go). Every step has an id and exactly one of these
// kinds:
//
//	{"fetch": "/do/BINDING/name/test", "body": {...}}  HTTP request; POST when body is set
//	{"connect": "/do/ROOM/name/connect?...", "conn": "a"} WebSocket upgrade, kept as conn "a"
//	{"send": "a", "text": "..."} or {"send": "a", "binary": [1, 2]}
//	{"recv": "a", "timeoutMs": 2000}                  next message or close on conn "a"
//	{"close": "a", "code": 4000, "reason": "bye"}      client-side close
//	{"sleep": 1500}                                   let time pass (alarms fire)
//	{"hibernate": "ROOM/name"}                        evict the object, keeping its sockets
//
// The worker answers every request with JSON: {"value": v} or
// {"error": {name, message, remote?}}, where v encodes values JSON cannot
// carry as single-key "$" objects ({"$undefined": true}, {"$map": [...]},
// {"$bigint": "5"}...). Step results therefore compare as plain JSON.
//
// The reference results are produced by workerd through Miniflare from npm,
// driven by driver.mjs, and committed as observed facts in testdata/golden/.
// `go test ./sandbox/conformance -update` regenerates them; it needs node.
// Without -update and with node on PATH, the test also runs Miniflare live
// and fails when workerd no longer agrees with the goldens. Results that
// agree are cached per scenario content under the user cache directory, so
// reruns skip Miniflare; a scenario that disagrees is run once more first,
// since alarm and eviction steps wait in real time.
//
// Differences that exist by design between production-like workerd and the
// sandbox are listed in knownDifferences with a reason; nothing else is
// ignored.
package conformance
