package store

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	sqlite3 "modernc.org/sqlite/lib"
)

// counterLayout is what counters.go relies on in modernc's translation of
// SQLite, as it was when the row counters were checked against workerd:
// the SQLite version whose bytecode they rewrite, and the size and fields
// of each struct they read or write through unsafe.
const counterLayout = `SQLite 3054001
Vdbe.aOp uintptr @136
Vdbe.nOp int32 @144
Vdbe.nOpAlloc int32 @148
Vdbe.aMem uintptr @104
Vdbe.nMem int32 @36
Vdbe.pProgram uintptr @296
Vdbe.aCounter [9]uint32 @212
VdbeOp size 24
VdbeOp.opcode uint8 @0
VdbeOp.p4type int8 @1
VdbeOp.p5 uint16 @2
VdbeOp.p1 int32 @4
VdbeOp.p2 int32 @8
VdbeOp.p3 int32 @12
Mem size 56
Mem.u size 8, i int64 @0
Mem.flags uint16 @20
Mem.db uintptr @24
SubProgram size 48
SubProgram.aOp uintptr @0
SubProgram.nOp int32 @8
SubProgram.pNext uintptr @40`

// TestCountersLayout fails when a modernc.org/sqlite upgrade changes what
// counters.go depends on. The row counters rewrite each statement's
// compiled program (SQLite's Vdbe, an internal structure with no stable
// API) through unsafe, because stock SQLite offers no supported way to
// count rows read and written: sqlite3_stmt_status counts full-scan steps
// and VM steps, not rows, and sqlite3_stmt_scanstatus is not compiled into
// modernc's build. A changed struct can make the rewrite corrupt memory
// rather than fail, and a new SQLite may give an instrumented opcode other
// operands, so any change must be reviewed before the counters are
// trusted again.
func TestCountersLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the layout is pinned for 64-bit targets")
	}
	got := describeLayout()
	if got == counterLayout {
		return
	}
	t.Fatalf(`modernc.org/sqlite changed what the row counters (counters.go) depend on.

counters.go rewrites SQLite's compiled statements in memory to count rows
read and written as workerd does, reading and writing modernc's translation
of SQLite's internal structs through unsafe. Before updating the pinned
layout in this test:
  - read counters.go against the new SQLite's vdbe.c: for every opcode it
    instruments (Rewind, Sort, SorterSort, Last, NotExists, SeekRowid,
    VNext, SeekGE/GT/LE/LT with SeekScan, Count, Insert, IdxInsert, Delete,
    VUpdate, Clear), check that the operands it reads still mean the same,
    that AddImm, Add and Goto behave as it assumes, that Mem.u.i is still
    where an integer register holds its value, and that a SubProgram linked
    into Vdbe.pProgram is still freed with the statement;
  - run TestRowCounters and TestRowCountersObserved (counts observed on
    workerd) and the sandbox's SQL tests under the race detector.

pinned:
%s

now:
%s`, counterLayout, got)
}

func describeLayout() string {
	var b strings.Builder
	fmt.Fprintf(&b, "SQLite %d\n", sqlite3.SQLITE_VERSION_NUMBER)
	fields := func(name string, v any, size bool, names ...string) {
		typ := reflect.TypeOf(v)
		if size {
			fmt.Fprintf(&b, "%s size %d\n", name, typ.Size())
		}
		for _, n := range names {
			f, ok := typ.FieldByName("F" + n)
			if !ok {
				fmt.Fprintf(&b, "%s.%s missing\n", name, n)
				continue
			}
			fmt.Fprintf(&b, "%s.%s %s @%d\n", name, n, f.Type, f.Offset)
		}
	}
	fields("Vdbe", sqlite3.TVdbe{}, false, "aOp", "nOp", "nOpAlloc", "aMem", "nMem", "pProgram", "aCounter")
	fields("VdbeOp", sqlite3.TVdbeOp{}, true, "opcode", "p4type", "p5", "p1", "p2", "p3")
	var m sqlite3.TMem
	u, _ := reflect.TypeOf(m).FieldByName("Fu")
	i, _ := u.Type.FieldByName("Fi")
	fmt.Fprintf(&b, "Mem size %d\nMem.u size %d, i %s @%d\n", unsafe.Sizeof(m), u.Type.Size(), i.Type.Elem(), i.Offset)
	fields("Mem", m, false, "flags", "db")
	fields("SubProgram", sqlite3.TSubProgram{}, true, "aOp", "nOp", "pNext")
	return strings.TrimSuffix(b.String(), "\n")
}
