package lintconfig

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"github.com/tailscale/hujson"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/dolint-dev/dolint/internal/rule"
)

// schema is dolint.schema.json compiled, the reference that shapeError
// is held to.
var schema = sync.OnceValue(func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		panic("lintconfig: embedded schema: " + err.Error()) // fixed at build time
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		panic("lintconfig: embedded schema: " + err.Error())
	}
	return c.MustCompile(SchemaURL)
})

// schemaError turns the schema's verdict into the message for the first
// mistake in the file. The library's own messages name JSON pointers and
// schema keywords; these name the setting and what it accepts.
func (p *parser) schemaError(root hujson.Value, ve *jsonschema.ValidationError) *Error {
	var first *Error
	off := -1
	for _, e := range leaves(ve) {
		o, msg := describe(root, e)
		if first == nil || o < off {
			first, off = p.errAt(o, "%s", msg), o
		}
	}
	return first
}

// leaves returns the errors at the bottom of the tree. Where a value may
// take one of several forms (a rule is a level or an object), only the
// forms of the value's own type explain what is wrong with it; when it is
// of none of their types, the choice itself is the mistake.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	causes := e.Causes
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		causes = nil
		for _, c := range e.Causes {
			if !wrongType(c, e.InstanceLocation) {
				causes = append(causes, c)
			}
		}
		if len(causes) == 0 {
			return []*jsonschema.ValidationError{e}
		}
	}
	var out []*jsonschema.ValidationError
	for _, c := range causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func wrongType(e *jsonschema.ValidationError, at []string) bool {
	for _, l := range leaves(e) {
		if _, ok := l.ErrorKind.(*kind.Type); ok && slices.Equal(l.InstanceLocation, at) {
			return true
		}
	}
	return false
}

// describe returns where a schema error points in the file and what to say.
func describe(root hujson.Value, e *jsonschema.ValidationError) (int, string) {
	at := e.InstanceLocation
	v := lookup(root, at)
	off := v.StartOffset
	// The setting's shape: a rule's name and array indexes generalized.
	shape := make([]string, len(at))
	for i, tok := range at {
		switch {
		case i == 1 && at[0] == "rules":
			shape[i] = "*"
		case i == 1 && at[0] == "ignore":
			shape[i] = "#"
		default:
			shape[i] = tok
		}
	}
	ruleName := ""
	if len(at) > 1 && at[0] == "rules" {
		ruleName = at[1]
	}
	str := ""
	if lit, ok := v.Value.(hujson.Literal); ok && lit.Kind() == '"' {
		str = lit.String()
	}
	where := strings.Join(shape, "/")
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		key, keyOff := firstMember(v, k.Properties)
		off = keyOff
		switch where {
		case "":
			return off, fmt.Sprintf("unknown key %q (want rules, ignore, failOn or history)", key)
		case "history":
			return off, fmt.Sprintf("unknown key %q in \"history\" (want since)", key)
		case "rules/*":
			return off, fmt.Sprintf("rule %s: unknown key %q (want severity or options)", ruleName, key)
		}
	case *kind.Type, *kind.OneOf:
		switch where {
		case "":
			return off, "the configuration must be an object"
		case "rules", "history":
			return off, strconv.Quote(where) + " must be an object"
		case "ignore":
			return off, `"ignore" must be an array of glob strings`
		case "ignore/#":
			return off, "an ignore glob must be a string"
		case "failOn", "$schema":
			return off, strconv.Quote(where) + " must be a string"
		case "history/since":
			return off, `"history.since" must be a string`
		case "rules/*":
			return off, fmt.Sprintf(`rule %s: want "off", "info", "warning", "error" or an object`, ruleName)
		case "rules/*/severity":
			return off, "a severity must be a string"
		case "rules/*/options":
			return off, fmt.Sprintf("rule %s: options must be an object", ruleName)
		}
	case *kind.Enum:
		switch where {
		case "failOn":
			_, err := rule.ParseSeverity(str)
			return off, fmt.Sprintf(`"failOn": %v`, err)
		case "rules/*", "rules/*/severity":
			return off, fmt.Sprintf(`rule %s: unknown severity %q (want "off", "info", "warning" or "error")`, ruleName, str)
		}
	case *kind.Pattern:
		switch where {
		case "ignore/#":
			return off, fmt.Sprintf("ignore glob %q: empty", str)
		case "history/since":
			return off, `"history.since" must name a git revision, such as a release tag`
		}
	}
	// A mistake this table does not know yet: the library's words, with
	// the setting's path.
	msg := e.ErrorKind.LocalizedString(message.NewPrinter(language.English))
	if len(at) == 0 {
		return off, msg
	}
	return off, fmt.Sprintf("%q: %s", strings.Join(at, "."), msg)
}

// lookup finds the value at a JSON pointer's tokens; the value itself when
// a token does not lead anywhere.
func lookup(v hujson.Value, at []string) hujson.Value {
	for _, tok := range at {
		switch val := v.Value.(type) {
		case *hujson.Object:
			found := false
			for _, m := range val.Members {
				if m.Name.Value.(hujson.Literal).String() == tok {
					v, found = m.Value, true
				}
			}
			if !found {
				return v
			}
		case *hujson.Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(val.Elements) {
				return v
			}
			v = val.Elements[i]
		default:
			return v
		}
	}
	return v
}

// firstMember returns the first of names among an object's keys, in file
// order, and its offset.
func firstMember(v hujson.Value, names []string) (string, int) {
	if obj, ok := v.Value.(*hujson.Object); ok {
		for _, m := range obj.Members {
			key := m.Name.Value.(hujson.Literal).String()
			for _, n := range names {
				if key == n {
					return key, m.Name.StartOffset
				}
			}
		}
	}
	if len(names) > 0 {
		return names[0], v.StartOffset
	}
	return "", v.StartOffset
}

// TestShapeAgreesWithSchema holds shapeError, which Parse checks a file's
// shape with, to dolint.schema.json run by a JSON Schema validator: over
// files that put every kind of value in every setting, one or two settings
// at a time, both accept the same files and, for the others, point at the
// same place with the same words.
func TestShapeAgreesWithSchema(t *testing.T) {
	values := []string{
		`"off"`, `"info"`, `"warning"`, `"error"`, `"Error"`, `"loud"`, `""`, `" "`, "\"\\t\"",
		`"v1.0.0"`, `"-all"`, `" v1"`, `"é"`, `"\u00a0"`, `"*.ts"`,
		`0`, `1.5`, `true`, `false`, `null`, `[]`, `["x"]`, `[""]`, `["a", 1]`, `[" ", "b"]`,
		`{}`, `{"since": "v1"}`, `{"since": "-x"}`, `{"since": 1}`, `{"until": "v1", "x": 2}`,
		`{"severity": "info"}`, `{"severity": "off", "options": {}}`, `{"severity": "never"}`,
		`{"severity": 3}`, `{"options": []}`, `{"options": {"a": 1}}`, `{"level": "info", "options": 1}`,
		`{"envbindings": "warning"}`, `{"envbindings": "loud", "timers": {"severity": 1}}`,
		`{"nosuchrule": "off"}`, `{"x": [], "y": {"z": 1}}`,
	}
	keys := []string{"$schema", "failOn", "history", "ignore", "rules", "rulez"}
	var files []string
	for _, v := range values {
		files = append(files, v)
		for _, k := range keys {
			files = append(files, fmt.Sprintf(`{%q: %s}`, k, v))
			files = append(files, fmt.Sprintf(`{"rules": {"timers": %s}, %q: %s}`, v, k, v))
			files = append(files, fmt.Sprintf(`{"rules": {"timers": {"severity": %s, "options": %s}}, %q: %s}`, v, v, k, v))
			files = append(files, fmt.Sprintf(`{"history": {"since": %s}, "ignore": [%s], %q: %s}`, v, v, k, v))
		}
	}
	for _, src := range files {
		v, err := hujson.Parse([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		p := &parser{file: "f", src: []byte(src)}
		if p.duplicates(v, nil) != nil {
			continue // Parse stops at a key given twice
		}
		got := p.shapeError(v)
		std := v.Clone()
		std.Standardize()
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(std.Pack()))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		var want *Error
		if err := schema().Validate(inst); err != nil {
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%s: %v", src, err)
			}
			want = p.schemaError(v, ve)
		}
		switch {
		case got == nil && want == nil:
		case got == nil || want == nil:
			t.Errorf("%s:\nshape  %v\nschema %v", src, got, want)
		case *got != *want:
			t.Errorf("%s:\nshape  %v\nschema %v", src, got, want)
		}
	}
}
