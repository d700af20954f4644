package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/verify"
)

// verdictNotes words the verdict of each applied fix. A project whose
// dependencies are not installed would give every fix in it the same long
// reason; that reason is said once, after the fixes, and each fix's line
// only points at it. With explain, every line carries its full reason.
type verdictNotes struct {
	explain bool
	deps    []string // once-per-project reasons, in order
	seen    map[string]bool
}

func (n *verdictNotes) unverifiable(v *fix.Verdict) string {
	if v.Check != verify.DependenciesCheck || n.explain {
		return " [unverifiable: " + v.Reason + "]"
	}
	head := v.Reason
	if i := strings.Index(head, " ["); i > 0 {
		head = head[:i]
	}
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	if !n.seen[head] {
		n.seen[head] = true
		n.deps = append(n.deps, head)
	}
	return " [unverifiable: dependencies not installed]"
}

// flush prints the once-per-project reasons.
func (n *verdictNotes) flush(w io.Writer, rel func(string) string) {
	for _, d := range n.deps {
		// The reason names the project's directory absolutely.
		if i, j := strings.Index(d, "` in "), strings.LastIndex(d, ", then"); i > 0 && j > i {
			d = d[:i+5] + rel(d[i+5:j]) + d[j:]
		}
		fmt.Fprintf(w, "fixes could not be verified: %s\n", d)
	}
}
