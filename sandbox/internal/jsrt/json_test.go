package jsrt

import (
	"runtime/debug"
	"strconv"
	"testing"
	"time"
)

// eval runs src in a fresh loop and returns its value as a string, or the
// exception as "Name: message".
func eval(t *testing.T, lim Limits, src string) string {
	t.Helper()
	if lim.CPU == 0 {
		lim.CPU = 10 * time.Second
	}
	if lim.MaxCallStack == 0 {
		lim.MaxCallStack = 1000
	}
	l := NewLoop(lim)
	defer l.Stop()
	out := make(chan string, 1)
	ok := l.Post(func() {
		if _, err := Install(l, Env{}); err != nil {
			out <- "install: " + err.Error()
			return
		}
		v, err := l.VM.RunString(`(function () { try { return String(` + src + `); } catch (e) { return e.name + ": " + e.message; } })()`)
		if lim := Check(err); lim != nil {
			Abort(lim)
		}
		if err != nil {
			out <- "error: " + err.Error()
			return
		}
		out <- v.String()
	}, false)
	if !ok {
		t.Fatal("loop stopped")
	}
	select {
	case s := <-out:
		return s
	case <-l.Done():
		return "limit: " + l.Fatal().Error()
	case <-time.After(time.Minute):
		t.Fatalf("%s: still running after a minute", src)
		return ""
	}
}

// Error texts observed on workerd.
func TestJSONParseErrors(t *testing.T) {
	cases := map[string]string{
		`""`:                         "SyntaxError: Unexpected end of JSON input",
		`"{"`:                        "SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
		`"[1,]"`:                     `SyntaxError: Unexpected token ']', "[1,]" is not valid JSON`,
		`'{"a":1}x'`:                 "SyntaxError: Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)",
		`'"\\x"'`:                    "SyntaxError: Bad escaped character in JSON at position 2 (line 1 column 3)",
		`"{a:1}"`:                    "SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
		`'{"a" 1}'`:                  "SyntaxError: Expected ':' after property name in JSON at position 5 (line 1 column 6)",
		`"[1 2]"`:                    "SyntaxError: Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)",
		`'"ab'`:                      "SyntaxError: Unterminated string in JSON at position 3 (line 1 column 4)",
		`'"a\u0001"'`:                "SyntaxError: Bad control character in string literal in JSON at position 2 (line 1 column 3)",
		`"-"`:                        "SyntaxError: No number after minus sign in JSON at position 1 (line 1 column 2)",
		`"1e"`:                       "SyntaxError: Exponent part is missing a number in JSON at position 2 (line 1 column 3)",
		`"1."`:                       "SyntaxError: Unterminated fractional number in JSON at position 2 (line 1 column 3)",
		`"tru"`:                      "SyntaxError: Unexpected end of JSON input",
		`"01"`:                       "SyntaxError: Unexpected number in JSON at position 1 (line 1 column 2)",
		`'{"a":1,}'`:                 "SyntaxError: Expected double-quoted property name in JSON at position 7 (line 1 column 8)",
		`"["`:                        "SyntaxError: Unexpected end of JSON input",
		`"\n\n  }"`:                  "SyntaxError: Unexpected token '}', \"\n\n  }\" is not valid JSON",
		`'"' + "x".repeat(50) + "}"`: "SyntaxError: Unterminated string in JSON at position 52 (line 1 column 53)",
		`'{\n"a": [1,\n2,,3]}'`:      "SyntaxError: Unexpected token ',', \"{\n\"a\": [1,\n2,,3]}\" is not valid JSON",
		`"undefined"`:                `SyntaxError: "undefined" is not valid JSON`,
		`"'a'"`:                      `SyntaxError: Unexpected token ''', "'a'" is not valid JSON`,
	}
	for arg, want := range cases {
		if got := eval(t, Limits{}, "JSON.parse("+arg+")"); got != want {
			t.Errorf("JSON.parse(%s):\n got %q\nwant %q", arg, got, want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	cases := map[string]string{
		`JSON.stringify(JSON.parse('{"a":[1,{"b":2}],"c":"\\u2028\\ud800x\\u0007","__proto__":5,"n":-0.5e1}'))`: `{"a":[1,{"b":2}],"c":"` + "\u2028" + `\ud800x\u0007","__proto__":5,"n":-5}`,
		`JSON.stringify({a:[1,{b:2}],c:"x", d: undefined, e: () => 1, f: new Date(0), g: -0, h: NaN}, null, 2)`: "{\n  \"a\": [\n    1,\n    {\n      \"b\": 2\n    }\n  ],\n  \"c\": \"x\",\n  \"f\": \"1970-01-01T00:00:00.000Z\",\n  \"g\": 0,\n  \"h\": null\n}",
		`JSON.stringify([undefined, function(){}, Symbol()])`:                                                   "[null,null,null]",
		`JSON.stringify({b:1,a:2,1:3}, ["a", 1])`:                                                               `{"a":2,"1":3}`,
		`JSON.stringify(1n)`: "TypeError: Do not know how to serialize a BigInt",
		`(() => { const o = {}; o.o = o; return JSON.stringify(o); })()`:                                             "TypeError: Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'o' closes the circle",
		`JSON.parse('[1,{"a":[2]}]', (k, v) => typeof v === "number" ? v * 10 : v)[1].a[0]`:                          "20",
		`JSON.stringify({a: 1, b: [1, 2]}, (k, v) => k === "a" ? undefined : v)`:                                     `{"b":[1,2]}`,
		`JSON.stringify("x", null, "abcdefghijkl")`:                                                                  `"x"`,
		`JSON.stringify(new String("s")) + JSON.stringify(Object(false)) + JSON.stringify({toJSON() { return 7; }})`: `"s"false7`,
		`Object.keys(JSON.parse('{"__proto__": 1}'))`:                                                                "__proto__",
	}
	for src, want := range cases {
		if got := eval(t, Limits{}, src); got != want {
			t.Errorf("%s:\n got %q\nwant %q", src, got, want)
		}
	}
}

// Deep nesting neither overflows the Go stack nor fails where V8 does not:
// plain parse and stringify take any depth, and a reviver, replacer or
// toJSON that would recurse past the limit throws a catchable RangeError.
//
// Go's stack is capped here at 8 MiB, far below the depths tried, so that
// any recursion per level of nesting crashes the test.
func TestJSONDepth(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(8 << 20))
	lim := Limits{MaxNesting: 100}
	deep := func(n int) string { return `"[".repeat(` + itoa(n) + `) + "]".repeat(` + itoa(n) + `)` }
	cases := map[string]string{
		`JSON.parse(` + deep(1e5) + `).length`:                              "1",
		`JSON.stringify(JSON.parse(` + deep(1e5) + `)).length`:              "200000",
		`JSON.parse(` + deep(90) + `, (k, v) => v).length`:                  "1",
		`JSON.parse(` + deep(200) + `, (k, v) => v).length`:                 "RangeError: Maximum call stack size exceeded",
		`JSON.stringify(JSON.parse(` + deep(200) + `), (k, v) => v).length`: "RangeError: Maximum call stack size exceeded",
		`JSON.stringify(JSON.parse(` + deep(90) + `), (k, v) => v).length`:  "180",
		`(() => { let o = {}; for (let i = 0; i < 1000; i++) { const p = o; o = { toJSON() { return [p]; } }; } return JSON.stringify(o); })()`: "RangeError: Maximum call stack size exceeded",
	}
	for src, want := range cases {
		if got := eval(t, lim, src); got != want {
			t.Errorf("%s:\n got %.200q\nwant %q", src, got, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// workerd compiles no code from strings at run time; every way in throws
// its EvalError, and functions otherwise behave as before.
func TestNoCodeGeneration(t *testing.T) {
	const refused = "EvalError: Code generation from strings disallowed for this context"
	for _, src := range []string{
		`Function("return this")()`,
		`new Function("a", "return a")(1)`,
		`eval("1+1")`,
		`(0, eval)("1+1")`,
		`globalThis.eval("1")`,
		`(async function () {}).constructor("return 1")`,
		`(function* () {}).constructor("yield 1")`,
		`(() => 1).constructor("return 1")`,
		`Reflect.construct(Function, ["return 1"])`,
		`(class {}).constructor("return 1")`,
		`eval(5)`,
		`(0, eval)({})`,
	} {
		if got := eval(t, Limits{}, src); got != refused {
			t.Errorf("%s: %q", src, got)
		}
	}
	for src, want := range map[string]string{
		`[(() => 1) instanceof Function, typeof Function, Function.name, eval(), Object.getPrototypeOf(function () {}) === Function.prototype]`: "true,function,Function,,true",
		// Function() compiles no code it was given; workerd allows it.
		`typeof new Function() + typeof Function()`: "functionfunction",
		`(async () => 1)() instanceof Promise`:      "true",
	} {
		if got := eval(t, Limits{}, src); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
}

// While Env.CodegenAllowed holds (startup, in the sandbox), eval and the
// function constructors compile.
func TestCodeGenerationAllowed(t *testing.T) {
	l := NewLoop(Limits{CPU: 10 * time.Second, MaxCallStack: 1000})
	defer l.Stop()
	allowed := true
	out := make(chan string, 1)
	l.Post(func() {
		if _, err := Install(l, Env{CodegenAllowed: func() bool { return allowed }}); err != nil {
			out <- err.Error()
			return
		}
		const src = `(function () { try { return [eval("6 * 7"), new Function("a", "return a * 2")(21), (0, eval)(5), typeof (async function () {}).constructor("return 1")].join(); } catch (e) { return e.name + ": " + e.message; } })()`
		first, err := l.VM.RunString(src)
		if err != nil {
			out <- err.Error()
			return
		}
		allowed = false
		second, _ := l.VM.RunString(src)
		out <- first.String() + " | " + second.String()
	}, false)
	want := "42,42,5,function | EvalError: Code generation from strings disallowed for this context"
	if got := <-out; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
