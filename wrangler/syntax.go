package wrangler

import (
	"bytes"
	"errors"
)

// The syntax view below exists for fix builders (package wrangler/edit),
// which need the byte ranges of every container and, in TOML, how each table
// was defined, to insert text without reformatting the file. It exposes the
// tree the front ends already build; rules use the Config model instead.

// SyntaxKind is the kind of a SyntaxNode.
type SyntaxKind uint8

const (
	SyntaxOther  SyntaxKind = iota // null, boolean, number, TOML date
	SyntaxString                   // a string
	SyntaxArray                    // an array or a TOML array of tables
	SyntaxObject                   // an object or a TOML table
)

// TableForm says how a TOML table or array came to exist. JSON containers
// are always Inline.
type TableForm uint8

const (
	FormValue    TableForm = iota // a scalar
	FormInline                    // {...} or [...] written as a value
	FormHeader                    // a [table] header; the root table too
	FormImplicit                  // parent of a deeper [header] path, never defined itself
	FormDotted                    // created by a dotted key (a.b = 1)
	FormAOT                       // a [[table]] array, or one of its tables
)

// SyntaxNode is one value of a config file with its byte range in Src.
// Ranges include delimiters (quotes, brackets). A TOML table defined by a
// [header] spans its header only; an array of tables spans its first header;
// an implicit or dotted table spans the key that created it; the root table
// spans the whole file.
type SyntaxNode struct {
	Kind       SyntaxKind
	Form       TableForm
	Start, End int
	Members    []SyntaxMember // objects, in file order; repeated JSON keys repeat
	Elems      []*SyntaxNode  // arrays
	Str        string         // decoded strings (and TOML date literals)
	Value      any            // decoded scalars: string, float64, bool or nil
}

// SyntaxMember is one key of an object.
type SyntaxMember struct {
	Key              string
	KeyStart, KeyEnd int // the key as written (the last part of a dotted key)
	Value            *SyntaxNode
}

// Get returns the value of key (the last occurrence), or nil.
func (n *SyntaxNode) Get(key string) *SyntaxNode {
	if n == nil {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// ParseSyntax parses src in the given format and returns its root, or an
// error for a file that does not parse.
func ParseSyntax(format Format, src []byte) (*SyntaxNode, error) {
	base := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		base = 3
	}
	var root *value
	var msg string
	if format == TOML {
		root, _, msg = parseTOML(src[base:], base)
	} else {
		root, _, msg = parseJSONC(src[base:], base)
	}
	if msg != "" {
		return nil, errors.New(msg)
	}
	return exportNode(root, format == TOML), nil
}

func exportNode(v *value, toml bool) *SyntaxNode {
	n := &SyntaxNode{Start: v.start, End: v.end}
	switch v.kind {
	case kString, kDate:
		n.Kind, n.Str, n.Value = SyntaxString, v.str, v.str
		if v.kind == kDate {
			n.Kind = SyntaxOther
		}
	case kBool:
		n.Value = v.b
	case kNumber:
		n.Value = v.num
	case kArray:
		n.Kind = SyntaxArray
		n.Elems = make([]*SyntaxNode, len(v.elems))
		for i, e := range v.elems {
			n.Elems[i] = exportNode(e, toml)
		}
	case kObject:
		n.Kind = SyntaxObject
		n.Members = make([]SyntaxMember, len(v.members))
		for i, m := range v.members {
			n.Members[i] = SyntaxMember{Key: m.key, KeyStart: m.kstart, KeyEnd: m.kend, Value: exportNode(m.val, toml)}
		}
	}
	if n.Kind == SyntaxArray || n.Kind == SyntaxObject {
		n.Form = FormInline
		if toml {
			switch f := v.tomlFlags; {
			case f&tfAOT != 0:
				n.Form = FormAOT
			case f&tfInline != 0:
				n.Form = FormInline
			case f&tfDotted != 0:
				n.Form = FormDotted
			case f&tfImplicit != 0:
				n.Form = FormImplicit
			case f&tfHeader != 0:
				n.Form = FormHeader
			}
			if n.Form == FormAOT {
				for _, e := range n.Elems {
					e.Form = FormAOT
				}
			}
		}
	}
	return n
}
