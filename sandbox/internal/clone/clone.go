// Package clone implements the structured clone algorithm over goja values,
// producing the V8 ValueSerializer wire format (version 15). Durable Object
// storage, RPC and WebSocket attachments all measure and store values in this
// format, so byte counts quoted in error messages match workerd's.
package clone

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/dop251/goja"
)

const version = 15

// Error is a serialization failure; the runtime turns it into a
// DOMException named DataCloneError, or into an error of class Name when
// Name is set.
type Error struct {
	Message string
	Name    string
}

// DefaultMaxDepth is how deeply values may nest, in objects and arrays,
// before Serialize and Deserialize give up with ErrTooDeep. V8 recurses
// once a level and throws when its stack runs out: in workerd a structured
// clone of objects nested 2000 deep goes through and one 2500 deep throws.
const DefaultMaxDepth = 2000

// ErrTooDeep is V8's error for a value nested deeper than its stack allows.
var ErrTooDeep = &Error{Name: "RangeError", Message: "Maximum call stack size exceeded"}

// pollEvery is how many values pass between two calls of Cloner.Poll.
const pollEvery = 1024

func (e *Error) Error() string { return e.Message }

// Options select the flavour of the algorithm.
type Options struct {
	// RejectClassInstances makes objects whose prototype is not
	// Object.prototype fail, as workerd's RPC serializer does. V8's storage
	// serializer instead copies their own enumerable properties.
	RejectClassInstances bool
	// Export, when set, is offered the functions, proxies and class
	// instances the algorithm cannot copy; an object it takes is written
	// as a host object carrying the returned id (RPC passes such objects
	// as stubs). [ReadOptions.Import] turns the id back into a value.
	Export func(*goja.Object) (id uint64, ok bool)
}

// Cloner holds per-runtime helpers. It must only be used on the goroutine that
// owns the runtime.
type Cloner struct {
	vm         *goja.Runtime
	objProto   *goja.Object
	kindOf     goja.Callable
	mapEntries goja.Callable
	setValues  goja.Callable
	viewInfo   goja.Callable
	fnSource   goja.Callable
	ctors      map[string]*goja.Object

	// MaxDepth bounds the nesting of the values handled (DefaultMaxDepth
	// when 0).
	MaxDepth int
	// Poll, when set, is called every so many values; it may panic to end
	// the work (a limit was reached).
	Poll func()
	// Refuse, when set, gives the DataCloneError message for the host's
	// objects that are never copied (an RPC stub: "#<RpcStub> could not be
	// cloned."), and "" for other objects.
	Refuse func(*goja.Object) string
	// ErrorProperties carries an error's own enumerable properties (a
	// name set on the instance among them) and its cause, as workerd does
	// from enhanced_error_serialization on; V8's format keeps only the
	// prototype, message and stack. They are written after the stack, as
	// 'p' key value pairs, which only this package reads.
	ErrorProperties bool
}

const helpers = `(function(){
  const dvLen = Object.getOwnPropertyDescriptor(DataView.prototype, "byteLength").get;
  const TA = Object.getPrototypeOf(Uint8Array.prototype);
  const taTag = Object.getOwnPropertyDescriptor(TA, Symbol.toStringTag).get;
  const wmHas = WeakMap.prototype.has, wsHas = WeakSet.prototype.has;
  const fnToString = Function.prototype.toString;
  return {
    kind(o) {
      const t = taTag.call(o);
      if (t !== undefined) return t;
      try { dvLen.call(o); return "DataView"; } catch (e) {}
      try { wmHas.call(o, {}); return "#<WeakMap>"; } catch (e) {}
      try { wsHas.call(o, {}); return "#<WeakSet>"; } catch (e) {}
      if (typeof o === "object" && Object.prototype.toString.call(o) === "[object Symbol]") return "#<Symbol>";
      return "";
    },
    mapEntries(m) { return Array.from(Map.prototype.entries.call(m)); },
    setValues(s) { return Array.from(Set.prototype.values.call(s)); },
    viewInfo(v) { return [v.buffer, v.byteOffset, v.byteLength]; },
    fnSource(f) { try { return fnToString.call(f); } catch (e) { return "function"; } },
  };
})()`

// New prepares a Cloner for vm.
func New(vm *goja.Runtime) *Cloner {
	v, err := vm.RunString(helpers)
	if err != nil {
		panic(err)
	}
	h := v.ToObject(vm)
	fn := func(name string) goja.Callable {
		f, _ := goja.AssertFunction(h.Get(name))
		return f
	}
	c := &Cloner{vm: vm, kindOf: fn("kind"), mapEntries: fn("mapEntries"), setValues: fn("setValues"),
		viewInfo: fn("viewInfo"), fnSource: fn("fnSource"), ctors: map[string]*goja.Object{}}
	c.objProto = vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm)
	for _, n := range []string{"Date", "Map", "Set", "RegExp", "Error", "EvalError", "RangeError", "ReferenceError",
		"SyntaxError", "TypeError", "URIError", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
		"Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array",
		"BigUint64Array", "DataView", "String", "Number", "Boolean", "Object"} {
		if o, ok := vm.Get(n).(*goja.Object); ok {
			c.ctors[n] = o
		}
	}
	return c
}

type writer struct {
	c     *Cloner
	opts  Options
	buf   []byte
	ids   map[*goja.Object]uint32
	next  uint32
	depth int
	count int
}

func (c *Cloner) maxDepth() int {
	if c.MaxDepth > 0 {
		return c.MaxDepth
	}
	return DefaultMaxDepth
}

// tick counts one value and polls for limits now and then.
func (c *Cloner) tick(n *int) {
	*n++
	if *n%pollEvery == 0 && c.Poll != nil {
		c.Poll()
	}
}

// Serialize encodes v with a V8 header.
func (c *Cloner) Serialize(v goja.Value, opts Options) (out []byte, err error) {
	w := &writer{c: c, opts: opts, buf: []byte{0xFF, version}, ids: map[*goja.Object]uint32{}}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	w.value(v)
	return w.buf, nil
}

// Size returns the serialized size of v, or the serialization error.
func (c *Cloner) Size(v goja.Value, opts Options) (int, error) {
	b, err := c.Serialize(v, opts)
	return len(b), err
}

func (w *writer) fail(format string, args ...any) {
	panic(&Error{Message: fmt.Sprintf(format, args...)})
}

func (w *writer) tag(t byte) { w.buf = append(w.buf, t) }

func (w *writer) varint(n uint64) { w.buf = binary.AppendUvarint(w.buf, n) }

func (w *writer) zigzag(n int32) { w.varint(uint64(uint32((n << 1) ^ (n >> 31)))) }

func (w *writer) double(f float64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(f))
}

func (w *writer) str(s string) {
	latin1 := true
	for _, r := range s {
		if r > 0xFF {
			latin1 = false
			break
		}
	}
	if latin1 {
		b := make([]byte, 0, len(s))
		for _, r := range s {
			b = append(b, byte(r))
		}
		w.tag('"')
		w.varint(uint64(len(b)))
		w.buf = append(w.buf, b...)
		return
	}
	u := utf16.Encode([]rune(s))
	n := uint64(len(u) * 2)
	// V8 pads so that the UTF-16 payload starts at an even offset.
	if (len(w.buf)+1+uvarintLen(n))&1 == 1 {
		w.tag(0)
	}
	w.tag('c')
	w.varint(n)
	for _, x := range u {
		w.buf = binary.LittleEndian.AppendUint16(w.buf, x)
	}
}

// units writes a JavaScript string from its UTF-16 code units, so that
// lone surrogates, which have no UTF-8 form, survive.
func (w *writer) units(s goja.String) {
	n := s.Length()
	latin1 := true
	for i := 0; i < n; i++ {
		if s.CharAt(i) > 0xFF {
			latin1 = false
			break
		}
	}
	if latin1 {
		w.tag('"')
		w.varint(uint64(n))
		for i := 0; i < n; i++ {
			w.buf = append(w.buf, byte(s.CharAt(i)))
		}
		return
	}
	size := uint64(n * 2)
	if (len(w.buf)+1+uvarintLen(size))&1 == 1 {
		w.tag(0)
	}
	w.tag('c')
	w.varint(size)
	for i := 0; i < n; i++ {
		w.buf = binary.LittleEndian.AppendUint16(w.buf, s.CharAt(i))
	}
}

func uvarintLen(n uint64) int {
	l := 1
	for n >= 0x80 {
		n >>= 7
		l++
	}
	return l
}

func (w *writer) number(f float64) {
	if f == math.Trunc(f) && f >= -(1<<30) && f < 1<<30 && !(f == 0 && math.Signbit(f)) {
		w.tag('I')
		w.zigzag(int32(f))
		return
	}
	w.tag('N')
	w.double(f)
}

func (w *writer) bigint(b *big.Int) {
	mag := b.Bytes() // big-endian
	n := (len(mag) + 7) / 8 * 8
	digits := make([]byte, n)
	for i, x := range mag {
		digits[len(mag)-1-i] = x
	}
	bits := uint64(n) << 1
	if b.Sign() < 0 {
		bits |= 1
	}
	w.varint(bits)
	w.buf = append(w.buf, digits...)
}

func (w *writer) value(v goja.Value) {
	w.c.tick(&w.count)
	switch {
	case v == nil || goja.IsUndefined(v):
		w.tag('_')
		return
	case goja.IsNull(v):
		w.tag('0')
		return
	}
	if o, ok := v.(*goja.Object); ok {
		// Objects are never exported: Export copies the whole subtree,
		// which done at every level makes deep values quadratic.
		if id, seen := w.ids[o]; seen {
			w.tag('^')
			w.varint(uint64(id))
			return
		}
		if w.depth >= w.c.maxDepth() {
			panic(ErrTooDeep)
		}
		w.depth++
		w.object(o)
		w.depth--
		return
	}
	switch x := v.Export().(type) {
	case bool:
		if x {
			w.tag('T')
		} else {
			w.tag('F')
		}
	case int64:
		w.number(float64(x))
	case float64:
		w.number(x)
	case *big.Int:
		w.tag('Z')
		w.bigint(x)
	default:
		if s, isSym := v.(*goja.Symbol); isSym {
			w.fail("%s could not be cloned.", symbolText(s))
		}
		if js, isStr := v.(goja.String); isStr {
			w.units(js)
			return
		}
		if s, isStr := x.(string); isStr {
			w.str(s)
			return
		}
		w.fail("value could not be cloned.")
	}
}

func (w *writer) assign(o *goja.Object) {
	w.ids[o] = w.next
	w.next++
}

// object writes o, choosing its writer by the class goja reports, then by
// the Go type goja exports it as, then by its prototype.
func (w *writer) object(o *goja.Object) {
	cls := o.ClassName()
	if write := classWriters[cls]; write != nil {
		write(w, o)
		return
	}
	et := o.ExportType()
	if write := typeWriters[et]; write != nil {
		write(w, o)
		return
	}
	if cls == "Object" && et == setType {
		w.set(o)
		return
	}
	if proto := o.Prototype(); proto == nil || proto == w.c.objProto || cls == "Arguments" {
		w.plain(o)
		return
	}
	w.instance(o)
}

var (
	// classWriters and typeWriters are filled by init, since their methods
	// reach object again.
	classWriters map[string]func(*writer, *goja.Object)
	typeWriters  map[reflect.Type]func(*writer, *goja.Object)
	setType      = reflect.TypeOf([]interface{}{})
)

func init() {
	classWriters = map[string]func(*writer, *goja.Object){
		"Function": (*writer).function,
		"Array":    (*writer).array,
		"Date":     (*writer).date,
		"RegExp":   (*writer).regexp,
		"Error":    (*writer).error,
		"String":   (*writer).stringObject,
		"Number":   (*writer).numberObject,
		"Boolean":  (*writer).booleanObject,
	}
	typeWriters = map[reflect.Type]func(*writer, *goja.Object){
		reflect.TypeOf((*goja.Promise)(nil)): func(w *writer, _ *goja.Object) { w.fail("#<Promise> could not be cloned.") },
		reflect.TypeOf(goja.Proxy{}):         (*writer).proxy,
		reflect.TypeOf([][2]interface{}{}):   (*writer).mapObject,
		reflect.TypeOf(goja.ArrayBuffer{}):   (*writer).arrayBuffer,
		reflect.TypeOf((*big.Int)(nil)):      (*writer).bigintObject,
	}
}

func (w *writer) function(o *goja.Object) {
	if w.export(o) {
		return
	}
	w.refuseHostObject(o)
	src, _ := w.c.fnSource(goja.Undefined(), o)
	w.fail("%s could not be cloned.", src.String())
}

func (w *writer) proxy(o *goja.Object) {
	if w.export(o) {
		return
	}
	w.refuseHostObject(o)
	w.fail("#<Object> could not be cloned.")
}

func (w *writer) refuseHostObject(o *goja.Object) {
	if w.c.Refuse == nil {
		return
	}
	if msg := w.c.Refuse(o); msg != "" {
		w.fail("%s", msg)
	}
}

// export writes o as a host object when Options.Export takes it.
func (w *writer) export(o *goja.Object) bool {
	if w.opts.Export == nil {
		return false
	}
	id, ok := w.opts.Export(o)
	if !ok {
		return false
	}
	w.assign(o)
	w.tag('\\')
	w.varint(id)
	return true
}

func (w *writer) array(o *goja.Object) {
	w.assign(o)
	n := int(o.Get("length").ToInteger())
	keys := o.Keys()
	indexKeys := 0
	for _, k := range keys {
		if isIndex(k) {
			indexKeys++
		}
	}
	if indexKeys == n {
		w.tag('A')
		w.varint(uint64(n))
		for i := 0; i < n; i++ {
			w.value(o.Get(strconv.Itoa(i)))
		}
		w.tag('$')
		w.varint(0)
		w.varint(uint64(n))
		return
	}
	w.tag('a')
	w.varint(uint64(n))
	for _, k := range keys {
		w.key(k)
		w.value(o.Get(k))
	}
	w.tag('@')
	w.varint(uint64(len(keys)))
	w.varint(uint64(n))
}

func (w *writer) date(o *goja.Object) {
	w.assign(o)
	w.tag('D')
	w.double(o.ToFloat())
}

// regexpFlags are V8's bits for the flags it serializes.
var regexpFlags = map[rune]uint64{'g': 1, 'i': 2, 'm': 4, 'y': 8, 'u': 16, 's': 32}

func (w *writer) regexp(o *goja.Object) {
	w.assign(o)
	w.tag('R')
	w.str(o.Get("source").String())
	var flags uint64
	for _, r := range o.Get("flags").String() {
		flags |= regexpFlags[r]
	}
	w.varint(flags)
}

// errorTags are V8's prototype tags; other names serialize as Error.
var errorTags = map[string]byte{"EvalError": 'E', "RangeError": 'R', "ReferenceError": 'F',
	"SyntaxError": 'S', "TypeError": 'T', "URIError": 'U'}

func (w *writer) error(o *goja.Object) {
	w.assign(o)
	w.tag('r')
	if t, ok := errorTags[o.Get("name").String()]; ok {
		w.tag(t)
	}
	if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
		w.tag('m')
		w.str(m.String())
	}
	if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
		w.tag('s')
		w.str(s.String())
	}
	if w.c.ErrorProperties {
		w.errorProperties(o)
	}
	w.tag('.')
}

func (w *writer) errorProperties(o *goja.Object) {
	keys := o.Keys()
	if d := o.Get("cause"); d != nil && !slices.Contains(keys, "cause") && slices.Contains(o.GetOwnPropertyNames(), "cause") {
		keys = append(keys, "cause")
	}
	for _, k := range keys {
		if k == "message" || k == "stack" {
			continue
		}
		w.tag('p')
		w.str(k)
		w.value(o.Get(k))
	}
}

func (w *writer) stringObject(o *goja.Object) {
	w.assign(o)
	w.tag('s')
	w.str(o.String())
}

func (w *writer) numberObject(o *goja.Object) {
	w.assign(o)
	w.tag('n')
	w.double(o.ToFloat())
}

// booleanObject reads the wrapped value through valueOf: the object
// itself is always truthy.
func (w *writer) booleanObject(o *goja.Object) {
	w.assign(o)
	if o.Export() == true {
		w.tag('y')
	} else {
		w.tag('x')
	}
}

func (w *writer) mapObject(o *goja.Object) {
	vm := w.c.vm
	w.assign(o)
	entries, _ := w.c.mapEntries(goja.Undefined(), o)
	eo := entries.ToObject(vm)
	n := int(eo.Get("length").ToInteger())
	w.tag(';')
	for i := 0; i < n; i++ {
		pair := eo.Get(strconv.Itoa(i)).ToObject(vm)
		w.value(pair.Get("0"))
		w.value(pair.Get("1"))
	}
	w.tag(':')
	w.varint(uint64(2 * n))
}

func (w *writer) set(o *goja.Object) {
	vm := w.c.vm
	w.assign(o)
	vals, _ := w.c.setValues(goja.Undefined(), o)
	vo := vals.ToObject(vm)
	n := int(vo.Get("length").ToInteger())
	w.tag('\'')
	for i := 0; i < n; i++ {
		w.value(vo.Get(strconv.Itoa(i)))
	}
	w.tag(',')
	w.varint(uint64(n))
}

func (w *writer) arrayBuffer(o *goja.Object) {
	w.assign(o)
	b := o.Export().(goja.ArrayBuffer).Bytes()
	w.tag('B')
	w.varint(uint64(len(b)))
	w.buf = append(w.buf, b...)
}

func (w *writer) bigintObject(o *goja.Object) {
	w.assign(o)
	w.tag('z')
	w.bigint(o.Export().(*big.Int))
}

// instance writes an object with a prototype of its own: a typed array or
// DataView, an object V8 cannot clone, an exported one (an RpcTarget over
// RPC), or a class instance, which RPC refuses and storage copies.
func (w *writer) instance(o *goja.Object) {
	k, _ := w.c.kindOf(goja.Undefined(), o)
	kind := k.String()
	switch {
	case kind == "DataView" || viewTags[kind] != 0:
		w.view(o, kind)
		return
	case len(kind) > 0 && kind[0] == '#':
		w.fail("%s could not be cloned.", kind)
	}
	if w.export(o) {
		return
	}
	w.refuseHostObject(o)
	if w.opts.RejectClassInstances {
		name := "Object"
		if ctor, ok := o.Prototype().Get("constructor").(*goja.Object); ok {
			if n := ctor.Get("name"); n != nil && n.String() != "" {
				name = n.String()
			}
		}
		w.fail("Could not serialize object of type \"%s\". This type does not support serialization.", name)
	}
	w.plain(o)
}

// view writes a typed array or DataView after its buffer, as V8 does.
func (w *writer) view(o *goja.Object, kind string) {
	vm := w.c.vm
	info, _ := w.c.viewInfo(goja.Undefined(), o)
	io := info.ToObject(vm)
	buf := io.Get("0").ToObject(vm)
	if id, seen := w.ids[buf]; seen {
		w.tag('^')
		w.varint(uint64(id))
	} else {
		w.object(buf)
	}
	w.assign(o)
	w.tag('V')
	sub := viewTags[kind]
	if kind == "DataView" {
		sub = '?'
	}
	w.tag(sub)
	w.varint(uint64(io.Get("1").ToInteger()))
	w.varint(uint64(io.Get("2").ToInteger()))
	w.varint(0) // flags
}

var viewTags = map[string]byte{
	"Int8Array": 'b', "Uint8Array": 'B', "Uint8ClampedArray": 'C', "Int16Array": 'w', "Uint16Array": 'W',
	"Int32Array": 'd', "Uint32Array": 'D', "Float32Array": 'f', "Float64Array": 'F',
	"BigInt64Array": 'q', "BigUint64Array": 'Q',
}

func isIndex(k string) bool {
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < math.MaxUint32 && strconv.FormatUint(n, 10) == k
}

func (w *writer) key(k string) {
	if isIndex(k) {
		n, _ := strconv.ParseUint(k, 10, 32)
		w.number(float64(n))
		return
	}
	w.str(k)
}

func (w *writer) plain(o *goja.Object) {
	w.assign(o)
	w.tag('o')
	keys := o.Keys()
	for _, k := range keys {
		w.key(k)
		w.value(o.Get(k))
	}
	w.tag('{')
	w.varint(uint64(len(keys)))
}

func symbolText(s *goja.Symbol) string {
	d := s.String()
	if strings.HasPrefix(d, "Symbol(") {
		return d
	}
	return "Symbol(" + d + ")"
}
