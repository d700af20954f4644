package sqlinjection

import (
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

// guarded reports whether the use of a variable sits where a check has
// proven its value to be one of a constant set:
//
//	if (!ALLOWED.includes(col)) throw new Error("bad column");
//	sql.exec(`... ORDER BY ${col}`);
//
// also as the branch of an if, a conditional or && taken when the check
// holds. Checks are includes/has on a constant array or Set, `in`,
// Object.hasOwn and hasOwnProperty on a constant object, and === against
// constants, joined with ||.
func (v *eval) guarded(file *source.File, id *jsast.Node, d *dosrc.Decl, depth int) bool {
	ix := file.Index
	child := id
	for a := range ix.Ancestors(id) {
		switch a.Kind {
		case jsast.KindConditional, jsast.KindIf:
			if within(a.Then(), child) && v.member(file, a.Cond(), d, true, depth) {
				return true
			}
			if a.Else() != nil && within(a.Else(), child) && v.member(file, a.Cond(), d, false, depth) {
				return true
			}
		case jsast.KindBinary:
			if a.Op == jsast.TAmpersandAmpersand && within(a.Right(), child) && v.member(file, a.Left(), d, true, depth) {
				return true
			}
		case jsast.KindBlock, jsast.KindFile, jsast.KindCase, jsast.KindDefault:
			for _, s := range a.List {
				if s == child || s.Start >= child.Start {
					break
				}
				if s.Kind == jsast.KindIf && s.Else() == nil && exits(s.Then()) && v.member(file, s.Cond(), d, false, depth) {
					return true
				}
			}
		}
		if a == d.Func || dosrc.IsFunc(a) && a.Kind != jsast.KindArrowFunc {
			break
		}
		child = a
	}
	return false
}

func within(outer, n *jsast.Node) bool {
	return outer != nil && outer.Start <= n.Start && n.End <= outer.End
}

// exits reports whether a statement always leaves: throw, return, or a
// block that ends in one.
func exits(s *jsast.Node) bool {
	if s == nil {
		return false
	}
	switch s.Kind {
	case jsast.KindThrow, jsast.KindReturn:
		return true
	case jsast.KindBlock:
		return len(s.List) > 0 && exits(s.List[len(s.List)-1])
	}
	return false
}

// member reports whether test, when it is truthy (positive) or falsy
// (!positive), proves the variable d declares to hold a constant.
func (v *eval) member(file *source.File, test *jsast.Node, d *dosrc.Decl, positive bool, depth int) bool {
	f := file.AST
	t := jsast.Unwrap(test)
	if t == nil || depth > maxDepth {
		return false
	}
	same := func(n *jsast.Node) bool {
		n = jsast.Unwrap(n)
		if n == nil || n.Kind != jsast.KindIdentifier || f.NameOf(n) != f.NameOf(d.Ident) {
			return false
		}
		dd := dosrc.Lookup(file, n)
		return dd != nil && dd.Ident == d.Ident
	}
	switch t.Kind {
	case jsast.KindPrefix:
		if t.Op == jsast.TExclamation {
			return v.member(file, t.Operand(), d, !positive, depth)
		}
	case jsast.KindBinary:
		switch t.Op {
		case jsast.TBarBar:
			// a || b proves membership when both do; its falsity proves nothing.
			return positive && v.member(file, t.Left(), d, true, depth) && v.member(file, t.Right(), d, true, depth)
		case jsast.TAmpersandAmpersand:
			// a && b true proves what either proves.
			return positive && (v.member(file, t.Left(), d, true, depth) || v.member(file, t.Right(), d, true, depth))
		case jsast.TEqualsEqualsEquals, jsast.TEqualsEquals:
			return positive && (same(t.Left()) && v.safe(file, t.Right(), depth+1) || same(t.Right()) && v.safe(file, t.Left(), depth+1))
		case jsast.TExclamationEqualsEquals, jsast.TExclamationEquals:
			return !positive && (same(t.Left()) && v.safe(file, t.Right(), depth+1) || same(t.Right()) && v.safe(file, t.Left(), depth+1))
		case jsast.TIn:
			return positive && same(t.Left()) && v.safeContainer(file, t.Right(), depth+1)
		}
	case jsast.KindCall:
		if !positive || len(t.List) == 0 {
			return false
		}
		recv, name := f.CalleeName(t)
		switch name {
		case "includes", "has":
			return recv != nil && same(t.List[0]) && (v.safeArray(file, recv, depth+1) || v.safeSet(file, recv, depth+1))
		case "hasOwnProperty":
			return recv != nil && same(t.List[0]) && v.safeContainer(file, recv, depth+1)
		case "hasOwn":
			r := jsast.Unwrap(recv)
			return len(t.List) == 2 && r != nil && r.Kind == jsast.KindIdentifier && f.NameOf(r) == "Object" &&
				same(t.List[1]) && v.safeContainer(file, t.List[0], depth+1)
		}
	}
	return false
}

// safeSet reports whether e is new Set(<safe array>), directly or through
// a const.
func (v *eval) safeSet(file *source.File, e *jsast.Node, depth int) bool {
	e = jsast.Unwrap(e)
	if e == nil || depth > maxDepth {
		return false
	}
	if e.Kind == jsast.KindIdentifier {
		d := dosrc.Lookup(file, e)
		return d != nil && d.Const && d.Param == nil && d.Pattern == nil && d.Init != nil && v.safeSet(file, d.Init, depth+1)
	}
	return e.Kind == jsast.KindNew && dosrc.IsGlobal(file, e, "Set") && len(e.Args()) == 1 && v.safeArray(file, e.Args()[0], depth+1)
}
