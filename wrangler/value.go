package wrangler

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The JSONC and TOML front ends both lower their syntax trees to this small
// JSON-like tree. Validation and model building then work on one shape, and
// the byte offsets survive so every message can point at its value.

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
	kDate // TOML date/time values; str holds the literal text
)

type value struct {
	kind       kind
	start, end int // byte offsets of the value, delimiters included
	str        string
	num        float64
	b          bool
	elems      []*value
	members    []member

	// TOML bookkeeping for table redefinition rules.
	tomlFlags uint8
}

type member struct {
	key          string
	kstart, kend int // the key as written, quotes included
	val          *value
}

// get returns the value of key, the last occurrence winning as in JSON.parse.
func (v *value) get(key string) *value {
	if m := v.member(key); m != nil {
		return m.val
	}
	return nil
}

func (v *value) member(key string) *member {
	if v == nil || v.kind != kObject {
		return nil
	}
	for i := len(v.members) - 1; i >= 0; i-- {
		if v.members[i].key == key {
			return &v.members[i]
		}
	}
	return nil
}

// keys returns the distinct keys of an object in the order Object.keys would
// give them: array-index keys first in ascending numeric order, then the rest
// in order of first appearance. The unknown-field warnings list keys in this
// order, so matching it keeps the messages identical to wrangler's.
func (v *value) keys() []*member {
	out := make([]*member, 0, len(v.members))
	var seen map[string]bool
	if len(v.members) > 8 {
		seen = make(map[string]bool, len(v.members))
	}
	hasIndex := false
	for i := range v.members {
		m := &v.members[i]
		dup := false
		if seen != nil {
			dup = seen[m.key]
			seen[m.key] = true
		} else {
			for _, o := range out {
				if o.key == m.key {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, m)
			if _, ok := arrayIndex(m.key); ok {
				hasIndex = true
			}
		}
	}
	if hasIndex {
		sort.SliceStable(out, func(i, j int) bool {
			a, aok := arrayIndex(out[i].key)
			b, bok := arrayIndex(out[j].key)
			if aok && bok {
				return a < b
			}
			return aok && !bok
		})
	}
	return out
}

// arrayIndex reports whether s is a canonical array index in JavaScript.
func arrayIndex(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(s[i]-'0')
	}
	if n >= 1<<32-1 {
		return 0, false
	}
	return n, true
}

func (v *value) isString() bool { return v != nil && v.kind == kString }

// isObjectLike is JavaScript's `typeof v === "object" && v !== null`, which
// arrays satisfy too.
func (v *value) isObjectLike() bool {
	return v != nil && (v.kind == kObject || v.kind == kArray)
}

// has is JavaScript's `key in v` for decoded JSON values. For strings and
// arrays only indices and length are own properties; wrangler's checks never
// ask for those, so only objects and arrays of the right length answer true.
func (v *value) has(key string) bool {
	switch v.kind {
	case kObject:
		return v.member(key) != nil
	case kArray:
		if key == "length" {
			return true
		}
		n, ok := arrayIndex(key)
		return ok && n < uint64(len(v.elems))
	}
	return false
}

// propKeys returns Object.keys(v) as plain strings, also for arrays and
// strings, whose keys are their indices.
func (v *value) propKeys() []string {
	switch v.kind {
	case kObject:
		ms := v.keys()
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.key
		}
		return out
	case kArray:
		out := make([]string, len(v.elems))
		for i := range v.elems {
			out[i] = strconv.Itoa(i)
		}
		return out
	case kString:
		n := utf16Len(v.str)
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(i)
		}
		return out
	}
	return nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// stringify renders v as JSON.stringify would, so messages quoting a value
// read exactly like wrangler's. A nil value is undefined.
func stringify(v *value) string {
	if v == nil {
		return "undefined"
	}
	var b strings.Builder
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *strings.Builder, v *value) {
	switch v.kind {
	case kNull:
		b.WriteString("null")
	case kBool:
		b.WriteString(strconv.FormatBool(v.b))
	case kNumber:
		b.WriteString(jsNumber(v.num))
	case kString, kDate:
		writeJSString(b, v.str)
	case kArray:
		b.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case kObject:
		b.WriteByte('{')
		for i, m := range v.keys() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSString(b, m.key)
			b.WriteByte(':')
			// The last duplicate wins, as JSON.parse keeps it.
			writeJSON(b, v.get(m.key))
		}
		b.WriteByte('}')
	}
}

// jsNumber formats f as JavaScript's Number.prototype.toString does.
func jsNumber(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "null" // JSON.stringify's rendering of non-finite numbers
	}
	if f == 0 {
		return "0"
	}
	abs := math.Abs(f)
	if abs >= 1e21 || abs < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		return mant + "e" + string(sign) + exp
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func writeJSString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			default:
				if c < 0x20 {
					b.WriteString(`\u00`)
					b.WriteByte(hex[c>>4])
					b.WriteByte(hex[c&15])
				} else {
					b.WriteByte(c)
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError) // invalid UTF-8 decodes to U+FFFD in JavaScript
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
}

// decode converts v to the plain Go value documented on Var.
func decode(v *value) any {
	switch v.kind {
	case kBool:
		return v.b
	case kNumber:
		return v.num
	case kString, kDate:
		return v.str
	case kArray:
		out := make([]any, len(v.elems))
		for i, e := range v.elems {
			out[i] = decode(e)
		}
		return out
	case kObject:
		out := make(map[string]any, len(v.members))
		for _, m := range v.members {
			out[m.key] = decode(m.val)
		}
		return out
	}
	return nil
}
