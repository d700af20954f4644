package main

import "testing"

// A table whose prefix runs past the first sentence, written when the
// message and its detail were one string, still matches.
func TestPrefixAcrossDetail(t *testing.T) {
	f := Finding{Message: "super(ctx) does not pass env", Detail: `the constructor throws "TypeError"`}
	for p, want := range map[string]bool{
		"super(ctx) does":                         true,
		"super(ctx) does not pass env: the const": true,
		"super(ctx) does not pass env; the const": true,
		"super(ctx) does not pass env: the other": false,
		"super(ctx) passes":                       false,
	} {
		if got := f.hasPrefix(p); got != want {
			t.Errorf("hasPrefix(%q) = %v, want %v", p, got, want)
		}
	}
}
