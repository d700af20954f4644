package sqlinjection

import (
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// maxDepth bounds how far values are followed through variables, calls
// and modules; past it a value counts as unknown.
const maxDepth = 16

// eval answers, syntactically, whether a value can carry outside text.
type eval struct {
	res *source.Result
}

// safe reports whether the value of e cannot carry text from outside the
// program into a query: a constant, something computed only from
// constants, a number from Math.*, a value taken from a constant
// allowlist, or a variable whose type is a union of literals.
func (v *eval) safe(file *source.File, e *jsast.Node, depth int) bool {
	e = jsast.Unwrap(e)
	if e == nil || depth > maxDepth {
		return false
	}
	switch e.Kind {
	case jsast.KindStringLiteral, jsast.KindNumericLiteral, jsast.KindNoSubstitutionTemplate,
		jsast.KindTrue, jsast.KindFalse, jsast.KindNull, jsast.KindBigIntLiteral:
		return true
	case jsast.KindTemplateExpr:
		return v.spansSafe(file, e, depth)
	case jsast.KindTaggedTemplate:
		// String.raw interpolates like a plain template; other tags
		// return what they like.
		return isStringRaw(file, e) && v.spansSafe(file, jsast.Unwrap(e.Template()), depth)
	case jsast.KindArrayLit:
		return v.safeArray(file, e, depth)
	case jsast.KindBinary:
		switch e.Op {
		case jsast.TBar, jsast.TAmpersand, jsast.TCaret, jsast.TLessThanLessThan, jsast.TGreaterThanGreaterThan,
			jsast.TGreaterThanGreaterThanGreaterThan, jsast.TEqualsEquals, jsast.TExclamationEquals,
			jsast.TEqualsEqualsEquals, jsast.TExclamationEqualsEquals, jsast.TLessThan, jsast.TGreaterThan,
			jsast.TLessThanEquals, jsast.TGreaterThanEquals, jsast.TInstanceof, jsast.TIn:
			return true // an int32 or a boolean
		case jsast.TComma:
			return v.safe(file, e.Right(), depth+1)
		case jsast.TPlus, jsast.TMinus, jsast.TAsterisk, jsast.TSlash, jsast.TPercent, jsast.TAsteriskAsterisk,
			jsast.TAmpersandAmpersand, jsast.TBarBar, jsast.TQuestionQuestion:
			return v.safe(file, e.Left(), depth+1) && v.safe(file, e.Right(), depth+1)
		}
		return false
	case jsast.KindPrefix:
		switch e.Op {
		case jsast.TTypeof, jsast.TExclamation, jsast.TVoid, jsast.TDelete, jsast.TTilde, jsast.TPlusPlus, jsast.TMinusMinus:
			return true
		case jsast.TMinus, jsast.TPlus:
			return v.safe(file, e.Operand(), depth+1)
		}
		return false
	case jsast.KindPostfix:
		return true // x++ and x-- give numbers
	case jsast.KindConditional:
		return v.safe(file, e.Then(), depth+1) && v.safe(file, e.Else(), depth+1)
	case jsast.KindAwait:
		return v.safe(file, e.Operand(), depth+1)
	case jsast.KindIdentifier:
		return v.safeIdent(file, e, depth)
	case jsast.KindPropertyAccess, jsast.KindElementAccess:
		return v.safeMember(file, e, depth)
	case jsast.KindCall:
		return v.safeCall(file, e, depth)
	}
	return false
}

func (v *eval) spansSafe(file *source.File, tpl *jsast.Node, depth int) bool {
	if tpl == nil {
		return false
	}
	if tpl.Kind == jsast.KindNoSubstitutionTemplate {
		return true
	}
	for _, s := range tpl.List {
		if !v.safe(file, s.Expr(), depth+1) && !v.quotedSpan(file, tpl, s, depth) {
			return false
		}
	}
	return true
}

func isStringRaw(file *source.File, tagged *jsast.Node) bool {
	x, name, ok := file.AST.Member(tagged.Callee())
	x = jsast.Unwrap(x)
	return ok && name == "raw" && x != nil && x.Kind == jsast.KindIdentifier && file.AST.NameOf(x) == "String" && dosrc.Global(file, x)
}

// safeIdent follows a name to its declaration.
func (v *eval) safeIdent(file *source.File, id *jsast.Node, depth int) bool {
	f := file.AST
	name := f.NameOf(id)
	d := dosrc.Lookup(file, id)
	if d == nil {
		l := dosrc.TopLevel(file, id)
		switch {
		case l == nil:
			return name == "undefined" || name == "NaN" || name == "Infinity"
		case l.Kind == source.LocalImport:
			return v.safeImport(l.Import, depth)
		}
		return false
	}
	return v.safeDecl(file, d, depth) || v.guarded(file, id, d, depth)
}

// safeDecl reports whether every value a declared name can hold is safe.
func (v *eval) safeDecl(file *source.File, d *dosrc.Decl, depth int) bool {
	if d.Param != nil {
		if d.Pattern == nil && literalType(file, d.Param.Type, 0) {
			return true
		}
		return d.Pattern == nil && (isIndexParam(file, d) || v.safeParamByCalls(file, d, depth) || v.safeElementParam(file, d, depth))
	}
	if d.Pattern != nil {
		return false
	}
	if vd := file.Index.Parent(d.Ident); vd != nil && vd.Kind == jsast.KindVarDecl && literalType(file, vd.Type, 0) {
		return true
	}
	if d.Init != nil && d.Init.Kind == jsast.KindFuncDecl {
		return false
	}
	if d.Init == nil && v.safeLoopVar(file, d, depth) {
		return true
	}
	if d.Const {
		return d.Init != nil && v.safe(file, d.Init, depth+1)
	}
	// let and var: every value the name is given must be safe.
	if d.Init != nil && !v.safe(file, d.Init, depth+1) {
		return false
	}
	for _, a := range assignments(file, d) {
		if !v.safe(file, a.Right(), depth+1) {
			return false
		}
	}
	return true
}

// safeImport follows an imported name to a const or enum of the graph.
func (v *eval) safeImport(im *source.Import, depth int) bool {
	if im.TypeOnly || im.Dep == nil || im.Dep.Kind != source.DepModule || im.Dep.File == nil {
		return false
	}
	sym, st := v.res.LookupExport(im.Dep.File, im.Imported)
	if st != source.Found || sym.Local == nil || sym.File == nil || sym.File.AST == nil {
		return false
	}
	l := sym.Local
	if l.Kind != source.LocalVar || l.Node == nil || l.Node.Kind != jsast.KindVarDecl || l.Node.Name == nil ||
		l.Node.Name.Kind != jsast.KindIdentifier {
		return false
	}
	if literalType(sym.File, l.Node.Type, 0) {
		return true
	}
	st2 := sym.File.Index.Parent(l.Node)
	return st2 != nil && st2.Kind == jsast.KindVarStmt && st2.Op == jsast.TConst && l.Node.Init() != nil && v.safe(sym.File, l.Node.Init(), depth+1)
}

// assignments lists the assignments to the variable d declares, in its
// function (or, for a top-level variable, anywhere in the file).
func assignments(file *source.File, d *dosrc.Decl) []*jsast.Node {
	f := file.AST
	scope := d.Func
	name := f.NameOf(d.Ident)
	var out []*jsast.Node
	for b := range file.Index.Nodes(scope, jsast.KindBinary) {
		if !isAssign(b.Op) {
			continue
		}
		x := jsast.Unwrap(b.Left())
		if x == nil || x.Kind != jsast.KindIdentifier || f.NameOf(x) != name {
			continue
		}
		if dd := dosrc.Lookup(file, x); dd == nil || dd.Ident != d.Ident {
			continue
		}
		out = append(out, b)
	}
	return out
}

func isAssign(op jsast.Token) bool {
	switch op {
	case jsast.TEquals, jsast.TPlusEquals, jsast.TMinusEquals, jsast.TAsteriskEquals, jsast.TSlashEquals,
		jsast.TPercentEquals, jsast.TAsteriskAsteriskEquals, jsast.TBarBarEquals, jsast.TAmpersandAmpersandEquals,
		jsast.TQuestionQuestionEquals, jsast.TBarEquals, jsast.TAmpersandEquals, jsast.TCaretEquals,
		jsast.TLessThanLessThanEquals, jsast.TGreaterThanGreaterThanEquals, jsast.TGreaterThanGreaterThanGreaterThanEquals:
		return true
	}
	return false
}

// literalType reports whether a type annotation admits only literal
// values: "a" | "b", 1 | 2, a literal, or an alias of such a union in
// the same file. null and undefined may join the union.
func literalType(file *source.File, t *jsast.Node, depth int) bool {
	if t == nil || depth > 4 {
		return false
	}
	switch t.Kind {
	case jsast.KindParenType:
		return literalType(file, t.X, depth+1)
	case jsast.KindLiteralType:
		return true
	case jsast.KindUnionType:
		lits := 0
		for _, m := range t.List {
			if m.Kind == jsast.KindKeywordType && (file.AST.Text(m) == "null" || file.AST.Text(m) == "undefined") {
				continue
			}
			if !literalType(file, m, depth+1) {
				return false
			}
			lits++
		}
		return lits > 0
	case jsast.KindTypeRef:
		if t.Name == nil || t.Name.Kind != jsast.KindIdentifier || len(t.TypeParams()) > 0 {
			return false
		}
		l := file.Local(file.AST.NameOf(t.Name))
		if l == nil || l.Kind != source.LocalType || l.Node == nil || l.Node.Kind != jsast.KindTypeAliasDecl {
			return false
		}
		return literalType(file, l.Node.Type, depth+1)
	}
	return false
}

// isIndexParam reports whether d is the index parameter of an array
// callback: (x, i) => ... passed to map, flatMap, forEach, filter, or
// Array.from's mapper. The index is always a number.
func isIndexParam(file *source.File, d *dosrc.Decl) bool {
	fn := d.Func
	if fn == nil || len(fn.Params()) < 2 || fn.Params()[1] != d.Param || (fn.Kind != jsast.KindArrowFunc && fn.Kind != jsast.KindFuncExpr) {
		return false
	}
	outer, call := dosrc.Outer(file.Index, fn)
	if call == nil || call.Kind != jsast.KindCall {
		return false
	}
	_, name := file.AST.CalleeName(call)
	switch name {
	case "map", "flatMap":
		return len(call.Args()) > 0 && call.Args()[0] == outer
	case "from":
		return len(call.Args()) > 1 && call.Args()[1] == outer
	}
	return false
}

// safeMember accepts .length, enum members, entries of a constant
// allowlist object or array, and class fields only ever given safe
// values.
func (v *eval) safeMember(file *source.File, e *jsast.Node, depth int) bool {
	f := file.AST
	x := jsast.Unwrap(e.Object())
	if x == nil {
		return false
	}
	if e.Kind == jsast.KindPropertyAccess && e.Name != nil && f.NameOf(e.Name) == "length" {
		return true
	}
	if x.Kind == jsast.KindIdentifier && (v.isEnum(file, x) || v.safeStatic(file, e, x, depth)) {
		return true
	}
	if v.safeContainer(file, x, depth+1) {
		return true
	}
	if field := dosrc.ThisField(f, e); field != "" {
		return v.safeField(file, e, field, depth)
	}
	return false
}

// isEnum reports whether id names an enum, declared in file or imported.
func (v *eval) isEnum(file *source.File, id *jsast.Node) bool {
	if dosrc.Lookup(file, id) != nil {
		return false
	}
	l := dosrc.TopLevel(file, id)
	if l == nil {
		return false
	}
	if l.Kind == source.LocalEnum {
		return l.Node != nil && l.Node.Kind == jsast.KindEnumDecl
	}
	if l.Kind != source.LocalImport || l.Import.Dep == nil || l.Import.Dep.Kind != source.DepModule {
		return false
	}
	sym, st := v.res.LookupExport(l.Import.Dep.File, l.Import.Imported)
	return st == source.Found && sym.Local != nil && sym.Local.Kind == source.LocalEnum && sym.Local.Node != nil &&
		sym.Local.Node.Kind == jsast.KindEnumDecl
}

// safeContainer reports whether e is a constant object or array whose
// values are all safe: any entry read from it is safe (or undefined).
func (v *eval) safeContainer(file *source.File, e *jsast.Node, depth int) bool {
	e = jsast.Unwrap(e)
	if e == nil || depth > maxDepth {
		return false
	}
	switch e.Kind {
	case jsast.KindObjectLit:
		for _, p := range e.List {
			switch p.Kind {
			case jsast.KindPropertyAssign:
				if !v.safe(file, p.Value(), depth+1) {
					return false
				}
			case jsast.KindSpread:
				if !v.safeContainer(file, p.Operand(), depth+1) {
					return false
				}
			default:
				return false
			}
		}
		return true
	case jsast.KindArrayLit:
		return v.safeArray(file, e, depth)
	case jsast.KindCall:
		// Object.freeze({...})
		recv, name := file.AST.CalleeName(e)
		r := jsast.Unwrap(recv)
		if name == "freeze" && r != nil && r.Kind == jsast.KindIdentifier && file.AST.NameOf(r) == "Object" && len(e.List) == 1 {
			return v.safeContainer(file, e.List[0], depth+1)
		}
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, e)
		if d == nil {
			l := dosrc.TopLevel(file, e)
			if l != nil && l.Kind == source.LocalImport && l.Import.Dep != nil && l.Import.Dep.Kind == source.DepModule && !l.Import.TypeOnly {
				sym, st := v.res.LookupExport(l.Import.Dep.File, l.Import.Imported)
				if st == source.Found && sym.Local != nil && sym.Local.Kind == source.LocalVar && sym.Local.Node != nil &&
					sym.Local.Node.Kind == jsast.KindVarDecl && sym.Local.Node.Init() != nil {
					p := sym.File.Index.Parent(sym.Local.Node)
					return p != nil && p.Op == jsast.TConst && v.safeContainer(sym.File, sym.Local.Node.Init(), depth+1)
				}
			}
			return false
		}
		return d.Const && d.Param == nil && d.Pattern == nil && d.Init != nil && v.safeContainer(file, d.Init, depth+1) &&
			v.mutationsSafe(file, d, depth)
	}
	return false
}

// safeArray reports whether e is an array whose elements are all safe,
// such as a placeholder list: ids.map(() => "?"), Array(n).fill("?").
func (v *eval) safeArray(file *source.File, e *jsast.Node, depth int) bool {
	f := file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > maxDepth {
		return false
	}
	switch e.Kind {
	case jsast.KindArrayLit:
		for _, el := range e.List {
			if el.Kind == jsast.KindSpread {
				if !v.safeArray(file, el.Operand(), depth+1) {
					return false
				}
				continue
			}
			if el.Kind != jsast.KindOmitted && !v.safe(file, el, depth+1) {
				return false
			}
		}
		return true
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, e)
		if d != nil && d.Const && d.Param == nil && d.Pattern != nil {
			// const { conds } = this.build(): what build puts there.
			vals := returnedProperty(file, d)
			for _, x := range vals {
				if !v.safeArray(file, x, depth+1) {
					return false
				}
			}
			return len(vals) > 0 && v.mutationsSafe(file, d, depth)
		}
		if d == nil || d.Param != nil || d.Pattern != nil || d.Init == nil || !d.Const {
			return v.safeContainer(file, e, depth+1)
		}
		return v.safeArray(file, d.Init, depth+1) && v.mutationsSafe(file, d, depth)
	case jsast.KindNew, jsast.KindCall:
		recv, name := f.CalleeName(e)
		r := jsast.Unwrap(recv)
		global := func(n string) bool {
			return r != nil && r.Kind == jsast.KindIdentifier && f.NameOf(r) == n && dosrc.Global(file, r)
		}
		switch {
		case recv == nil && name == "Array" && dosrc.IsGlobal(file, e, "Array"):
			// Array(n) and new Array(n) hold holes, which join as "".
			return len(e.Args()) <= 1
		case e.Kind == jsast.KindNew:
			return false
		case name == "fill" && len(e.Args()) >= 1:
			return v.safe(file, e.Args()[0], depth+1)
		case (name == "map" || name == "flatMap") && len(e.Args()) >= 1:
			return v.returnsSafe(file, e.Args()[0], depth+1)
		case name == "from" && global("Array"):
			if len(e.Args()) >= 2 {
				return v.returnsSafe(file, e.Args()[1], depth+1)
			}
			return len(e.Args()) == 1 && v.safeArray(file, e.Args()[0], depth+1)
		case name == "keys" && global("Object") && len(e.Args()) == 1:
			x := jsast.Unwrap(e.Args()[0])
			return x != nil && (x.Kind == jsast.KindIdentifier || x.Kind == jsast.KindObjectLit) && v.safeContainer(file, x, depth+1)
		case name == "values" && global("Object") && len(e.Args()) == 1:
			return v.safeContainer(file, e.Args()[0], depth+1)
		case name == "filter" || name == "slice" || name == "reverse" || name == "sort" || name == "toSorted" || name == "toReversed":
			return recv != nil && v.safeArray(file, recv, depth+1)
		case name == "concat":
			if recv == nil || !v.safeArray(file, recv, depth+1) {
				return false
			}
			for _, a := range e.Args() {
				if !v.safe(file, a, depth+1) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// returnsSafe reports whether the function expression fn only returns
// safe values. Its first parameter (the element) is unknown; an index
// parameter is a number.
func (v *eval) returnsSafe(file *source.File, fn *jsast.Node, depth int) bool {
	fn = jsast.Unwrap(fn)
	if fn == nil || depth > maxDepth {
		return false
	}
	switch fn.Kind {
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, fn)
		if d == nil || d.Init == nil || d.Param != nil || d.Pattern != nil || !d.Const {
			return false
		}
		return v.returnsSafe(file, d.Init, depth+1)
	case jsast.KindArrowFunc, jsast.KindFuncExpr, jsast.KindFuncDecl, jsast.KindMethodDecl, jsast.KindGetAccessor:
	default:
		return false
	}
	if fn.Has(jsast.FlagAsync) || fn.Has(jsast.FlagGenerator) || fn.Body == nil {
		return false
	}
	if fn.Body.Kind != jsast.KindBlock {
		return v.safe(file, fn.Body, depth+1)
	}
	n := 0
	for r := range file.Index.Nodes(fn.Body, jsast.KindReturn) {
		if dosrc.EnclosingFunc(file.Index, r) != fn {
			continue
		}
		if r.Expr() == nil || !v.safe(file, r.Expr(), depth+1) {
			return false
		}
		n++
	}
	return n > 0
}

// stringMethods keep a safe receiver safe whatever their arguments: they
// only cut, repeat or re-case it.
var stringMethods = map[string]bool{
	"repeat": true, "slice": true, "substring": true, "substr": true, "trim": true, "trimStart": true,
	"trimEnd": true, "toUpperCase": true, "toLowerCase": true, "at": true, "charAt": true, "toString": true,
	"toFixed": true, "normalize": true,
}

// safeCall accepts Math.*, Date.now(), String(x) of a safe x, joins of
// safe arrays, string methods of safe strings, and calls of local
// functions and methods that only return safe values.
func (v *eval) safeCall(file *source.File, e *jsast.Node, depth int) bool {
	f := file.AST
	recv, name := f.CalleeName(e)
	r := jsast.Unwrap(recv)
	isGlobalObj := func(n string) bool {
		return r != nil && r.Kind == jsast.KindIdentifier && f.NameOf(r) == n && dosrc.Global(file, r)
	}
	switch {
	case isGlobalObj("Math"):
		return true
	case isGlobalObj("Date") && name == "now":
		return true
	case isGlobalObj("crypto") && name == "randomUUID":
		return true // hex digits and dashes
	case r != nil && r.Kind == jsast.KindNew && dosrc.IsGlobal(file, r, "Date") && (name == "toISOString" || name == "getTime" || name == "valueOf"):
		return true // digits and ISO punctuation; an invalid date throws
	case name == "toString" && v.isObjectID(file, recv):
		return true // 64 hex digits
	case recv == nil && name == "String" && dosrc.IsGlobal(file, e, "String"):
		return len(e.List) == 1 && v.safe(file, e.List[0], depth+1)
	case recv != nil && name == "join":
		return v.safeArray(file, recv, depth+1) && (len(e.List) == 0 || v.safe(file, e.List[0], depth+1))
	case recv != nil && stringMethods[name]:
		return v.safe(file, recv, depth+1)
	case recv != nil && (name == "padStart" || name == "padEnd" || name == "concat" || name == "replace" || name == "replaceAll"):
		if !v.safe(file, recv, depth+1) {
			return false
		}
		for _, a := range e.List {
			if !v.safe(file, a, depth+1) {
				return false
			}
		}
		return true
	}
	// A function of this module, or a method of the enclosing class.
	callee := jsast.Unwrap(e.Callee())
	if callee == nil {
		return false
	}
	if callee.Kind == jsast.KindIdentifier {
		d := dosrc.Lookup(file, callee)
		if d != nil && d.Param == nil && d.Pattern == nil && d.Init != nil && (d.Const || d.Init.Kind == jsast.KindFuncDecl) {
			return v.returnsSafe(file, d.Init, depth+1)
		}
		return false
	}
	if m := dosrc.ThisField(f, callee); m != "" {
		if c := enclosingClass(file, e); c != nil {
			if meth := c.Method(m); meth != nil && meth.Kind == jsast.KindMethodDecl {
				return v.returnsSafe(file, meth.Func, depth+1)
			}
		}
	}
	return false
}

// safeField reports whether this.field of the enclosing class is only
// ever given safe values: its initializer and every assignment in the
// class.
func (v *eval) safeField(file *source.File, e *jsast.Node, field string, depth int) bool {
	c := enclosingClass(file, e)
	if c == nil {
		return false
	}
	f := file.AST
	if g := c.Method(field); g != nil && g.Kind == jsast.KindGetAccessor {
		return v.returnsSafe(file, g.Func, depth+1)
	}
	n := 0
	for _, m := range c.Node.List {
		if m.Kind == jsast.KindPropertyDecl && !m.Has(jsast.FlagStatic) && f.NameOf(m.Name) == field {
			if literalType(file, m.Type, 0) {
				return true
			}
			if m.Init() != nil {
				if !v.safe(file, m.Init(), depth+1) {
					return false
				}
				n++
			}
		}
	}
	for b := range c.Nodes(jsast.KindBinary) {
		if isAssign(b.Op) && dosrc.ThisField(f, b.Left()) == field {
			if !v.safe(file, b.Right(), depth+1) {
				return false
			}
			n++
		}
	}
	if ctor := c.Method("constructor"); ctor != nil {
		for _, p := range ctor.Func.Params() {
			if p.Name != nil && p.Name.Kind == jsast.KindIdentifier && f.NameOf(p.Name) == field &&
				p.Flags&(jsast.FlagPublic|jsast.FlagPrivate|jsast.FlagProtected|jsast.FlagReadonly) != 0 {
				return false // a parameter property: set by the caller
			}
		}
	}
	return n > 0
}

// enclosingClass returns the top-level class of file that holds n.
func enclosingClass(file *source.File, n *jsast.Node) *source.Class {
	for _, c := range file.Classes {
		if c.Node.Start <= n.Start && n.End <= c.Node.End {
			return c
		}
	}
	return nil
}

// safeStatic accepts Class.NAME for a static field of a class of this
// file that is initialised with a safe value and never assigned.
func (v *eval) safeStatic(file *source.File, e, x *jsast.Node, depth int) bool {
	f := file.AST
	_, name, ok := f.Member(e)
	if !ok || dosrc.Lookup(file, x) != nil {
		return false
	}
	l := dosrc.TopLevel(file, x)
	if l == nil || l.Kind != source.LocalClass || l.Class == nil {
		return false
	}
	for _, m := range l.Class.Node.List {
		if m.Kind == jsast.KindPropertyDecl && m.Has(jsast.FlagStatic) && f.NameOf(m.Name) == name && m.Init() != nil {
			if !v.safe(file, m.Init(), depth+1) {
				return false
			}
			for b := range file.Index.Nodes(nil, jsast.KindBinary) {
				if isAssign(b.Op) {
					if bx, bn, ok := f.Member(b.Left()); ok && bn == name && jsast.Unwrap(bx) != nil && f.NameOf(jsast.Unwrap(bx)) == l.Name {
						return false
					}
				}
			}
			return true
		}
	}
	return false
}

// isObjectID reports whether e is the object's own id (ctx.id), whose
// string form is hex. Its name, by contrast, comes from the caller.
func (v *eval) isObjectID(file *source.File, e *jsast.Node) bool {
	x, name, ok := file.AST.Member(e)
	if !ok || name != "id" {
		return false
	}
	c := enclosingClass(file, e)
	return c != nil && c.IsDO && dosrc.IsState(c, x)
}

// mutationsSafe reports whether everything put into the array or object
// d declares is safe: arguments of push, unshift, splice and fill, and
// values assigned to its elements or properties.
func (v *eval) mutationsSafe(file *source.File, d *dosrc.Decl, depth int) bool {
	f := file.AST
	same := func(n *jsast.Node) bool {
		n = jsast.Unwrap(n)
		if n == nil || n.Kind != jsast.KindIdentifier || f.NameOf(n) != f.NameOf(d.Ident) {
			return false
		}
		dd := dosrc.Lookup(file, n)
		return dd != nil && dd.Ident == d.Ident
	}
	for n := range file.Index.Nodes(d.Func, jsast.KindCall, jsast.KindBinary) {
		if n.Kind == jsast.KindBinary {
			if !isAssign(n.Op) {
				continue
			}
			if x, _, ok := f.Member(n.Left()); (ok && same(x)) || isElementOf(f, n.Left(), same) {
				if !v.safe(file, n.Right(), depth+1) {
					return false
				}
			}
			continue
		}
		recv, name := f.CalleeName(n)
		if recv == nil || !same(recv) {
			continue
		}
		args := n.List
		switch name {
		case "push", "unshift", "fill":
		case "splice":
			if len(args) > 2 {
				args = args[2:]
			} else {
				args = nil
			}
		default:
			continue
		}
		for i, a := range args {
			if name == "fill" && i > 0 {
				break
			}
			if a.Kind == jsast.KindSpread {
				if !v.safeArray(file, a.Operand(), depth+1) {
					return false
				}
				continue
			}
			if !v.safe(file, a, depth+1) {
				return false
			}
		}
	}
	return true
}

// isElementOf reports whether n is x[k] with x accepted by same.
func isElementOf(f *jsast.File, n *jsast.Node, same func(*jsast.Node) bool) bool {
	n = jsast.Unwrap(n)
	return n != nil && n.Kind == jsast.KindElementAccess && same(n.Object())
}
