// Package store is the Durable Object storage engine: one SQLite database per
// object, holding user tables, the KV table and the alarm, with workerd's
// authorization policy, error format and savepoint-based transactions.
//
// It drives SQLite through the transpiled C API directly instead of
// database/sql, because the runtime needs statement tails (multi-statement
// exec), error offsets, an authorizer and one-row-at-a-time cursors.
package store

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLError is an error raised by SQLite, formatted the way workerd reports it.
type SQLError struct {
	Msg      string
	Offset   int
	Code     int
	Extended int
}

func (e *SQLError) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " at offset %d", e.Offset)
	}
	b.WriteString(": ")
	b.WriteString(codeName(e.Code))
	if e.Extended != e.Code {
		fmt.Fprintf(&b, " (extended: %s)", codeName(e.Extended))
	}
	return b.String()
}

// ErrClosed is returned by every operation on a closed database.
var ErrClosed = errors.New("Durable Object storage is closed.")

// PlainError is an error whose text is shown as is (workerd's own checks).
type PlainError struct{ Msg string }

func (e *PlainError) Error() string { return e.Msg }

var primaryNames = map[int]string{
	1: "ERROR", 2: "INTERNAL", 3: "PERM", 4: "ABORT", 5: "BUSY", 6: "LOCKED", 7: "NOMEM", 8: "READONLY",
	9: "INTERRUPT", 10: "IOERR", 11: "CORRUPT", 12: "NOTFOUND", 13: "FULL", 14: "CANTOPEN", 15: "PROTOCOL",
	16: "EMPTY", 17: "SCHEMA", 18: "TOOBIG", 19: "CONSTRAINT", 20: "MISMATCH", 21: "MISUSE", 22: "NOLFS",
	23: "AUTH", 24: "FORMAT", 25: "RANGE", 26: "NOTADB", 27: "NOTICE", 28: "WARNING",
}

var extendedNames = map[int]string{
	257: "ERROR_MISSING_COLLSEQ", 513: "ERROR_RETRY", 769: "ERROR_SNAPSHOT",
	275: "CONSTRAINT_CHECK", 531: "CONSTRAINT_COMMITHOOK", 787: "CONSTRAINT_FOREIGNKEY",
	1043: "CONSTRAINT_FUNCTION", 1299: "CONSTRAINT_NOTNULL", 1555: "CONSTRAINT_PRIMARYKEY",
	1811: "CONSTRAINT_TRIGGER", 2067: "CONSTRAINT_UNIQUE", 2323: "CONSTRAINT_VTAB", 2579: "CONSTRAINT_ROWID",
	2835: "CONSTRAINT_PINNED", 3091: "CONSTRAINT_DATATYPE", 279: "AUTH_USER", 264: "READONLY_RECOVERY",
	516: "ABORT_ROLLBACK",
}

func codeName(c int) string {
	if n, ok := extendedNames[c]; ok {
		return "SQLITE_" + n
	}
	if n, ok := primaryNames[c&0xff]; ok {
		return "SQLITE_" + n
	}
	return fmt.Sprintf("SQLITE_%d", c)
}

// conn is one SQLite connection. Not safe for concurrent use; the owning
// object's event loop serializes access.
type conn struct {
	tls *libc.TLS
	db  uintptr

	// auth is the policy applied while user SQL is compiled; nil lets
	// everything through (internal statements).
	auth    func(action int32, a1, a2, dbName, trigger string) int32
	authMsg string

	// halt, when set, tells whether the statement running for the user
	// must stop (a limit of the event loop was reached). SQLite polls it
	// every progressOps virtual machine instructions, so that a runaway
	// query ends with the loop's limit instead of running on.
	halt atomic.Pointer[func() bool]
	// internal is set while the runtime's own statements run: they are
	// never cut short, so that a rollback after a limit completes.
	internal bool
}

const progressOps = 1000

func progressTrampoline(tls *libc.TLS, user uintptr) int32 {
	connsMu.RLock()
	c := conns[user]
	connsMu.RUnlock()
	if c == nil || c.internal {
		return 0
	}
	if h := c.halt.Load(); h != nil && (*h)() {
		return 1
	}
	return 0
}

var (
	connsMu sync.RWMutex
	conns   = map[uintptr]*conn{}
)

func authTrampoline(tls *libc.TLS, user uintptr, action int32, z1, z2, z3, z4 uintptr) int32 {
	connsMu.RLock()
	c := conns[user]
	connsMu.RUnlock()
	if c == nil || c.auth == nil {
		return sqlite3.SQLITE_OK
	}
	s := func(p uintptr) string {
		if p == 0 {
			return ""
		}
		return libc.GoString(p)
	}
	return c.auth(action, s(z1), s(z2), s(z3), s(z4))
}

// cptr turns an address in C memory into a pointer. The memory is owned by
// libc's allocator, never by the Go heap, so the GC cannot move it.
func cptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

func cFuncPointer[T any](f T) uintptr {
	// Go func values are pointers to a closure whose first word is the code
	// pointer; libc's trampolines resolve this representation back to f.
	return *(*uintptr)(unsafe.Pointer(&struct{ f T }{f}))
}

func openConn(path string) (*conn, error) {
	c := &conn{tls: libc.NewTLS()}
	name := path
	if name == "" {
		name = ":memory:"
	}
	zName, err := libc.CString(name)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, zName)
	pp := libc.Xmalloc(c.tls, 8)
	defer libc.Xfree(c.tls, pp)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, zName, pp, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_CREATE|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	c.db = *(*uintptr)(cptr(pp))
	if rc != sqlite3.SQLITE_OK {
		err := c.err(rc)
		if c.db != 0 {
			sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		}
		c.tls.Close()
		return nil, err
	}
	sqlite3.Xsqlite3_extended_result_codes(c.tls, c.db, 1)
	// No lookaside memory: the row rowCounters replace a statement's program
	// and free the compiled one with sqlite3_free.
	va := libc.NewVaList(uintptr(0), int32(0), int32(0))
	sqlite3.Xsqlite3_db_config(c.tls, c.db, sqlite3.SQLITE_DBCONFIG_LOOKASIDE, va)
	libc.Xfree(c.tls, va)
	// Limits as set by workerd for Durable Object databases.
	for id, v := range map[int32]int32{
		sqlite3.SQLITE_LIMIT_LENGTH: 4 << 20, sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100000,
		sqlite3.SQLITE_LIMIT_COLUMN: 100, sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 100,
		sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 127, sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
		sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 5, sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 50,
		sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10, sqlite3.SQLITE_LIMIT_ATTACHED: 0,
	} {
		sqlite3.Xsqlite3_limit(c.tls, c.db, id, v)
	}
	connsMu.Lock()
	conns[c.db] = c
	connsMu.Unlock()
	sqlite3.Xsqlite3_set_authorizer(c.tls, c.db, cFuncPointer(authTrampoline), c.db)
	sqlite3.Xsqlite3_progress_handler(c.tls, c.db, progressOps, cFuncPointer(progressTrampoline), c.db)
	return c, nil
}

func (c *conn) close() {
	if c.db == 0 {
		return
	}
	connsMu.Lock()
	delete(conns, c.db)
	connsMu.Unlock()
	sqlite3.Xsqlite3_close_v2(c.tls, c.db)
	c.db = 0
	c.tls.Close()
}

func (c *conn) err(rc int32) error {
	if c.db == 0 {
		return &SQLError{Msg: libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc)), Offset: -1, Code: int(rc), Extended: int(rc)}
	}
	ext := int(sqlite3.Xsqlite3_extended_errcode(c.tls, c.db))
	if ext&0xff != int(rc)&0xff {
		ext = int(rc)
	}
	return &SQLError{
		Msg:      libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db)),
		Offset:   int(sqlite3.Xsqlite3_error_offset(c.tls, c.db)),
		Code:     int(rc) & 0xff,
		Extended: ext,
	}
}

// stmt is a prepared statement with the C memory its bindings point into.
type stmt struct {
	c      *conn
	p      uintptr
	allocs []uintptr
	done   bool
	cnt    *rowCounters
	// read and written are the row rowCounters, kept at finalization.
	read, written int
}

// prepare compiles the first statement of the C string at *z and advances
// *z past it. A nil stmt with no error means only whitespace or comments
// remained.
func (c *conn) prepare(z *uintptr) (*stmt, error) {
	if c.db == 0 {
		return nil, ErrClosed
	}
	pp := libc.Xmalloc(c.tls, 16)
	defer libc.Xfree(c.tls, pp)
	rc := sqlite3.Xsqlite3_prepare_v3(c.tls, c.db, *z, -1, 0, pp, pp+8)
	if rc != sqlite3.SQLITE_OK {
		return nil, c.err(rc)
	}
	*z = *(*uintptr)(cptr(pp + 8))
	p := *(*uintptr)(cptr(pp))
	if p == 0 {
		return nil, nil
	}
	return &stmt{c: c, p: p}, nil
}

func (s *stmt) paramCount() int { return int(sqlite3.Xsqlite3_bind_parameter_count(s.c.tls, s.p)) }

func (s *stmt) bind(i int, v any) error {
	tls := s.c.tls
	var rc int32
	switch x := v.(type) {
	case nil:
		rc = sqlite3.Xsqlite3_bind_null(tls, s.p, int32(i))
	case int64:
		rc = sqlite3.Xsqlite3_bind_int64(tls, s.p, int32(i), x)
	case float64:
		rc = sqlite3.Xsqlite3_bind_double(tls, s.p, int32(i), x)
	case string:
		p, err := libc.CString(x)
		if err != nil {
			return err
		}
		s.allocs = append(s.allocs, p)
		rc = sqlite3.Xsqlite3_bind_text(tls, s.p, int32(i), p, int32(len(x)), 0)
	case []byte:
		if len(x) == 0 {
			rc = sqlite3.Xsqlite3_bind_zeroblob(tls, s.p, int32(i), 0)
			break
		}
		p := libc.Xmalloc(tls, uint64(len(x)))
		copy(unsafe.Slice((*byte)(cptr(p)), len(x)), x)
		s.allocs = append(s.allocs, p)
		rc = sqlite3.Xsqlite3_bind_blob(tls, s.p, int32(i), p, int32(len(x)), 0)
	default:
		return fmt.Errorf("store: cannot bind %T", v)
	}
	if rc != sqlite3.SQLITE_OK {
		return s.c.err(rc)
	}
	return nil
}

// step advances; it reports whether a row is available.
func (s *stmt) step() (bool, error) {
	if s.c.db == 0 {
		return false, ErrClosed
	}
	rc := sqlite3.Xsqlite3_step(s.c.tls, s.p)
	switch rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	}
	err := s.c.err(rc)
	if e, ok := err.(*SQLError); ok {
		e.Offset = -1
	}
	return false, err
}

func (s *stmt) columns() []string {
	n := int(sqlite3.Xsqlite3_column_count(s.c.tls, s.p))
	cols := make([]string, n)
	for i := range cols {
		cols[i] = libc.GoString(sqlite3.Xsqlite3_column_name(s.c.tls, s.p, int32(i)))
	}
	return cols
}

func (s *stmt) row() []any {
	tls := s.c.tls
	n := int(sqlite3.Xsqlite3_column_count(tls, s.p))
	row := make([]any, n)
	for i := range row {
		switch sqlite3.Xsqlite3_column_type(tls, s.p, int32(i)) {
		case sqlite3.SQLITE_INTEGER:
			row[i] = sqlite3.Xsqlite3_column_int64(tls, s.p, int32(i))
		case sqlite3.SQLITE_FLOAT:
			row[i] = sqlite3.Xsqlite3_column_double(tls, s.p, int32(i))
		case sqlite3.SQLITE_TEXT:
			p := sqlite3.Xsqlite3_column_text(tls, s.p, int32(i))
			l := sqlite3.Xsqlite3_column_bytes(tls, s.p, int32(i))
			row[i] = string(unsafe.Slice((*byte)(cptr(p)), l))
		case sqlite3.SQLITE_BLOB:
			p := sqlite3.Xsqlite3_column_blob(tls, s.p, int32(i))
			l := sqlite3.Xsqlite3_column_bytes(tls, s.p, int32(i))
			b := make([]byte, l)
			if l > 0 {
				copy(b, unsafe.Slice((*byte)(cptr(p)), l))
			}
			row[i] = b
		default:
			row[i] = nil
		}
	}
	return row
}

func (s *stmt) finalize() {
	if s.done {
		return
	}
	s.done = true
	if s.c.db == 0 {
		// Closing the connection released the statement with it.
		s.allocs = nil
		return
	}
	s.read, s.written = s.rows()
	sqlite3.Xsqlite3_finalize(s.c.tls, s.p)
	if s.cnt != nil {
		s.cnt.release(s.c.tls)
		s.cnt = nil
	}
	for _, p := range s.allocs {
		libc.Xfree(s.c.tls, p)
	}
	s.allocs = nil
}

// run executes internal SQL (no authorizer) and returns all rows.
func (c *conn) run(query string, args ...any) ([][]any, error) {
	if c.db == 0 {
		return nil, ErrClosed
	}
	saved, savedInternal := c.auth, c.internal
	c.auth, c.internal = nil, true
	defer func() { c.auth, c.internal = saved, savedInternal }()
	z, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, z)
	cur := z
	var rows [][]any
	for {
		s, err := c.prepare(&cur)
		if err != nil {
			return nil, err
		}
		if s == nil {
			return rows, nil
		}
		for i, a := range args {
			if i >= s.paramCount() {
				break
			}
			if err := s.bind(i+1, a); err != nil {
				s.finalize()
				return nil, err
			}
		}
		rows = rows[:0]
		for {
			ok, err := s.step()
			if err != nil {
				s.finalize()
				return nil, err
			}
			if !ok {
				break
			}
			rows = append(rows, s.row())
		}
		s.finalize()
	}
}

// autocommit reports whether no transaction is open; a closed connection
// has none.
func (c *conn) autocommit() bool {
	return c.db == 0 || sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) != 0
}

func (c *conn) totalChanges() int64 {
	if c.db == 0 {
		return 0
	}
	return int64(sqlite3.Xsqlite3_total_changes64(c.tls, c.db))
}
