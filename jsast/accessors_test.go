package jsast

import "testing"

// Each accessor returns the part of the node its name promises, for the
// kinds its comment lists.
func TestAccessors(t *testing.T) {
	src := `import d, { a as b } from "./m" with { type: "json" };
export { b as c } from "./n";
const v = f(x, y);
new C(1);
tag` + "`t`" + `;
o.p; o[k];
await q; (r);
l + m;
if (c1) s1; else s2;
c2 ? t2 : e2;
function g(p = 1, { key: bound = 2 }) {}
const obj = { prop: val };
try { t0 } catch (err) { h0 } finally { f0 }
for (const it of items) {}
throw boom;
`
	f := Parse("a.ts", []byte(src))
	if len(f.Errors) > 0 {
		t.Fatalf("syntax errors: %v", f.Errors)
	}
	text := func(n *Node) string {
		if n == nil {
			return "<nil>"
		}
		return f.Text(n)
	}
	st := f.Root.List
	imp, exp := st[0], st[1]
	decl := st[2].List[0]
	call := decl.Init()
	newExpr := st[3].Expr()
	tagged := st[4].Expr()
	prop, elem := st[5].Expr(), st[6].Expr()
	await, paren := st[7].Expr(), st[8].Expr()
	bin := st[9].Expr()
	ifs, cond := st[10], st[11].Expr()
	fn := st[12]
	objProp := st[13].List[0].Init().List[0]
	try := st[14]
	forOf := st[15]
	throw := st[16]
	for _, c := range []struct {
		what string
		got  *Node
		want string
	}{
		{"ImportDecl.ImportClause", imp.ImportClause(), `d, { a as b }`},
		{"ImportClause.NamedBindings", imp.ImportClause().NamedBindings(), `{ a as b }`},
		{"ImportSpecifier.PropertyName", imp.ImportClause().NamedBindings().List[0].PropertyName(), `a`},
		{"ImportDecl.Specifier", imp.Specifier(), `"./m"`},
		{"ImportDecl.Attributes", imp.Attributes(), `{ type: "json" }`},
		{"ExportDecl.Exports", exp.Exports(), `{ b as c }`},
		{"ExportDecl.Specifier", exp.Specifier(), `"./n"`},
		{"VarDecl.Init", call, `f(x, y)`},
		{"Call.Callee", call.Callee(), `f`},
		{"New.Callee", newExpr.Callee(), `C`},
		{"TaggedTemplate.Callee", tagged.Callee(), `tag`},
		{"TaggedTemplate.Template", tagged.Template(), "`t`"},
		{"PropertyAccess.Object", prop.Object(), `o`},
		{"ElementAccess.Object", elem.Object(), `o`},
		{"ElementAccess.Element", elem.Element(), `k`},
		{"Await.Operand", await.Operand(), `q`},
		{"Paren.Operand", paren.Operand(), `r`},
		{"Binary.Left", bin.Left(), `l`},
		{"Binary.Right", bin.Right(), `m`},
		{"If.Cond", ifs.Cond(), `c1`},
		{"If.Then", ifs.Then(), `s1;`},
		{"If.Else", ifs.Else(), `s2;`},
		{"Conditional.Cond", cond.Cond(), `c2`},
		{"Conditional.Then", cond.Then(), `t2`},
		{"Conditional.Else", cond.Else(), `e2`},
		{"Parameter.Init", fn.Params()[0].Init(), `1`},
		{"BindingElement.PropertyName", fn.Params()[1].Name.List[0].PropertyName(), `key`},
		{"BindingElement.Init", fn.Params()[1].Name.List[0].Init(), `2`},
		{"PropertyAssign.Value", objProp.Value(), `val`},
		{"Try.TryBlock", try.TryBlock(), `{ t0 }`},
		{"Try.CatchClause", try.CatchClause(), `catch (err) { h0 }`},
		{"Try.Finally", try.Finally(), `{ f0 }`},
		{"ForOf.Left", forOf.Left(), `const it`},
		{"ForOf.Right", forOf.Right(), `items`},
		{"Throw.Expr", throw.Expr(), `boom`},
	} {
		if got := text(c.got); got != c.want {
			t.Errorf("%s = %q, want %q", c.what, got, c.want)
		}
	}
	if args := call.Args(); len(args) != 2 || text(args[1]) != "y" {
		t.Errorf("Call.Args = %d arguments", len(args))
	}
	if x, name, ok := f.Member(elem); ok || x != nil || name != "" {
		t.Errorf("Member(o[k]) = %v, %q, %v; want no constant name", x, name, ok)
	}
	if x, name, ok := f.Member(prop); !ok || text(x) != "o" || name != "p" {
		t.Errorf("Member(o.p) = %q, %q, %v", text(x), name, ok)
	}
	if recv, name := f.CalleeName(call); recv != nil || name != "f" {
		t.Errorf("CalleeName(f(x, y)) = %q, %q", text(recv), name)
	}
	if Unwrap(paren) != paren.Operand() {
		t.Errorf("Unwrap((r)) is not r")
	}
}
