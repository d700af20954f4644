package store

import (
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
	"strings"
)

// Messages raised by workerd's own checks around SQLite.
const (
	MsgTransaction   = "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing."
	MsgNoStatement   = "SQL code did not contain a statement."
	MsgMultiParams   = "When executing multiple SQL statements in a single call, only the last statement can have parameters."
	MsgWrongBindings = "Wrong number of parameter bindings for SQL query."
)

// DB is the storage of one Durable Object.
type DB struct {
	c *conn
	// depth counts open savepoints created by Savepoint.
	depth int
}

// Open opens (creating if needed) the database at path; "" is in-memory.
func Open(path string) (*DB, error) {
	c, err := openConn(path)
	if err != nil {
		return nil, err
	}
	d := &DB{c: c}
	c.auth = d.authorize
	return d, nil
}

// SetHalt makes user statements stop with SQLITE_INTERRUPT once halt
// reports true; nil lets them run to the end.
func (d *DB) SetHalt(halt func() bool) {
	if halt == nil {
		d.c.halt.Store(nil)
		return
	}
	d.c.halt.Store(&halt)
}

// Close releases the connection, rolling back anything uncommitted.
func (d *DB) Close() { d.c.close() }

// Begin opens the implicit transaction that groups the writes of one turn of
// the event loop, if none is open.
func (d *DB) Begin() error {
	if !d.c.autocommit() {
		return nil
	}
	_, err := d.c.run("BEGIN")
	return err
}

// Commit commits the open transaction, if any.
func (d *DB) Commit() error {
	if d.c.autocommit() {
		return nil
	}
	_, err := d.c.run("COMMIT")
	return err
}

// Rollback discards the open transaction, if any.
func (d *DB) Rollback() {
	if !d.c.autocommit() {
		d.c.run("ROLLBACK")
	}
	d.depth = 0
}

// InTransaction reports whether a transaction is open.
func (d *DB) InTransaction() bool { return !d.c.autocommit() }

// Savepoint opens a named savepoint.
func (d *DB) Savepoint(name string) error {
	_, err := d.c.run("SAVEPOINT " + name)
	if err == nil {
		d.depth++
	}
	return err
}

// Release commits a savepoint into its parent.
func (d *DB) Release(name string) error {
	_, err := d.c.run("RELEASE " + name)
	d.depth--
	return err
}

// RollbackTo discards a savepoint's writes and releases it.
func (d *DB) RollbackTo(name string) error {
	if _, err := d.c.run("ROLLBACK TO " + name); err != nil {
		return err
	}
	return d.Release(name)
}

// hasCFPrefix reports a name reserved for workerd's own tables. The check is
// case-sensitive: "_CF_x" names a user table, while "_CF_kv" still reaches
// _cf_KV because the authorizer sees the table's stored name.
func hasCFPrefix(name string) bool { return strings.HasPrefix(name, "_cf_") }

var allowedPragmas = map[string]bool{
	"data_version": true, "foreign_keys": true, "foreign_key_check": true, "foreign_key_list": true,
	"index_info": true, "index_list": true, "index_xinfo": true, "integrity_check": true,
	"quick_check": true, "table_info": true, "table_list": true, "table_xinfo": true,
	"defer_foreign_keys": true, "case_sensitive_like": true, "ignore_check_constraints": true,
	"legacy_alter_table": true, "recursive_triggers": true, "reverse_unordered_selects": true,
	"optimize": true, "analysis_limit": true,
}

// deniedFunctions are refused when a statement compiles. load_extension is
// not among them: as in workerd, it compiles and fails when it runs, because
// extension loading is off.
var deniedFunctions = map[string]bool{
	"sqlite_version": true, "sqlite_source_id": true, "sqlite_compileoption_get": true,
	"sqlite_compileoption_used": true, "sqlite_offset": true,
}

func (d *DB) authorize(action int32, a1, a2, dbName, trigger string) int32 {
	const ok, deny = sqlite3.SQLITE_OK, sqlite3.SQLITE_DENY
	switch action {
	case sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_SAVEPOINT:
		d.c.authMsg = MsgTransaction
		return deny
	case sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH:
		return deny
	case sqlite3.SQLITE_PRAGMA:
		if !allowedPragmas[strings.ToLower(a1)] || hasCFPrefix(a2) {
			return deny
		}
		return ok
	case sqlite3.SQLITE_FUNCTION:
		if deniedFunctions[strings.ToLower(a2)] {
			return deny
		}
		return ok
	case sqlite3.SQLITE_READ, sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE,
		sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_CREATE_TEMP_TABLE,
		sqlite3.SQLITE_DROP_TEMP_TABLE, sqlite3.SQLITE_ALTER_TABLE, sqlite3.SQLITE_ANALYZE,
		sqlite3.SQLITE_CREATE_VIEW, sqlite3.SQLITE_DROP_VIEW, sqlite3.SQLITE_REINDEX:
		if hasCFPrefix(a1) {
			return deny
		}
		return ok
	case sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_DROP_INDEX, sqlite3.SQLITE_CREATE_TRIGGER,
		sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_CREATE_TEMP_INDEX, sqlite3.SQLITE_CREATE_TEMP_TRIGGER,
		sqlite3.SQLITE_DROP_TEMP_INDEX, sqlite3.SQLITE_DROP_TEMP_TRIGGER:
		if hasCFPrefix(a1) || hasCFPrefix(a2) {
			return deny
		}
		return ok
	case sqlite3.SQLITE_CREATE_VTABLE, sqlite3.SQLITE_DROP_VTABLE:
		if hasCFPrefix(a1) {
			return deny
		}
		return ok
	}
	return ok
}

// Cursor is the result of Exec: the last statement of the query, stepped
// lazily one row ahead of what the caller consumed.
type Cursor struct {
	d        *DB
	s        *stmt
	Columns  []string
	pending  []any // the row already stepped to, not yet returned
	done     bool
	returned int
	// read0 and written0 count rows of earlier statements of the same call.
	read0, written0 int
}

// Exec runs query with args bound to the last statement, under the user
// authorization policy. Earlier statements run to completion first.
func (d *DB) Exec(query string, args []any) (*Cursor, error) {
	if err := d.Begin(); err != nil {
		return nil, err
	}
	c := d.c
	z, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, z)
	start := z
	cur := z
	var last *stmt
	read, written := 0, 0
	for {
		c.authMsg = ""
		s, err := c.prepare(&cur)
		if err != nil {
			if c.authMsg != "" {
				return nil, &PlainError{Msg: c.authMsg}
			}
			return nil, err
		}
		if s == nil {
			// Only comments or semicolons where a statement was due.
			return nil, &PlainError{Msg: MsgNoStatement}
		}
		s.instrument()
		if onlyWhitespace(query[cur-start:]) {
			last = s
			break
		}
		// More statements follow: this one must run to completion first,
		// so that later statements see its effects when they compile.
		if s.paramCount() > 0 {
			s.finalize()
			return nil, &PlainError{Msg: MsgMultiParams}
		}
		r, w, err := d.drain(s)
		read += r
		written += w
		if err != nil {
			return nil, err
		}
		last = nil
	}
	if last.paramCount() != len(args) {
		last.finalize()
		return nil, &PlainError{Msg: MsgWrongBindings}
	}
	for i, a := range args {
		if err := last.bind(i+1, a); err != nil {
			last.finalize()
			return nil, err
		}
	}
	cu := &Cursor{d: d, s: last, Columns: last.columns()}
	cu.read0, cu.written0 = read, written
	if err := cu.advance(); err != nil {
		return nil, err
	}
	return cu, nil
}

func (d *DB) drain(s *stmt) (read, written int, err error) {
	for {
		ok, err := s.step()
		if err != nil {
			s.finalize()
			return 0, 0, err
		}
		if !ok {
			break
		}
	}
	s.finalize()
	return s.read, s.written, nil
}

func (cu *Cursor) advance() error {
	if cu.done {
		return nil
	}
	ok, err := cu.s.step()
	if err != nil {
		cu.finish()
		return err
	}
	if !ok {
		cu.finish()
		return nil
	}
	cu.pending = cu.s.row()
	return nil
}

func (cu *Cursor) finish() {
	if cu.done {
		return
	}
	cu.done = true
	cu.pending = nil
	cu.s.finalize()
}

// Next returns the next row, or nil at the end.
func (cu *Cursor) Next() ([]any, error) {
	if cu.pending == nil {
		return nil, nil
	}
	row := cu.pending
	cu.pending = nil
	cu.returned++
	if err := cu.advance(); err != nil {
		return nil, err
	}
	return row, nil
}

// Counters returns the rows read and written so far, counted as workerd
// counts them (see counters.go).
func (cu *Cursor) Counters() (read, written int) {
	r, w := cu.s.read, cu.s.written
	if !cu.done {
		r, w = cu.s.rows()
	}
	return r + cu.read0, w + cu.written0
}

// Close finalizes the statement early.
func (cu *Cursor) Close() { cu.finish() }

// Size returns the database size in bytes.
func (d *DB) Size() int64 {
	rows, err := d.c.run("PRAGMA page_count")
	if err != nil || len(rows) == 0 {
		return 0
	}
	pc := rows[0][0].(int64)
	rows, _ = d.c.run("PRAGMA page_size")
	return pc * rows[0][0].(int64)
}

func (d *DB) tableExists(name string) bool {
	rows, _ := d.c.run("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", name)
	return len(rows) > 0
}

// KV is one key-value pair; Value holds serialized bytes.
type KV struct {
	Key   string
	Value []byte
}

func (d *DB) ensureKV() error {
	if err := d.Begin(); err != nil {
		return err
	}
	_, err := d.c.run("CREATE TABLE IF NOT EXISTS _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
	return err
}

// Get returns the values of the keys that exist, in argument order.
func (d *DB) Get(keys []string) ([]KV, error) {
	if !d.tableExists("_cf_KV") {
		return nil, nil
	}
	var out []KV
	for _, k := range keys {
		rows, err := d.c.run("SELECT value FROM _cf_KV WHERE key = ?", k)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			b, _ := rows[0][0].([]byte)
			out = append(out, KV{Key: k, Value: b})
		}
	}
	return out, nil
}

// Put writes pairs.
func (d *DB) Put(pairs []KV) error {
	if err := d.ensureKV(); err != nil {
		return err
	}
	for _, p := range pairs {
		v := p.Value
		if v == nil {
			v = []byte{}
		}
		if _, err := d.c.run("INSERT OR REPLACE INTO _cf_KV (key, value) VALUES (?, ?)", p.Key, v); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes keys and returns how many existed.
func (d *DB) Delete(keys []string) (int, error) {
	if !d.tableExists("_cf_KV") {
		return 0, nil
	}
	if err := d.Begin(); err != nil {
		return 0, err
	}
	n := 0
	for _, k := range keys {
		before := d.c.totalChanges()
		if _, err := d.c.run("DELETE FROM _cf_KV WHERE key = ?", k); err != nil {
			return n, err
		}
		n += int(d.c.totalChanges() - before)
	}
	return n, nil
}

// ListOptions select a key range; Start is inclusive, End exclusive, and
// HasStart/HasEnd say whether they apply.
type ListOptions struct {
	Start, End       string
	HasStart, HasEnd bool
	Prefix           string
	Reverse          bool
	Limit            int // 0 means no limit
}

// List returns pairs in UTF-8 byte order (descending if Reverse).
func (d *DB) List(o ListOptions) ([]KV, error) {
	if !d.tableExists("_cf_KV") {
		return nil, nil
	}
	q := "SELECT key, value FROM _cf_KV WHERE 1"
	var args []any
	if o.HasStart {
		q += " AND key >= ?"
		args = append(args, o.Start)
	}
	if o.HasEnd {
		q += " AND key < ?"
		args = append(args, o.End)
	}
	if o.Prefix != "" {
		q += " AND key >= ? AND substr(CAST(key AS BLOB), 1, ?) = CAST(? AS BLOB)"
		args = append(args, o.Prefix, int64(len(o.Prefix)), o.Prefix)
	}
	if o.Reverse {
		q += " ORDER BY key DESC"
	} else {
		q += " ORDER BY key"
	}
	if o.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, int64(o.Limit))
	}
	rows, err := d.c.run(q, args...)
	if err != nil {
		return nil, err
	}
	out := make([]KV, len(rows))
	for i, r := range rows {
		b, _ := r[1].([]byte)
		out[i] = KV{Key: r[0].(string), Value: b}
	}
	return out, nil
}

// GetAlarm returns the alarm time in ms since the epoch.
func (d *DB) GetAlarm() (int64, bool) {
	if !d.tableExists("_cf_METADATA") {
		return 0, false
	}
	rows, _ := d.c.run("SELECT value FROM _cf_METADATA WHERE key = 1")
	if len(rows) == 0 || rows[0][0] == nil {
		return 0, false
	}
	v, ok := rows[0][0].(int64)
	return v, ok
}

// SetAlarm stores (or with ok=false clears) the alarm time.
func (d *DB) SetAlarm(ms int64, ok bool) error {
	if err := d.Begin(); err != nil {
		return err
	}
	if !ok {
		if !d.tableExists("_cf_METADATA") {
			return nil
		}
		_, err := d.c.run("DELETE FROM _cf_METADATA WHERE key = 1")
		return err
	}
	if _, err := d.c.run("CREATE TABLE IF NOT EXISTS _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)"); err != nil {
		return err
	}
	_, err := d.c.run("INSERT OR REPLACE INTO _cf_METADATA (key, value) VALUES (1, ?)", ms)
	return err
}

// DeleteAll drops every table; the alarm survives when keepAlarm is set.
func (d *DB) DeleteAll(keepAlarm bool) error {
	if err := d.Begin(); err != nil {
		return err
	}
	alarm, hasAlarm := d.GetAlarm()
	for _, kind := range []string{"view", "trigger", "table"} {
		rows, err := d.c.run("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", kind)
		if err != nil {
			return err
		}
		for _, r := range rows {
			name := strings.ReplaceAll(r[0].(string), `"`, `""`)
			if _, err := d.c.run("DROP " + kind + " IF EXISTS \"" + name + "\""); err != nil {
				return err
			}
		}
	}
	if keepAlarm && hasAlarm {
		return d.SetAlarm(alarm, true)
	}
	return nil
}

// Tables lists table names in sqlite_master (tests and tooling).
func (d *DB) Tables() []string {
	rows, _ := d.c.run("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	var out []string
	for _, r := range rows {
		out = append(out, r[0].(string))
	}
	return out
}

// onlyWhitespace reports whether the rest of a query holds nothing but
// whitespace. Anything else, even a comment or a lone semicolon, must be a
// statement: workerd refuses "SELECT 1; -- note" as containing no statement.
func onlyWhitespace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
		default:
			return false
		}
	}
	return true
}
