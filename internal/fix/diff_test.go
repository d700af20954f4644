package fix

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// reconstruct applies a unified diff's hunks to old, to check the diff is
// an exact description of the change.
func reconstruct(t *testing.T, old, diff string) string {
	t.Helper()
	a := strings.SplitAfter(old, "\n")
	if a[len(a)-1] == "" {
		a = a[:len(a)-1]
	}
	var out []string
	i := 0
	for _, h := range strings.Split(diff, "\n@@ ")[1:] {
		lines := strings.SplitAfter(h, "\n")
		field := strings.TrimPrefix(strings.Fields(lines[0])[0], "-")
		num, count, _ := strings.Cut(field, ",")
		start, err := strconv.Atoi(num)
		if err != nil {
			t.Fatalf("bad hunk header %q", lines[0])
		}
		// "-N,0" inserts after line N; otherwise the hunk starts at line N.
		if count != "0" && start > 0 {
			start--
		}
		for i < start {
			out = append(out, a[i])
			i++
		}
		var prev byte
		for _, l := range lines[1:] {
			if l == "" {
				continue
			}
			if strings.HasPrefix(l, "\\") {
				// The marker belongs to the line before it; a removed
				// line's missing newline changes nothing in the output.
				if prev != '-' && len(out) > 0 {
					out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
				}
				continue
			}
			prev = l[0]
			switch l[0] {
			case ' ':
				out = append(out, a[i])
				i++
			case '-':
				i++
			case '+':
				out = append(out, l[1:])
			}
		}
	}
	out = append(out, a[i:]...)
	return strings.Join(out, "")
}

func TestDiffReconstructs(t *testing.T) {
	for _, tc := range []struct{ old, new string }{
		{"a\nb\nc\n", "a\nB\nc\n"},
		{"", "x\n"},
		{"x\n", ""},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n", "1\n2\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY\n13\n14\n"},
		{"a\nb", "a\nb\n"},
		{"{\n  \"a\": 1,\n}\n", "{\n  \"a\": 1,\n  \"migrations\": [],\n}\n"},
	} {
		d := Diff("a/f", "b/f", []byte(tc.old), []byte(tc.new))
		if !strings.HasPrefix(d, "--- a/f\n+++ b/f\n@@ ") {
			t.Errorf("%q→%q: header missing in\n%s", tc.old, tc.new, d)
			continue
		}
		if got := reconstruct(t, tc.old, d); got != tc.new {
			t.Errorf("%q→%q: diff\n%s\nreconstructs %q", tc.old, tc.new, d, got)
		}
	}
	if Diff("a", "b", []byte("same\n"), []byte("same\n")) != "" {
		t.Error("equal inputs give a diff")
	}
}

func TestDiffHunks(t *testing.T) {
	var old, new []string
	for i := 0; i < 30; i++ {
		old = append(old, fmt.Sprintf("line %d\n", i))
		new = append(new, fmt.Sprintf("line %d\n", i))
	}
	new[2], new[25] = "X\n", "Y\n"
	d := Diff("a", "b", []byte(strings.Join(old, "")), []byte(strings.Join(new, "")))
	if n := strings.Count(d, "\n@@ "); n != 2 {
		t.Errorf("want 2 hunks for distant changes, got %d:\n%s", n, d)
	}
	if !strings.Contains(d, "@@ -1,6 +1,6 @@\n") || !strings.Contains(d, "@@ -23,7 +23,7 @@\n") {
		t.Errorf("unexpected hunk ranges:\n%s", d)
	}
}
