package jsast

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// reserve is the memory SetReserve gave: trees take their node slabs,
// list arenas and nodeLists slabs from it, one after another, before they
// fall back to the heap.
var reserve struct {
	mem  atomic.Pointer[[]byte]
	used atomic.Int64 // bytes of *mem handed out, or asked for past its end

	// pinned are the treeMems of the trees that took memory from the
	// reserve. The collector sees no pointer in the reserve (it is a
	// byte slice), so a node there keeps neither its treeMem nor any
	// heap block its tree fell back to: the tree is kept here instead.
	mu     sync.Mutex
	pinned []*treeMem
}

// SetReserve makes the trees parsed from now on take their memory from
// mem, as long as it lasts, rather than from the heap. mem must be zero,
// and it is never reused: a tree that took memory from it is kept for as
// long as the process lives. nil stops it. It must not be called while
// a parse is under way.
//
// It is for runs that parse a batch of modules and keep most trees to
// the end, as a lint run does. Memory the heap hands out again must be
// zeroed first, and, as far as the runtime knows, that includes memory it
// handed out once and got back untouched. Trees are most of what such a
// run allocates; taking them from one block allocated at the start, which
// the kernel zeroed, skips that.
func SetReserve(mem []byte) {
	if mem == nil {
		reserve.mem.Store(nil)
		return
	}
	// Slabs hold words: start on one.
	if mis := uintptr(unsafe.Pointer(unsafe.SliceData(mem))) % 8; mis != 0 {
		if len(mem) < 8 {
			mem = nil
		} else {
			mem = mem[8-mis:]
		}
	}
	reserve.used.Store(0)
	reserve.mem.Store(&mem)
}

// fromReserve returns size bytes (a multiple of 8) of the reserve for m's
// tree, or nil when the reserve is unset or used up.
func fromReserve(m *treeMem, size uintptr) unsafe.Pointer {
	mp := reserve.mem.Load()
	if mp == nil {
		return nil
	}
	mem := *mp
	end := reserve.used.Add(int64(size))
	if end > int64(len(mem)) {
		return nil
	}
	if !m.pinned {
		m.pinned = true
		reserve.mu.Lock()
		reserve.pinned = append(reserve.pinned, m)
		reserve.mu.Unlock()
	}
	return unsafe.Pointer(&mem[end-int64(size)])
}
