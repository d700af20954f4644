package wrangler

import (
	"fmt"
	"strconv"
	"strings"
)

// The messages below are wrangler's own, word for word, including their
// irregular punctuation: some end in a period, some do not.

// durableObjects models and validates a durable_objects value the way
// wrangler's validateBindingsProperty and validateDurableObjectBinding do.
func (b *builder) durableObjects(v *value, env string, top *value) *DurableObjects {
	field := "durable_objects"
	if top != nil {
		field = "env." + env + ".durable_objects"
	}
	do := &DurableObjects{Pos: b.pos(v.start), End: b.pos(v.end)}
	if v.kind != kObject {
		b.errorAt(AreaDurableObjects, v, fmt.Sprintf(`The field %q should be an object but got %s.`, field, stringify(v)))
		return do
	}
	bindings := v.get("bindings")
	if bindings == nil {
		b.errorAt(AreaDurableObjects, v, fmt.Sprintf(`The field %q is missing the required "bindings" property.`, field))
		return do
	}
	if bindings.kind != kArray {
		b.errorAt(AreaDurableObjects, bindings, fmt.Sprintf(`The field "%s.bindings" should be an array but got %s.`, field, stringify(bindings)))
		return do
	}
	do.BindingsPos = b.pos(bindings.start)
	valid := true
	for i, e := range bindings.elems {
		if !b.binding(e, field, i) {
			valid = false
		}
		if e.kind == kObject {
			do.Bindings = append(do.Bindings, &Binding{
				Index:       i,
				Pos:         b.pos(e.start),
				End:         b.pos(e.end),
				Name:        b.str(e.get("name")),
				ClassName:   b.str(e.get("class_name")),
				ScriptName:  b.str(e.get("script_name")),
				Environment: b.str(e.get("environment")),
			})
		}
	}

	// An environment that redefines durable_objects but drops some of the
	// top-level binding names gets a warning (only when its own bindings are
	// valid, as in wrangler).
	if top != nil && valid {
		topNames := bindingNames(top.get("durable_objects"))
		if len(topNames) > 0 {
			have := map[string]bool{}
			for _, n := range bindingNames(v) {
				have[n] = true
			}
			var missing []string
			for _, n := range topNames {
				if !have[n] {
					missing = append(missing, "- "+n)
				}
			}
			if len(missing) > 0 {
				b.problem(AreaDurableObjects, Warning, v.start, v.end, fmt.Sprintf(
					"The following bindings are at the top level, but not on \"env.%s\".\n"+
						"This is not what you probably want, since \"durable_objects\" configuration is not inherited by environments.\n"+
						"Please add a binding for each to \"%s.bindings\":\n%s", env, field, strings.Join(missing, "\n")))
			}
		}
	}
	return do
}

// bindingNames mirrors wrangler's getBindingNames for a durable_objects
// value, quirks included: when some binding lacks a string name the value is
// treated as a plain record and its keys are returned.
func bindingNames(v *value) []string {
	if !v.isObjectLike() {
		return nil
	}
	if v.kind == kObject {
		if bs := v.get("bindings"); bs != nil && bs.kind == kArray {
			names := make([]string, 0, len(bs.elems))
			for _, e := range bs.elems {
				if e.kind != kObject || !e.get("name").isString() {
					names = nil
					break
				}
				names = append(names, e.get("name").str)
			}
			if names != nil || len(bs.elems) == 0 {
				return names
			}
		}
		if bv := v.get("binding"); bv != nil {
			return []string{jsToString(bv)}
		}
		return v.propKeys()
	}
	// An array: a namespace list when every entry has a string "binding".
	names := make([]string, 0, len(v.elems))
	for _, e := range v.elems {
		if e.kind != kObject || !e.get("binding").isString() {
			return nil
		}
		names = append(names, e.get("binding").str)
	}
	return names
}

// jsToString is String(v) for the values a config can hold.
func jsToString(v *value) string {
	switch v.kind {
	case kString, kDate:
		return v.str
	case kArray:
		parts := make([]string, len(v.elems))
		for i, e := range v.elems {
			if e.kind != kNull {
				parts[i] = jsToString(e)
			}
		}
		return strings.Join(parts, ",")
	case kObject:
		return "[object Object]"
	}
	return stringify(v)
}

// binding validates one durable_objects.bindings entry. It reports whether
// wrangler considers it valid.
func (b *builder) binding(e *value, parent string, i int) bool {
	// The path is only needed for messages; build it lazily.
	field := func() string { return parent + ".bindings[" + strconv.Itoa(i) + "]" }
	if !e.isObjectLike() {
		b.errorAt(AreaDurableObjects, e, fmt.Sprintf(`Expected %q to be an object but got %s`, field(), stringify(e)))
		return false
	}
	valid := true
	requireString := func(key, msg string) {
		if !e.has(key) || e.get(key).kind != kString {
			b.errorAt(AreaDurableObjects, b.focus(e, key), msg)
			valid = false
		}
	}
	optionalString := func(key, msg string) {
		if e.has(key) && e.get(key).kind != kString {
			b.errorAt(AreaDurableObjects, b.focus(e, key), msg)
			valid = false
		}
	}
	requireString("name", `binding should have a string "name" field.`)
	requireString("class_name", `binding should have a string "class_name" field.`)
	optionalString("script_name", `the field "script_name", when present, should be a string.`)
	optionalString("environment", `the field "environment", when present, should be a string.`)
	if e.has("environment") && !e.has("script_name") {
		b.errorAt(AreaDurableObjects, b.focus(e, "environment"), `binding should have a "script_name" field if "environment" is present.`)
		valid = false
	}
	if e.has("remote") && e.get("remote").kind != kBool {
		b.errorAt(AreaDurableObjects, b.focus(e, "remote"), fmt.Sprintf(
			`%q should, optionally, have a boolean "remote" field but got %s.`, field(), stringify(e)))
		valid = false
	}
	// "remote" is type-checked above but missing from wrangler's list of
	// known keys, so a valid boolean remote still draws this warning.
	b.unexpectedFields(AreaDurableObjects, e, field, "class_name", "environment", "name", "script_name")
	return valid
}

// focus returns the value of key in e when present, else e itself: the most
// precise place to point at.
func (b *builder) focus(e *value, key string) *value {
	if v := e.get(key); v != nil {
		return v
	}
	return e
}

// unexpectedFields emits wrangler's unknown-key warning: the keys quoted and
// joined by a bare comma, in Object.keys order. It points at the first
// unknown key.
func (b *builder) unexpectedFields(area Area, e *value, field func() string, known ...string) bool {
	isKnown := func(k string) bool {
		for _, kk := range known {
			if k == kk {
				return true
			}
		}
		return false
	}
	if e.kind == kObject {
		// Fast path: most objects have no unknown key.
		clean := true
		for i := range e.members {
			if !isKnown(e.members[i].key) {
				clean = false
				break
			}
		}
		if clean {
			return true
		}
	}
	var extra []string
	var first *member
	for _, k := range e.propKeys() {
		if !isKnown(k) {
			extra = append(extra, `"`+k+`"`)
			if first == nil {
				first = e.member(k)
			}
		}
	}
	if len(extra) == 0 {
		return true
	}
	start, end := e.start, e.end
	if first != nil {
		start, end = first.kstart, first.kend
	}
	b.problem(area, Warning, start, end, fmt.Sprintf("Unexpected fields found in %s field: %s", field(), strings.Join(extra, ",")))
	return false
}

// migrations models and validates the migrations list like wrangler's
// validateMigrations. wrangler passes the bare field name "migrations" also
// when validating env.<e>, so messages inside an environment read
// "migrations[<i>]..." without an env prefix; dolint keeps that wording and
// relies on the position to tell the sections apart.
func (b *builder) migrations(v *value) *Migrations {
	ms := &Migrations{Pos: b.pos(v.start), End: b.pos(v.end)}
	if v.kind != kArray {
		b.errorAt(AreaMigrations, v, fmt.Sprintf(`The optional "migrations" field should be an array, but got %s`, stringify(v)))
		return ms
	}
	for i, e := range v.elems {
		ms.Steps = append(ms.Steps, b.migration(i, e))
	}
	return ms
}

func (b *builder) migration(i int, e *value) *Migration {
	step := &Migration{Index: i, Pos: b.pos(e.start), End: b.pos(e.end)}
	prefix := "migrations[" + strconv.Itoa(i) + "]"

	// wrangler destructures the step, so any key besides the six known
	// ones is reported; for a string or array step those are its indices.
	b.unexpectedFields(AreaMigrations, e, func() string { return "migrations" },
		"tag", "new_classes", "new_sqlite_classes", "renamed_classes", "deleted_classes", "transferred_classes")

	get := func(key string) *value {
		if e.kind != kObject {
			return nil
		}
		return e.get(key)
	}
	tag := get("tag")
	switch {
	case tag == nil:
		b.errorAt(AreaMigrations, e, fmt.Sprintf(`"%s.tag" is a required field.`, prefix))
	case tag.kind != kString:
		b.errorAt(AreaMigrations, tag, fmt.Sprintf(`Expected "%s.tag" to be of type string but got %s.`, prefix, stringify(tag)))
	default:
		step.Tag = b.str(tag)
	}
	step.NewClasses = b.classList(get("new_classes"), prefix, ".new_classes")
	step.NewSqliteClasses = b.classList(get("new_sqlite_classes"), prefix, ".new_sqlite_classes")

	if rc := get("renamed_classes"); rc != nil {
		bad := b.pairs(rc, func(el *value) bool {
			return el.isObjectLike() && el.get("from").isString() && el.get("to").isString()
		})
		if bad != nil {
			b.errorAt(AreaMigrations, bad, fmt.Sprintf(
				`Expected "%s.renamed_classes" to be an array of "{from: string, to: string}" objects but got %s.`, prefix, stringify(rc)))
		}
		if rc.kind == kArray {
			step.RenamedPos = b.pos(rc.start)
			for _, el := range rc.elems {
				if el.kind == kObject {
					step.RenamedClasses = append(step.RenamedClasses, &Rename{
						Pos: b.pos(el.start), End: b.pos(el.end),
						From: b.str(el.get("from")), To: b.str(el.get("to")),
					})
				}
			}
		}
	}
	if tc := get("transferred_classes"); tc != nil {
		bad := b.pairs(tc, func(el *value) bool {
			return el.isObjectLike() && el.get("from").isString() && el.get("from_script").isString() && el.get("to").isString()
		})
		if bad != nil {
			b.errorAt(AreaMigrations, bad, fmt.Sprintf(
				`Expected "%s.transferred_classes" to be an array of "{from: string, from_script: string, to: string}" objects but got %s.`, prefix, stringify(tc)))
		}
		if tc.kind == kArray {
			step.TransferredPos = b.pos(tc.start)
			for _, el := range tc.elems {
				if el.kind == kObject {
					step.TransferredClasses = append(step.TransferredClasses, &Transfer{
						Pos: b.pos(el.start), End: b.pos(el.end),
						From: b.str(el.get("from")), FromScript: b.str(el.get("from_script")), To: b.str(el.get("to")),
					})
				}
			}
		}
	}
	step.DeletedClasses = b.classList(get("deleted_classes"), prefix, ".deleted_classes")
	return step
}

// pairs returns the value to blame when v is not an array of entries that
// satisfy ok: v itself, or its first bad entry. nil means v is fine.
func (b *builder) pairs(v *value, ok func(*value) bool) *value {
	if v.kind != kArray {
		return v
	}
	for _, el := range v.elems {
		if !ok(el) {
			return el
		}
	}
	return nil
}

// classList models a string-array migration field and reports wrangler's
// validateTypedArray messages. Non-string elements are left out.
func (b *builder) classList(v *value, prefix, key string) *StringList {
	if v == nil {
		return nil
	}
	field := prefix + key // only reached when the key is present
	if v.kind != kArray {
		b.errorAt(AreaMigrations, v, fmt.Sprintf(`Expected %q to be an array of strings but got %s`, field, stringify(v)))
		return nil
	}
	l := &StringList{Pos: b.pos(v.start), End: b.pos(v.end)}
	for j, el := range v.elems {
		if s := b.str(el); s != nil {
			l.Items = append(l.Items, s)
			continue
		}
		b.errorAt(AreaMigrations, el, fmt.Sprintf(`Expected "%s.[%d]" to be of type string but got %s.`, field, j, stringify(el)))
	}
	return l
}

// Export states and the keys each allows (wrangler.md §8).
var exportAllowed = map[string][]string{
	"created":            {"type", "state", "storage", "container"},
	"deleted":            {"type", "state"},
	"renamed":            {"type", "state", "renamed_to"},
	"transferred":        {"type", "state", "transferred_to"},
	"expecting-transfer": {"type", "state", "storage", "transfer_from", "container"},
}

// exports models and validates the declarative exports map. The wording
// follows wrangler 4.125's validation as recorded in the reference notes;
// the mutual exclusion with migrations is left to a rule.
func (b *builder) exports(v *value) *Exports {
	ex := &Exports{Pos: b.pos(v.start), End: b.pos(v.end)}
	if v.kind != kObject {
		b.errorAt(AreaExports, v, fmt.Sprintf(`The optional "exports" field should be an object keyed by class name, but got %s`, stringify(v)))
		return ex
	}
	for _, m := range v.keys() {
		key := v.member(m.key) // the last duplicate wins
		e := key.val
		if m.key == "" {
			b.problem(AreaExports, Error, key.kstart, key.kend, `"export" keys cannot be the empty string.`)
			continue
		}
		path := "exports." + m.key
		if e.kind != kObject {
			b.errorAt(AreaExports, e, fmt.Sprintf(`%q should be an object but got %s.`, path, stringify(e)))
			continue
		}
		entry := &Export{
			Class: b.keyString(key), Pos: b.pos(e.start), End: b.pos(e.end),
			Type: b.str(e.get("type")), State: b.str(e.get("state")), Storage: b.str(e.get("storage")),
			RenamedTo: b.str(e.get("renamed_to")), TransferredTo: b.str(e.get("transferred_to")),
			TransferFrom: b.str(e.get("transfer_from")), Container: b.str(e.get("container")),
		}
		for _, km := range e.keys() {
			entry.Keys = append(entry.Keys, b.keyString(km))
		}
		ex.Entries = append(ex.Entries, entry)
		b.exportEntry(e, m.key, path)
	}
	return ex
}

func (b *builder) exportEntry(e *value, class, path string) {
	typ := e.get("type")
	if !typ.isString() || (typ.str != "durable-object" && typ.str != "worker") {
		b.errorAt(AreaExports, b.focus(e, "type"), fmt.Sprintf(`"%s.type" must be "durable-object" or "worker", but got %s.`, path, stringify(typ)))
		return
	}
	if typ.str != "durable-object" {
		return
	}
	state := "created"
	if sv := e.get("state"); sv != nil {
		if !sv.isString() || exportAllowed[sv.str] == nil {
			b.errorAt(AreaExports, sv, fmt.Sprintf(
				`"%s.state" must be one of "created", "deleted", "renamed", "transferred", or "expecting-transfer" but got %s.`, path, stringify(sv)))
			return
		}
		state = sv.str
	}
	nonEmpty := func(key string) bool {
		v := e.get(key)
		return v.isString() && v.str != ""
	}
	switch state {
	case "created", "expecting-transfer":
		if st := e.get("storage"); !st.isString() || (st.str != "sqlite" && st.str != "legacy-kv") {
			b.errorAt(AreaExports, b.focus(e, "storage"), fmt.Sprintf(
				`"%s.storage" is required for state %q and must be one of sqlite and legacy-kv, but got %s`, path, state, stringify(st)))
		} else if st.str == "legacy-kv" && e.get("container") != nil {
			b.errorAt(AreaExports, e.get("container"), fmt.Sprintf(
				`"%s.container" requires "storage" to be "sqlite". Containers are not supported on Durable Objects using the "legacy-kv" storage backend.`, path))
		}
		if state == "expecting-transfer" && !nonEmpty("transfer_from") {
			b.errorAt(AreaExports, b.focus(e, "transfer_from"), fmt.Sprintf(
				`"%s.transfer_from" is required for state "expecting-transfer" and must be a non-empty string.`, path))
		}
	case "renamed":
		to := e.get("renamed_to")
		switch {
		case !nonEmpty("renamed_to"):
			b.errorAt(AreaExports, b.focus(e, "renamed_to"), fmt.Sprintf(
				`"%s.renamed_to" is required for state "renamed" and must be a non-empty string.`, path))
		case !jsIdentifier(to.str):
			b.errorAt(AreaExports, to, fmt.Sprintf(`"%s.renamed_to" must be a valid JavaScript identifier (got %q).`, path, to.str))
		case to.str == class:
			b.errorAt(AreaExports, to, fmt.Sprintf(`"%s.renamed_to" cannot equal the source class name %q.`, path, class))
		}
	case "transferred":
		if !nonEmpty("transferred_to") {
			b.errorAt(AreaExports, b.focus(e, "transferred_to"), fmt.Sprintf(
				`"%s.transferred_to" is required for state "transferred" and must be a non-empty string.`, path))
		}
	}
	allowed := exportAllowed[state]
	for _, km := range e.keys() {
		ok := false
		for _, a := range allowed {
			if km.key == a {
				ok = true
				break
			}
		}
		if !ok {
			b.problem(AreaExports, Error, km.kstart, km.kend, fmt.Sprintf(
				`"%s.%s" is forbidden on state %q. Allowed properties are: %s.`, path, km.key, state, englishList(allowed)))
		}
	}
}

// englishList joins items as Intl.ListFormat("en", {type: "conjunction"}).
func englishList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", and " + items[len(items)-1]
}

// jsIdentifier is the identifier shape wrangler accepts for renamed_to:
// letters, digits, _ and $, not starting with a digit.
func jsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '$':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
