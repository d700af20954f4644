// Package fix applies the suggested fixes of a lint run: it chooses which
// fixes may apply, refuses overlapping edits, runs further rounds until no
// fix remains, re-checks the syntax of every file it changed, and writes
// files atomically.
package fix

import (
	"bytes"
	"fmt"
	"sort"
)

// Edit replaces src[Start:End] with New.
type Edit struct {
	Start, End int
	New        []byte
}

func (e Edit) same(o Edit) bool {
	return e.Start == o.Start && e.End == o.End && bytes.Equal(e.New, o.New)
}

// overlaps reports whether two edits touch the same bytes. Two insertions
// at one offset overlap too: their order would be a guess.
func (e Edit) overlaps(o Edit) bool {
	if e.Start == e.End && o.Start == o.End {
		return e.Start == o.Start
	}
	return e.Start < o.End && o.Start < e.End || (e.Start == e.End && e.Start > o.Start && e.Start < o.End) || (o.Start == o.End && o.Start > e.Start && o.Start < e.End)
}

// Apply returns src with the edits applied. Edits must not overlap; exact
// duplicates count once.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	edits = append([]Edit(nil), edits...)
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Start != edits[j].Start {
			return edits[i].Start < edits[j].Start
		}
		return edits[i].End < edits[j].End
	})
	var out bytes.Buffer
	last := 0
	for i, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) is outside the file (%d bytes)", e.Start, e.End, len(src))
		}
		if i > 0 && e.same(edits[i-1]) {
			continue
		}
		if e.Start < last || (i > 0 && e.overlaps(edits[i-1])) {
			return nil, fmt.Errorf("edits at [%d,%d) and [%d,%d) overlap", edits[i-1].Start, edits[i-1].End, e.Start, e.End)
		}
		out.Write(src[last:e.Start])
		out.Write(e.New)
		last = e.End
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}
