// Package deleteall reports storage.deleteAll() calls that leave the
// object's alarm behind, on scripts whose compatibility settings predate
// deleteAll() deleting the alarm too.
package deleteall

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

const (
	// changeDate is the compatibility date from which deleteAll() deletes
	// the alarm (workerd's delete_all_deletes_alarm).
	changeDate = "2026-02-24"
	onFlag     = "delete_all_deletes_alarm"
	offFlag    = "delete_all_preserves_alarm"
)

var doc = &rule.Doc{
	Name:  "deleteall",
	Title: "alarm survives deleteall() before the 2026-02-24 date",
	What: `Reports storage.deleteAll() in a Durable Object class that schedules
alarms (it calls setAlarm) when a script binding the class has a
compatibility_date before ` + changeDate + ` and no "` + onFlag + `" flag, or
has the "` + offFlag + `" flag, and the method holding the call neither
calls deleteAlarm() nor sets a new alarm after deleteAll(). A deleteAll()
inside alarm() is not reported (the running alarm is spent when the handler
returns), nor one in a private method that only alarm() calls, nor one in a helper that a method calling deleteAlarm() calls, nor
one on a transaction (which throws). Each script and environment is judged
by its own compatibility settings; a script without a compatibility_date is
not judged.`,
	Why: `Before ` + changeDate + ` deleteAll() removes every key and table but
keeps the alarm: getAlarm() still returns its time right after deleteAll(),
and alarm() still runs later, on an object whose state is gone. An object
reset with deleteAll() (a closed room, a deleted account) wakes up again at
the old alarm time, and code in alarm() that reads state or re-arms the alarm
runs against an empty store. From ` + changeDate + ` the "` + onFlag + `"
flag makes deleteAll() delete the alarm too ("` + offFlag + `" opts out).`,
	Bad: `-- wrangler.jsonc --
{
  "name": "rooms",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async open() {
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  async close() {
    await this.ctx.storage.deleteAll();
  }
  async alarm() {
    await this.ctx.storage.put("lastSweep", Date.now());
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "rooms",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async open() {
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  async close() {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }
  async alarm() {
    await this.ctx.storage.put("lastSweep", Date.now());
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Inserts "await <storage>.deleteAlarm();" before the statement that calls
deleteAll(), naming the storage the way the call does (this.ctx.storage,
this.state.storage, a local storage variable). Offered only in an async
function, where the statement starts its own line.`,
	Safety:   rule.Safe,
	Severity: rule.Warning,
	Verify:   rule.VerifyDeleteAll,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/",
		"https://developers.cloudflare.com/workers/configuration/compatibility-flags/",
	},
}

// Rule reports deleteAll() calls that keep the alarm.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		olds := oldScripts(c)
		if len(olds) == 0 || !setsAlarm(c, 0) {
			continue
		}
		f := c.File.AST
		for call := range dosrc.CallsNamed(c.File, c.Node, "deleteAll") {
			if !dosrc.StorageCall(c, call, "deleteAll") {
				continue
			}
			recv, _ := f.CalleeName(call)
			if r := jsast.Unwrap(recv); r.Kind == jsast.KindIdentifier {
				if d := dosrc.Lookup(c.File, r); d != nil && d.Param != nil {
					continue // a transaction's deleteAll() throws instead
				}
			}
			m := c.MethodAt(call.Start)
			if m == nil || m.Static || m.Name == "constructor" || m.Name == "alarm" || m.Func == nil || m.Func.Body == nil {
				continue
			}
			if handlesAlarm(c, m.Func, call.End) || calledWithAlarmHandled(c, m) || onlyFromAlarm(c, m) {
				continue
			}
			o := olds[0]
			where := "this script"
			if o.script.Env != "" {
				where = "env " + o.script.Env
			}
			if len(olds) > 1 {
				where += fmt.Sprintf(" (and %d more script(s) binding %s)", len(olds)-1, c.Name)
			}
			msg := fmt.Sprintf("deleteAll() keeps the alarm of %s on %s: %s, so the alarm %s schedules still fires after deleteAll(), on an emptied object, and getAlarm() still returns its time; call deleteAlarm() before deleteAll(), or %s",
				c.Name, where, o.why, c.Name, o.advice)
			opts := []rule.Option{}
			for _, ol := range olds {
				opts = append(opts, rule.Related(ol.at.Pos, ol.at.End, "%s", ol.related))
			}
			if edit, ok := fix(c, call, recv); ok {
				opts = append(opts, rule.Fix("call deleteAlarm() before deleteAll()", edit))
			}
			rule.Report(pass, f.Pos(call.Start), f.Pos(call.End), msg, opts...)
		}
	}
	return nil, nil
}

// old says why a script keeps the alarm on deleteAll().
type old struct {
	script               *source.Script
	why, advice, related string
	at                   *wrangler.String
}

// oldScripts returns the scripts binding c whose settings keep the alarm,
// each once.
func oldScripts(c *source.Class) []*old {
	var out []*old
	seen := map[*source.Script]bool{}
	for _, ref := range c.Bindings {
		if ref.Script == nil || seen[ref.Script] {
			continue
		}
		seen[ref.Script] = true
		if o := keepsAlarm(ref.Script.Section); o != nil {
			o.script = ref.Script
			out = append(out, o)
		}
	}
	return out
}

// keepsAlarm applies the flag's rules to a script's settings: the first of
// the two flags decides; without either, the compatibility_date does, and
// a script without one is not judged.
func keepsAlarm(sec *wrangler.Section) *old {
	if fl := sec.CompatibilityFlags; fl != nil {
		for _, f := range fl.Items {
			switch f.Value {
			case onFlag:
				return nil
			case offFlag:
				return &old{
					why:     `compatibility_flags holds "` + offFlag + `"`,
					advice:  `remove "` + offFlag + `"`,
					related: `compatibility flag "` + offFlag + `"`,
					at:      f,
				}
			}
		}
	}
	d := sec.CompatibilityDate
	if d == nil || d.Value >= changeDate {
		return nil
	}
	return &old{
		why:     fmt.Sprintf(`compatibility_date %s is before %s, when "%s" makes deleteAll() delete the alarm too`, d.Value, changeDate, onFlag),
		advice:  fmt.Sprintf(`set compatibility_date to %s or later, or add the "%s" flag`, changeDate, onFlag),
		related: "compatibility_date " + d.Value,
		at:      d,
	}
}

// setsAlarm reports whether c, or a base class of the graph, calls
// setAlarm: without it the object has no alarm to keep.
func setsAlarm(c *source.Class, depth int) bool {
	if c == nil || depth > 8 {
		return false
	}
	for call := range dosrc.CallsNamed(c.File, c.Node, "setAlarm") {
		if dosrc.StorageCall(c, call, "setAlarm") {
			return true
		}
	}
	for _, b := range c.Bases {
		if b.Kind == source.BaseClass && setsAlarm(b.Class, depth+1) {
			return true
		}
	}
	return false
}

// handlesAlarm reports whether fn deletes the alarm itself, or sets a new
// one after the deleteAll() that ends at after.
func handlesAlarm(c *source.Class, fn *jsast.Node, after int32) bool {
	for call := range dosrc.CallsNamed(c.File, fn, "deleteAlarm", "setAlarm") {
		if dosrc.StorageCall(c, call, "deleteAlarm") {
			return true
		}
		if call.Start >= after && dosrc.StorageCall(c, call, "setAlarm") {
			return true
		}
	}
	return false
}

// calledWithAlarmHandled reports whether a method that deletes the alarm
// calls m (this.m(...)): deleteAll() then runs as a step of that reset.
func calledWithAlarmHandled(c *source.Class, m *source.Method) bool {
	f := c.File.AST
	for _, other := range c.Methods {
		if other == m || other.Func == nil || other.Func.Body == nil || !handlesAlarm(c, other.Func, other.Func.End) {
			continue
		}
		for call := range c.File.Index.Nodes(other.Func, jsast.KindCall) {
			recv, name := f.CalleeName(call)
			if r := jsast.Unwrap(recv); r != nil && r.Kind == jsast.KindThis && name == m.Name {
				return true
			}
		}
	}
	return false
}

// onlyFromAlarm reports whether m is private to the class (#m or
// TypeScript private) and every call of it is inside alarm(), where the
// alarm that ran is spent anyway.
func onlyFromAlarm(c *source.Class, m *source.Method) bool {
	if !strings.HasPrefix(m.Name, "#") && !m.Node.Has(jsast.FlagPrivate) {
		return false
	}
	f := c.File.AST
	for call := range c.Nodes(jsast.KindCall) {
		recv, name := f.CalleeName(call)
		if r := jsast.Unwrap(recv); r == nil || r.Kind != jsast.KindThis || name != m.Name {
			continue
		}
		if caller := c.MethodAt(call.Start); caller == nil || caller.Name != "alarm" {
			return false
		}
	}
	return true
}

// fix inserts `await <recv>.deleteAlarm();` on its own line before the
// statement holding call.
func fix(c *source.Class, call, recv *jsast.Node) (analysis.TextEdit, bool) {
	f, ix := c.File.AST, c.File.Index
	if !plain(f, recv) {
		return analysis.TextEdit{}, false
	}
	fn := dosrc.EnclosingFunc(ix, call)
	if fn == nil || !fn.Has(jsast.FlagAsync) {
		return analysis.TextEdit{}, false
	}
	var stmt *jsast.Node
	for a := range ix.Ancestors(call) {
		if a == fn {
			break
		}
		p := ix.Parent(a)
		if p == nil {
			break
		}
		if p.Kind == jsast.KindBlock || p.Kind == jsast.KindCase || p.Kind == jsast.KindDefault {
			switch a.Kind {
			case jsast.KindExprStmt, jsast.KindVarStmt, jsast.KindReturn:
				stmt = a
			}
			break
		}
	}
	if stmt == nil || dosrc.EnclosingFunc(ix, stmt) != fn {
		return analysis.TextEdit{}, false
	}
	indent := dosrc.Indent(f.Src, stmt.Start)
	if dosrc.LineStart(f.Src, stmt.Start)+int32(len(indent)) != stmt.Start {
		return analysis.TextEdit{}, false
	}
	text := "await " + f.Text(jsast.Unwrap(recv)) + ".deleteAlarm();" + dosrc.Newline(f.Src) + indent
	pos := f.Pos(stmt.Start)
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}, true
}

// plain reports whether e names the storage without side effects: this,
// identifiers and property accesses.
func plain(f *jsast.File, e *jsast.Node) bool {
	e = jsast.Unwrap(e)
	for e != nil {
		switch e.Kind {
		case jsast.KindThis:
			return true
		case jsast.KindIdentifier:
			return !strings.ContainsAny(f.Text(e), "\\")
		case jsast.KindPropertyAccess:
			if e.Has(jsast.FlagOptionalChain) {
				return false
			}
			e = jsast.Unwrap(e.Object())
		default:
			return false
		}
	}
	return false
}
