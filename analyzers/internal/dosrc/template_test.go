package dosrc

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/jsast"
)

func TestTemplateParts(t *testing.T) {
	for src, want := range map[string][]string{
		"x = `a ${b} c ${ d /* } */ } e`;": {"a ", " c ", " e"},
		"x = `${b}`;":                      {"", ""},
		"x = `\\${no} ${yes}!`;":           {"\\${no} ", "!"},
		"x = `plain`;":                     {"plain"},
		"x = `a ${`in ${n}`} b`;":          {"a ", " b"},
	} {
		f := jsast.Parse("t.ts", []byte(src))
		var tpl *jsast.Node
		jsast.Inspect(f.Root, func(n *jsast.Node) bool {
			if n != nil && tpl == nil && (n.Kind == jsast.KindTemplateExpr || n.Kind == jsast.KindNoSubstitutionTemplate) {
				tpl = n
			}
			return tpl == nil
		})
		parts, ok := TemplateParts(f, tpl)
		if !ok {
			t.Errorf("%s: not split", src)
			continue
		}
		var got []string
		for _, p := range parts {
			got = append(got, p.Raw)
			if string(f.Src[p.Start:p.End]) != p.Raw {
				t.Errorf("%s: range %d-%d does not hold %q", src, p.Start, p.End, p.Raw)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: parts %q, want %q", src, got, want)
		}
	}
	f := jsast.Parse("t.ts", []byte("x = 'a';"))
	if _, ok := TemplateParts(f, f.Root.List[0].X.Y); ok {
		t.Error("a string literal split as a template")
	}
}

// FuzzTemplateParts splits every template of arbitrary (often broken)
// source; the parts must lie inside the template, in order.
func FuzzTemplateParts(f *testing.F) {
	for _, s := range []string{"`a ${b} c`", "`${", "`${a}${b}`", "x`${ /* } */ y}`", "`\\${`", "`${`${`${x}`}`}`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file := jsast.Parse("f.ts", []byte(src))
		jsast.Inspect(file.Root, func(n *jsast.Node) bool {
			if n == nil || (n.Kind != jsast.KindTemplateExpr && n.Kind != jsast.KindNoSubstitutionTemplate) {
				return true
			}
			parts, ok := TemplateParts(file, n)
			if !ok {
				return true
			}
			prev := n.Start
			for _, p := range parts {
				if p.Start < prev || p.End < p.Start || p.End > n.End {
					t.Fatalf("%q: part %d-%d out of order in template %d-%d", src, p.Start, p.End, n.Start, n.End)
				}
				prev = p.End
			}
			return true
		})
	})
}

// The wanted texts are what V8 printed for these calls, observed with
// node 20.20.2 and with workerd 2026-04-26 (miniflare 4.20260426.0):
// "TypeError: <text> is not a function".
func TestCallText(t *testing.T) {
	for src, want := range map[string]string{
		"c.first();":           "c.first",
		"s.exec(`x`).first();": "s.exec(...).first",
		"this.env.C.get(this.env.C.idFromName('p')).add(1);": "this.env.C.get(...).add",
		"a['x'].f();":                  "a.x.f",
		"a[`x`].f();":                  "a.x.f",
		"a['0'].f();":                  "a.0.f",
		"a[0].f();":                    "a[0].f",
		"a[i].f();":                    "a[i].f",
		"(c).first();":                 "c.first",
		"(c as any).first();":          "c.first",
		"c?.first();":                  "c?.first",
		"s?.exec('x').first();":        "s?.exec(...).first",
		"(await s.exec('x')).first();": "(intermediate value).first",
		"new F().f();":                 "(intermediate value).f",
	} {
		f := jsast.Parse("t.ts", []byte(src))
		var call *jsast.Node
		jsast.Inspect(f.Root, func(n *jsast.Node) bool {
			if n != nil && call == nil && n.Kind == jsast.KindCall {
				call = n
			}
			return call == nil
		})
		if call == nil {
			t.Errorf("%s: no call", src)
			continue
		}
		if got := CallText(f, call.X); got != want {
			t.Errorf("%s: CallText = %q, want %q", src, got, want)
		}
	}
}
