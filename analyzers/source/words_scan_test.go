package source

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveWords is scanWords written byte by byte, the definition the
// block scan must agree with.
func naiveWords(src []byte) []uint64 {
	v := &vocabulary
	set := make([]uint64, (len(v.bits)+63)/64)
	for i := 0; i < len(src); {
		if !wordByte(src[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(src) && wordByte(src[j]) {
			j++
		}
		if b, ok := v.bits[string(src[i:j])]; ok && wordStart(src[i]) {
			set[b/64] |= 1 << (b % 64)
		}
		i = j
	}
	return set
}

// The words the test texts are made of, registered before any scan.
var _ = []Word{NewWord("facets"), NewWord("x"), NewWord("$_9")}

// TestScanWordsBlocks checks runs that cross or end on the 64-byte
// blocks of the scan, and texts that end inside a run.
func TestScanWordsBlocks(t *testing.T) {
	pieces := []string{"facets", "x", "$_9", "1facets", "facets1", "é", " ", ".", "\"", "\n", "xx", "afacets", "\xff"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var src []byte
		for len(src) < rng.IntN(300) {
			src = append(src, pieces[rng.IntN(len(pieces))]...)
		}
		if got, want := scanWords(src), naiveWords(src); !slices.Equal(got, want) {
			t.Fatalf("scanWords(%q) = %b, want %b", src, got, want)
		}
	}
	for pad := 0; pad < 140; pad++ {
		for _, w := range []string{"facets", "x", "$_9"} {
			src := append(make([]byte, 0, pad+len(w)), []byte(w)...)
			src = append(slices.Repeat([]byte{' '}, pad), src...)
			if got, want := scanWords(src), naiveWords(src); !slices.Equal(got, want) || got[0] == 0 {
				t.Fatalf("scanWords(%q) = %b, want %b", src, got, want)
			}
		}
	}
}
