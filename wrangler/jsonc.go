package wrangler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/internal/jsondepth"
	"github.com/tailscale/hujson"
)

// parseJSONC parses src (wrangler.json or wrangler.jsonc; wrangler reads both
// as JSON with comments and trailing commas). base is the offset of src in
// the file, non-zero when a byte order mark was skipped. On a syntax error it
// returns the offset of the offending byte and a message.
func parseJSONC(src []byte, base int) (*value, int, string) {
	if len(bytes.TrimSpace(src)) == 0 {
		// jsonc-parser refuses empty content ("ValueExpected"); hujson says
		// "unexpected EOF", which reads oddly for an empty file.
		return nil, base + len(src), "JSON syntax error: the file is empty, expected an object"
	}
	if v, ok := fastJSONC(src, base); ok {
		return v, 0, ""
	}
	if err := jsondepth.Check(src, jsondepth.Max); err != nil {
		return nil, base + err.(*jsondepth.Error).Offset, "JSON syntax error: " + err.Error()
	}
	hv, err := hujson.Parse(src)
	if err != nil {
		off, msg := hujsonError(src, err)
		return nil, base + off, "JSON syntax error: " + msg
	}
	return lowerJSON(&hv, base), 0, ""
}

// hujsonError recovers the offset from hujson's "line L, column C" prefix.
// Columns there count bytes from 1.
func hujsonError(src []byte, err error) (int, string) {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "hujson: ")
	var line, col int
	if n, _ := fmt.Sscanf(msg, "line %d, column %d:", &line, &col); n == 2 {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		off := 0
		for l := 1; l < line && off < len(src); l++ {
			i := bytes.IndexByte(src[off:], '\n')
			if i < 0 {
				off = len(src)
				break
			}
			off += i + 1
		}
		off += col - 1
		if off > len(src) {
			off = len(src)
		}
		if off < 0 {
			off = 0
		}
		return off, msg
	}
	return 0, msg
}

func lowerJSON(hv *hujson.Value, base int) *value {
	v := &value{start: base + hv.StartOffset, end: base + hv.EndOffset}
	switch t := hv.Value.(type) {
	case *hujson.Object:
		v.kind = kObject
		v.members = make([]member, len(t.Members))
		for i := range t.Members {
			m := &t.Members[i]
			name, _ := m.Name.Value.(hujson.Literal)
			v.members[i] = member{
				key:    jsonString(name),
				kstart: base + m.Name.StartOffset,
				kend:   base + m.Name.EndOffset,
				val:    lowerJSON(&m.Value, base),
			}
		}
	case *hujson.Array:
		v.kind = kArray
		v.elems = make([]*value, len(t.Elements))
		for i := range t.Elements {
			v.elems[i] = lowerJSON(&t.Elements[i], base)
		}
	case hujson.Literal:
		switch t.Kind() {
		case 'n':
			v.kind = kNull
		case 't', 'f':
			v.kind = kBool
			v.b = t.Kind() == 't'
		case '"':
			v.kind = kString
			v.str = jsonString(t)
		default:
			v.kind = kNumber
			// JSON numbers are a subset of Go's float syntax. Out-of-range
			// values come back as ±Inf, as JSON.parse gives Infinity.
			v.num, _ = strconv.ParseFloat(string(t), 64)
		}
	}
	return v
}

// jsonString decodes a JSON string literal, avoiding encoding/json for the
// common case of a literal without escapes.
func jsonString(lit hujson.Literal) string {
	if len(lit) < 2 {
		return ""
	}
	body := lit[1 : len(lit)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body)
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return string(body)
	}
	return s
}
