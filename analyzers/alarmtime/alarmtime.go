// Package alarmtime reports setAlarm calls given a duration where the
// runtime expects a point in time.
package alarmtime

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// nonPositive is the runtime's refusal of a time <= 0 (workerd). workerd
// cuts the time to whole milliseconds first, so 0.5 is refused too.
const nonPositive = "TypeError: setAlarm() cannot be called with an alarm time <= 0"

// epochFloor separates durations from times: 10^12 ms since the epoch is
// September 2001, before Durable Objects existed, while a delay of 10^12 ms
// would be 31 years.
const epochFloor = 1e12

var doc = &rule.Doc{
	Name:  "alarmtime",
	Title: "setalarm is given a duration instead of a time",
	What: `Reports setAlarm(x) and setAlarm(new Date(x)) on a Durable Object's
storage when x is a constant below 10^12: a numeric literal, constant
arithmetic such as 24 * 60 * 60 * 1000, or a const initialised to one. Such a
value is a duration, while setAlarm takes a time: milliseconds since the Unix
epoch, or a Date.`,
	Why: `setAlarm(60_000) schedules the alarm for 00:01 on 1 January 1970.
The runtime clamps a time in the past to now, so the alarm fires at once
instead of in a minute, and code that re-arms it in alarm() runs in a tight
loop, billed for every run. A constant below 1 does not even schedule (the
time is cut to whole milliseconds, so 0.5 counts as 0): the call throws
"` + nonPositive + `".`,
	Bad: `-- wrangler.jsonc --
{
  "name": "digest",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "DIGEST", "class_name": "Digest" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Digest"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
const ONE_DAY = 24 * 60 * 60 * 1000;
export class Digest extends DurableObject {
  async start() {
    await this.ctx.storage.setAlarm(ONE_DAY);
  }
  async alarm() {}
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "digest",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "DIGEST", "class_name": "Digest" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Digest"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
const ONE_DAY = 24 * 60 * 60 * 1000;
export class Digest extends DurableObject {
  async start() {
    await this.ctx.storage.setAlarm(Date.now() + ONE_DAY);
  }
  async alarm() {}
}
export default { fetch: () => new Response("ok") };
`,
	Fix:      "Adds the current time: setAlarm(x) becomes setAlarm(Date.now() + x), and new Date(x) becomes new Date(Date.now() + x). Constants below 1 get no fix.",
	Safety:   rule.Safe,
	Severity: rule.Error,
	Verify:   rule.VerifyAlarmDelay,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/alarms/",
	},
}

// Rule reports setAlarm with a duration.
var Rule = rule.New(doc, run, source.Analyzer)

var setAlarmWord = source.NewWord("setAlarm")

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		// Every finding is a setAlarm call in the class.
		if !c.File.Mentions(setAlarmWord) {
			continue
		}
		// What the rule finds follows from the class and its module, so
		// a class that many projects reach is checked once.
		source.PerClass(pass, c, res.ClassContext(c), func(pass *analysis.Pass) { check(pass, c) })
	}
	return nil, nil
}

func check(pass *analysis.Pass, c *source.Class) {
	f := c.File.AST
	for call := range dosrc.CallsNamed(c.File, c.Node, "setAlarm") {
		if len(call.List) == 0 || !dosrc.StorageCall(c, call, "setAlarm") {
			continue
		}
		arg := call.List[0]
		if arg.Kind == jsast.KindSpread {
			continue
		}
		// new Date(60_000) is the same mistake spelled as a Date.
		if d := jsast.Unwrap(arg); d != nil && d.Kind == jsast.KindNew && len(d.Args()) == 1 && dosrc.IsGlobal(c.File, d, "Date") {
			arg = d.Args()[0]
		}
		v, ok := constValue(c.File, arg, 0)
		if !ok || math.IsNaN(v) || v >= epochFloor {
			continue
		}
		text, written := f.Text(arg), f.Text(call.List[0])
		pos, end := f.Pos(arg.Start), f.Pos(arg.End)
		if v < 1 {
			cut := ""
			if v > 0 {
				cut = ", which the runtime cuts to 0 ms"
			}
			rule.Report(pass, pos, end, fmt.Sprintf("setAlarm(%s) is given %s%s, not a time: the call throws %q; pass Date.now() plus a delay", written, num(v), cut, nonPositive))
			continue
		}
		when := time.UnixMilli(int64(v)).UTC().Format("2006-01-02 15:04:05 UTC")
		rule.Report(pass, pos, end,
			fmt.Sprintf("setAlarm(%s) takes a time in milliseconds since the epoch, not a delay: %s ms is %s, in the past, so the alarm fires at once; use Date.now() + %s", written, num(v), when, text),
			rule.Fix("add Date.now() to the delay", analysis.TextEdit{Pos: pos, End: end, NewText: []byte("Date.now() + " + text)}))
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

const maxDepth = 8

// constValue evaluates a numeric constant expression: literals, unary
// plus and minus, arithmetic, and const variables initialised to one.
func constValue(file *source.File, n *jsast.Node, depth int) (float64, bool) {
	f := file.AST
	n = jsast.Unwrap(n)
	if n == nil || depth > maxDepth {
		return 0, false
	}
	switch n.Kind {
	case jsast.KindNumericLiteral:
		return parseNumber(f.Text(n))
	case jsast.KindPrefix:
		v, ok := constValue(file, n.Operand(), depth+1)
		switch n.Op {
		case jsast.TMinus:
			return -v, ok
		case jsast.TPlus:
			return v, ok
		}
	case jsast.KindBinary:
		x, ok1 := constValue(file, n.Left(), depth+1)
		y, ok2 := constValue(file, n.Right(), depth+1)
		if !ok1 || !ok2 {
			return 0, false
		}
		switch n.Op {
		case jsast.TPlus:
			return x + y, true
		case jsast.TMinus:
			return x - y, true
		case jsast.TAsterisk:
			return x * y, true
		case jsast.TSlash:
			return x / y, true
		case jsast.TPercent:
			return math.Mod(x, y), true
		case jsast.TAsteriskAsterisk:
			return math.Pow(x, y), true
		}
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, n)
		if d == nil || !d.Const || d.Pattern != nil || d.Param != nil || d.Init == nil {
			return 0, false
		}
		return constValue(file, d.Init, depth+1)
	}
	return 0, false
}

// parseNumber reads a JS numeric literal: decimal with exponent, 0x, 0o,
// 0b, and _ separators. BigInt literals are another node kind.
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "_", "")
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			u, err := strconv.ParseUint(s[2:], base, 64)
			return float64(u), err == nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
