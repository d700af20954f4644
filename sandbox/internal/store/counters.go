package store

import (
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Row counters.
//
// workerd's rowsRead and rowsWritten come from counters its SQLite build
// keeps in the bytecode engine: a row is read each time a cursor is
// positioned by a seek (SeekGE/GT/LE/LT, SeekRowid, NotExists), by Rewind
// or Last (and Sort and SorterSort, which share Rewind's code), or moved by a successful Next/Prev (sorters included), each time
// a virtual table steps (VNext), and Count adds the number of entries it
// counted. A row is written by each Insert, IdxInsert and counted Delete on
// a non-ephemeral cursor, by each virtual table update, and Clear adds the
// rows it removed.
//
// Stock SQLite has no such counters (sqlite3_stmt_status counts steps, not
// rows, and modernc's build leaves out sqlite3_stmt_scanstatus), so the
// sandbox adds them to each user statement's program after it is compiled.
// That reaches into SQLite's internal structs through unsafe; the layout
// and SQLite version this was checked with are pinned by
// TestCountersLayout, which fails on a modernc upgrade that changes them. Next and Prev already bump
// aCounter[p5] on success (p5 is 0 or SQLITE_STMTSTATUS_FULLSCAN_STEP),
// which gives their share. Every other counted instruction is moved into a
// trampoline appended to the program, next to an AddImm (or Add) on one of
// two registers appended to the statement's memory, and replaced in place
// by a Goto to it; jump targets stay valid because nothing moves except
// what the Gotos lead to. The counters are read back from those registers.

type rowCounters struct {
	ops  uintptr // the instrumented program
	mem  uintptr // the statement's memory cells plus the two counters
	regR int32   // register counting rows read (other than Next)
	regW int32   // register counting rows written
}

var (
	opSize  = unsafe.Sizeof(sqlite3.TVdbeOp{})
	memSize = unsafe.Sizeof(sqlite3.TMem{})
)

func vdbeOf(p uintptr) *sqlite3.TVdbe { return (*sqlite3.TVdbe)(cptr(p)) }

// instrument adds the row counters to s's program. It must run before the
// first step.
func (s *stmt) instrument() {
	tls := s.c.tls
	if sqlite3.Xsqlite3_stmt_isexplain(tls, s.p) != 0 {
		return
	}
	v := vdbeOf(s.p)
	n := int(v.FnOp)
	old := unsafe.Slice((*sqlite3.TVdbeOp)(cptr(v.FaOp)), n)
	ops := append([]sqlite3.TVdbeOp(nil), old...)
	regR, regW := v.FnMem, v.FnMem+1

	ephemeral := map[int32]bool{}
	// seekEq marks cursors opened for equality seeks: a seek on one that
	// finds an equal key skips the comparison that follows it.
	seekEq := map[int32]bool{}
	for _, op := range ops {
		switch int(op.Fopcode) {
		case sqlite3.OP_OpenEphemeral, sqlite3.OP_OpenAutoindex, sqlite3.OP_SorterOpen, sqlite3.OP_OpenPseudo:
			ephemeral[op.Fp1] = true
		case sqlite3.OP_OpenRead, sqlite3.OP_OpenWrite, sqlite3.OP_ReopenIdx:
			if op.Fp5&sqlite3.OPFLAG_SEEKEQ != 0 {
				seekEq[op.Fp1] = true
			}
		}
	}
	for _, op := range ops {
		if int(op.Fopcode) == sqlite3.OP_OpenDup && ephemeral[op.Fp2] {
			ephemeral[op.Fp1] = true
		}
	}

	addImm := func(reg int32) sqlite3.TVdbeOp {
		return sqlite3.TVdbeOp{Fopcode: sqlite3.OP_AddImm, Fp1: reg, Fp2: 1}
	}
	gotoOp := func(addr int) sqlite3.TVdbeOp {
		return sqlite3.TVdbeOp{Fopcode: sqlite3.OP_Goto, Fp2: int32(addr)}
	}
	// trampoline replaces the instruction at a with a jump to seq.
	trampoline := func(a int, seq ...sqlite3.TVdbeOp) {
		start := len(ops)
		ops = append(ops, seq...)
		ops[a] = gotoOp(start)
	}
	changed := false
	for a := 0; a < n; a++ {
		op := ops[a]
		switch int(op.Fopcode) {
		case sqlite3.OP_Rewind, sqlite3.OP_SorterSort, sqlite3.OP_Sort, sqlite3.OP_Last,
			sqlite3.OP_NotExists, sqlite3.OP_SeekRowid, sqlite3.OP_VNext:
			trampoline(a, addImm(regR), op, gotoOp(a+1))
		case sqlite3.OP_SeekGE, sqlite3.OP_SeekGT, sqlite3.OP_SeekLE, sqlite3.OP_SeekLT:
			if a > 0 && int(ops[a-1].Fopcode) == sqlite3.OP_SeekScan {
				// SeekScan reads the seek that follows it; leave the pair.
				continue
			}
			next := -1
			if a+1 < n {
				next = int(ops[a+1].Fopcode)
			}
			if seekEq[op.Fp1] && (next == sqlite3.OP_IdxGT || next == sqlite3.OP_IdxLT) {
				// An equality seek that finds no equal key jumps away
				// uncounted; one that does skips the comparison after it.
				trampoline(a, op, ops[a+1], addImm(regR), gotoOp(a+2))
			} else {
				trampoline(a, addImm(regR), op, gotoOp(a+1))
			}
		case sqlite3.OP_Count:
			if op.Fp3 == 0 {
				add := sqlite3.TVdbeOp{Fopcode: sqlite3.OP_Add, Fp1: op.Fp2, Fp2: regR, Fp3: regR}
				trampoline(a, op, add, gotoOp(a+1))
			}
		case sqlite3.OP_Insert:
			if !ephemeral[op.Fp1] && op.Fp5&sqlite3.OPFLAG_ISNOOP == 0 {
				trampoline(a, addImm(regW), op, gotoOp(a+1))
			}
		case sqlite3.OP_IdxInsert:
			if !ephemeral[op.Fp1] {
				trampoline(a, addImm(regW), op, gotoOp(a+1))
			}
		case sqlite3.OP_Delete:
			if !ephemeral[op.Fp1] && op.Fp2&sqlite3.OPFLAG_NCHANGE != 0 {
				trampoline(a, addImm(regW), op, gotoOp(a+1))
			}
		case sqlite3.OP_VUpdate:
			trampoline(a, op, addImm(regW), gotoOp(a+1))
		case sqlite3.OP_Clear:
			if op.Fp3 < 0 {
				// A negative P3 only counts changes; a register in P3 also
				// receives the number of rows cleared.
				ops[a].Fp3 = regW
				changed = true
			}
		default:
			continue
		}
		changed = true
	}
	if !changed {
		return
	}

	newOps := sqlite3.Xsqlite3_malloc64(tls, uint64(uintptr(len(ops))*opSize))
	if newOps == 0 {
		return
	}
	copy(unsafe.Slice((*sqlite3.TVdbeOp)(cptr(newOps)), len(ops)), ops)
	nMem := int(v.FnMem)
	mem := sqlite3.Xsqlite3_malloc64(tls, uint64(uintptr(nMem+2)*memSize))
	if mem == 0 {
		sqlite3.Xsqlite3_free(tls, newOps)
		return
	}
	cells := unsafe.Slice((*sqlite3.TMem)(cptr(mem)), nMem+2)
	if nMem > 0 {
		copy(cells, unsafe.Slice((*sqlite3.TMem)(cptr(v.FaMem)), nMem))
	}
	for _, r := range []int32{regR, regW} {
		cells[r] = sqlite3.TMem{Fflags: sqlite3.MEM_Int, Fdb: s.c.db}
	}
	// The compiled program may hold the statement's other arrays in its
	// spare space, so it must live as long as the statement. Linked as a
	// one-instruction subprogram, it is freed with the statement, by the
	// allocator it came from; its first instruction gives up its P4, which
	// the copy now owns.
	sub := sqlite3.Xsqlite3_malloc64(tls, uint64(unsafe.Sizeof(sqlite3.TSubProgram{})))
	if sub == 0 {
		sqlite3.Xsqlite3_free(tls, newOps)
		sqlite3.Xsqlite3_free(tls, mem)
		return
	}
	*(*sqlite3.TSubProgram)(cptr(sub)) = sqlite3.TSubProgram{FaOp: v.FaOp, FnOp: 1, FpNext: v.FpProgram}
	(*sqlite3.TVdbeOp)(cptr(v.FaOp)).Fp4type = sqlite3.P4_NOTUSED
	v.FpProgram = sub
	s.cnt = &rowCounters{ops: newOps, mem: mem, regR: regR, regW: regW}
	v.FaOp = newOps
	v.FnOp = int32(len(ops))
	v.FnOpAlloc = int32(len(ops))
	v.FaMem = mem
}

// rows returns the statement's row counters so far.
func (s *stmt) rows() (read, written int) {
	v := vdbeOf(s.p)
	read = int(v.FaCounter[0]) + int(v.FaCounter[sqlite3.SQLITE_STMTSTATUS_FULLSCAN_STEP])
	if c := s.cnt; c != nil && v.FaOp == c.ops {
		cells := unsafe.Slice((*sqlite3.TMem)(cptr(c.mem)), c.regW+1)
		read += int(*(*int64)(unsafe.Pointer(&cells[c.regR].Fu)))
		written = int(*(*int64)(unsafe.Pointer(&cells[c.regW].Fu)))
	}
	return read, written
}

// release frees the memory cells; the statement is finalized.
func (c *rowCounters) release(tls *libc.TLS) { sqlite3.Xsqlite3_free(tls, c.mem) }
