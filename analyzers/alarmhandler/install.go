package alarmhandler

import (
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// helperDepth bounds how far the object is followed into helpers that
// receive it.
const helperDepth = 2

// installer answers whether code may give a class an alarm at run time,
// outside its class body's methods: workerd takes the handler from the
// constructed object, so an own property set while constructing counts,
// and so does one put on the prototype.
type installer struct {
	res *source.Result
	// protoNames are the class names whose prototype some module
	// changes (K.prototype.alarm = ..., Object.assign(K.prototype, ...)),
	// or that some module hands to a helper that may; filled once.
	protoNames map[string]bool
}

// mayInstall reports whether an alarm may be installed on instances of k
// at run time, as far as k's own code shows: a property declaration named
// alarm, this.alarm = ..., Object.defineProperty(this, "alarm", ...),
// Object.assign(this, ...), or `this` handed to code that may do so.
func (in *installer) mayInstall(k *source.Class) bool {
	f := k.File.AST
	for _, m := range k.Node.List {
		if m.Has(jsast.FlagStatic) || m.Name == nil {
			continue
		}
		switch m.Kind {
		case jsast.KindPropertyDecl, jsast.KindMethodDecl, jsast.KindGetAccessor:
			if memberIs(f, m.Name, "alarm") {
				return true // alarm = makeHandler(), declare alarm: ..., ["alarm"]() {}
			}
			if m.Name.Kind == jsast.KindComputedPropName && !constantKey(m.Name.Expr()) {
				return true // [key]() {}: any name at all
			}
		}
	}
	if in.protoChanged(k.Name) {
		return true
	}
	for n := range k.Nodes(jsast.KindBinary, jsast.KindCall, jsast.KindNew) {
		if n.Kind == jsast.KindBinary {
			if n.Op.IsAssignment() && isThis(jsast.Unwrap(memberObject(f, n.Left(), "alarm"))) {
				return true
			}
			continue
		}
		if reflective(f, n, isThis) {
			return true
		}
		for _, arg := range n.List {
			if a := jsast.Unwrap(arg); isThis(a) && in.helperMayInstall(k.File, n, helperDepth) {
				return true
			}
		}
	}
	return false
}

// memberIs reports whether a member name node spells name, also as a
// string key or a computed string ("alarm", ["alarm"]).
func memberIs(f *jsast.File, n *jsast.Node, name string) bool {
	if n.Kind == jsast.KindComputedPropName {
		x := jsast.Unwrap(n.Expr())
		return x != nil && (x.Kind == jsast.KindStringLiteral || x.Kind == jsast.KindNoSubstitutionTemplate) && f.NameOf(x) == name
	}
	return f.NameOf(n) == name
}

// constantKey reports whether a computed key is a literal, whose name
// memberIs already compared.
func constantKey(x *jsast.Node) bool {
	x = jsast.Unwrap(x)
	if x == nil {
		return false
	}
	switch x.Kind {
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate, jsast.KindNumericLiteral:
		return true
	}
	return false
}

func isThis(n *jsast.Node) bool { return n != nil && n.Kind == jsast.KindThis }

// memberObject returns x for x.name or x["name"], else nil.
func memberObject(f *jsast.File, n *jsast.Node, name string) *jsast.Node {
	x, got, ok := f.Member(n)
	if !ok || got != name {
		return nil
	}
	return x
}

// reflective reports whether call defines or copies properties onto an
// object that target accepts: Object.defineProperty(o, "alarm", ...),
// Object.defineProperties(o, ...), Object.assign(o, ...),
// Object.setPrototypeOf(o, ...) and their Reflect forms.
func reflective(f *jsast.File, call *jsast.Node, target func(*jsast.Node) bool) bool {
	if call.Kind != jsast.KindCall || len(call.Args()) == 0 {
		return false
	}
	recv, name := f.CalleeName(call)
	r := jsast.Unwrap(recv)
	if r == nil || r.Kind != jsast.KindIdentifier {
		return false
	}
	if on := f.NameOf(r); on != "Object" && on != "Reflect" {
		return false
	}
	if !target(jsast.Unwrap(call.Args()[0])) {
		return false
	}
	switch name {
	case "defineProperty":
		if len(call.Args()) < 2 {
			return true
		}
		key := jsast.Unwrap(call.Args()[1])
		if key != nil && (key.Kind == jsast.KindStringLiteral || key.Kind == jsast.KindNoSubstitutionTemplate) {
			return f.NameOf(key) == "alarm"
		}
		return true // a key dolint cannot read
	case "defineProperties", "assign", "setPrototypeOf":
		return true
	}
	return false
}

// helperMayInstall reports whether the function or class that call (or
// new) runs may install alarm on the object handed to it. A callee dolint
// cannot read may do anything; one it can read may when it names alarm,
// copies properties with Object.assign and the like, or hands its
// parameters on to further code that may.
func (in *installer) helperMayInstall(file *source.File, call *jsast.Node, depth int) bool {
	f := file.AST
	if recv, _ := f.CalleeName(call); recv != nil {
		if r := jsast.Unwrap(recv); r != nil && r.Kind == jsast.KindIdentifier {
			switch f.NameOf(r) {
			case "console", "JSON":
				return false // logging and serialising add no properties
			}
		}
	}
	if depth == 0 {
		return true
	}
	tf, code := in.callee(file, call)
	if code == nil {
		return true
	}
	return in.codeMayInstall(tf, code, depth)
}

// codeMayInstall looks through a helper (a function, or a class that may
// keep the object in a field) for anything that may install an alarm on
// the object it received.
func (in *installer) codeMayInstall(file *source.File, code *jsast.Node, depth int) bool {
	f := file.AST
	// carries reports whether an expression may hold the object: a
	// parameter of the helper (of its constructor, for a class) or, in a
	// class, this and its fields.
	params := map[string]bool{}
	fn := code
	isClass := code.Kind == jsast.KindClassDecl || code.Kind == jsast.KindClassExpr
	if isClass {
		fn = nil
		for _, m := range code.List {
			if m.Kind == jsast.KindConstructor {
				fn = m
			}
		}
	}
	if fn != nil {
		for _, p := range fn.Params() {
			if p.Kind == jsast.KindParameter && p.Name != nil && p.Name.Kind == jsast.KindIdentifier {
				params[f.NameOf(p.Name)] = true
			}
		}
	}
	carries := func(a *jsast.Node) bool {
		a = jsast.Unwrap(a)
		if a == nil {
			return false
		}
		switch a.Kind {
		case jsast.KindIdentifier:
			return params[f.NameOf(a)]
		case jsast.KindThis:
			return isClass
		case jsast.KindPropertyAccess:
			return isClass && isThis(jsast.Unwrap(a.Object()))
		}
		return false
	}
	body := code
	if !isClass {
		body = code.Body
	}
	if body == nil {
		return true
	}
	for n := range file.Index.Nodes(body, jsast.KindPropertyAccess, jsast.KindStringLiteral, jsast.KindCall, jsast.KindNew) {
		switch n.Kind {
		case jsast.KindPropertyAccess:
			if f.NameOf(n.Name) == "alarm" {
				return true
			}
		case jsast.KindStringLiteral:
			if f.NameOf(n) == "alarm" {
				return true
			}
		case jsast.KindCall, jsast.KindNew:
			if reflective(f, n, carries) {
				return true
			}
			// The object handed on: follow it, a step less deep.
			for _, arg := range n.Args() {
				if carries(arg) && in.helperMayInstall(file, n, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// callee finds the code a call or new runs: a function of the file or
// imported from a module of the graph, or a class (its whole body, since
// the object may be kept in a field and changed by any method). nil
// means dolint cannot see it.
func (in *installer) callee(file *source.File, call *jsast.Node) (*source.File, *jsast.Node) {
	x := jsast.Unwrap(call.Callee())
	if x == nil || x.Kind != jsast.KindIdentifier {
		return nil, nil
	}
	if d := dosrc.Lookup(file, x); d != nil {
		if d.Pattern != nil || d.Param != nil {
			return nil, nil
		}
		return file, funcBody(d.Init)
	}
	l := dosrc.TopLevel(file, x)
	if l == nil {
		return nil, nil
	}
	switch l.Kind {
	case source.LocalClass:
		return file, l.Class.Node
	case source.LocalImport:
		if l.Import.TypeOnly || l.Import.Dep.Kind != source.DepModule {
			return nil, nil
		}
		sym, st := in.res.LookupExport(l.Import.Dep.File, l.Import.Imported)
		if st != source.Found || sym.TypeOnly {
			return nil, nil
		}
		if sym.Class != nil {
			return sym.Class.File, sym.Class.Node
		}
		if sym.Local != nil && sym.Local.Kind == source.LocalClass && sym.Local.Class != nil {
			return sym.Local.Class.File, sym.Local.Class.Node
		}
		if sym.Local == nil {
			return nil, nil
		}
		switch sym.Local.Kind {
		case source.LocalFunc:
			return sym.File, funcBody(sym.Local.Node)
		case source.LocalVar:
			return sym.File, funcBody(sym.Local.Init)
		}
	}
	return nil, nil
}

// funcBody returns the function or class n names, nil for anything else.
func funcBody(n *jsast.Node) *jsast.Node {
	n = jsast.Unwrap(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case jsast.KindFuncDecl, jsast.KindFuncExpr, jsast.KindArrowFunc, jsast.KindClassDecl, jsast.KindClassExpr:
		return n
	}
	return nil
}

// protoChanged reports whether any module changes the prototype of a
// class named name, or hands the class itself to code that may.
func (in *installer) protoChanged(name string) bool {
	if in.protoNames == nil {
		in.protoNames = map[string]bool{}
		for _, file := range in.res.Files {
			if file.AST != nil {
				in.scanPrototypes(file)
			}
		}
	}
	return in.protoNames[name]
}

func (in *installer) scanPrototypes(file *source.File) {
	f := file.AST
	// classOf returns K for K.prototype.
	classOf := func(n *jsast.Node) string {
		if k := jsast.Unwrap(memberObject(f, n, "prototype")); k != nil && k.Kind == jsast.KindIdentifier {
			return f.NameOf(k)
		}
		return ""
	}
	for n := range file.Index.Nodes(nil, jsast.KindBinary, jsast.KindCall) {
		if n.Kind == jsast.KindBinary {
			if n.Op.IsAssignment() {
				if k := classOf(memberObject(f, n.Left(), "alarm")); k != "" {
					in.protoNames[k] = true
				}
			}
			continue
		}
		if len(n.List) == 0 {
			continue
		}
		if k := classOf(jsast.Unwrap(n.List[0])); k != "" && reflective(f, n, func(*jsast.Node) bool { return true }) {
			in.protoNames[k] = true
			continue
		}
		// applyMixins(Room, [...]): the class handed to a helper.
		for _, arg := range n.List {
			a := jsast.Unwrap(arg)
			if a == nil || a.Kind != jsast.KindIdentifier {
				continue
			}
			l := dosrc.TopLevel(file, a)
			if l == nil || dosrc.Lookup(file, a) != nil {
				continue
			}
			var name string
			switch l.Kind {
			case source.LocalClass:
				name = l.Class.Name
			case source.LocalImport:
				name = l.Import.Imported
			default:
				continue
			}
			if in.helperMayInstall(file, n, helperDepth) {
				in.protoNames[name] = true
			}
		}
	}
}
