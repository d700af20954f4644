package suppress

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []Directive // Offset/End/Used not compared
	}{
		{"line comment", "x // dolint:ignore timers the interval is cleared in alarm()\n",
			[]Directive{{Line: 1, Rules: []string{"timers"}, Reason: "the interval is cleared in alarm()"}}},
		{"several rules", "// dolint:ignore a,b why\n",
			[]Directive{{Line: 1, Rules: []string{"a", "b"}, Reason: "why"}}},
		{"file", "\n\n// dolint:file-ignore sqlinjection generated code\n",
			[]Directive{{Line: 3, File: true, Rules: []string{"sqlinjection"}, Reason: "generated code"}}},
		{"no reason", "// dolint:ignore timers\n", []Directive{{Line: 1, Rules: []string{"timers"}}}},
		{"no rule", "/* dolint:ignore */ x\n", []Directive{{Line: 1}}},
		{"block", "/* dolint:ignore a because */ x // other\n", []Directive{{Line: 1, Rules: []string{"a"}, Reason: "because"}}},
		{"second comment ends it", "// dolint:ignore a because // note\n", []Directive{{Line: 1, Rules: []string{"a"}, Reason: "because"}}},
		{"toml", "a = 1 # dolint:ignore x y\n", nil}, // not TOML by name: # is no comment here
		{"in a string", `const s = "dolint:ignore x y";` + "\n", nil},
		{"other word", "// dolint:ignored x y\n", nil},
	} {
		got := Parse("f.ts", []byte(tc.src))
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %d directives, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for i, d := range got {
			w := tc.want[i]
			d.Offset, d.End = 0, 0
			if !reflect.DeepEqual(*d, w) {
				t.Errorf("%s: got %+v, want %+v", tc.name, *d, w)
			}
		}
	}
}

func TestParseTOML(t *testing.T) {
	got := Parse("wrangler.toml", []byte("name = \"x\"\nclass_name = \"A\" # dolint:ignore missingmigration done by hand # note\n"))
	if len(got) != 1 || got[0].Line != 2 || got[0].Reason != "done by hand" {
		t.Fatalf("got %+v", got)
	}
	src := "class_name = \"A\" # dolint:ignore missingmigration done by hand # note\n"
	d := Parse("wrangler.toml", []byte(src))[0]
	if text := src[d.Offset:d.End]; text != "dolint:ignore missingmigration done by hand" {
		t.Errorf("directive range covers %q", text)
	}
}

func TestCovers(t *testing.T) {
	d := &Directive{Line: 4, Rules: []string{"a"}}
	for line, want := range map[int]bool{3: false, 4: true, 5: true, 6: false} {
		if d.Covers("a", line) != want {
			t.Errorf("line %d: covers = %v", line, !want)
		}
	}
	if d.Covers("b", 4) {
		t.Error("covers a rule it does not name")
	}
	f := &Directive{Line: 1, File: true, Rules: []string{"a"}}
	if !f.Covers("a", 99) {
		t.Error("file-ignore does not cover the whole file")
	}
}

// TestHasMark compares hasMark with bytes.Contains where the mark starts
// or ends a file, follows or precedes other colons, and is cut short.
func TestHasMark(t *testing.T) {
	for _, src := range []string{
		"", ":", "dolint", "dolint:", "olint:", "dolint :", "Dolint:", "::dolint:", "dolint::",
		"x dolint: y", ":::::::dolint", "a:b:c:dolint:", "dolin:t", "ddolint:", "//dolint:ignore x y\n",
		"const a = {b: 1}; // dolint:ignore rule why", "dolint:x:", "xdolint", "d:o:l:i:n:t:",
	} {
		if got, want := hasMark([]byte(src)), strings.Contains(src, mark); got != want {
			t.Errorf("hasMark(%q) = %v, want %v", src, got, want)
		}
	}
}
