package jsast

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// ImportKind says how a module binding is imported.
type ImportKind uint8

// Import kinds.
const (
	ImportDefault    ImportKind = iota // import x from "m"
	ImportNamed                        // import { a as b } from "m"
	ImportNamespace                    // import * as ns from "m"
	ImportSideEffect                   // import "m"
	ImportRequire                      // import x = require("m")
)

// Import is one binding (or a side-effect import) from a module.
type Import struct {
	Kind     ImportKind
	Module   string // the module specifier's value
	Imported string // the name in the module: "default", "*" for namespaces, "" for side effects
	Local    string // the local binding, "" for side effects
	TypeOnly bool   // import type, or a type-only specifier
	// NameStart..NameEnd is the local name (the module specifier for
	// side-effect imports); ModuleStart..ModuleEnd the specifier string.
	NameStart, NameEnd     int32
	ModuleStart, ModuleEnd int32
	Decl                   *Node // the ImportDecl or ImportEquals statement
}

// ExportKind says what an export form is.
type ExportKind uint8

// Export kinds.
const (
	ExportLocal        ExportKind = iota // export <declaration>, export { x as y }
	ExportDefault                        // export default <expr or declaration>
	ExportFrom                           // export { x as y } from "m"
	ExportAll                            // export * from "m"
	ExportAllAs                          // export * as ns from "m"
	ExportEquals                         // export = x
	ExportImportEquals                   // export import x = ...
	ExportAsNamespace                    // export as namespace X (UMD global)
)

// Export is one exported name.
type Export struct {
	Kind     ExportKind
	Name     string // the exported name ("default" for default exports, "" for export * and export =)
	Local    string // the local name, or the imported name for re-exports
	Module   string // for re-exports
	TypeOnly bool   // export type, type-only specifier, or an interface/type alias
	// NameStart..NameEnd is the exported name where one is written (the
	// declaration's name, the specifier), else the whole statement.
	NameStart, NameEnd int32
	Decl               *Node // the statement
	Value              *Node // the declaration or expression exported, if any
}

// ModuleInfo lists a file's top-level imports and exports in source order.
type ModuleInfo struct {
	Imports []Import
	Exports []Export
}

// Module collects the imports and exports of f's top-level statements.
func Module(f *File) *ModuleInfo {
	m := &ModuleInfo{}
	for _, s := range f.Root.List {
		switch s.Kind {
		case KindImportDecl:
			m.addImport(f, s)
		case KindImportEquals:
			if r := s.Y; r != nil && r.Kind == KindExternalModuleRef && r.X != nil && r.X.Kind == KindStringLiteral {
				m.Imports = append(m.Imports, Import{
					Kind: ImportRequire, Module: f.StringValue(r.X), Imported: "*",
					Local: f.IdentName(s.Name), TypeOnly: s.Has(FlagTypeOnly),
					NameStart: s.Name.Start, NameEnd: s.Name.End,
					ModuleStart: r.X.Start, ModuleEnd: r.X.End, Decl: s,
				})
			}
			if s.Has(FlagExport) {
				m.Exports = append(m.Exports, Export{Kind: ExportImportEquals, Name: f.IdentName(s.Name),
					Local: f.IdentName(s.Name), TypeOnly: s.Has(FlagTypeOnly),
					NameStart: s.Name.Start, NameEnd: s.Name.End, Decl: s, Value: s.Y})
			}
		case KindExportDecl:
			m.addExportDecl(f, s)
		case KindExportAssign:
			e := Export{Kind: ExportDefault, Name: "default", NameStart: s.Start, NameEnd: s.End, Decl: s, Value: s.X}
			if s.Has(FlagExportEquals) {
				e.Kind, e.Name = ExportEquals, ""
			}
			if s.X != nil && s.X.Kind == KindIdentifier {
				e.Local = f.IdentName(s.X)
			}
			m.Exports = append(m.Exports, e)
		case KindNamespaceExportDecl:
			m.Exports = append(m.Exports, Export{Kind: ExportAsNamespace, Name: f.IdentName(s.Name),
				NameStart: s.Name.Start, NameEnd: s.Name.End, Decl: s})
		default:
			if s.Has(FlagExport) {
				m.addExportedDeclaration(f, s)
			}
		}
	}
	return m
}

func (m *ModuleInfo) addImport(f *File, s *Node) {
	base := Import{Decl: s}
	if s.Y != nil && s.Y.Kind == KindStringLiteral {
		base.Module = f.StringValue(s.Y)
		base.ModuleStart, base.ModuleEnd = s.Y.Start, s.Y.End
	}
	c := s.X
	if c == nil {
		imp := base
		imp.Kind = ImportSideEffect
		imp.NameStart, imp.NameEnd = base.ModuleStart, base.ModuleEnd
		m.Imports = append(m.Imports, imp)
		return
	}
	base.TypeOnly = c.Has(FlagTypeOnly)
	if c.Name != nil {
		imp := base
		imp.Kind, imp.Imported, imp.Local = ImportDefault, "default", f.IdentName(c.Name)
		imp.NameStart, imp.NameEnd = c.Name.Start, c.Name.End
		m.Imports = append(m.Imports, imp)
	}
	if b := c.Y; b != nil {
		switch b.Kind {
		case KindNamespaceImport:
			imp := base
			imp.Kind, imp.Imported, imp.Local = ImportNamespace, "*", f.IdentName(b.Name)
			imp.NameStart, imp.NameEnd = b.Name.Start, b.Name.End
			m.Imports = append(m.Imports, imp)
		case KindNamedImports:
			for _, sp := range b.List {
				imp := base
				imp.Kind = ImportNamed
				imp.TypeOnly = base.TypeOnly || sp.Has(FlagTypeOnly)
				imp.Local = f.IdentName(sp.Name)
				imp.Imported = imp.Local
				if sp.X != nil {
					imp.Imported = f.nameValue(sp.X)
				}
				imp.NameStart, imp.NameEnd = sp.Name.Start, sp.Name.End
				m.Imports = append(m.Imports, imp)
			}
		}
	}
}

func (m *ModuleInfo) addExportDecl(f *File, s *Node) {
	base := Export{Decl: s, TypeOnly: s.Has(FlagTypeOnly), NameStart: s.Start, NameEnd: s.End}
	if s.Y != nil && s.Y.Kind == KindStringLiteral {
		base.Module = f.StringValue(s.Y)
	}
	switch {
	case s.X == nil:
		e := base
		e.Kind = ExportAll
		m.Exports = append(m.Exports, e)
	case s.X.Kind == KindNamespaceExport:
		e := base
		e.Kind, e.Name, e.Local = ExportAllAs, f.nameValue(s.X.Name), "*"
		e.NameStart, e.NameEnd = s.X.Name.Start, s.X.Name.End
		m.Exports = append(m.Exports, e)
	case s.X.Kind == KindNamedExports:
		for _, sp := range s.X.List {
			e := base
			e.Kind = ExportLocal
			if s.Y != nil {
				e.Kind = ExportFrom
			}
			e.TypeOnly = base.TypeOnly || sp.Has(FlagTypeOnly)
			e.Name = f.nameValue(sp.Name)
			e.Local = e.Name
			if sp.X != nil {
				e.Local = f.nameValue(sp.X)
			}
			e.NameStart, e.NameEnd = sp.Name.Start, sp.Name.End
			m.Exports = append(m.Exports, e)
		}
	}
}

func (m *ModuleInfo) addExportedDeclaration(f *File, s *Node) {
	e := Export{Kind: ExportLocal, Decl: s, Value: s, NameStart: s.Start, NameEnd: s.End}
	if s.Has(FlagDefault) {
		e.Kind, e.Name = ExportDefault, "default"
	}
	switch s.Kind {
	case KindInterfaceDecl, KindTypeAliasDecl:
		e.TypeOnly = true
	case KindVarStmt:
		for _, d := range s.List {
			forEachBindingName(d.Name, func(id *Node) {
				v := e
				v.Name, v.Local = f.IdentName(id), f.IdentName(id)
				v.NameStart, v.NameEnd = id.Start, id.End
				v.Value = d
				m.Exports = append(m.Exports, v)
			})
		}
		return
	}
	if s.Name != nil {
		e.Local = f.nameValue(s.Name)
		if e.Name == "" {
			e.Name = e.Local
		}
		e.NameStart, e.NameEnd = s.Name.Start, s.Name.End
	}
	m.Exports = append(m.Exports, e)
}

// forEachBindingName calls f for each identifier a binding target binds.
func forEachBindingName(n *Node, f func(*Node)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case KindIdentifier:
		if n.End > n.Start {
			f(n)
		}
	case KindObjectBindingPattern, KindArrayBindingPattern:
		for _, e := range n.List {
			forEachBindingName(e, f)
		}
	case KindBindingElement:
		forEachBindingName(n.Name, f)
	}
}

// nameValue returns the name an identifier, string literal or qualified
// name stands for.
func (f *File) nameValue(n *Node) string {
	switch n.Kind {
	case KindStringLiteral:
		return f.StringValue(n)
	case KindIdentifier:
		return f.IdentName(n)
	}
	return f.Text(n)
}

// IdentName returns the name of an identifier with unicode escapes decoded.
func (f *File) IdentName(n *Node) string {
	if !f.identEscape && (n.Kind == KindIdentifier || n.Kind == KindPrivateIdentifier) {
		return f.slice(n.Start, n.End)
	}
	text := f.Src[n.Start:n.End]
	i := bytes.IndexByte(text, '\\')
	if i < 0 {
		return f.slice(n.Start, n.End)
	}
	var b strings.Builder
	for j := 0; j < len(text); {
		if text[j] == '\\' {
			l := lexer{src: text}
			if r, end, ok := l.scanUnicodeEscape(int32(j)); ok {
				b.WriteRune(r)
				j = int(end)
				continue
			}
		}
		b.WriteByte(text[j])
		j++
	}
	return b.String()
}

// StringValue returns the value of a string literal node (quotes removed,
// escapes decoded). JSX attribute strings have no escapes.
func (f *File) StringValue(n *Node) string {
	text := f.Src[n.Start:n.End]
	if len(text) < 2 {
		return ""
	}
	body := text[1 : len(text)-1]
	if text[len(text)-1] != text[0] {
		body = text[1:]
	}
	if bytes.IndexByte(body, '\\') < 0 {
		start := n.Start + 1
		return f.slice(start, start+int32(len(body)))
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			i++
			continue
		}
		i++
		c = body[i]
		switch c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\r':
			if i+1 < len(body) && body[i+1] == '\n' {
				i++
			}
		case '\n':
		case 'x':
			if i+2 < len(body) && hexVal(body[i+1]) >= 0 && hexVal(body[i+2]) >= 0 {
				b.WriteRune(rune(hexVal(body[i+1])*16 + hexVal(body[i+2])))
				i += 3
				continue
			}
			b.WriteByte(c)
		case 'u':
			l := lexer{src: body}
			if r, end, ok := l.scanUnicodeEscape(int32(i - 1)); ok {
				if r >= 0xD800 && r <= 0xDBFF && int(end)+1 < len(body) && body[end] == '\\' {
					if r2, end2, ok := l.scanUnicodeEscape(end); ok && r2 >= 0xDC00 && r2 <= 0xDFFF {
						r = (r-0xD800)<<10 + (r2 - 0xDC00) + 0x10000
						end = end2
					}
				}
				b.WriteRune(r)
				i = int(end)
				continue
			}
			b.WriteByte(c)
		default:
			if c >= '0' && c <= '7' {
				v, j := 0, i
				for j < len(body) && j < i+3 && body[j] >= '0' && body[j] <= '7' && v*8+int(body[j]-'0') <= 255 {
					v = v*8 + int(body[j]-'0')
					j++
				}
				b.WriteRune(rune(v))
				i = j
				continue
			}
			if c >= 0x80 {
				r, w := utf8.DecodeRune(body[i:])
				if r != 0x2028 && r != 0x2029 {
					b.WriteRune(r)
				}
				i += w
				continue
			}
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}
