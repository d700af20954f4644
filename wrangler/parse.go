package wrangler

import (
	"bytes"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
)

// FormatOf returns the syntax wrangler uses for a config file name: .toml is
// TOML, everything else (.json, .jsonc) is read as JSON with comments.
func FormatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		return TOML
	case ".json":
		return JSON
	}
	return JSONC
}

var unsupportedBOMs = []struct {
	bom      string
	encoding string
}{
	// Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
	{"\x00\x00\xfe\xff", "UTF-32 BE"},
	{"\xff\xfe\x00\x00", "UTF-32 LE"},
	{"\xfe\xff", "UTF-16 BE"},
	{"\xff\xfe", "UTF-16 LE"},
}

// Parse parses one config file. file must already hold src's lines (the
// caller's FileSet entry, size len(src)); a nil file gets a FileSet of its
// own. Parse never fails: syntax errors and wrangler's validation messages
// come back as Problems.
func Parse(file *token.File, path string, src []byte) (cfg *Config) {
	if file == nil {
		file = token.NewFileSet().AddFile(path, -1, len(src))
		file.SetLinesForContent(src)
	}
	cfg = &Config{Path: path, Format: FormatOf(path), Src: src, File: file}
	defer func() {
		// Parsing must never take the linter down. A panic here is a bug;
		// the fuzz tests look for this message.
		if r := recover(); r != nil {
			cfg.Top = Section{}
			cfg.Envs = nil
			cfg.Problems = []Problem{{
				Pos: file.Pos(0), End: file.Pos(0), Area: AreaSyntax,
				Message: fmt.Sprintf("internal error while reading the configuration: %v", r),
			}}
		}
	}()

	// Positions are clamped to the file; a caller whose file is shorter
	// than src gets clamped positions rather than a panic.
	b := &builder{cfg: cfg, file: file, size: min(len(src), file.Size())}
	for _, u := range unsupportedBOMs {
		if bytes.HasPrefix(src, []byte(u.bom)) {
			b.problem(AreaSyntax, Error, 0, 0, fmt.Sprintf(
				"The file %q appears to be encoded as %s. Please save the file as UTF-8 without BOM.",
				filepath.Base(path), u.encoding))
			return cfg
		}
	}
	base := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		base = 3 // wrangler drops a UTF-8 byte order mark
	}

	var root *value
	var off int
	var msg string
	if cfg.Format == TOML {
		root, off, msg = parseTOML(src[base:], base)
	} else {
		root, off, msg = parseJSONC(src[base:], base)
	}
	if msg != "" {
		end := off + 1
		if end > len(src) {
			end = len(src)
		}
		b.problem(AreaSyntax, Error, off, end, msg)
		return cfg
	}
	if root.kind != kObject {
		b.problem(AreaSyntax, Error, root.start, root.end, fmt.Sprintf(
			"The configuration must be a JSON object, but the file contains %s.", describeKind(root)))
		return cfg
	}
	b.config(root)
	b.placeholders(root)
	return cfg
}

func describeKind(v *value) string {
	switch v.kind {
	case kArray:
		return "an array"
	case kString:
		return "a string"
	case kNumber:
		return "a number"
	case kBool:
		return "a boolean"
	}
	return "null"
}

type builder struct {
	cfg  *Config
	file *token.File
	size int
}

func (b *builder) pos(off int) token.Pos {
	if off < 0 {
		off = 0
	}
	if off > b.size {
		off = b.size
	}
	return b.file.Pos(off)
}

func (b *builder) problem(area Area, sev Severity, start, end int, msg string) {
	b.cfg.Problems = append(b.cfg.Problems, Problem{
		Pos: b.pos(start), End: b.pos(end), Severity: sev, Area: area, Message: msg,
	})
}

func (b *builder) errorAt(area Area, v *value, msg string) {
	b.problem(area, Error, v.start, v.end, msg)
}

func (b *builder) str(v *value) *String {
	if v == nil || v.kind != kString {
		return nil
	}
	return &String{Value: v.str, Pos: b.pos(v.start), End: b.pos(v.end)}
}

func (b *builder) keyString(m *member) *String {
	return &String{Value: m.key, Pos: b.pos(m.kstart), End: b.pos(m.kend)}
}

func (b *builder) config(root *value) {
	if m := root.member("legacy_env"); m != nil {
		b.problem(AreaOther, Error, m.kstart, m.kend,
			`The "legacy_env" field is no longer supported, so please remove it from your configuration file.`)
	}
	b.section(&b.cfg.Top, root, "", nil)

	envs := root.get("env")
	if envs == nil || envs.kind != kObject {
		return
	}
	// File order, each name once; a repeated JSON key takes its last value,
	// as JSON.parse does.
	seen := map[string]bool{}
	for i := range envs.members {
		m := &envs.members[i]
		if seen[m.key] {
			continue
		}
		seen[m.key] = true
		last := envs.member(m.key)
		if last.val.kind != kObject {
			continue
		}
		e := &Env{Name: m.key, NamePos: b.pos(last.kstart)}
		b.section(&e.Section, last.val, m.key, root)
		if top := root.get("durable_objects"); top != nil && last.val.get("durable_objects") == nil {
			b.problem(AreaDurableObjects, Warning, last.kstart, last.kend, fmt.Sprintf(
				"\"durable_objects\" exists at the top level, but not on \"env.%s\".\n"+
					"This is not what you probably want, since \"durable_objects\" is not inherited by environments.\n"+
					"Please add \"durable_objects\" to \"env.%s\".", m.key, m.key))
		}
		b.cfg.Envs = append(b.cfg.Envs, e)
	}
}

// section models one level. env is "" for the top level; top is the
// top-level object when modelling env.<env>.
func (b *builder) section(sec *Section, obj *value, env string, top *value) {
	sec.Pos, sec.End = b.pos(obj.start), b.pos(obj.end)

	// Scalar keys. wrangler names them without the env prefix.
	if v := obj.get("name"); v != nil {
		if v.kind != kString || !validWorkerName(v.str) {
			b.errorAt(AreaOther, v, fmt.Sprintf(
				`Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got %s.`, stringify(v)))
		}
		sec.Name = b.str(v)
	}
	if v := obj.get("main"); v != nil {
		if v.kind != kString {
			b.errorAt(AreaOther, v, fmt.Sprintf(`Expected "main" to be of type string but got %s.`, stringify(v)))
		}
		sec.Main = b.str(v)
	}
	if v := obj.get("compatibility_date"); v != nil {
		b.compatibilityDate(v)
		sec.CompatibilityDate = b.str(v)
	}
	if v := obj.get("compatibility_flags"); v != nil {
		ok := v.kind == kArray
		l := &StringList{Pos: b.pos(v.start), End: b.pos(v.end)}
		for _, e := range v.elems {
			if s := b.str(e); s != nil {
				l.Items = append(l.Items, s)
			} else {
				ok = false
			}
		}
		if !ok {
			b.errorAt(AreaOther, v, fmt.Sprintf(`Expected "compatibility_flags" to be of type string array but got %s.`, stringify(v)))
		}
		if v.kind == kArray {
			sec.CompatibilityFlags = l
		}
	}
	if v := obj.get("no_bundle"); v != nil {
		if v.kind == kBool {
			sec.NoBundle = &Bool{Value: v.b, Pos: b.pos(v.start), End: b.pos(v.end)}
		} else {
			b.errorAt(AreaOther, v, fmt.Sprintf(`Expected "no_bundle" to be of type boolean but got %s.`, stringify(v)))
		}
	}

	if v := obj.get("durable_objects"); v != nil {
		sec.DurableObjects = b.durableObjects(v, env, top)
	}
	if v := obj.get("migrations"); v != nil && v.kind != kNull {
		sec.Migrations = b.migrations(v)
	}
	if v := obj.get("exports"); v != nil && v.kind != kNull {
		sec.Exports = b.exports(v)
	}
	if v := obj.get("vars"); v != nil && v.kind == kObject {
		for _, m := range v.keys() {
			val := v.get(m.key)
			sec.Vars = append(sec.Vars, &Var{
				Name: b.keyString(m), Value: decode(val),
				Pos: b.pos(val.start), End: b.pos(val.end),
			})
		}
	}
}

// validWorkerName is wrangler's /^$|^[a-z0-9_][a-z0-9-_]*$/.
func validWorkerName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case c == '-' && i > 0:
		default:
			return false
		}
	}
	return true
}

func (b *builder) compatibilityDate(v *value) {
	if v.kind != kString {
		b.errorAt(AreaOther, v, fmt.Sprintf(`Expected "compatibility_date" to be of type string but got %s.`, stringify(v)))
		return
	}
	s := v.str
	if strings.ContainsAny(s, "\u2013\u2014") {
		b.errorAt(AreaOther, v, `"compatibility_date" field should use ISO-8601 accepted hyphens (-) rather than en-dashes (–) or em-dashes (—).`)
		s = strings.NewReplacer("\u2013", "-", "\u2014", "-").Replace(s)
	}
	if !isoDate(s) {
		b.errorAt(AreaOther, v, fmt.Sprintf(`"compatibility_date" field should be a valid ISO-8601 date (YYYY-MM-DD), but got %s.`, stringify(v)))
	}
}

// isoDate approximates `!isNaN(new Date(s))` for the forms a compatibility
// date takes: YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by a time.
// JavaScript also accepts free-form dates ("Jan 1 2024"); those are rare in
// configs and reported here, which errs on the side of a clear format.
func isoDate(s string) bool {
	digits := func(s string, n int) bool {
		if len(s) < n {
			return false
		}
		for i := 0; i < n; i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	num := func(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }
	if !digits(s, 4) {
		return false
	}
	rest := s[4:]
	if rest == "" {
		return true
	}
	if rest[0] != '-' || !digits(rest[1:], 2) || num(rest[1:]) < 1 || num(rest[1:]) > 12 {
		return false
	}
	rest = rest[3:]
	if rest == "" {
		return true
	}
	if rest[0] != '-' || !digits(rest[1:], 2) || num(rest[1:]) < 1 || num(rest[1:]) > 31 {
		return false
	}
	rest = rest[3:]
	return rest == "" || rest[0] == 'T' || rest[0] == 't' || rest[0] == ' '
}
