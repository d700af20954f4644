package sandbox

import (
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
	"github.com/dolint-dev/dolint/sandbox/internal/jsrt"
	"github.com/dolint-dev/dolint/sandbox/internal/store"
)

// storageHost holds what the storage natives of one object's isolate
// share: the object, its isolate and its database.
type storageHost struct {
	a      *actor
	iso    *isolate
	vm     *goja.Runtime
	db     *store.DB
	sqlite bool
}

// storageNatives are the host functions behind DurableObjectStorage,
// SqlStorage, the synchronous KV API, transactions and
// blockConcurrencyWhile (workers.js), by the name workers.js calls them.
var storageNatives = map[string]func(*storageHost, goja.FunctionCall) goja.Value{
	// KV: keys and values, values as structured clones.
	"kvGet": (*storageHost).kvGet, "kvPut": (*storageHost).kvPut,
	"kvDelete": (*storageHost).kvDelete, "kvList": (*storageHost).kvList,
	// SQL.
	"sqlExec": (*storageHost).sqlExec, "dbSize": (*storageHost).dbSize,
	// The alarm, and deleteAll, which may take it along.
	"getAlarm": (*storageHost).getAlarm, "setAlarm": (*storageHost).setAlarm,
	"deleteAlarm": (*storageHost).deleteAlarm, "deleteAll": (*storageHost).deleteAll,
	// transactionSync's savepoints and transaction()'s.
	"savepoint": (*storageHost).savepoint, "release": (*storageHost).release,
	"rollbackTo": (*storageHost).rollbackTo, "txnBegin": (*storageHost).txnBegin,
	"txnRollback": (*storageHost).txnRollback, "txnEnd": (*storageHost).txnEnd,
	// Input gates and resets.
	"criticalSection": (*storageHost).criticalSection, "abort": (*storageHost).abort,
}

func (a *actor) installStorageNatives(iso *isolate, do *goja.Object) {
	s := &storageHost{a: a, iso: iso, vm: iso.vm, db: a.rec.db, sqlite: a.rec.ns.sqlite}
	s.db.SetHalt(func() bool { return iso.loop.Halted() != nil })
	for name, fn := range storageNatives {
		do.Set(name, func(c goja.FunctionCall) goja.Value { return fn(s, c) })
	}
}

// pairs turns stored entries into [key, value] arrays.
func (s *storageHost) pairs(kvs []store.KV) goja.Value {
	items := make([]any, len(kvs))
	for i, kv := range kvs {
		v, err := s.iso.host.Cloner.Deserialize(kv.Value)
		if err != nil {
			s.a.throw("Error", "Durable Object storage value for key "+kv.Key+" could not be deserialized.")
		}
		items[i] = s.vm.NewArray(kv.Key, v)
	}
	return s.vm.NewArray(items...)
}

func (s *storageHost) kvGet(c goja.FunctionCall) goja.Value {
	keys := strList(s.vm, c.Argument(0))
	s.a.kvLimits(keys)
	kvs, err := s.db.Get(keys)
	if err != nil {
		s.a.sqlErr(err)
	}
	return s.pairs(kvs)
}

func (s *storageHost) kvPut(c goja.FunctionCall) goja.Value {
	eo := c.Argument(0).ToObject(s.vm)
	n := eo.Get("length").ToInteger()
	var kvs []store.KV
	keys := make([]string, 0, n)
	for i := int64(0); i < n; i++ {
		p := eo.Get(fmt.Sprint(i)).ToObject(s.vm)
		keys = append(keys, p.Get("0").String())
	}
	s.a.kvLimits(keys)
	for i := int64(0); i < n; i++ {
		p := eo.Get(fmt.Sprint(i)).ToObject(s.vm)
		b, err := s.iso.host.Cloner.Serialize(p.Get("1"), clone.Options{})
		if err != nil {
			panic(s.iso.host.CloneError(err))
		}
		if !s.sqlite && !s.iso.rt.opts.LocalLimits && len(b) > 131072 {
			s.a.throw("RangeError", fmt.Sprintf("Values cannot be larger than 131072 bytes. A value of size %d was provided.", len(b)))
		}
		kvs = append(kvs, store.KV{Key: keys[i], Value: b})
	}
	if err := s.db.Put(kvs); err != nil {
		s.a.sqlErr(err)
	}
	return goja.Undefined()
}

func (s *storageHost) kvDelete(c goja.FunctionCall) goja.Value {
	keys := strList(s.vm, c.Argument(0))
	s.a.kvLimits(keys)
	n, err := s.db.Delete(keys)
	if err != nil {
		s.a.sqlErr(err)
	}
	return s.vm.ToValue(n)
}

func (s *storageHost) kvList(c goja.FunctionCall) goja.Value {
	o := c.Argument(0).ToObject(s.vm)
	opts := store.ListOptions{Prefix: o.Get("prefix").String(), Reverse: o.Get("reverse").ToBoolean(), Limit: int(o.Get("limit").ToInteger())}
	if s := o.Get("start"); !goja.IsUndefined(s) {
		opts.Start, opts.HasStart = s.String(), true
	}
	if e := o.Get("end"); !goja.IsUndefined(e) {
		opts.End, opts.HasEnd = e.String(), true
	}
	kvs, err := s.db.List(opts)
	if err != nil {
		s.a.sqlErr(err)
	}
	return s.pairs(kvs)
}

func (s *storageHost) sqlExec(c goja.FunctionCall) goja.Value {
	if !s.sqlite {
		s.a.throw("Error", msgNoSQL)
	}
	cu, err := s.db.Exec(c.Argument(0).String(), s.sqlArgs(c.Argument(1).ToObject(s.vm)))
	if err != nil {
		s.a.sqlErr(err)
	}
	h := s.vm.NewObject()
	cols := make([]any, len(cu.Columns))
	for i, c := range cu.Columns {
		cols[i] = c
	}
	h.Set("columns", s.vm.NewArray(cols...))
	h.Set("next", func(goja.FunctionCall) goja.Value {
		row, err := cu.Next()
		if err != nil {
			s.a.sqlErr(err)
		}
		if row == nil {
			return goja.Null()
		}
		return s.sqlRow(row)
	})
	h.Set("counters", func(goja.FunctionCall) goja.Value {
		r, w := cu.Counters()
		return s.vm.NewArray(r, w)
	})
	return h
}

// sqlArgs converts the bindings workers.js prepared (null, numbers,
// strings, ArrayBuffers) for SQLite.
func (s *storageHost) sqlArgs(bo *goja.Object) []any {
	n := bo.Get("length").ToInteger()
	args := make([]any, n)
	for i := range args {
		v := bo.Get(fmt.Sprint(i))
		var x any = v.String()
		if !isPlainObject(v) {
			// Exporting a plain object would copy all of it.
			x = v.Export()
		}
		switch x := x.(type) {
		case nil:
			args[i] = nil
		case int64:
			args[i] = float64(x)
		case float64:
			args[i] = x
		case string:
			args[i] = x
		case goja.ArrayBuffer:
			args[i] = append([]byte(nil), x.Bytes()...)
		default:
			args[i] = v.String()
		}
	}
	return args
}

// sqlRow converts a result row: integers become numbers and blobs
// ArrayBuffers, as in workerd.
func (s *storageHost) sqlRow(row []any) goja.Value {
	vals := make([]any, len(row))
	for i, x := range row {
		switch y := x.(type) {
		case int64:
			vals[i] = float64(y)
		case []byte:
			vals[i] = s.vm.NewArrayBuffer(y)
		default:
			vals[i] = y
		}
	}
	return s.vm.NewArray(vals...)
}

func (s *storageHost) dbSize(_ goja.FunctionCall) goja.Value {
	if !s.sqlite {
		s.a.throw("Error", msgNoSQL)
	}
	return s.vm.ToValue(s.db.Size())
}

func (s *storageHost) getAlarm(_ goja.FunctionCall) goja.Value {
	ms, ok := s.db.GetAlarm()
	if !ok {
		return goja.Null()
	}
	return s.vm.ToValue(ms)
}

func (s *storageHost) setAlarm(c goja.FunctionCall) goja.Value {
	if !s.a.hasAlarm && !s.a.constructing {
		s.a.throw("TypeError", msgNoAlarm)
	}
	ms := int64(c.Argument(0).ToFloat())
	if now := s.iso.rt.clock.Now().UnixMilli(); ms < now {
		ms = now
	}
	if err := s.db.SetAlarm(ms, true); err != nil {
		s.a.sqlErr(err)
	}
	if s.a.alarmRunning {
		s.a.alarmReplaced = true
	}
	s.iso.rt.alarms.set(s.a.rec, time.UnixMilli(ms), 0)
	return goja.Undefined()
}

func (s *storageHost) deleteAlarm(_ goja.FunctionCall) goja.Value {
	if err := s.db.SetAlarm(0, false); err != nil {
		s.a.sqlErr(err)
	}
	if s.a.alarmRunning {
		s.a.alarmReplaced = true
	}
	s.iso.rt.alarms.cancel(s.a.rec)
	return goja.Undefined()
}

func (s *storageHost) deleteAll(_ goja.FunctionCall) goja.Value {
	keep := !s.iso.rt.compat.deleteAllAlarm
	if err := s.db.DeleteAll(keep); err != nil {
		s.a.sqlErr(err)
	}
	if !keep {
		s.iso.rt.alarms.cancel(s.a.rec)
	}
	return goja.Undefined()
}

func (s *storageHost) savepoint(_ goja.FunctionCall) goja.Value {
	name := fmt.Sprintf("_cf_sync_savepoint_%d", s.a.syncDepth)
	if err := s.db.Begin(); err != nil {
		s.a.sqlErr(err)
	}
	if err := s.db.Savepoint(name); err != nil {
		s.a.sqlErr(err)
	}
	s.a.syncDepth++
	return s.vm.ToValue(name)
}

func (s *storageHost) release(c goja.FunctionCall) goja.Value {
	s.a.syncDepth--
	if err := s.db.Release(c.Argument(0).String()); err != nil {
		s.a.sqlErr(err)
	}
	return goja.Undefined()
}

func (s *storageHost) rollbackTo(c goja.FunctionCall) goja.Value {
	s.a.syncDepth--
	if err := s.db.RollbackTo(c.Argument(0).String()); err != nil {
		s.a.sqlErr(err)
	}
	return goja.Undefined()
}

func (s *storageHost) txnBegin(_ goja.FunctionCall) goja.Value {
	if s.a.txnOpen == 0 {
		if err := s.db.Commit(); err != nil {
			s.a.sqlErr(err)
		}
	}
	name := fmt.Sprintf("_cf_txn_%d", s.a.txnOpen)
	if err := s.db.Savepoint(name); err != nil {
		s.a.sqlErr(err)
	}
	s.a.txnOpen++
	return s.vm.ToValue(name)
}

func (s *storageHost) txnRollback(c goja.FunctionCall) goja.Value {
	name := c.Argument(0).String()
	if err := s.db.RollbackTo(name); err != nil {
		s.a.sqlErr(err)
	}
	if err := s.db.Savepoint(name); err != nil {
		s.a.sqlErr(err)
	}
	return goja.Undefined()
}

func (s *storageHost) txnEnd(c goja.FunctionCall) goja.Value {
	name := c.Argument(0).String()
	var err error
	if c.Argument(1).ToBoolean() {
		err = s.db.Release(name)
	} else {
		err = s.db.RollbackTo(name)
	}
	s.a.txnOpen--
	if err != nil {
		s.a.sqlErr(err)
	}
	return goja.Undefined()
}

func (s *storageHost) criticalSection(c goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		s.a.throw("TypeError", "Failed to execute 'blockConcurrencyWhile' on 'DurableObjectState': parameter 1 is not of type 'function'.")
	}
	if s.a.gates >= 64 {
		s.a.throw("Error", "blockConcurrencyWhile() calls are nested too deeply.")
	}
	resetOnThrow := !c.Argument(1).ToBoolean()
	p, resolve, reject := s.vm.NewPromise()
	s.a.gates++
	s.iso.loop.Gate(1)
	leave := func() {
		if s.a.gates > 0 {
			s.a.gates--
			s.iso.loop.Gate(-1)
		}
	}
	// A section that never settles would hold every later event
	// forever: like workerd, reset the object after a while.
	settled := false
	timer := time.AfterFunc(s.iso.rt.opts.Limits.BlockConcurrency, func() {
		s.iso.post(func() {
			if !settled && !s.a.dead {
				se := &ScriptError{Name: "Error", Message: msgBCWTimeout}
				s.iso.rt.log("error", "Uncaught "+se.Error(), s.iso.label)
				s.a.reset(se)
			}
		}, false)
	})
	settle := func(v goja.Value, ok bool) {
		if settled || s.a.dead {
			return
		}
		settled = true
		timer.Stop()
		leave()
		if ok {
			resolve(v)
			return
		}
		if resetOnThrow {
			se := s.iso.scriptError(v)
			s.iso.rt.log("error", "Uncaught "+se.Error(), s.iso.label)
			s.a.reset(se)
			return
		}
		reject(v)
	}
	res, err := fn(goja.Undefined())
	if err != nil {
		if lim := jsrt.Check(err); lim != nil {
			jsrt.Abort(lim)
		}
		settle(err.(*goja.Exception).Value(), false)
		return s.vm.ToValue(p)
	}
	s.iso.then(res, func(v goja.Value) { settle(v, true) }, func(v goja.Value) { settle(v, false) })
	return s.vm.ToValue(p)
}

func (s *storageHost) abort(c goja.FunctionCall) goja.Value {
	msg := msgAbort
	if r := c.Argument(0); !goja.IsUndefined(r) {
		msg = r.String()
	}
	if c.Argument(1).ToBoolean() && s.a.alarmRunning {
		s.a.noRetry = true
		s.iso.rt.alarms.cancel(s.a.rec)
	}
	jsrt.Abort(&ScriptError{Name: "Error", Message: msg})
	return goja.Undefined()
}
