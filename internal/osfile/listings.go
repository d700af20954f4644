package osfile

import (
	"go/token"
	"runtime"
	"strings"
	"sync"
	"weak"
)

// Listings are the directory listings that one part of a run made, kept
// so that the others need not list the same directories again: project
// discovery lists every directory of the tree it walks, and then module
// resolution, the file cache and the search for configuration files ask
// about thousands of the same directories. Like the caches of a run,
// Listings assume that the tree holds still while they live; a directory
// they do not hold (one discovery skipped, such as node_modules, or one
// above the tree) is listed when asked about. A nil *Listings holds none.
type Listings struct {
	mu sync.Mutex
	m  map[string]Listing // by clean absolute directory
	// chunk is where the next listings go: one allocation for many
	// directories, as a tree of five thousand of them is listed in a few
	// milliseconds, and fresh memory costs a page fault per page.
	chunk []byte
}

// Listing is what a directory held when it was listed: for each entry,
// its Kind as a byte, its name and a NUL (which no name holds), in the
// order the file system gave them. One slice per directory keeps the tens
// of thousands of names of a tree out of the heap's pointer graph.
type Listing struct {
	raw []byte
}

// Reset empties l, keeping its memory for the next listing.
func (l *Listing) Reset() { l.raw = l.raw[:0] }

// Add appends an entry to l.
func (l *Listing) Add(name []byte, k Kind) {
	l.raw = append(l.raw, byte(k))
	l.raw = append(l.raw, name...)
	l.raw = append(l.raw, 0)
}

// each calls f for every entry; name is only valid during the call.
func (l *Listing) each(f func(name []byte, k Kind)) {
	for b := l.raw; len(b) > 0; {
		end := 1
		for b[end] != 0 {
			end++
		}
		f(b[1:end], Kind(b[0]))
		b = b[end+1:]
	}
}

// Put keeps a copy of l as the listing of dir, a clean absolute path.
// The first listing kept for a directory stays.
func (ls *Listings) Put(dir string, l *Listing) {
	if ls == nil {
		return
	}
	ls.mu.Lock()
	if ls.m == nil {
		ls.m = map[string]Listing{}
	}
	if _, ok := ls.m[dir]; !ok {
		ls.m[dir] = Listing{raw: ls.keep(l.raw)}
	}
	ls.mu.Unlock()
}

// keep returns a copy of b from ls.chunk; ls.mu is held.
func (ls *Listings) keep(b []byte) []byte {
	const chunkSize = 256 << 10
	n := len(b)
	if n > chunkSize/4 {
		return append([]byte(nil), b...)
	}
	if len(ls.chunk) < n {
		ls.chunk = make([]byte, chunkSize)
	}
	out := ls.chunk[:n:n]
	copy(out, b)
	ls.chunk = ls.chunk[n:]
	return out
}

func (ls *Listings) get(dir string) *Listing {
	if ls == nil {
		return nil
	}
	ls.mu.Lock()
	l, ok := ls.m[dir]
	ls.mu.Unlock()
	if !ok {
		return nil
	}
	return &l
}

// Kind returns the kind of the entry called name, spelled so, in the
// listing of dir, and whether ls holds that listing and the entry is in it.
func (ls *Listings) Kind(dir, name string) (Kind, bool) {
	l := ls.get(dir)
	if l == nil {
		return 0, false
	}
	var kind Kind
	found := false
	l.each(func(n []byte, k Kind) {
		if !found && string(n) == name {
			kind, found = k, true
		}
	})
	return kind, found
}

// Listed reports whether ls holds the listing of dir.
func (ls *Listings) Listed(dir string) bool { return ls.get(dir) != nil }

// ReadDir is the package's ReadDir, answered from the listing of dir when
// ls holds one.
func (ls *Listings) ReadDir(dir string, each func(name string, k Kind)) error {
	l := ls.get(dir)
	if l == nil {
		return readDir(dir, each)
	}
	l.each(func(name []byte, k Kind) { each(string(name), k) })
	return nil
}

// MayHold reports whether the directory dir may hold an entry called
// name: false only when ls holds the listing of dir and no entry of it is
// name in any ASCII case, or any non-ASCII spelling at all, since a file
// system may fold case or normalize Unicode, so that a name the listing
// spells otherwise may still open.
func (ls *Listings) MayHold(dir, name string) bool {
	l := ls.get(dir)
	if l == nil {
		return true
	}
	found := false
	l.each(func(n []byte, _ Kind) {
		if !found && (len(n) == len(name) && strings.EqualFold(string(n), name) || !ascii(n)) {
			found = true
		}
	})
	return found || !asciiString(name)
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func asciiString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// runs maps a run's FileSet to its Listings, so that the analyzers of a
// run, which know the run by its FileSet, find what the run's discovery
// listed. The key is weak, and the entry goes with the FileSet.
var runs sync.Map // weak.Pointer[token.FileSet] → *Listings

// Attach makes ls the Listings of the run on fset.
func Attach(fset *token.FileSet, ls *Listings) {
	key := weak.Make(fset)
	if _, loaded := runs.Swap(key, ls); !loaded {
		runtime.AddCleanup(fset, func(k weak.Pointer[token.FileSet]) { runs.Delete(k) }, key)
	}
}

// For returns the Listings of the run on fset, or nil.
func For(fset *token.FileSet) *Listings {
	if v, ok := runs.Load(weak.Make(fset)); ok {
		return v.(*Listings)
	}
	return nil
}
