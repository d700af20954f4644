package lintconfig

import (
	_ "embed"
	"fmt"

	"github.com/tailscale/hujson"

	"github.com/dolint-dev/dolint/internal/rule"
)

// SchemaJSON is the JSON Schema of .dolint.jsonc. A file names it with
// "$schema" so that editors complete and check it.
//
//go:embed dolint.schema.json
var SchemaJSON []byte

// SchemaURL is where the schema is published.
const SchemaURL = "https://raw.githubusercontent.com/dolint-dev/dolint/main/internal/lintconfig/dolint.schema.json"

// shapeError checks the file's shape (keys, types, values) as
// dolint.schema.json describes it, and returns the first mistake in the
// file, nil when there is none. It is written out by hand rather than run
// by a JSON Schema validator: a validator compiles the JSON Schema
// meta-schemas when the binary starts, which every run paid for, most of
// them with no .dolint.jsonc at all. A test holds it to the schema.
//
// The messages name the setting and what it accepts, not schema keywords.
func (p *parser) shapeError(root hujson.Value) *Error {
	s := shapeChecker{}
	s.root(root)
	if s.off < 0 {
		return nil
	}
	return p.errAt(s.off, "%s", s.msg)
}

// shapeChecker keeps the mistake that comes first in the file.
type shapeChecker struct {
	off int
	msg string
}

func (s *shapeChecker) report(off int, format string, args ...any) {
	if s.msg == "" || off < s.off {
		s.off, s.msg = off, fmt.Sprintf(format, args...)
	}
}

func (s *shapeChecker) root(v hujson.Value) {
	s.off = -1
	obj, ok := v.Value.(*hujson.Object)
	if !ok {
		s.report(v.StartOffset, "the configuration must be an object")
		return
	}
	unknown := false
	for _, m := range obj.Members {
		val := m.Value
		switch key := memberName(m); key {
		case "$schema":
			if !isString(val) {
				s.report(val.StartOffset, `"$schema" must be a string`)
			}
		case "failOn":
			s.failOn(val)
		case "history":
			s.history(val)
		case "ignore":
			s.ignore(val)
		case "rules":
			s.rules(val)
		default:
			if !unknown {
				unknown = true
				s.report(m.Name.StartOffset, "unknown key %q (want rules, ignore, failOn or history)", key)
			}
		}
	}
}

func (s *shapeChecker) failOn(v hujson.Value) {
	str, ok := stringOf(v)
	if !ok {
		s.report(v.StartOffset, `"failOn" must be a string`)
		return
	}
	switch str {
	case "info", "warning", "error":
		return
	}
	_, err := rule.ParseSeverity(str)
	s.report(v.StartOffset, `"failOn": %v`, err)
}

func (s *shapeChecker) history(v hujson.Value) {
	obj, ok := v.Value.(*hujson.Object)
	if !ok {
		s.report(v.StartOffset, `"history" must be an object`)
		return
	}
	unknown := false
	for _, m := range obj.Members {
		switch key := memberName(m); key {
		case "since":
			str, ok := stringOf(m.Value)
			switch {
			case !ok:
				s.report(m.Value.StartOffset, `"history.since" must be a string`)
			case str == "" || isSpace(str[0]) || str[0] == '-':
				// The schema's pattern ^[^\s-]: a revision, not an
				// option of git log.
				s.report(m.Value.StartOffset, `"history.since" must name a git revision, such as a release tag`)
			}
		default:
			if !unknown {
				unknown = true
				s.report(m.Name.StartOffset, "unknown key %q in \"history\" (want since)", key)
			}
		}
	}
}

func (s *shapeChecker) ignore(v hujson.Value) {
	arr, ok := v.Value.(*hujson.Array)
	if !ok {
		s.report(v.StartOffset, `"ignore" must be an array of glob strings`)
		return
	}
	for _, el := range arr.Elements {
		str, ok := stringOf(el)
		switch {
		case !ok:
			s.report(el.StartOffset, "an ignore glob must be a string")
		case !hasNonSpace(str):
			// The schema's pattern \S.
			s.report(el.StartOffset, "ignore glob %q: empty", str)
		}
	}
}

func (s *shapeChecker) rules(v hujson.Value) {
	obj, ok := v.Value.(*hujson.Object)
	if !ok {
		s.report(v.StartOffset, `"rules" must be an object`)
		return
	}
	for _, m := range obj.Members {
		s.rule(memberName(m), m.Value)
	}
}

// rule checks one rule's setting: a level, or an object with a severity
// (a level) and options.
func (s *shapeChecker) rule(name string, v hujson.Value) {
	if str, ok := stringOf(v); ok {
		s.level(name, v, str)
		return
	}
	obj, ok := v.Value.(*hujson.Object)
	if !ok {
		s.report(v.StartOffset, `rule %s: want "off", "info", "warning", "error" or an object`, name)
		return
	}
	unknown := false
	for _, m := range obj.Members {
		switch key := memberName(m); key {
		case "severity":
			if str, ok := stringOf(m.Value); ok {
				s.level(name, m.Value, str)
			} else {
				s.report(m.Value.StartOffset, "a severity must be a string")
			}
		case "options":
			if _, ok := m.Value.Value.(*hujson.Object); !ok {
				s.report(m.Value.StartOffset, "rule %s: options must be an object", name)
			}
		default:
			if !unknown {
				unknown = true
				s.report(m.Name.StartOffset, "rule %s: unknown key %q (want severity or options)", name, key)
			}
		}
	}
}

func (s *shapeChecker) level(name string, v hujson.Value, str string) {
	switch str {
	case "off", "info", "warning", "error":
		return
	}
	s.report(v.StartOffset, `rule %s: unknown severity %q (want "off", "info", "warning" or "error")`, name, str)
}

func memberName(m hujson.ObjectMember) string {
	return m.Name.Value.(hujson.Literal).String()
}

func isString(v hujson.Value) bool {
	lit, ok := v.Value.(hujson.Literal)
	return ok && lit.Kind() == '"'
}

// stringOf returns the value of a string literal.
func stringOf(v hujson.Value) (string, bool) {
	if !isString(v) {
		return "", false
	}
	return v.Value.(hujson.Literal).String(), true
}

// isSpace is \s of the schema's patterns, which Go's regexp syntax gives
// them: a byte test suffices, as every other byte of UTF-8 starts or
// continues a character that is not white space.
func isSpace(b byte) bool {
	switch b {
	case '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func hasNonSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return true
		}
	}
	return false
}
