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
