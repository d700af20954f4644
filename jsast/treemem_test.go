package jsast

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// treeSources are sources that between them use every kind of node and
// list the parser makes, recovery from errors and speculation included.
func treeSources(t *testing.T) []benchFile {
	files := benchFiles(t)
	for i, c := range []string{
		"let a: | A = x, b: & B = y; type U = | 'a' | 'b'; type I = & C & D;",
		"const f = async x => x, g = async (a, b = 1) => a + b, h = (x) => (y) => x;",
		"@d class C<T> extends B implements I { @p constructor(@q private x: T) { super(); } m?<U>(): void; static { } }",
		"function* g() { yield* f<T>(a < b > (c)); } for await (const x of y) {} label: while (0) break label;",
		"const e = <div a=\"1\" {...p}>text {x} <b/></div>; const g = <T,>(x: T) => x;",
		"enum E { A = 1, B } declare module 'm' { export = x; } namespace N.M { export declare const x: number; }",
		"import d, * as ns from 'x'; import { a as b, type c } from 'y' with { type: 'json' }; export * as q from 'z';",
		"type M<T> = { readonly [K in keyof T as `g${K & string}`]-?: T[K] extends infer U extends string ? U : never };",
		"x = (a = require('./a'), b) => b; y = (a, ; z = f(1, 2",
		"k = y => y; @a export @b class K {} export @c class L {}",
		strings.Repeat("[", 300) + strings.Repeat("]", 300),
	} {
		name := fmt.Sprintf("tree%d.ts", i)
		if strings.Contains(c, "<div") {
			name = fmt.Sprintf("tree%d.tsx", i)
		}
		files = append(files, benchFile{name, []byte(c)})
	}
	return files
}

// TestTreeMemory checks what lets the collector skip node memory (see
// treeMem): every node of a tree, every list and every nodeLists a node
// points to lies in a block of memory its tree registered.
func TestTreeMemory(t *testing.T) {
	for _, bf := range treeSources(t) {
		for _, fault := range memoryFaults(Parse(bf.name, bf.src)) {
			t.Errorf("%s: %s", bf.name, fault)
		}
	}
}

// TestTreeMemoryReserve is TestTreeMemory for trees that take their
// memory from a reserve, wholly or, the reserve used up, in part; the
// trees must be those parsed from the heap.
func TestTreeMemoryReserve(t *testing.T) {
	var want []string
	for _, bf := range treeSources(t) {
		want = append(want, dumpTree(Parse(bf.name, bf.src).Root))
	}
	// The second reserve holds just the first slab of the first tree, so
	// that tree is the one to take memory from both.
	sizes := []int{256 << 20, 0}
	for _, size := range sizes {
		mem := withReserve(t, size)
		inReserve := func(b memBlock) bool {
			lo := uintptr(unsafe.Pointer(unsafe.SliceData(mem)))
			return uintptr(b.p) >= lo && uintptr(b.p)+b.size <= lo+uintptr(len(mem))
		}
		mixed := 0
		for i, bf := range treeSources(t) {
			f := Parse(bf.name, bf.src)
			if sizes[1] == 0 {
				sizes[1] = int(f.mem.blocks[0].size)
			}
			for _, fault := range memoryFaults(f) {
				t.Errorf("reserve of %d bytes: %s: %s", size, bf.name, fault)
			}
			if got := dumpTree(f.Root); got != want[i] {
				t.Errorf("reserve of %d bytes: %s: the tree differs from the one parsed without", size, bf.name)
			}
			reserved := 0
			for _, b := range f.mem.blocks {
				if inReserve(b) {
					reserved++
				}
			}
			if reserved > 0 && !f.mem.pinned {
				t.Errorf("reserve of %d bytes: %s took memory from the reserve and is not pinned", size, bf.name)
			}
			if size == sizes[0] && reserved != len(f.mem.blocks) {
				t.Errorf("%s: %d of %d blocks from the heap, with room in the reserve", bf.name, len(f.mem.blocks)-reserved, len(f.mem.blocks))
			}
			if reserved > 0 && reserved < len(f.mem.blocks) {
				mixed++
			}
		}
		if size == sizes[1] && mixed != 1 {
			t.Errorf("reserve of %d bytes: %d trees took memory both from it and from the heap; want 1", size, mixed)
		}
		SetReserve(nil)
	}
}

// memoryFaults lists the first few nodes and lists of f that are not in
// memory its tree registered: the collector does not scan node memory,
// so such memory could be freed while the tree is in use.
func memoryFaults(f *File) []string {
	in := func(p unsafe.Pointer, size uintptr) bool {
		for _, b := range f.mem.blocks {
			if uintptr(p) >= uintptr(b.p) && uintptr(p)+size <= uintptr(b.p)+b.size {
				return true
			}
		}
		return false
	}
	var faults []string
	Inspect(f.Root, func(n *Node) bool {
		if n == nil || len(faults) > 3 {
			return false
		}
		if !in(unsafe.Pointer(n), unsafe.Sizeof(*n)) {
			faults = append(faults, fmt.Sprintf("%s node at %d is not in its tree's memory", n.Kind, n.Start))
		}
		if len(n.List) > 0 && !in(unsafe.Pointer(unsafe.SliceData(n.List)), uintptr(len(n.List))*unsafe.Sizeof(n)) {
			faults = append(faults, fmt.Sprintf("the list of the %s node at %d is not in its tree's memory", n.Kind, n.Start))
		}
		if n.more != nil && !in(unsafe.Pointer(n.more), unsafe.Sizeof(*n.more)) {
			faults = append(faults, fmt.Sprintf("the nodeLists of the %s node at %d are not in its tree's memory", n.Kind, n.Start))
		}
		for _, l := range [][]*Node{n.Params(), n.TypeParams(), n.Decorators()} {
			if len(l) > 0 && !in(unsafe.Pointer(unsafe.SliceData(l)), uintptr(len(l))*unsafe.Sizeof(n)) {
				faults = append(faults, fmt.Sprintf("a list in the nodeLists of the %s node at %d is not in its tree's memory", n.Kind, n.Start))
			}
		}
		return true
	})
	return faults
}

// dumpTree describes every node of a tree, every field the collector is
// told nothing about included.
func dumpTree(n *Node) string {
	var b strings.Builder
	Inspect(n, func(n *Node) bool {
		if n == nil {
			b.WriteString(")")
			return false
		}
		fmt.Fprintf(&b, "(%s %d %d %d %d %d", n.Kind, n.Op, n.Flags, n.Start, n.End, len(n.List))
		return true
	})
	return b.String()
}

// TestTreeKeptByAnyPointer drops everything of a parsed file but one node
// deep in its tree and one list, collects garbage and reuses the freed
// memory, and checks that the whole tree survived: a node's pointers are
// hidden from the collector, so the tree must be kept as a whole.
func TestTreeKeptByAnyPointer(t *testing.T) {
	src := manyFunctions()
	want := dumpTree(Parse("a.ts", src).Root)
	wantTail := dumpTree(Parse("a.ts", src).Root.List[1999])
	var deep *Node
	var list []*Node
	func() {
		f := Parse("a.ts", src)
		deep = f.Root.List[1999]
		list = f.Root.List[:1]
	}()
	reuseFreedMemory()
	if got := dumpTree(deep); got != wantTail {
		t.Fatalf("a kept node's subtree changed after collection")
	}
	if got := dumpTree(list[0]); !strings.HasPrefix(want, "(File 0 0 0") || !strings.Contains(want, got) {
		t.Fatalf("a kept list's first subtree changed after collection")
	}
}

// TestTreeKeptFromReserve keeps only the root of a tree that took its
// first slabs from a reserve and, the reserve used up, the rest from the
// heap. The root lies in the reserve, where the collector sees no
// pointer: the heap slabs are kept only by the pinned treeMem.
func TestTreeKeptFromReserve(t *testing.T) {
	src := manyFunctions()
	want := dumpTree(Parse("a.ts", src).Root)
	withReserve(t, 256<<10)
	var root *Node
	func() { root = Parse("a.ts", src).Root }()
	if used := reserve.used.Load(); used <= 256<<10 {
		t.Fatalf("the reserve was not used up (%d bytes taken)", used)
	}
	reuseFreedMemory()
	if got := dumpTree(root); got != want {
		t.Fatalf("the tree changed after collection")
	}
}

// withReserve gives the parses of the rest of t a reserve of n bytes.
func withReserve(t *testing.T, n int) []byte {
	mem := make([]byte, n)
	SetReserve(mem)
	t.Cleanup(func() { SetReserve(nil) })
	return mem
}

// manyFunctions is a module of 2,000 functions, whose tree takes a few
// MB.
func manyFunctions() []byte {
	var src strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&src, "export function f%d(a: number, b = [%d, 'x']) { return g(a, b, () => ({ k: a + %d })); }\n", i, i, i)
	}
	return []byte(src.String())
}

// reuseFreedMemory collects garbage and fills the memory it freed, so
// that a tree whose memory was freed while in use reads as changed.
func reuseFreedMemory() {
	var junk [][]byte
	for range 3 {
		runtime.GC()
		for range 2000 {
			junk = append(junk, make([]byte, 4096), make([]byte, 16384), make([]byte, 32768))
		}
		for _, j := range junk {
			for i := range j {
				j[i] = 0xff
			}
		}
		junk = junk[:0]
	}
	runtime.GC()
}
