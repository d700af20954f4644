// Package alarmhandler reports setAlarm calls in Durable Object classes
// that have no alarm() handler.
package alarmhandler

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// The runtime's texts (workerd).
const (
	noHandler = "TypeError: Your Durable Object class must have an alarm() handler in order to call setAlarm()"
	firedLog  = "Attempted to run a scheduled alarm without a handler, did you remember to export an alarm() function?"
)

var doc = &rule.Doc{
	Name:  "alarmhandler",
	Title: "setalarm in a durable object without an alarm handler",
	What: `Reports ctx.storage.setAlarm() calls (through this.ctx.storage, a
legacy this.state.storage, a storage alias or a transaction handle) in a
Durable Object class when neither the class nor any class it extends
defines an alarm() method. Where dolint cannot see the whole truth it stays
silent: a class whose chain reaches a library base class, a mixin, or a
base it cannot read (a package that is not followed, a missing module),
and a class that may get alarm at run time: a property named alarm
(alarm = makeHandler()), this.alarm = ..., Object.defineProperty(this,
"alarm", ...) or Object.assign(this, ...), an assignment or
Object.defineProperty on its prototype in any module, a computed member
name, or the object (or the class) handed to a helper that may install it,
such as installAlarm(this): a helper dolint cannot read, or one that names
alarm, copies properties onto the object, or hands it on further.`,
	Why: `The runtime refuses to schedule an alarm nobody can handle: setAlarm()
throws "` + noHandler + `". In the constructor the call does not throw, but
when that alarm fires the runtime only logs "` + firedLog + `" and never
retries it, so the scheduled work is silently lost.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "reminders",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "REMINDER", "class_name": "Reminder" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Reminder"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Reminder extends DurableObject {
  async remind(at: number) {
    await this.ctx.storage.setAlarm(at);
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "reminders",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "REMINDER", "class_name": "Reminder" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Reminder"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Reminder extends DurableObject {
  async remind(at: number) {
    await this.ctx.storage.setAlarm(at);
  }
  async alarm() {
    console.log("reminder due");
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Verify:   rule.VerifyAlarm,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/alarms/",
	},
}

// Rule reports setAlarm without an alarm() handler.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	in := &installer{res: res}
	for _, c := range res.Classes {
		if mayHaveAlarm(c) {
			continue
		}
		f := c.File.AST
		// Decided at the first setAlarm: whether code may install alarm
		// at run time takes a look through the whole project.
		installs := -1
		for call := range dosrc.CallsNamed(c.File, c.Node, "setAlarm") {
			if !dosrc.StorageCall(c, call, "setAlarm") {
				continue
			}
			if installs < 0 {
				installs = 0
				if in.chainMayInstall(c) {
					installs = 1
				}
			}
			if installs == 1 {
				break
			}
			msg := fmt.Sprintf("setAlarm in %s, which has no alarm() handler: the call throws %q; add an alarm() method to %s",
				c.Name, noHandler, c.Name)
			if m := c.MethodAt(call.Start); m != nil && m.Name == "constructor" && dosrc.EnclosingFunc(c.File.Index, call) == m.Func {
				msg = fmt.Sprintf("setAlarm in the constructor of %s, which has no alarm() handler: when the alarm fires the runtime logs %q and never retries it, so the work is lost; add an alarm() method to %s",
					c.Name, firedLog, c.Name)
			}
			rule.Report(pass, f.Pos(call.Start), f.Pos(call.End), msg,
				rule.Related(f.Pos(c.NameNode.Start), f.Pos(c.NameNode.End), "%s and its base classes define no alarm() method", c.Name))
		}
	}
	return nil, nil
}

// chainMayInstall reports whether code of c or of a class it extends may
// install alarm on the object at run time (see installer).
func (in *installer) chainMayInstall(c *source.Class) bool {
	if in.mayInstall(c) {
		return true
	}
	for _, b := range c.Bases {
		if b.Kind == source.BaseClass && in.mayInstall(b.Class) {
			return true
		}
	}
	return false
}

// mayHaveAlarm reports whether c or a class it extends defines alarm(),
// or whether that cannot be known: a library base class, a mixin, or a
// base that does not resolve may add one.
func mayHaveAlarm(c *source.Class) bool {
	if c.Method("alarm") != nil {
		return true
	}
	for _, b := range c.Bases {
		if len(b.Mixins) > 0 {
			return true
		}
		switch b.Kind {
		case source.BaseDurableObject:
			return false // the runtime's base class has no alarm()
		case source.BaseClass:
			if b.Class.Method("alarm") != nil {
				return true
			}
		default:
			return true
		}
	}
	// The chain ends without a base: a legacy class with no alarm().
	return c.Heritage != nil && len(c.Bases) == 0
}
