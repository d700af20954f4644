package source

import (
	"iter"
	"sort"
	"sync"
	"unsafe"

	"github.com/dolint-dev/dolint/jsast"
)

// Index lists a file's nodes in source order (preorder) with each node's
// parent and subtree extent, plus, per kind, where nodes of that kind
// are. A rule that wants the calls inside one class asks for exactly
// those and visits nothing else.
//
// An Index is built on first use, so that files no rule asks about cost
// nothing; it is safe for concurrent use.
type Index struct {
	root      *jsast.Node
	sizeHint  int
	buildOnce sync.Once

	// nodes is memory the collector does not scan (see nodeList): root
	// keeps the whole tree, and so every node listed, alive.
	nodes []*jsast.Node
	links []link       // per node, in step with nodes
	kinds []jsast.Kind // per node: grouping by kind then reads no node again

	// byKind lists the preorder indices grouped by kind, ascending within
	// a kind; kindAt[k] is where kind k's start. Both are built on the
	// first kind query, as one list and one array without pointers: an
	// Index per module of the run is kept, and scanned by every
	// collection.
	kindsOnce sync.Once
	byKind    []int32
	kindAt    *[257]int32

	selMu sync.Mutex
	sel   map[any]*selection // see Select
}

type link struct {
	parent int32 // index of the parent, -1 for the root
	end    int32 // one past the last index of the node's subtree
}

type selection struct {
	once sync.Once
	list []int32 // preorder indices, ascending
	ok   bool    // list is whole (keep did not panic)
}

// newIndex walks the tree under root. sizeHint is the source length, from
// which the node count is estimated to avoid regrowing the slices.
func newIndex(root *jsast.Node, sizeHint int) *Index {
	return &Index{root: root, sizeHint: sizeHint}
}

func (ix *Index) build() *Index {
	ix.buildOnce.Do(func() {
		if ix.root == nil {
			return
		}
		n := ix.sizeHint/9 + 16 // real modules average one node per 9.9 bytes
		ix.nodes = nodeList(n)
		ix.links = make([]link, 0, n)
		ix.kinds = make([]jsast.Kind, 0, n)
		ix.add(ix.root, -1)
	})
	return ix
}

// nodeList returns an empty list of capacity n in memory the collector
// does not scan. A tree's nodes are kept alive as a whole by any pointer
// into it (see jsast's treeMem), and the Index holds its root; the
// collector would otherwise follow one pointer per node of every kept
// module into the tree's slabs at each cycle, to learn nothing.
func nodeList(n int) []*jsast.Node {
	words := make([]uint64, n)
	return unsafe.Slice((**jsast.Node)(unsafe.Pointer(unsafe.SliceData(words))), n)[:0]
}

func (ix *Index) add(n *jsast.Node, parent int32) {
	i := int32(len(ix.nodes))
	if len(ix.nodes) == cap(ix.nodes) {
		// append would grow it into scanned memory.
		grown := nodeList(2 * cap(ix.nodes))
		ix.nodes = append(grown, ix.nodes...)
	}
	ix.nodes = append(ix.nodes, n)
	ix.links = append(ix.links, link{parent: parent})
	ix.kinds = append(ix.kinds, n.Kind)
	if n.Name == nil && n.X == nil && n.Y == nil && len(n.List) == 0 && n.Z == nil && n.Type == nil && n.Body == nil && len(n.Params()) == 0 && len(n.TypeParams()) == 0 && len(n.Decorators()) == 0 {
		// A leaf, as identifiers and literals, half of all nodes, are.
		ix.links[i].end = i + 1
		return
	}
	// The named fields and short lists are sorted here; List, which may
	// be long, is in source order already and is merged in, not copied.
	var buf [8]*jsast.Node
	fields := fieldChildren(n, buf[:0])
	list := n.List
	for len(fields) > 0 || len(list) > 0 {
		var c *jsast.Node
		if len(list) == 0 || (len(fields) > 0 && fields[0].Start <= list[0].Start) {
			c, fields = fields[0], fields[1:]
		} else {
			c, list = list[0], list[1:]
		}
		ix.add(c, i)
	}
	ix.links[i].end = int32(len(ix.nodes))
}

// ofKind returns the preorder indices of the nodes of kind k, ascending.
func (ix *Index) ofKind(k jsast.Kind) []int32 {
	ix.build()
	ix.kindsOnce.Do(func() {
		at := new([257]int32)
		for _, k := range ix.kinds {
			at[int(k)+1]++
		}
		for k := 1; k < len(at); k++ {
			at[k] += at[k-1]
		}
		ix.byKind = make([]int32, len(ix.kinds))
		next := *at
		for i, k := range ix.kinds {
			ix.byKind[next[k]] = int32(i)
			next[k]++
		}
		ix.kindAt = at
	})
	return ix.byKind[ix.kindAt[k]:ix.kindAt[int(k)+1]:ix.kindAt[int(k)+1]]
}

// fieldChildren appends n's children other than List to buf in source
// order and returns it. The node model spreads children over named
// fields and lists; this and add are the places that know all of them.
func fieldChildren(n *jsast.Node, buf []*jsast.Node) []*jsast.Node {
	// Most nodes have no decorators, type parameters or parameters:
	// appending their empty lists anyway cost a call to copy each time.
	if d := n.Decorators(); len(d) > 0 {
		buf = append(buf, d...)
	}
	if n.Name != nil {
		buf = append(buf, n.Name)
	}
	if n.X != nil {
		buf = append(buf, n.X)
	}
	if n.Y != nil {
		buf = append(buf, n.Y)
	}
	if n.Z != nil {
		buf = append(buf, n.Z)
	}
	if n.Type != nil {
		buf = append(buf, n.Type)
	}
	if n.Body != nil {
		buf = append(buf, n.Body)
	}
	if p := n.TypeParams(); len(p) > 0 {
		buf = append(buf, p...)
	}
	if p := n.Params(); len(p) > 0 {
		buf = append(buf, p...)
	}
	if len(buf) < 2 {
		return buf
	}
	return sortByStart(buf)
}

// sortByStart sorts nodes by start offset, keeping the order of those
// that start together. Fields are not in source order for every kind
// (`export { a as b }` keeps b in Name and a in X); the lists are short,
// so insertion sort.
func sortByStart(buf []*jsast.Node) []*jsast.Node {
	for i := 1; i < len(buf); i++ {
		for j := i; j > 0 && buf[j].Start < buf[j-1].Start; j-- {
			buf[j], buf[j-1] = buf[j-1], buf[j]
		}
	}
	return buf
}

// span returns the preorder indices [lo, hi) of within's subtree (the
// whole file for nil); ok is false for a node not in the file.
func (ix *Index) span(within *jsast.Node) (lo, hi int32, ok bool) {
	if within == nil {
		return 0, int32(len(ix.nodes)), true
	}
	i := ix.indexOf(within)
	if i < 0 {
		return 0, 0, false
	}
	return i, ix.links[i].end, true
}

// indexOf finds n's position in the preorder, or -1.
func (ix *Index) indexOf(n *jsast.Node) int32 {
	if n == nil {
		return -1
	}
	i := sort.Search(len(ix.nodes), func(i int) bool { return ix.nodes[i].Start >= n.Start })
	for ; i < len(ix.nodes) && ix.nodes[i].Start == n.Start; i++ {
		if ix.nodes[i] == n {
			return int32(i)
		}
	}
	// Ranges of nodes recovered from syntax errors may break the order.
	for i, m := range ix.nodes {
		if m == n {
			return int32(i)
		}
	}
	return -1
}

// Len is the number of nodes in the file.
func (ix *Index) Len() int { return len(ix.build().nodes) }

// Nodes yields, in source order, the nodes of the given kinds inside
// within (within included); within == nil means the whole file. With no
// kinds it yields every node.
func (ix *Index) Nodes(within *jsast.Node, kinds ...jsast.Kind) iter.Seq[*jsast.Node] {
	ix.build()
	lo, hi, ok := ix.span(within)
	if !ok {
		return func(func(*jsast.Node) bool) {}
	}
	return func(yield func(*jsast.Node) bool) {
		switch len(kinds) {
		case 0:
			for _, n := range ix.nodes[lo:hi] {
				if !yield(n) {
					return
				}
			}
		case 1:
			list := ix.ofKind(kinds[0])
			j := sort.Search(len(list), func(j int) bool { return list[j] >= lo })
			for ; j < len(list) && list[j] < hi; j++ {
				if !yield(ix.nodes[list[j]]) {
					return
				}
			}
		default:
			// Merge the per-kind lists so that output stays in source order.
			pos := make([]int, len(kinds))
			lists := make([][]int32, len(kinds))
			for k, kind := range kinds {
				list := ix.ofKind(kind)
				lists[k] = list
				pos[k] = sort.Search(len(list), func(j int) bool { return list[j] >= lo })
			}
			for {
				best, bestK := hi, -1
				for k, list := range lists {
					if pos[k] < len(list) && list[pos[k]] < best {
						best, bestK = list[pos[k]], k
					}
				}
				if bestK < 0 {
					return
				}
				pos[bestK]++
				if !yield(ix.nodes[best]) {
					return
				}
			}
		}
	}
}

// Select yields, in source order, the nodes of the given kinds inside
// within (within included; nil means the whole file) that keep accepts.
// A rule that scans every file of a project for a few calls would look at
// a shared module's nodes again for every project that reaches it: what
// keep accepts is found once, over the whole file, and remembered with the
// tree under key. So keep must answer from the node and the file's tree
// alone (not from the project), and one key must always mean one keep.
func (ix *Index) Select(within *jsast.Node, key any, keep func(*jsast.Node) bool, kinds ...jsast.Kind) iter.Seq[*jsast.Node] {
	ix.build()
	ix.selMu.Lock()
	if ix.sel == nil {
		ix.sel = map[any]*selection{}
	}
	s := ix.sel[key]
	if s == nil {
		s = &selection{}
		ix.sel[key] = s
	}
	ix.selMu.Unlock()
	s.once.Do(func() {
		for _, k := range kinds {
			for _, i := range ix.ofKind(k) {
				if keep(ix.nodes[i]) {
					s.list = append(s.list, i)
				}
			}
		}
		if len(kinds) > 1 {
			sort.Slice(s.list, func(a, b int) bool { return s.list[a] < s.list[b] })
		}
		s.ok = true
	})
	if !s.ok {
		// The first selection panicked: select here, panicking alike.
		return func(yield func(*jsast.Node) bool) {
			for n := range ix.Nodes(within, kinds...) {
				if keep(n) && !yield(n) {
					return
				}
			}
		}
	}
	lo, hi, ok := ix.span(within)
	if !ok {
		return func(func(*jsast.Node) bool) {}
	}
	return func(yield func(*jsast.Node) bool) {
		j := sort.Search(len(s.list), func(j int) bool { return s.list[j] >= lo })
		for ; j < len(s.list) && s.list[j] < hi; j++ {
			if !yield(ix.nodes[s.list[j]]) {
				return
			}
		}
	}
}

// Parent returns n's parent, or nil for the root or a node not in the file.
func (ix *Index) Parent(n *jsast.Node) *jsast.Node {
	i := ix.build().indexOf(n)
	if i < 0 || ix.links[i].parent < 0 {
		return nil
	}
	return ix.nodes[ix.links[i].parent]
}

// Ancestors yields n's parent, its parent, and so on up to the root.
func (ix *Index) Ancestors(n *jsast.Node) iter.Seq[*jsast.Node] {
	return func(yield func(*jsast.Node) bool) {
		i := ix.build().indexOf(n)
		if i < 0 {
			return
		}
		for p := ix.links[i].parent; p >= 0; p = ix.links[p].parent {
			if !yield(ix.nodes[p]) {
				return
			}
		}
	}
}
