// Package timers reports timers in Durable Object classes that outlive the
// event that set them.
package timers

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "timers",
	Title: "timer in a durable object outlives the current event",
	What: `Reports, inside Durable Object classes, setInterval and setTimeout calls
whose timer can outlive the event that set it. These are not reported:

- a sleep that is waited for: await new Promise(r => setTimeout(r, ms)),
  also through Promise.all/any/allSettled/race, a .then chain, a wrapper
  whose result is awaited (await withDeadline(sleep(5), ms)), waitUntil, a
  promise variable that is awaited later, or a sleep helper (a method or
  function returning such a promise) whose calls are waited for; a call of
  such a helper that is not waited for is reported instead;
- a timer whose handle the same function clears on every path: in a
  finally block, in an abort or close callback it registers
  (signal.addEventListener("abort", () => clearTimeout(t)), ws.onclose, a
  promise's finally()), or in a later statement that every path reaches
  (a throw before that statement is not counted); a timer that a local
  closure re-arms counts when the function owning the handle clears it
  in a finally block around every call of the closure;
- setTimeout(fn, 0) and setTimeout(fn): a deferral to the next turn;
- a setTimeout whose callback only aborts an AbortController the function
  created (setTimeout(() => controller.abort(), ms)), or only resets the
  object (setTimeout(() => this.ctx.abort(), ms)), which an eviction does
  as well.

Each finding says which case it is: a callback timer, a clear that does
not run on every path, or a promise nobody awaits.

Timers outside the class count too when a Durable Object runs them: calls
are followed, two levels deep, into functions of the project (of the same
module or imported) and into methods of classes the object creates with new
(a field such as limiter = new RateLimiter(), a local, a module constant).
Such a timer is reported where it is written, with the calls in the Durable
Object that reach it as related locations; the same exemptions apply on
both sides of the call, and a helper that returns the timer's handle to a
caller that keeps it (const ping = startPing()) leaves the clearing to
that caller.`,
	Why: `A pending timer keeps the object in memory: it cannot hibernate while
a timer is pending, so the object stays awake and is billed for the whole
duration. And the timer lives only in that memory: when the object is
evicted (a deploy, a runtime restart, memory pressure) the timer is gone and
its callback never runs. Work that must happen later belongs in an alarm:
ctx.storage.setAlarm(time) is persisted, survives eviction and hibernation,
wakes the object, and is retried if the alarm() handler throws.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "presence",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    setInterval(() => this.flush(), 60_000);
    return new Response("ok");
  }
  flush() {}
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "presence",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + 60_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // an awaited sleep is fine
    return new Response("ok");
  }
  async alarm() {
    this.flush();
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  flush() {}
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Warning,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/alarms/",
		"https://developers.cloudflare.com/durable-objects/concepts/durable-object-lifecycle/",
		"https://developers.cloudflare.com/durable-objects/platform/pricing/",
	},
}

// Rule reports timers that outlive the current event.
var Rule = rule.New(doc, run, source.Analyzer)

const (
	intervalMsg = "setInterval keeps the object awake (billed duration) and the timer is lost when the object is evicted; use ctx.storage.setAlarm for work that must happen later"
	// pendingMsg is for a callback timer whose handle is not cleared in
	// the function that sets it, partlyMsg for one whose clear there does
	// not run on every path.
	pendingMsg = "setTimeout schedules a callback for later: while the timer is pending it keeps the object awake (billed duration), and it is lost if the object is evicted first; use ctx.storage.setAlarm for work that must happen later, or clear the timer in a finally block"
	partlyMsg  = "%s does not run on every path after this setTimeout (it is not in a finally block or an abort/close callback): while the timer is pending it keeps the object awake (billed duration), and it is lost if the object is evicted first; clear it in a finally block, or use ctx.storage.setAlarm for work that must happen later"
	// unsettledMsg is for a sleep whose promise nobody waits for.
	unsettledMsg = "setTimeout settles a promise that is not awaited: the current event does not wait for the timer, which keeps the object awake while pending (billed duration) and is lost when the object is evicted; await the promise, or use ctx.storage.setAlarm for work that must happen later"
	helperMsg    = "%s() starts a setTimeout and is not awaited: the pending timer outlives the current event, keeps the object awake (billed duration) and is lost when the object is evicted; await it, or use ctx.storage.setAlarm for work that must happen later"

	// For timers outside the class that a Durable Object runs by calling
	// a function or a method of an object it created: the object, then
	// the calls that lead there.
	indirectIntervalMsg  = "setInterval runs in Durable Object %s through %s: it keeps the object awake (billed duration) and the timer is lost when the object is evicted; use ctx.storage.setAlarm for work that must happen later"
	indirectPendingMsg   = "setTimeout runs in Durable Object %s through %s and schedules a callback for later: while the timer is pending it keeps the object awake (billed duration), and it is lost if the object is evicted first; use ctx.storage.setAlarm for work that must happen later, or clear the timer in a finally block"
	indirectPartlyMsg    = "setTimeout runs in Durable Object %s through %s; %s does not run on every path after it (it is not in a finally block or an abort/close callback): while the timer is pending it keeps the object awake (billed duration), and it is lost if the object is evicted first; clear it in a finally block, or use ctx.storage.setAlarm for work that must happen later"
	indirectUnsettledMsg = "setTimeout runs in Durable Object %s through %s; it settles a promise that is not awaited: the current event does not wait for the timer, which keeps the object awake while pending (billed duration) and is lost when the object is evicted; await the promise, or use ctx.storage.setAlarm for work that must happen later"
	indirectHelperMsg    = "%s() starts a setTimeout and is not awaited; it runs in Durable Object %s through %s: the pending timer outlives the current event, keeps the object awake (billed duration) and is lost when the object is evicted; await it, or use ctx.storage.setAlarm for work that must happen later"
)

// message is the finding for a timer that may outlive its event, "" for
// one that does not.
func (t timer) message() string {
	switch t.verdict {
	case pending:
		if t.interval {
			return intervalMsg
		}
		return pendingMsg
	case partlyCleared:
		if t.interval {
			return intervalMsg
		}
		return fmt.Sprintf(partlyMsg, t.clear)
	case unsettled:
		return unsettledMsg
	}
	return ""
}

// indirectMessage is message for a timer that Durable Object do runs
// through the calls via.
func (t timer) indirectMessage(do, via string) string {
	switch t.verdict {
	case pending:
		if t.interval {
			return fmt.Sprintf(indirectIntervalMsg, do, via)
		}
		return fmt.Sprintf(indirectPendingMsg, do, via)
	case partlyCleared:
		if t.interval {
			return fmt.Sprintf(indirectIntervalMsg, do, via)
		}
		return fmt.Sprintf(indirectPartlyMsg, do, via, t.clear)
	case unsettled:
		return fmt.Sprintf(indirectUnsettledMsg, do, via)
	}
	return ""
}

var (
	timerWords  = []source.Word{source.NewWord("setTimeout"), source.NewWord("setInterval")}
	promiseWord = source.NewWord("Promise")
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	// Every finding is a setTimeout or setInterval call, in a class or in
	// a module one reaches: a project whose modules name neither has none.
	if !slices.ContainsFunc(res.Files, func(f *source.File) bool { return f.Mentions(timerWords...) }) {
		return nil, nil
	}
	helpersOf := func(file *source.File) map[*jsast.Node]bool {
		return source.PerModule(file, sleepHelpersKey{}, func() map[*jsast.Node]bool { return sleepHelpers(file) })
	}
	w := &follower{res: res, helpers: helpersOf, found: map[callAt]*indirect{}}
	for _, c := range res.Classes {
		// Every module a class's calls lead to is one it imports, directly
		// or not: a class whose imports never reach a module naming a timer
		// has nothing to report, and its calls need not be resolved. (A
		// class skipped here neither keeps nor replays anything below.)
		reach := w.reach(c.File)
		if reach&reachTimer == 0 {
			continue
		}
		// A call is resolved across modules, to see whether it runs a
		// sleep helper of another module, only where the class's module
		// reaches one that may hold a helper.
		remote := reach&reachHelper != 0
		// What the rule finds in a class follows from its view, its
		// context and whether its calls are resolved for helpers, except
		// for which classes are Durable Objects, which followClass checks;
		// so a class that many projects reach is looked at once.
		extra := res.ClassContext(c) + "|helpers:" + strconv.FormatBool(remote)
		// Otherwise the class's own timers and sleep helpers are in its
		// module.
		if remote || c.File.Mentions(timerWords...) {
			source.PerClass(pass, c, extra, func(pass *analysis.Pass) { w.direct(pass, c, remote) })
		}
		w.followClass(pass, c, extra)
	}
	w.report(pass)
	return nil, nil
}

// direct reports the timers of class c itself, and its calls of sleep
// helpers that are not awaited.
func (w *follower) direct(pass *analysis.Pass, c *source.Class, remote bool) {
	file := c.File
	f := file.AST
	helpersOf := w.helpers
	helpers := helpersOf(file)
	for call := range c.Nodes(jsast.KindCall) {
		_, callee := f.CalleeName(call)
		switch {
		case (callee == "setInterval" || callee == "setTimeout") && dosrc.IsGlobal(file, call, callee):
			if msg := judge(file, call, isInterval(file, call), c).message(); msg != "" {
				rule.Report(pass, f.Pos(call.Start), f.Pos(call.End), msg)
			}
		default:
			name, ok := helperCall(c, helpers, call)
			if !ok && remote {
				// A sleep helper of another class or module.
				if t := w.resolve(scope{file: file, owner: c}, call, true); t != nil && w.isHelper(t) {
					name, ok = f.Text(jsast.Unwrap(call.Callee())), true
				}
			}
			if !ok || settledAt(file, call, 0) {
				continue
			}
			rule.Report(pass, f.Pos(call.Start), f.Pos(call.End), fmt.Sprintf(helperMsg, name))
		}
	}
}

// executorPromise returns the `new Promise(executor)` expression when the
// setTimeout call runs inside its executor, else nil.
func executorPromise(file *source.File, call *jsast.Node) *jsast.Node {
	fn := dosrc.EnclosingFunc(file.Index, call)
	if fn == nil || (fn.Kind != jsast.KindArrowFunc && fn.Kind != jsast.KindFuncExpr) {
		return nil
	}
	outer, p := dosrc.Outer(file.Index, fn)
	if p == nil || p.Kind != jsast.KindNew || len(p.Args()) == 0 || p.Args()[0] != outer || !dosrc.IsGlobal(file, p, "Promise") {
		return nil
	}
	return p
}

// returned returns the function that returns the value of expression e
// (`return e`, or an arrow function whose body is e), or nil.
func returned(file *source.File, e *jsast.Node) *jsast.Node {
	outer, parent := dosrc.Outer(file.Index, e)
	if parent == nil {
		return nil
	}
	switch parent.Kind {
	case jsast.KindReturn:
		return dosrc.EnclosingFunc(file.Index, parent)
	case jsast.KindArrowFunc:
		if parent.Body == outer {
			return parent
		}
	}
	return nil
}

// sleepHelpers finds the functions of file that return a promise settled
// by setTimeout: sleep(ms) { return new Promise(r => setTimeout(r, ms)) }.
// The keys are the function nodes (declaration, expression or method).
func sleepHelpers(file *source.File) map[*jsast.Node]bool {
	out := map[*jsast.Node]bool{}
	// Most modules never name setTimeout, and a helper names Promise
	// too: no need to look at the calls of the others.
	if file.AST == nil || !file.Mentions(timerWords[0]) || !file.Mentions(promiseWord) {
		return out
	}
	// Which calls are of the global setTimeout is found once per module,
	// not again for every project that reaches it.
	for call := range file.Index.Select(nil, globalSetTimeout{}, func(call *jsast.Node) bool {
		_, name := file.AST.CalleeName(call)
		return name == "setTimeout" && dosrc.IsGlobal(file, call, "setTimeout")
	}, jsast.KindCall) {
		if p := executorPromise(file, call); p != nil {
			if fn := returned(file, p); fn != nil {
				out[fn] = true
			}
		}
	}
	return out
}

type globalSetTimeout struct{}

// sleepHelpersKey names sleepHelpers' result among a module's values: it
// follows from the module alone.
type sleepHelpersKey struct{}

// helperCall reports whether call calls one of the sleep helpers:
// this.sleep(...) for a method of c, sleep(...) for a function of the file.
func helperCall(c *source.Class, helpers map[*jsast.Node]bool, call *jsast.Node) (string, bool) {
	if len(helpers) == 0 {
		return "", false
	}
	f := c.File.AST
	recv, name := f.CalleeName(call)
	if name == "" {
		return "", false
	}
	if recv != nil {
		if r := jsast.Unwrap(recv); r == nil || r.Kind != jsast.KindThis {
			return "", false
		}
		m := c.Method(name)
		return "this." + name, m != nil && helpers[m.Func]
	}
	d := dosrc.Lookup(c.File, jsast.Unwrap(call.Callee()))
	if d == nil || d.Init == nil || d.Pattern != nil {
		return "", false
	}
	return name, helpers[jsast.Unwrap(d.Init)]
}
