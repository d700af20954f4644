package source

import (
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"
)

// Most modules of a monorepo hold nothing a given rule looks for: a rule
// about ctx.facets has nothing to do in a module whose text never says
// "facets". Walking such a module's tree anyway (and building its index
// and scopes to do so) is most of what those rules cost. A Word lets a
// rule ask first, for the price of one pass over the module's bytes that
// answers every rule's words at once.
//
// The answer errs on one side only: Mentions may say yes for a word that
// appears just in a comment or a string, but says no only when the word
// does not appear at all as a run of identifier characters. (A word
// spelled with a Unicode escape, \u0066acets, is not seen; no real code
// names what these rules look for that way.)

// A Word is an identifier that rules look for, registered with NewWord.
type Word struct{ bit uint16 }

var vocabulary vocab

type vocab struct {
	mu     sync.Mutex
	frozen atomic.Bool
	bits   map[string]uint16
	// lengths[c] has bit n set when a word of n bytes starts with byte c,
	// and sketch the bit shape(w) for every word w: a run that fails
	// either is no word. The scan tests lengths in its loop, which most
	// runs fail, and calls add for the rest, which tests sketch before
	// it looks in the map.
	lengths [256]uint64
	sketch  [sketchBits / 64]uint64
}

const sketchBits = 1 << 13

// shape hashes what a scan knows of a run without looking at it again:
// its length and its first and last bytes.
func shape(first, last byte, n int) uint32 {
	return (uint32(first)*0x9e37 ^ uint32(last)*0x85eb ^ uint32(n)*0xc2b3) % sketchBits
}

// NewWord registers word and returns it. Words are registered when
// packages are initialised (package-level variables): the vocabulary is
// fixed once the first module has been scanned, and NewWord panics after
// that, or for a word that is not made of ASCII identifier characters.
func NewWord(word string) Word {
	if word == "" || len(word) >= 64 || !wordStart(word[0]) {
		panic(fmt.Sprintf("source.NewWord(%q): not an ASCII identifier", word))
	}
	for i := 0; i < len(word); i++ {
		if !wordByte(word[i]) {
			panic(fmt.Sprintf("source.NewWord(%q): not an ASCII identifier", word))
		}
	}
	v := &vocabulary
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.bits == nil {
		v.bits = map[string]uint16{}
	}
	if b, ok := v.bits[word]; ok {
		return Word{b}
	}
	if v.frozen.Load() {
		panic(fmt.Sprintf("source.NewWord(%q) after modules were scanned; register words in package variables", word))
	}
	if len(v.bits) == 1<<16-1 {
		panic("source.NewWord: too many words")
	}
	b := uint16(len(v.bits))
	v.bits[word] = b
	v.lengths[word[0]] |= 1 << len(word)
	h := shape(word[0], word[len(word)-1], len(word))
	v.sketch[h/64] |= 1 << (h % 64)
	return Word{b}
}

// Mentions reports whether f's text may contain one of words: false only
// when none of them appears in it as a whole run of identifier
// characters. A file that was not read mentions everything.
func (f *File) Mentions(words ...Word) bool {
	if f == nil || f.AST == nil {
		return true
	}
	var set []uint64
	if m := f.mod; m != nil {
		m.wordsOnce.Do(func() { m.words = scanWords(m.ast.Src) })
		set = m.words
	} else {
		set = scanWords(f.AST.Src)
	}
	for _, w := range words {
		if set[w.bit/64]&(1<<(w.bit%64)) != 0 {
			return true
		}
	}
	return false
}

// scanWords returns the set of registered words that src holds, as a
// bit set indexed by Word.bit.
func scanWords(src []byte) []uint64 {
	v := &vocabulary
	if !v.frozen.Load() {
		v.mu.Lock()
		v.frozen.Store(true)
		v.mu.Unlock()
	}
	// Once frozen the vocabulary is read without the lock.
	set := make([]uint64, (len(v.bits)+63)/64)
	// Runs are found from a mask of 64 bytes at a time, one bit per
	// identifier byte: building the mask has no branch that depends on
	// the text, and a run's ends are found with a count of zeros, where
	// a test per byte mispredicted at most run boundaries.
	t := &wordTable
	lengths := &v.lengths
	start := -1 // where the run that reaches the current block began
	base := 0
	for ; base < len(src); base += 64 {
		var m uint64
		if len(src)-base >= 64 {
			b := src[base : base+64 : base+64]
			for k := 0; k < 64; k += 8 {
				m |= (uint64(t[b[k]]&1) | uint64(t[b[k+1]]&1)<<1 |
					uint64(t[b[k+2]]&1)<<2 | uint64(t[b[k+3]]&1)<<3 |
					uint64(t[b[k+4]]&1)<<4 | uint64(t[b[k+5]]&1)<<5 |
					uint64(t[b[k+6]]&1)<<6 | uint64(t[b[k+7]]&1)<<7) << k
			}
		} else {
			for k, c := range src[base:] {
				m |= uint64(t[c]&1) << k
			}
		}
		pos := 0
		for {
			if start >= 0 {
				z := ^m >> pos
				if z == 0 {
					break // the run goes on into the next block
				}
				pos += bits.TrailingZeros64(z)
				if n := base + pos - start; n < 64 && lengths[src[start]]&(1<<n) != 0 {
					v.add(set, src, start, base+pos)
				}
				start = -1
			}
			r := m >> pos
			if r == 0 {
				break
			}
			pos += bits.TrailingZeros64(r)
			start = base + pos
		}
	}
	if n := len(src) - start; start >= 0 && n < 64 && lengths[src[start]]&(1<<n) != 0 {
		v.add(set, src, start, len(src))
	}
	return set
}

// add adds to set the word src[i:j] if it is one, given that it is a
// whole run of identifier bytes whose first byte and length fit a word
// (lengths; no word starts with a digit, so 1e3 never gets here).
func (v *vocab) add(set []uint64, src []byte, i, j int) {
	if h := shape(src[i], src[j-1], j-i); v.sketch[h/64]&(1<<(h%64)) != 0 {
		if b, ok := v.bits[string(src[i:j])]; ok {
			set[b/64] |= 1 << (b % 64)
		}
	}
}

// wordTable has bit 1 set for the bytes of identifiers and bit 2 for
// those that may start one.
var wordTable = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 3
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 3
	}
	t['_'], t['$'] = 3, 3
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	return t
}()

func wordStart(c byte) bool { return wordTable[c] == 3 }
func wordByte(c byte) bool  { return wordTable[c] != 0 }
