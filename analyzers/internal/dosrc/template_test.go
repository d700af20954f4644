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
