package source

import (
	"fmt"
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

var vocabulary = struct {
	mu     sync.Mutex
	frozen atomic.Bool
	bits   map[string]uint16
	// sketch has the bit shape(w) set for every word w: a run whose
	// shape's bit is clear is no word, which spares most runs the map.
	sketch [sketchBits / 64]uint64
}{bits: map[string]uint16{}}

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
	set := PerModule(f, wordsKey{}, func() []uint64 { return scanWords(f.AST.Src) })
	for _, w := range words {
		if set[w.bit/64]&(1<<(w.bit%64)) != 0 {
			return true
		}
	}
	return false
}

type wordsKey struct{}

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
	t := &wordTable
	for i := 0; i < len(src); {
		k := t[src[i]]
		if k == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(src) && t[src[j]] != 0 {
			j++
		}
		// A run that starts with a digit is a number: 1e3 is no word.
		if k == 2 {
			if h := shape(src[i], src[j-1], j-i); v.sketch[h/64]&(1<<(h%64)) != 0 {
				if b, ok := v.bits[string(src[i:j])]; ok {
					set[b/64] |= 1 << (b % 64)
				}
			}
		}
		i = j
	}
	return set
}

var wordTable = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 2
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 2
	}
	t['_'], t['$'] = 2, 2
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	return t
}()

func wordStart(c byte) bool { return wordTable[c] == 2 }
func wordByte(c byte) bool  { return wordTable[c] != 0 }
