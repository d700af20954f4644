package jsondepth

import (
	"errors"
	"strings"
	"testing"

	"github.com/tailscale/hujson"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		max  int
		off  int // -1: accepted
	}{
		{"flat", `{"a": [1, 2], "b": {"c": 3}}`, 2, -1},
		{"at the limit", `[[[]]]`, 3, -1},
		{"one too deep", `[[[[]]]]`, 3, 3},
		{"objects and arrays", `{"a": [{"b": [1]}]}`, 3, 13},
		{"brackets in strings", `{"a": "[[[[{{{{", "b": "\"[[[["}`, 1, -1},
		{"brackets in comments", "{ // [[[[\n /* {{{{ */ \"a\": 1}", 1, -1},
		{"closed levels count down", `[[]] [[]] [[]]`, 2, -1},
		{"unterminated string", `["[[[[`, 1, -1},
		{"unterminated comment", `[/* [[[[`, 1, -1},
		{"stray closers", `]]]] [[`, 1, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check([]byte(tc.src), tc.max)
			if tc.off < 0 {
				if err != nil {
					t.Fatalf("Check(%q) = %v, want nil", tc.src, err)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("Check(%q) = %v, want *Error", tc.src, err)
			}
			if de.Offset != tc.off {
				t.Errorf("offset %d, want %d", de.Offset, tc.off)
			}
		})
	}
}

// TestDeepInputStaysLinear runs the input that crashed the recursive parser
// (a million levels) through Check, and shows that what Check accepts, the
// recursive parser handles.
func TestDeepInputStaysLinear(t *testing.T) {
	deep := strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000)
	if err := Check([]byte(deep), Max); err == nil {
		t.Fatal("a million levels passed the check")
	}
	ok := strings.Repeat(`{"a":`, Max) + "1" + strings.Repeat("}", Max)
	if err := Check([]byte(ok), Max); err != nil {
		t.Fatalf("Max levels rejected: %v", err)
	}
	if _, err := hujson.Parse([]byte(ok)); err != nil {
		t.Fatalf("hujson at Max levels: %v", err)
	}
}
