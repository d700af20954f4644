package jsrt

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/dop251/goja"
)

// JSON.parse and JSON.stringify.
//
// goja's own versions recurse in Go once per level of nesting, so a deep
// enough document ("[[[[…") ends the process with a Go stack overflow,
// which no one can catch. These replacements walk the text and the values
// with explicit stacks. Like V8, they take any depth when no user code is
// involved and throw a RangeError once a reviver, replacer or toJSON is
// called more than maxNesting levels deep (V8 runs out of stack there).

const msgStack = "Maximum call stack size exceeded"

// pollEvery is how many steps natives take between two calls of Poll, and
// growEvery between two looks at the heap (see Loop.growing).
const (
	pollEvery = 1024
	growEvery = 64 * pollEvery
)

// step polls for limits every pollEvery calls, and checks the heap every
// growEvery.
func (l *Loop) step(n *int) {
	*n++
	if *n%pollEvery == 0 {
		l.Poll()
		if *n%growEvery == 0 {
			l.growing()
		}
	}
}

// installJSON replaces JSON.parse and JSON.stringify on l's runtime.
func installJSON(l *Loop, maxNesting int) {
	vm := l.VM
	j := vm.Get("JSON").ToObject(vm)
	define := func(name string, length int, fn func(goja.FunctionCall) goja.Value) {
		f := vm.ToValue(fn).ToObject(vm)
		f.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		f.DefineDataProperty("length", vm.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		j.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	define("parse", 2, func(c goja.FunctionCall) goja.Value {
		p := newJSONParser(l, c.Argument(0))
		v := p.parse()
		if fn, ok := goja.AssertFunction(c.Argument(1)); ok {
			root := vm.NewObject()
			root.Set("", v)
			w := &reviver{l: l, fn: fn, max: maxNesting}
			return w.walk(root, "", 0)
		}
		return v
	})
	define("stringify", 3, func(c goja.FunctionCall) goja.Value {
		s := newStringifier(l, c.Argument(1), c.Argument(2), maxNesting)
		return s.run(c.Argument(0))
	})
}

func throwError(vm *goja.Runtime, class, msg string) {
	o, err := vm.New(vm.Get(class), vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	panic(o)
}

// jsonParser reads JSON text as UTF-16 code units: ASCII text straight from
// its Go string, anything else as units, so that lone surrogates survive.
type jsonParser struct {
	l     *Loop
	vm    *goja.Runtime
	text  goja.String
	asc   string
	units []uint16
	n     int
	pos   int
	count int
}

func newJSONParser(l *Loop, v goja.Value) *jsonParser {
	vm := l.VM
	s := toStr(v)
	p := &jsonParser{l: l, vm: vm, text: s, n: s.Length()}
	str := s.String()
	if len(str) == p.n && isASCII(str) {
		p.asc = str
	} else {
		p.units = make([]uint16, p.n)
		for i := range p.units {
			p.units[i] = s.CharAt(i)
		}
	}
	return p
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (p *jsonParser) at(i int) uint16 {
	if p.units == nil {
		return uint16(p.asc[i])
	}
	return p.units[i]
}

func (p *jsonParser) skipSpace() {
	for p.pos < p.n {
		switch p.at(p.pos) {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// fail throws V8's SyntaxError for a problem at pos.
func (p *jsonParser) fail(msg string, pos int) {
	line, col := 1, pos+1
	for i := 0; i < pos && i < p.n; i++ {
		if p.at(i) == '\n' {
			line++
			col = pos - i
		}
	}
	if !strings.HasSuffix(msg, " JSON") {
		msg += " in JSON"
	}
	throwError(p.vm, "SyntaxError", msg+" at position "+strconv.Itoa(pos)+
		" (line "+strconv.Itoa(line)+" column "+strconv.Itoa(col)+")")
}

// unexpected throws V8's error for a token that cannot start a value, with
// the text around it.
func (p *jsonParser) unexpected() {
	if p.pos >= p.n {
		throwError(p.vm, "SyntaxError", "Unexpected end of JSON input")
	}
	c := p.at(p.pos)
	switch {
	case c >= '0' && c <= '9' || c == '-':
		p.fail("Unexpected number", p.pos)
	case c == '"':
		p.fail("Unexpected string", p.pos)
	}
	sub := func(a, b int) string { return p.text.Substring(a, b).String() }
	src := p.text.String()
	if src == "undefined" {
		throwError(p.vm, "SyntaxError", `"undefined" is not valid JSON`)
	}
	tok := "'" + sub(p.pos, p.pos+1) + "'"
	const ctx = 10
	var msg string
	switch {
	case p.n <= 2*ctx+1:
		msg = `"` + src + `"`
	case p.pos < ctx:
		msg = `"` + sub(0, p.pos+ctx) + `"...`
	case p.pos >= p.n-ctx:
		msg = `..."` + sub(p.pos-ctx, p.n) + `"`
	default:
		msg = `..."` + sub(p.pos-ctx, p.pos+ctx) + `"...`
	}
	throwError(p.vm, "SyntaxError", "Unexpected token "+tok+", "+msg+" is not valid JSON")
}

type parseFrame struct {
	obj  *goja.Object // nil for an array
	vals []goja.Value
	key  string
}

func (p *jsonParser) parse() goja.Value {
	var stack []*parseFrame
	var v goja.Value
	for {
		p.l.step(&p.count)
		// A value is due.
		p.skipSpace()
		if p.pos >= p.n {
			p.unexpected()
		}
		switch p.at(p.pos) {
		case '{':
			p.pos++
			f := &parseFrame{obj: p.vm.NewObject()}
			p.skipSpace()
			if p.pos < p.n && p.at(p.pos) == '}' {
				p.pos++
				v = f.obj
				break
			}
			if p.pos >= p.n || p.at(p.pos) != '"' {
				p.fail("Expected property name or '}'", p.pos)
			}
			f.key = p.key()
			stack = append(stack, f)
			continue
		case '[':
			p.pos++
			p.skipSpace()
			if p.pos < p.n && p.at(p.pos) == ']' {
				p.pos++
				v = p.vm.NewArray()
				break
			}
			stack = append(stack, &parseFrame{})
			continue
		case '"':
			v = p.string()
		case 't':
			v = p.literal("true", p.vm.ToValue(true))
		case 'f':
			v = p.literal("false", p.vm.ToValue(false))
		case 'n':
			v = p.literal("null", goja.Null())
		default:
			v = p.number()
		}
		// v is complete: hand it to the containers it closes.
		for {
			p.l.step(&p.count)
			if len(stack) == 0 {
				p.skipSpace()
				if p.pos < p.n {
					p.fail("Unexpected non-whitespace character after JSON", p.pos)
				}
				return v
			}
			f := stack[len(stack)-1]
			p.skipSpace()
			if f.obj != nil {
				f.obj.DefineDataProperty(f.key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
				if p.pos < p.n && p.at(p.pos) == ',' {
					p.pos++
					p.skipSpace()
					if p.pos >= p.n || p.at(p.pos) != '"' {
						p.fail("Expected double-quoted property name", p.pos)
					}
					f.key = p.key()
					break
				}
				if p.pos < p.n && p.at(p.pos) == '}' {
					p.pos++
					v = f.obj
					stack = stack[:len(stack)-1]
					continue
				}
				p.fail("Expected ',' or '}' after property value", p.pos)
			}
			f.vals = append(f.vals, v)
			if p.pos < p.n && p.at(p.pos) == ',' {
				p.pos++
				break
			}
			if p.pos < p.n && p.at(p.pos) == ']' {
				p.pos++
				items := make([]any, len(f.vals))
				for i, x := range f.vals {
					items[i] = x
				}
				v = p.vm.NewArray(items...)
				stack = stack[:len(stack)-1]
				continue
			}
			p.fail("Expected ',' or ']' after array element", p.pos)
		}
	}
}

// key reads a property name and the colon after it.
func (p *jsonParser) key() string {
	k := p.string().String()
	p.skipSpace()
	if p.pos >= p.n || p.at(p.pos) != ':' {
		p.fail("Expected ':' after property name", p.pos)
	}
	p.pos++
	return k
}

func (p *jsonParser) literal(word string, v goja.Value) goja.Value {
	for i := 0; i < len(word); i++ {
		if p.pos >= p.n || p.at(p.pos) != uint16(word[i]) {
			p.unexpected()
		}
		p.pos++
	}
	return v
}

func (p *jsonParser) digits() int {
	start := p.pos
	for p.pos < p.n && p.at(p.pos) >= '0' && p.at(p.pos) <= '9' {
		p.pos++
	}
	return p.pos - start
}

func (p *jsonParser) number() goja.Value {
	start := p.pos
	if p.at(p.pos) == '-' {
		p.pos++
		if p.pos >= p.n || p.at(p.pos) < '0' || p.at(p.pos) > '9' {
			p.fail("No number after minus sign", p.pos)
		}
	}
	if c := p.at(p.pos); c < '0' || c > '9' {
		p.unexpected()
	}
	if p.at(p.pos) == '0' {
		p.pos++
		if p.pos < p.n && p.at(p.pos) >= '0' && p.at(p.pos) <= '9' {
			p.unexpected()
		}
	} else {
		p.digits()
	}
	if p.pos < p.n && p.at(p.pos) == '.' {
		p.pos++
		if p.digits() == 0 {
			p.fail("Unterminated fractional number", p.pos)
		}
	}
	if p.pos < p.n && (p.at(p.pos) == 'e' || p.at(p.pos) == 'E') {
		p.pos++
		if p.pos < p.n && (p.at(p.pos) == '+' || p.at(p.pos) == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			p.fail("Exponent part is missing a number", p.pos)
		}
	}
	b := make([]byte, p.pos-start)
	for i := range b {
		b[i] = byte(p.at(start + i))
	}
	f, _ := strconv.ParseFloat(string(b), 64)
	return p.vm.ToValue(f)
}

func hexVal(c uint16) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *jsonParser) string() goja.String {
	p.pos++ // the opening quote
	start := p.pos
	// The common case: no escapes, taken as a substring of the text.
	for p.pos < p.n {
		c := p.at(p.pos)
		if c == '"' {
			p.pos++
			return p.text.Substring(start, p.pos-1)
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	var u []uint16
	for i := start; i < p.pos; i++ {
		u = append(u, p.at(i))
	}
	for {
		if p.pos >= p.n {
			p.fail("Unterminated string", p.n)
		}
		c := p.at(p.pos)
		switch {
		case c == '"':
			p.pos++
			return goja.StringFromUTF16(u)
		case c < 0x20:
			p.fail("Bad control character in string literal", p.pos)
		case c == '\\':
			p.pos++
			if p.pos >= p.n {
				p.fail("Unterminated string", p.n)
			}
			e := p.at(p.pos)
			switch e {
			case '"', '\\', '/':
				u = append(u, e)
			case 'b':
				u = append(u, '\b')
			case 'f':
				u = append(u, '\f')
			case 'n':
				u = append(u, '\n')
			case 'r':
				u = append(u, '\r')
			case 't':
				u = append(u, '\t')
			case 'u':
				x := 0
				for i := 1; i <= 4; i++ {
					if p.pos+i >= p.n {
						p.fail("Bad Unicode escape", p.pos-1)
					}
					d := hexVal(p.at(p.pos + i))
					if d < 0 {
						p.fail("Bad Unicode escape", p.pos-1)
					}
					x = x<<4 | d
				}
				u = append(u, uint16(x))
				p.pos += 4
			default:
				p.fail("Bad escaped character", p.pos)
			}
			p.pos++
		default:
			u = append(u, c)
			p.pos++
		}
	}
}

// reviver applies JSON.parse's reviver, innermost values first.
type reviver struct {
	l     *Loop
	fn    goja.Callable
	max   int
	count int
}

func (r *reviver) walk(holder *goja.Object, key string, depth int) goja.Value {
	vm := r.l.VM
	r.l.step(&r.count)
	val := holder.Get(key)
	if o, ok := val.(*goja.Object); ok {
		// Objects and arrays nested more than max deep are refused, as
		// by structured clone and stringify.
		if depth >= r.max {
			throwError(vm, "RangeError", msgStack)
		}
		var keys []string
		if isArray(vm, o) {
			n := toLength(o.Get("length"))
			for i := int64(0); i < n; i++ {
				keys = append(keys, strconv.FormatInt(i, 10))
			}
		} else {
			keys = o.Keys()
		}
		for _, k := range keys {
			nv := r.walk(o, k, depth+1)
			if nv == nil || goja.IsUndefined(nv) {
				o.Delete(k)
			} else {
				o.DefineDataProperty(k, nv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
			}
		}
	}
	if val == nil {
		val = goja.Undefined()
	}
	res, err := r.fn(holder, vm.ToValue(key), val)
	rethrow(err)
	return res
}

// rethrow passes an exception from a callback on to the caller, and a
// limit on to the loop.
func rethrow(err error) {
	if err == nil {
		return
	}
	if lim := Check(err); lim != nil {
		Abort(lim)
	}
	if ex, ok := err.(*goja.Exception); ok {
		panic(ex.Value())
	}
	panic(err)
}

func toLength(v goja.Value) int64 {
	f := v.ToFloat()
	if f != f || f <= 0 {
		return 0
	}
	return int64(math.Min(f, 1<<53-1))
}

func isArray(vm *goja.Runtime, o *goja.Object) bool {
	if o.ClassName() == "Array" {
		return true
	}
	// Proxies of arrays count as arrays too.
	if o.ExportType() == reflect.TypeOf(goja.Proxy{}) {
		f, _ := goja.AssertFunction(vm.Get("Array").ToObject(vm).Get("isArray"))
		if f != nil {
			r, err := f(goja.Undefined(), o)
			rethrow(err)
			return r.ToBoolean()
		}
	}
	return false
}

// stringifier is JSON.stringify with an explicit stack of the objects
// being written.
type stringifier struct {
	l        *Loop
	vm       *goja.Runtime
	replacer goja.Callable
	props    []string // the allow-list of property names, or nil
	hasProps bool
	gap      string
	max      int
	calls    bool // a replacer or toJSON was called: V8 recursed
	out      goja.StringBuilder
	count    int
	stack    []*strFrame
	onStack  map[*goja.Object]bool
}

type strFrame struct {
	obj    *goja.Object
	array  bool
	keys   []string
	next   int
	wrote  bool
	indent string
}

func newStringifier(l *Loop, replacer, space goja.Value, max int) *stringifier {
	vm := l.VM
	s := &stringifier{l: l, vm: vm, max: max, onStack: map[*goja.Object]bool{}}
	if fn, ok := goja.AssertFunction(replacer); ok {
		s.replacer = fn
	} else if o, ok := replacer.(*goja.Object); ok && isArray(vm, o) {
		s.hasProps = true
		seen := map[string]bool{}
		n := toLength(o.Get("length"))
		for i := int64(0); i < n; i++ {
			v := o.Get(strconv.FormatInt(i, 10))
			var item string
			switch x := v.(type) {
			case *goja.Object:
				switch x.ClassName() {
				case "String", "Number":
					item = x.String()
				default:
					continue
				}
			default:
				if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
					continue
				}
				switch v.ExportType().Kind().String() {
				case "string", "int64", "float64":
					item = v.String()
				default:
					continue
				}
			}
			if !seen[item] {
				seen[item] = true
				s.props = append(s.props, item)
			}
		}
	}
	if o, ok := space.(*goja.Object); ok {
		switch o.ClassName() {
		case "Number":
			space = vm.ToValue(o.ToFloat())
		case "String":
			space = vm.ToValue(o.String())
		}
	}
	if space != nil && !goja.IsUndefined(space) && !goja.IsNull(space) {
		switch space.ExportType().Kind().String() {
		case "int64", "float64":
			n := math.Min(10, math.Trunc(space.ToFloat()))
			if n >= 1 {
				s.gap = strings.Repeat(" ", int(n))
			}
		case "string":
			g := toStr(space)
			if g.Length() > 10 {
				g = g.Substring(0, 10)
			}
			s.gap = g.String()
		}
	}
	return s
}

// prepare applies toJSON and the replacer to holder[key], unwraps
// primitive wrappers, and tells whether the result is written at all.
func (s *stringifier) prepare(holder *goja.Object, key string, val goja.Value) (goja.Value, bool) {
	vm := s.vm
	if val == nil {
		val = goja.Undefined()
	}
	if o, ok := val.(*goja.Object); ok || isBigInt(val) {
		var target *goja.Object
		if ok {
			target = o
		} else {
			target = val.ToObject(vm)
		}
		if fn, ok := goja.AssertFunction(target.Get("toJSON")); ok {
			s.calls = true
			r, err := fn(val, vm.ToValue(key))
			rethrow(err)
			val = r
		}
	}
	if s.replacer != nil {
		s.calls = true
		r, err := s.replacer(holder, vm.ToValue(key), val)
		rethrow(err)
		val = r
	}
	if o, ok := val.(*goja.Object); ok {
		switch o.ClassName() {
		case "Number":
			val = vm.ToValue(o.ToFloat())
		case "String":
			val = o.ToString()
		case "Boolean":
			val = vm.ToValue(o.Export())
		case "BigInt":
			val = vm.ToValue(o.Export())
		}
	}
	if val == nil || goja.IsUndefined(val) {
		return nil, false
	}
	if _, ok := val.(*goja.Symbol); ok {
		return nil, false
	}
	if o, ok := val.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(o); fn {
			return nil, false
		}
	}
	return val, true
}

func isBigInt(v goja.Value) bool {
	if v == nil {
		return false
	}
	_, ok := v.Export().(*big.Int)
	_, obj := v.(*goja.Object)
	return ok && !obj
}

// scalar writes a value that is not an object; it reports false for an
// object, which the caller opens.
func (s *stringifier) scalar(v goja.Value) bool {
	if goja.IsNull(v) {
		s.out.WriteUTF8String("null")
		return true
	}
	if _, ok := v.(*goja.Object); ok {
		return false
	}
	switch x := v.Export().(type) {
	case bool:
		if x {
			s.out.WriteUTF8String("true")
		} else {
			s.out.WriteUTF8String("false")
		}
	case int64:
		s.out.WriteUTF8String(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s.out.WriteUTF8String("null")
		} else {
			s.out.WriteUTF8String(v.String())
		}
	case *big.Int:
		throwError(s.vm, "TypeError", "Do not know how to serialize a BigInt")
	default:
		s.quote(toStr(v))
	}
	return true
}

func toStr(v goja.Value) goja.String {
	if s, ok := v.(goja.String); ok {
		return s
	}
	if s, ok := v.ToString().(goja.String); ok {
		return s
	}
	return goja.StringFromUTF16(utf16.Encode([]rune(v.String())))
}

func (s *stringifier) quote(str goja.String) {
	s.out.WriteUTF8String(`"`)
	n := str.Length()
	run := 0
	for i := 0; i < n; i++ {
		c := str.CharAt(i)
		var esc string
		switch {
		case c == '"':
			esc = `\"`
		case c == '\\':
			esc = `\\`
		case c == '\b':
			esc = `\b`
		case c == '\f':
			esc = `\f`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\t':
			esc = `\t`
		case c < 0x20:
			esc = `\u00` + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16)
		case utf16.IsSurrogate(rune(c)):
			// A well-formed pair stays; a lone half is escaped.
			if c < 0xDC00 && i+1 < n {
				if d := str.CharAt(i + 1); d >= 0xDC00 && d <= 0xDFFF {
					i++
					continue
				}
			}
			esc = `\u` + strconv.FormatUint(uint64(c), 16)
		default:
			continue
		}
		if i > run {
			s.out.WriteSubstring(str, run, i)
		}
		s.out.WriteUTF8String(esc)
		run = i + 1
	}
	if n > run {
		s.out.WriteSubstring(str, run, n)
	}
	s.out.WriteUTF8String(`"`)
}

func (s *stringifier) run(v goja.Value) goja.Value {
	vm := s.vm
	wrapper := vm.NewObject()
	wrapper.Set("", v)
	val, ok := s.prepare(wrapper, "", v)
	if !ok {
		return goja.Undefined()
	}
	if !s.scalar(val) {
		s.open(val.(*goja.Object), "", "")
	}
	for len(s.stack) > 0 {
		s.l.step(&s.count)
		f := s.stack[len(s.stack)-1]
		if f.next >= len(f.keys) {
			s.close(f)
			continue
		}
		k := f.keys[f.next]
		f.next++
		raw := f.obj.Get(k)
		val, ok := s.prepare(f.obj, k, raw)
		if !ok && !f.array {
			continue
		}
		if f.wrote {
			s.out.WriteUTF8String(",")
		}
		f.wrote = true
		inner := f.indent + s.gap
		if s.gap != "" {
			s.out.WriteUTF8String("\n" + inner)
		}
		if !f.array {
			s.quote(toStr(vm.ToValue(k)))
			s.out.WriteUTF8String(":")
			if s.gap != "" {
				s.out.WriteUTF8String(" ")
			}
		}
		if !ok {
			s.out.WriteUTF8String("null")
			continue
		}
		if !s.scalar(val) {
			s.open(val.(*goja.Object), k, inner)
		}
	}
	return s.out.String()
}

// open starts writing o, reached through key, at the given indentation.
func (s *stringifier) open(o *goja.Object, key, indent string) {
	if s.onStack[o] {
		s.circular(o, key)
	}
	if s.calls && len(s.stack) >= s.max {
		throwError(s.vm, "RangeError", msgStack)
	}
	f := &strFrame{obj: o, indent: indent, array: isArray(s.vm, o)}
	if f.array {
		n := toLength(o.Get("length"))
		f.keys = make([]string, n)
		for i := range f.keys {
			f.keys[i] = strconv.Itoa(i)
		}
		s.out.WriteUTF8String("[")
	} else {
		if s.hasProps {
			f.keys = s.props
		} else {
			f.keys = o.Keys()
		}
		s.out.WriteUTF8String("{")
	}
	s.onStack[o] = true
	s.stack = append(s.stack, f)
}

func (s *stringifier) close(f *strFrame) {
	if f.wrote && s.gap != "" {
		s.out.WriteUTF8String("\n" + f.indent)
	}
	if f.array {
		s.out.WriteUTF8String("]")
	} else {
		s.out.WriteUTF8String("}")
	}
	delete(s.onStack, f.obj)
	s.stack = s.stack[:len(s.stack)-1]
}

// circular throws V8's TypeError, which traces the cycle from the object
// where it starts to the property that closes it.
func (s *stringifier) circular(o *goja.Object, key string) {
	start := 0
	for i, f := range s.stack {
		if f.obj == o {
			start = i
			break
		}
	}
	ctor := func(x *goja.Object) string {
		if c, ok := x.Get("constructor").(*goja.Object); ok {
			if n := c.Get("name"); n != nil && n.String() != "" {
				return n.String()
			}
		}
		return "Object"
	}
	step := func(f *strFrame, k string) string {
		if f.array {
			return "index " + k
		}
		return "property '" + k + "'"
	}
	var b strings.Builder
	b.WriteString("Converting circular structure to JSON\n    --> starting at object with constructor '" + ctor(o) + "'")
	for i := start + 1; i < len(s.stack); i++ {
		prev := s.stack[i-1]
		b.WriteString("\n    |     " + step(prev, prev.keys[prev.next-1]) + " -> object with constructor '" + ctor(s.stack[i].obj) + "'")
	}
	b.WriteString("\n    --- " + step(s.stack[len(s.stack)-1], key) + " closes the circle")
	throwError(s.vm, "TypeError", b.String())
}
