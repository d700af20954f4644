package clone

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"runtime"
	"strconv"
	"unicode/utf16"

	"github.com/dop251/goja"
)

var errCorrupt = errors.New("clone: malformed serialized value")

type reader struct {
	c     *Cloner
	opts  ReadOptions
	buf   []byte
	pos   int
	objs  []goja.Value
	depth int
	count int
}

// ReadOptions select how host objects are read.
type ReadOptions struct {
	// Import turns the id of a host object written through
	// [Options.Export] back into a value; without it such bytes are
	// malformed.
	Import func(id uint64) goja.Value
}

// Deserialize decodes bytes produced by Serialize (or by V8) into a new value
// in the Cloner's runtime.
func (c *Cloner) Deserialize(b []byte) (goja.Value, error) {
	return c.DeserializeWith(b, ReadOptions{})
}

// DeserializeWith is Deserialize with host objects read through opts.
func (c *Cloner) DeserializeWith(b []byte, opts ReadOptions) (v goja.Value, err error) {
	r := &reader{c: c, buf: b, opts: opts}
	defer func() {
		if x := recover(); x != nil {
			if x == ErrTooDeep {
				err = ErrTooDeep
				return
			}
			if e, ok := x.(error); ok && e == errCorrupt {
				err = errCorrupt
				return
			}
			if _, ok := x.(runtime.Error); ok {
				err = errCorrupt
				return
			}
			panic(x)
		}
	}()
	if len(b) >= 2 && b[0] == 0xFF {
		r.pos = 2
	}
	return r.value(), nil
}

func (r *reader) byte() byte {
	if r.pos >= len(r.buf) {
		panic(errCorrupt)
	}
	b := r.buf[r.pos]
	r.pos++
	return b
}

func (r *reader) varint() uint64 {
	n, l := binary.Uvarint(r.buf[r.pos:])
	if l <= 0 {
		panic(errCorrupt)
	}
	r.pos += l
	return n
}

func (r *reader) bytes(n uint64) []byte {
	if uint64(len(r.buf)-r.pos) < n {
		panic(errCorrupt)
	}
	b := r.buf[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b
}

func (r *reader) double() float64 {
	return math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8)))
}

func (r *reader) bigint() *big.Int {
	bits := r.varint()
	digits := r.bytes(bits >> 1)
	be := make([]byte, len(digits))
	for i, x := range digits {
		be[len(digits)-1-i] = x
	}
	n := new(big.Int).SetBytes(be)
	if bits&1 == 1 {
		n.Neg(n)
	}
	return n
}

func (r *reader) add(v goja.Value) goja.Value {
	r.objs = append(r.objs, v)
	return v
}

func (r *reader) ctor(name string) *goja.Object { return r.c.ctors[name] }

func (r *reader) newObj(name string, args ...goja.Value) *goja.Object {
	o, err := r.c.vm.New(r.ctor(name), args...)
	if err != nil {
		panic(err)
	}
	return o
}

func (r *reader) str(tag byte) string {
	switch tag {
	case '"':
		b := r.bytes(r.varint())
		rs := make([]rune, len(b))
		for i, x := range b {
			rs[i] = rune(x)
		}
		return string(rs)
	case 'c':
		b := r.bytes(r.varint())
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u))
	case 'S':
		return string(r.bytes(r.varint()))
	}
	panic(errCorrupt)
}

func (r *reader) value() goja.Value {
	r.c.tick(&r.count)
	// Values, not only objects, are counted here: the values inside the
	// deepest object the writer allows are one level further down.
	if r.depth > r.c.maxDepth() {
		panic(ErrTooDeep)
	}
	r.depth++
	defer func() { r.depth-- }()
	vm := r.c.vm
	for {
		tag := r.byte()
		switch tag {
		case 0:
			continue
		case '_':
			return goja.Undefined()
		case '0':
			return goja.Null()
		case 'T':
			return vm.ToValue(true)
		case 'F':
			return vm.ToValue(false)
		case 'I':
			u := uint32(r.varint())
			return vm.ToValue(int64(int32(u>>1) ^ -int32(u&1)))
		case 'U':
			return vm.ToValue(int64(r.varint()))
		case 'N':
			return vm.ToValue(r.double())
		case 'Z':
			return vm.ToValue(r.bigint())
		case 'c':
			b := r.bytes(r.varint())
			u := make([]uint16, len(b)/2)
			for i := range u {
				u[i] = binary.LittleEndian.Uint16(b[2*i:])
			}
			// Kept as UTF-16: a lone surrogate has no Go string form.
			return goja.StringFromUTF16(u)
		case '"', 'S':
			return vm.ToValue(r.str(tag))
		case '^':
			id := r.varint()
			if id >= uint64(len(r.objs)) {
				panic(errCorrupt)
			}
			return r.objs[id]
		case '\\':
			if r.opts.Import == nil {
				panic(errCorrupt)
			}
			return r.add(r.opts.Import(r.varint()))
		case 'o':
			o := vm.NewObject()
			r.add(o)
			r.props(o, '{')
			return o
		case 'A':
			n := r.varint()
			a := vm.NewArray()
			r.add(a)
			for i := uint64(0); i < n; i++ {
				if r.buf[r.pos] == '-' {
					r.pos++
					continue
				}
				a.Set(strconv.FormatUint(i, 10), r.value())
			}
			r.props(a, '$')
			r.varint()
			a.Set("length", n)
			return a
		case 'a':
			n := r.varint()
			a := vm.NewArray()
			r.add(a)
			a.Set("length", n)
			r.props(a, '@')
			r.varint()
			return a
		case 'D':
			return r.add(r.newObj("Date", vm.ToValue(r.double())))
		case 's':
			o := r.add(nil)
			_ = o
			idx := len(r.objs) - 1
			v := r.newObj("String", vm.ToValue(r.str(r.byte())))
			r.objs[idx] = v
			return v
		case 'n':
			return r.add(r.newObj("Number", vm.ToValue(r.double())))
		case 'y', 'x':
			return r.add(r.newObj("Boolean", vm.ToValue(tag == 'y')))
		case 'z':
			return r.add(vm.ToValue(r.bigint()).ToObject(vm))
		case 'R':
			idx := len(r.objs)
			r.add(nil)
			src := r.str(r.byte())
			fl := r.varint()
			flags := ""
			for i, c := range "gimyus" {
				if fl&(1<<i) != 0 {
					flags += string(c)
				}
			}
			v := r.newObj("RegExp", vm.ToValue(src), vm.ToValue(flags))
			r.objs[idx] = v
			return v
		case ';':
			m := r.newObj("Map")
			r.add(m)
			set, _ := goja.AssertFunction(m.Get("set"))
			for r.buf[r.pos] != ':' {
				k := r.value()
				v := r.value()
				set(m, k, v)
			}
			r.pos++
			r.varint()
			return m
		case '\'':
			s := r.newObj("Set")
			r.add(s)
			add, _ := goja.AssertFunction(s.Get("add"))
			for r.buf[r.pos] != ',' {
				add(s, r.value())
			}
			r.pos++
			r.varint()
			return s
		case 'B':
			b := r.bytes(r.varint())
			cp := make([]byte, len(b))
			copy(cp, b)
			ab := vm.ToValue(vm.NewArrayBuffer(cp))
			r.add(ab)
			if r.pos < len(r.buf) && r.buf[r.pos] == 'V' {
				r.pos++
				return r.view(ab)
			}
			return ab
		case 'V':
			return r.view(r.objs[len(r.objs)-1])
		case 'r':
			return r.errorValue()
		default:
			panic(errCorrupt)
		}
	}
}

var viewNames = map[byte]string{
	'b': "Int8Array", 'B': "Uint8Array", 'C': "Uint8ClampedArray", 'w': "Int16Array", 'W': "Uint16Array",
	'd': "Int32Array", 'D': "Uint32Array", 'f': "Float32Array", 'F': "Float64Array",
	'q': "BigInt64Array", 'Q': "BigUint64Array", '?': "DataView",
}

func (r *reader) view(buf goja.Value) goja.Value {
	vm := r.c.vm
	sub := r.byte()
	off := r.varint()
	length := r.varint()
	if r.pos < len(r.buf) {
		// Version 14+ appends a flags varint.
		r.varint()
	}
	name, ok := viewNames[sub]
	if !ok {
		panic(errCorrupt)
	}
	elem := map[string]uint64{"Int16Array": 2, "Uint16Array": 2, "Int32Array": 4, "Uint32Array": 4,
		"Float32Array": 4, "Float64Array": 8, "BigInt64Array": 8, "BigUint64Array": 8}[name]
	if elem == 0 {
		elem = 1
	}
	return r.add(r.newObj(name, buf, vm.ToValue(off), vm.ToValue(length/elem)))
}

func (r *reader) errorValue() goja.Value {
	vm := r.c.vm
	name := "Error"
	var msg, stack goja.Value
	// The error's id comes before those of the values in its properties,
	// which follow its prototype, message and stack and may refer to it.
	id := len(r.objs)
	r.add(goja.Undefined())
	var o *goja.Object
	build := func() *goja.Object {
		if o == nil {
			if msg != nil {
				o = r.newObj(name, msg)
			} else {
				o = r.newObj(name)
			}
			if stack != nil {
				o.Set("stack", stack)
			}
			r.objs[id] = o
		}
		return o
	}
	// A two-byte string may follow padding, as anywhere else.
	str := func() string {
		t := r.byte()
		for t == 0 {
			t = r.byte()
		}
		return r.str(t)
	}
	for {
		t := r.byte()
		switch t {
		case 'E':
			name = "EvalError"
		case 'R':
			name = "RangeError"
		case 'F':
			name = "ReferenceError"
		case 'S':
			name = "SyntaxError"
		case 'T':
			name = "TypeError"
		case 'U':
			name = "URIError"
		case 'm':
			msg = vm.ToValue(str())
		case 's':
			stack = vm.ToValue(str())
		case 'c':
			r.value()
		case 'p':
			k := str()
			build().Set(k, r.value())
		case '.':
			return build()
		default:
			panic(errCorrupt)
		}
	}
}

func (r *reader) props(o *goja.Object, end byte) {
	for {
		if r.pos >= len(r.buf) {
			panic(errCorrupt)
		}
		if r.buf[r.pos] == end {
			r.pos++
			r.varint()
			return
		}
		k := r.value()
		o.Set(k.String(), r.value())
	}
}
