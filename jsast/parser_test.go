package jsast

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
	"unsafe"
)

// nodesOf lists "Kind text" for every node in preorder.
func nodesOf(f *File) []string {
	var out []string
	Inspect(f.Root, func(n *Node) bool {
		if n == nil {
			return false
		}
		if n.Kind != KindFile {
			out = append(out, n.Kind.String()+" "+f.Text(n))
		}
		return true
	})
	return out
}

// checkShape asserts that want occurs, in order, among the nodes of src
// (each entry is "Kind text", text being the node's exact source range, or
// a prefix of it followed by "...").
func checkShape(t *testing.T, name, src string, want []string) {
	t.Helper()
	f := Parse(name, []byte(src))
	for _, e := range f.Errors {
		t.Errorf("%s: unexpected error %s", src, f.ErrorString(e))
	}
	got := nodesOf(f)
	i := 0
	for _, g := range got {
		if i < len(want) && (g == want[i] || strings.HasSuffix(want[i], "...") && strings.HasPrefix(g, strings.TrimSuffix(want[i], "..."))) {
			i++
		}
	}
	if i < len(want) {
		if len(got) > 40 {
			got = got[:40]
		}
		t.Errorf("%s (%s): missing %q (in order) among:\n  %s", src, name, want[i], strings.Join(got, "\n  "))
	}
}

// TestReparseForTopLevelAwait checks which modules are parsed a second
// time with top-level await: those where an await token was read as a
// name where top-level await would make it an operator, not those whose
// await only starts a speculative arrow head inside an async function or
// names a parameter of a function that is not async.
func TestReparseForTopLevelAwait(t *testing.T) {
	for src, want := range map[string]bool{
		"export {}; f(async () => { (await g()) ?? 0 })":                   false,
		"export {}; async function f() { g((await h()), (await i) => 1) }": false,
		"export {}; f((await) => 1)":                                       true,
		"export {}; function f(await) {}":                                  false,
		"export {}; let x = await;":                                        true,
		"export {}; await (x)":                                             true,
	} {
		_, p := parseWith("a.ts", []byte(src), LangTS, 0, false)
		if got := p.awaitAsIdent && p.awaitOutsideAsync; got != want {
			t.Errorf("%s: reparse %v, want %v", src, got, want)
		}
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		// Regular expressions versus division.
		{"a.ts", "if (x) /re/.test(y)", []string{"If if (x) /re/.test(y)", "RegExpLiteral /re/"}},
		{"a.ts", "a = b / c / d", []string{"Binary b / c / d", "Binary b / c"}},
		{"a.ts", "x = (a) / 2 / i", []string{"Binary (a) / 2 / i"}},
		{"a.ts", "{}\n/re/g.exec(s)", []string{"Block {}", "RegExpLiteral /re/g"}},
		{"a.ts", "function f() { return /x/ }", []string{"RegExpLiteral /x/"}},
		{"a.ts", "typeof /x/", []string{"Prefix typeof /x/", "RegExpLiteral /x/"}},
		{"a.ts", "a++ / 2", []string{"Binary a++ / 2", "Postfix a++"}},
		{"a.ts", "x = y.z / 2 /g", []string{"Binary y.z / 2 /g"}},
		{"a.ts", "x = /[/]/", []string{"RegExpLiteral /[/]/"}},
		{"a.ts", "a = b\n/re/g", []string{"Binary b\n/re/g"}},
		// Automatic semicolon insertion and restricted productions.
		{"a.ts", "a\n++b", []string{"ExprStmt a", "ExprStmt ++b", "Prefix ++b"}},
		{"a.ts", "function f() { return\nx }", []string{"Return return", "ExprStmt x"}},
		{"a.ts", "x\n(y)", []string{"Call x\n(y)"}},
		{"a.ts", "let x = 1\nlet y = 2", []string{"VarStmt let x = 1", "VarStmt let y = 2"}},
		{"a.ts", "l: for (;;) { break\nl }", []string{"Labeled l: for (;;) { break\nl }", "Break break", "ExprStmt l"}},
		{"a.ts", "a\n[b]", []string{"ElementAccess a\n[b]"}},
		{"a.ts", "x = a\n!b", []string{"ExprStmt x = a", "ExprStmt !b"}},
		{"a.ts", "do x(); while (y) z()", []string{"DoWhile do x(); while (y)", "ExprStmt z()"}},
		// Arrow functions, generics and type assertions.
		{"a.ts", "<T>(x: T) => x", []string{"ArrowFunc <T>(x: T) => x", "TypeParameter T", "Parameter x: T"}},
		{"a.ts", "y = <T>x", []string{"TypeAssertion <T>x", "TypeRef T", "Identifier x"}},
		{"a.tsx", "f = <T,>(x: T) => x", []string{"ArrowFunc <T,>(x: T) => x"}},
		{"a.tsx", "f = <T extends object>(x: T) => x", []string{"ArrowFunc <T extends object>(x: T) => x"}},
		{"a.tsx", "y = <div>hi</div>", []string{"JSXElement <div>hi</div>", "JSXOpening <div>", "JSXText hi", "JSXClosing </div>"}},
		{"a.ts", "a < b > c", []string{"Binary a < b > c", "Binary a < b"}},
		{"a.ts", "f<T>(x)", []string{"Call f<T>(x)", "TypeRef T"}},
		{"a.js", "f<T>(x)", []string{"Binary f<T>(x)", "Binary f<T"}},
		{"a.ts", "a < b > (c)", []string{"Call a < b > (c)"}},
		{"a.ts", "const g = f<string>;", []string{"ExprWithTypeArgs f<string>"}},
		{"a.ts", "x < y >= z; a < b >> c", []string{"Binary x < y >= z", "Binary x < y", "Binary a < b >> c"}},
		{"a.ts", "x = a < b || c > d", []string{"Binary a < b || c > d"}},
		{"a.ts", "x = async (a) => a", []string{"ArrowFunc async (a) => a"}},
		{"a.ts", "async(x)", []string{"Call async(x)"}},
		{"a.ts", "var async = 1; async = async => async", []string{"ArrowFunc async => async", "Parameter async"}},
		{"a.ts", "x = async y => y", []string{"ArrowFunc async y => y"}},
		{"a.ts", "c ? (a) : b => d", []string{"Conditional c ? (a) : b => d", "Paren (a)", "ArrowFunc b => d"}},
		{"a.ts", "c ? (a): b => d : e", []string{"Conditional c ? (a): b => d : e", "ArrowFunc (a): b => d"}},
		{"a.ts", "x = (a, b)", []string{"Paren (a, b)", "Binary a, b"}},
		{"a.ts", "f((out as T).x, (public as U))", []string{"As out as T", "As public as U"}},
		{"a.ts", "x = ({a, b}: T, [c] = []) => 1", []string{"ArrowFunc ({a, b}: T, [c] = []) => 1", "ObjectBindingPattern {a, b}"}},
		// Contextual keywords as identifiers.
		{"a.ts", "let type = 1, declare = 2, abstract = 3, as = 4, satisfies = 5, of = 6, get = 7, set = 8", []string{
			"Identifier type", "Identifier declare", "Identifier abstract", "Identifier as",
			"Identifier satisfies", "Identifier of", "Identifier get", "Identifier set"}},
		{"a.ts", "type = 1; declare = type as any", []string{"Binary type = 1", "As type as any"}},
		{"a.ts", "for (const of of ofs) {}", []string{"ForOf for (const of of ofs) {}", "Identifier of", "Identifier ofs"}},
		{"a.ts", "for (let of x) {}", []string{"ForOf for (let of x) {}", "VarStmt let", "Identifier x"}},
		{"a.ts", "for (let in x) {}", []string{"ForIn for (let in x) {}", "VarStmt let"}},
		{"a.ts", "const;\nlet = 1", []string{"VarStmt const;", "ExprStmt let = 1"}},
		{"a.ts", "let x: A.<B>", []string{"TypeRef A.<B>", "Identifier A", "TypeRef B"}},
		// JSDoc types parse in any file; the checker rejects them.
		{"a.ts", "let x: ?string, y: string!, z: *, w: function(this: A, string): void", []string{
			"JSDocType ?string", "JSDocType string!", "JSDocType *", "JSDocType function(this: A, string): void", "Parameter this: A"}},
		{"a.ts", "type T = [string?]; let x = y as T ? a : b", []string{"OptionalType string?", "Conditional y as T ? a : b"}},
		{"a.ts", "x = y satisfies T", []string{"Satisfies y satisfies T"}},
		// Top-level await in modules.
		{"a.ts", "export {}; await (x)", []string{"Await await (x)", "Paren (x)"}},
		{"a.ts", "await (x)", []string{"Call await (x)"}},
		{"a.ts", "export {}; f(async () => (await g())); await (x)", []string{"Await await g()", "Await await (x)", "Paren (x)"}},
		{"a.ts", "export {}; f(async () => (await g())); function h(await) {}", []string{"Await await g()", "Parameter await"}},
		{"a.ts", "x = /a/gg; import function f() {}; export * from a", []string{"RegExpLiteral /a/gg", "ImportDecl import function f() {};", "FuncExpr function f() {}", "ExportDecl export * from a"}},
		{"a.ts", "x = [1] as const", []string{"As [1] as const"}},
		{"a.ts", "let let = 1", []string{"VarStmt let let = 1"}},
		{"a.ts", "async function f() { let await = 1 } function* g() { function yield() {} }", []string{"Identifier await", "FuncDecl function yield() {}"}},
		{"a.d.ts", "declare  x: T;", []string{"ExprStmt declare", "Labeled x: T;"}},
		// Optional chaining and postfix forms.
		{"a.ts", "a?.b()", []string{"Call a?.b()", "PropertyAccess a?.b"}},
		{"a.ts", "a?.[b]", []string{"ElementAccess a?.[b]"}},
		{"a.ts", "a?.(b)", []string{"Call a?.(b)"}},
		{"a.ts", "x!.y", []string{"PropertyAccess x!.y", "NonNull x!"}},
		{"a.ts", "x = c?.5:1", []string{"Conditional c?.5:1"}},
		{"a.ts", "a.b`t${c}`", []string{"TaggedTemplate a.b`t${c}`", "TemplateExpr `t${c}`"}},
		{"a.ts", "String.raw`\\u12 \\01 ${x} \\xZ`", []string{"TaggedTemplate String.raw`\\u12 \\01 ${x} \\xZ`"}},
		{"a.ts", `x = "\0 \x41 \u0041 \u{1F600} \
"`, []string{"StringLiteral" + ` "\0 \x41 \u0041 \u{1F600} \
"`}},
		{"a.ts", "class A { #x = 1; m(o) { return #x in o } }", []string{"Binary #x in o", "PrivateIdentifier #x"}},
		// Literals.
		{"a.ts", "x = 1_000_000 + 10n + 0x1_Fn + 0b1010 + 0o17 + .5e-3", []string{
			"NumericLiteral 1_000_000", "BigIntLiteral 10n", "BigIntLiteral 0x1_Fn", "NumericLiteral 0b1010",
			"NumericLiteral 0o17", "NumericLiteral .5e-3"}},
		{"a.ts", `\u0061bc = 1`, []string{`Identifier \u0061bc`}},
		{"a.ts", "x = `a${b}c${`d${e}`}f`", []string{"TemplateExpr `a${b}c${`d${e}`}f`", "TemplateExpr `d${e}`"}},
		// Classes.
		{"a.ts", "export default abstract class A<T> extends B<T> implements C, D {\n  private static readonly x = 1;\n  protected abstract m(): void;\n  declare y: number;\n  accessor z = 1;\n  override w() {}\n  #p = 1;\n  static #q() {}\n  static { init() }\n  get g() { return 1 }\n  set g(v) {}\n  constructor(private a: string, public readonly b = 2) { super() }\n  [key: string]: any;\n}", []string{
			"ClassDecl export default abstract class A<T>...",
			"HeritageClause extends B<T>", "ExprWithTypeArgs B<T>", "HeritageClause implements C, D",
			"PropertyDecl private static readonly x = 1;",
			"MethodDecl protected abstract m(): void;",
			"PropertyDecl declare y: number;",
			"PropertyDecl accessor z = 1;",
			"MethodDecl override w() {}",
			"PropertyDecl #p = 1;",
			"MethodDecl static #q() {}",
			"StaticBlock static { init() }",
			"GetAccessor get g() { return 1 }",
			"SetAccessor set g(v) {}",
			"Constructor constructor(private a: string, public readonly b = 2) { super() }",
			"Parameter private a: string",
			"Call super()",
			"IndexSignature [key: string]: any;",
		}},
		{"a.ts", "class A { static [a.b, c] = 1 }", []string{"ComputedPropName [a.b, c]", "Binary a.b, c"}},
		{"a.ts", "class A { get; set = 1; static; async\nm() {} get\nx() {} }", []string{
			"PropertyDecl get;", "PropertyDecl set = 1;", "PropertyDecl static;", "PropertyDecl async", "MethodDecl m() {}", "GetAccessor get\nx() {}"}},
		{"a.ts", "class A { m(): void; m(x?: number) {} }", []string{"MethodDecl m(): void;", "MethodDecl m(x?: number) {}"}},
		{"a.ts", "@dec class A { @f() @g m() {} @h(1) x = 1 }", []string{
			"ClassDecl @dec class A { @f() @g m() {} @h(1) x = 1 }", "Decorator @dec",
			"MethodDecl @f() @g m() {}", "Decorator @f()", "Call f()", "Decorator @g", "PropertyDecl @h(1) x = 1"}},
		{"a.ts", "@a.b() export class A {}", []string{"ClassDecl @a.b() export class A {}", "Call a.b()"}},
		{"a.ts", "export @a class A {}", []string{"ClassDecl export @a class A {}"}},
		{"a.ts", "@(a[0]) class A { @(b[1]) m() {} }", []string{"ClassDecl @(a[0]) class A { @(b[1]) m() {} }", "ElementAccess a[0]", "MethodDecl @(b[1]) m() {}"}},
		{"a.ts", "class A { @a [b]() {} }", []string{"MethodDecl @a [b]() {}", "Decorator @a", "ComputedPropName [b]"}},
		{"a.ts", "declare @a class A {}", []string{"ExprStmt declare", "ClassDecl @a class A {}"}},
		{"a.ts", "x = class implements I {}", []string{"ClassExpr class implements I {}", "HeritageClause implements I"}},
		{"a.ts", "class A extends {\n}\nx = 1", []string{"ClassDecl class A extends {\n}", "HeritageClause extends", "ExprStmt x = 1"}},
		{"a.ts", "class A extends {} {}", []string{"ClassDecl class A extends {} {}", "ObjectLit {}"}},
		// Object literals.
		{"a.ts", "o = { get a() { return 1 }, set a(v) {}, get: 1, set() {}, async *g() {}, [k]: 2, 'q': 3, s, t = 4, ...u }", []string{
			"GetAccessor get a() { return 1 }", "SetAccessor set a(v) {}", "PropertyAssign get: 1", "MethodDecl set() {}",
			"MethodDecl async *g() {}", "PropertyAssign [k]: 2", "ComputedPropName [k]", "StringLiteral 'q'",
			"ShorthandProp s", "ShorthandProp t = 4", "Spread ...u"}},
		// Functions.
		{"a.ts", "function f(a: string): void;\nfunction f(a: any) {}", []string{"FuncDecl function f(a: string): void;", "FuncDecl function f(a: any) {}"}},
		{"a.ts", "async function* g() { yield* x; await y; for await (const z of w) {} }", []string{
			"Yield yield* x", "Await await y", "ForOf for await (const z of w) {}"}},
		{"a.ts", "function f(this: Window, ...rest: any[]): asserts x is string {}", []string{"Parameter this: Window", "Parameter ...rest: any[]", "TypePredicate asserts x is string"}},
		{"a.ts", "function g(x): x is number { return true }", []string{"TypePredicate x is number"}},
		// The byte after a return type's name or a keyword type tells what
		// follows only across spaces and tabs; a comment or a line break
		// leaves it to a scan of the next token.
		{"a.ts", "function g(x): x\tis number { return true }", []string{"TypePredicate x\tis number"}},
		{"a.ts", "function g(x): x /* c */ is number { return true }", []string{"TypePredicate x /* c */ is number"}},
		{"a.ts", "function g(x): isx {}", []string{"TypeRef isx"}},
		{"a.ts", "let a: string.b, c: number /* c */ .d, e: any\n.f, g: object;", []string{"TypeRef string.b", "TypeRef number /* c */ .d", "TypeRef any\n.f", "KeywordType object"}},
		// Modules.
		{"a.ts", `import x = require("y");`, []string{`ImportEquals import x = require("y");`, `ExternalModuleRef require("y")`, `StringLiteral "y"`}},
		{"a.ts", `export = Foo;`, []string{`ExportAssign export = Foo;`}},
		{"a.ts", `declare module "x" { export const a: number; }`, []string{`ModuleDecl declare module "x" { export const a: number; }`, `StringLiteral "x"`, "VarStmt export const a: number;"}},
		{"a.ts", `declare global { interface Window { x: 1 } }`, []string{`ModuleDecl declare global { interface Window { x: 1 } }`, "InterfaceDecl interface Window { x: 1 }"}},
		{"a.ts", `namespace A.B { }`, []string{`ModuleDecl namespace A.B { }`, "QualifiedName A.B"}},
		{"a.ts", `import type { A } from "a"; import { type B, C as D } from "b"; import * as E from "e"; import F, { G } from "f"; import "side";`, []string{
			`ImportDecl import type { A } from "a";`, `ImportSpecifier type B`, `ImportSpecifier C as D`, `NamespaceImport * as E`, `ImportClause F, { G }`, `ImportDecl import "side";`}},
		{"a.ts", `export { a as b, type c }; export * from "x"; export * as ns from "y"; export type { T } from "z"; export { default } from "d";`, []string{
			"ExportSpecifier a as b", "ExportSpecifier type c", `ExportDecl export * from "x";`, "NamespaceExport * as ns", `ExportDecl export type { T } from "z";`}},
		{"a.ts", `import json from "./x.json" with { type: "json" };`, []string{`StringLiteral "./x.json"`, `ObjectLit { type: "json" }`}},
		{"a.ts", "export type { A }\nexport type * from 'b'", []string{"ExportDecl export type { A }", "ExportDecl export type * from 'b'"}},
		{"a.ts", `export as namespace Lib;`, []string{"NamespaceExportDecl export as namespace Lib;"}},
		{"a.ts", `import defer * as ns from "x"; import defer from "y"`, []string{"NamespaceImport * as ns", "ImportClause defer"}},
		{"a.ts", `import { type as as } from "a"; import { type as as as } from "a"`, []string{
			"ImportSpecifier type as as", "Identifier type", "Identifier as", "ImportSpecifier type as as as"}},
		{"a.ts", "export await using a = b", []string{"VarStmt export await using a = b"}},
		{"a.ts", "export export default x", []string{"ExportAssign export export default x"}},
		{"a.ts", `export import A = B.C;`, []string{"ImportEquals export import A = B.C;", "QualifiedName B.C"}},
		{"a.ts", `x = import("m"); y = import.meta.url`, []string{`Call import("m")`, "ImportKeyword import", "MetaProperty import.meta"}},
		{"a.ts", `using r = get(); await using s = get()`, []string{"VarStmt using r = get();", "VarStmt await using s = get()"}},
		// Enums.
		{"a.ts", `const enum E { A = 1, "B", C = A | 2 }`, []string{`EnumDecl const enum E { A = 1, "B", C = A | 2 }`, `EnumMember "B"`, `StringLiteral "B"`}},
		// Types.
		{"a.ts", "type T<K> = K extends string ? `a${K}` : K extends infer U extends number ? U[] : never", []string{
			"ConditionalType K extends string...", "TemplateLiteralType `a${K}`", "InferType infer U extends number", "ArrayType U[]"}},
		{"a.ts", "type M = { readonly [K in keyof T as `get${K}`]-?: () => T[K] }", []string{
			"MappedType { readonly [K in keyof T as `get${K}`]-?: () => T[K] }", "TypeOperator keyof T", "FuncType () => T[K]", "IndexedAccessType T[K]"}},
		{"a.ts", `type U = typeof import("x").Y<Z>; type S = unique symbol; type L = "a" | -1 | true | null`, []string{
			`ImportType typeof import("x").Y<Z>`, `StringLiteral "x"`, "TypeOperator unique symbol", `LiteralType "a"`, "LiteralType -1", "LiteralType null"}},
		{"a.ts", `type C = abstract new (...a: any[]) => object; type Tup = [a: string, b?: number, ...rest: boolean[]]; type O = [string, number?]`, []string{
			"ConstructorType abstract new (...a: any[]) => object", "NamedTupleMember a: string", "NamedTupleMember b?: number", "NamedTupleMember ...rest: boolean[]", "OptionalType number?"}},
		{"a.ts", `interface I extends J<K> { (x: number): string; new (x: string): I; m?(): void; readonly p: this; get a(): number; set a(v: number); [k: string]: unknown }`, []string{
			"InterfaceDecl interface I...", "CallSignature (x: number): string;", "ConstructSignature new (x: string): I;", "MethodSignature m?(): void;",
			"PropertySignature readonly p: this;", "ThisType this", "GetAccessor get a(): number;", "SetAccessor set a(v: number);", "IndexSignature [k: string]: unknown"}},
		{"a.ts", `let f: <T>(x: T) => T = g, h: (a) => void, p: (string | number)[]`, []string{"FuncType <T>(x: T) => T", "FuncType (a) => void", "ArrayType (string | number)[]", "ParenType (string | number)"}},
		{"a.ts", `type G = Array<Array<number>>; let x: A.B.C<D>`, []string{"TypeRef Array<Array<number>>", "TypeRef Array<number>", "QualifiedName A.B.C"}},
		{"a.ts", `x = a >> b >>> c >= d; x >>= 1`, []string{"Binary a >> b >>> c >= d", "Binary x >>= 1"}},
		// JSX.
		{"a.tsx", `x = <a.b c="d" e={f} {...g} h-i><br/>{j}text<></></a.b>`, []string{
			`JSXElement <a.b c="d" e={f} {...g} h-i><br/>{j}text<></></a.b>`, `JSXAttribute c="d"`, `StringLiteral "d"`,
			"JSXSpreadAttribute {...g}", "JSXAttribute h-i", "JSXSelfClosing <br/>", "JSXExpression {j}", "JSXText text", "JSXFragment <></>"}},
		{"a.jsx", `x = <svg:rect xlink:href="a\b" />`, []string{`JSXSelfClosing <svg:rect xlink:href="a\b" />`, `StringLiteral "a\b"`}},
		{"a.js", `x = <div>{/* c */}</div>`, []string{"JSXExpression {/* c */}"}},
		{"a.tsx", `x = <C<T> a={1} />`, []string{"JSXSelfClosing <C<T> a={1} />"}},
	}
	for _, tt := range tests {
		checkShape(t, tt.name, tt.src, tt.want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // line:col: message of the first error
	}{
		{"a.ts", "let x = (1;", "1:11: expected ')' but found ';'"},
		{"a.ts", "if (a) {\n  f(\n}", "3:1: expected ')' but found '}'"},
		{"a.ts", "class A {\n  m() {\n}", "3:2: expected '}' but found end of file"},
		{"a.ts", "x = 'abc", "1:9: Unterminated string literal."},
		{"a.ts", "x = `abc", "1:9: Unterminated template literal."},
		{"a.ts", "x = a?.b`t`", "1:9: tagged template expressions are not permitted in an optional chain"},
		{"a.ts", "x = 3in y", "1:6: An identifier or keyword cannot immediately follow a numeric literal."},
		{"a.ts", "x = 1__0", "1:7: Multiple consecutive numeric separators are not permitted."},
		{"a.ts", "const var = 1", "1:7: 'var' is a reserved word that cannot be used here"},
		{"a.ts", "a b", "1:3: expected ';' but found 'b'"},
		{"a.ts", "a + b = c", "1:7: expected ';' but found '='"},
		{"a.ts", "new a?.b()", "1:6: invalid optional chain from new expression"},
		{"a.ts", "f<T>.x", "1:5: an instantiation expression cannot be followed by a property access"},
		{"a.ts", "x = ++ --y", "1:8: expected expression but found '--'"},
		{"a.ts", "class A { m!() {} }", "1:13: expected ';' but found '('"},
		{"a.ts", "type A = B<#c>", "1:12: expected '>' but found '#c'"},
		{"a.ts", "function f<default T>() {}", "1:12: 'default' is a reserved word that cannot be used here"},
		{"a.ts", `import { "a b" } from "a"`, `1:10: expected identifier but found '"a b"'`},
		{"a.ts", `import { default } from "a"`, "1:10: expected identifier but found 'default'"},
		{"a.ts", "export default enum E {}", "1:16: 'enum' is a reserved word that cannot be used here"},
		{"a.ts", "class A { constructor = 1 }", "1:23: expected '(' but found '='"},
		{"a.ts", "for (let x = [a in b];;) {}", "1:17: expected ']' but found 'in'"},
		{"a.ts", "abstract @a class A {}", "1:10: expected ';' but found '@'"},
		{"a.ts", "x = { @a m() {} }", "1:7: expected property name but found '@'"},
		{"a.tsx", "x = <a /> < b", "1:5: JSX expressions must have one parent element"},
		{"a.tsx", "x = <a>{a}</a>.props", "1:15: expected ';' but found '.'"},
		{"a.tsx", "x = <a b={...c} />", "1:11: expected expression but found '...'"},
		{"a.ts", "namespace N", "1:12: expected '{' but found end of file"},
		{"a.js", "for (let = 0;;) {}", "1:10: expected identifier but found '='"},
		{"a.ts", "(x as any.y = 1)", "1:13: expected ')' but found '='"},
		{"a.ts", "export\n  x\n};", "1:1: expected declaration or statement but found 'export'"},
		{"a.ts", "x = /abc", "1:5: Unterminated regular expression literal."},
		{"a.js", "x = 0755", "1:5: Octal literals are not allowed. Use the syntax '0o755'."},
		{"a.js", "x = 089", "1:5: Decimals with leading zeros are not allowed."},
		{"a.ts", "x = 0_1", "1:6: Numeric separators are not allowed here."},
		{"a.ts", `x = "\01"`, `1:6: Octal escape sequences are not allowed. Use the syntax '\x01'.`},
		{"a.ts", `x = '\9'`, `1:6: Escape sequence '\9' is not allowed.`},
		{"a.ts", `x = '\xZZ'`, "1:8: Hexadecimal digit expected."},
		{"a.ts", "x = `a${b}\\u12`", "1:15: Hexadecimal digit expected."},
		{"a.ts", `x = "\u{110000}"`, "1:9: An extended Unicode escape value must be between 0x0 and 0x10FFFF inclusive."},
		{"a.ts", "async function f() { for await (x in y) {} }", "1:35: expected 'of' but found 'in'"},
		{"a.ts", "import ty { A } from 'a'", "1:11: expected '=' but found '{'"},
		{"a.tsx", "x = <a></b>", "1:10: expected corresponding JSX closing tag for 'a'"},
		{"a.tsx", "x = <div>\n  <a.b>text\n", "2:4: JSX element 'a.b' has no corresponding closing tag"},
		{"a.jsx", "x = <>\n", "1:5: JSX fragment has no corresponding closing tag"},
		{"a.tsx", "x = <a>}</a>", "1:8: Unexpected token. Did you mean `{'}'}` or `&rbrace;`?"},
		{"a.ts", "try {}", "1:7: expected 'catch' or 'finally' but found end of file"},
		{"a.ts", "x = -a ** 2", "1:5: a unary expression is not allowed on the left of '**'; add parentheses"},
		{"a.ts", "/* open", "1:8: '*/' expected"},
		{"a.ts", "x = 1 +\n// c\n", "1:8: expected expression but found end of file"},
		{"a.ts", "f(a,  ", "1:7: expected ')' but found end of file"},
		{"a.d.ts", "// x\n/// <reference no-default-lib\"true\"/>\nlet a;", "2:1: Invalid 'reference' directive syntax."},
		{"a.d.ts", "/// <reference path=\"\" />\n", "1:1: Invalid 'reference' directive syntax."},
	}
	for _, tt := range tests {
		f := Parse(tt.name, []byte(tt.src))
		if len(f.Errors) == 0 {
			t.Errorf("%q: no error, want %s", tt.src, tt.want)
			continue
		}
		line, col := f.Position(f.Errors[0].Offset)
		got := fmt.Sprintf("%d:%d: %s", line, col, f.Errors[0].Message)
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestReferenceDirectives(t *testing.T) {
	for _, src := range []string{
		"/// <reference path=\"a.d.ts\" />\n",
		"/// <reference types='node'/>\n",
		"///<REFERENCE lib=\"es2015\" />\n",
		"/// <reference no-default-lib=\"true\"/>\n",
		"/// <reference/>\n",              // not a directive: no space after the name
		"/* /// <reference bad /> */\n",   // block comments are not directives
		"let a;\n/// <reference bad />\n", // only leading comments count
		"/// <amd-dependency bad />\n",    // other directives are not checked
		"#!/usr/bin/env node\n/// <reference types=\"node\" />\n",
	} {
		if f := Parse("r.ts", []byte(src)); len(f.Errors) > 0 {
			t.Errorf("%q: %s", src, f.ErrorString(f.Errors[0]))
		}
	}
}

func TestRecovery(t *testing.T) {
	src := "let a = (1;\nfunction f( {\n}\nlet b = ];\nexport class Valid {\n  m() { return 1 }\n}\n"
	f := Parse("r.ts", []byte(src))
	if len(f.Errors) < 2 {
		t.Fatalf("want at least two errors, got %v", f.Errors)
	}
	l1, _ := f.Position(f.Errors[0].Offset)
	var later bool
	for _, e := range f.Errors[1:] {
		if l, _ := f.Position(e.Offset); l > l1 {
			later = true
		}
	}
	if !later {
		t.Errorf("errors after line %d not reported: %v", l1, f.Errors)
	}
	s := Summarize(f)
	var found bool
	for _, c := range s.Classes {
		if c.Name == "Valid" {
			found = true
			start := strings.Index(src, "export class")
			if c.Range != (Range{start, len(src) - 1}) || len(c.Methods) != 1 || c.Methods[0].Name != "m" {
				t.Errorf("class Valid summarized as %+v", c)
			}
		}
	}
	if !found {
		t.Errorf("class after the errors not found: %+v", s.Classes)
	}
}

func TestDeepNesting(t *testing.T) {
	for _, tc := range []struct{ name, prefix, open, close string }{
		{"a.ts", "x = ", "(", ")"}, {"a.ts", "x = ", "[", "]"}, {"a.ts", "", "{", "}"}, {"a.ts", "x = ", "{a:", "}"},
		{"a.ts", "type T = ", "Array<", ">"}, {"a.tsx", "x = ", "<a>", "</a>"}, {"a.ts", "x = ", "`${", "}`"},
		{"a.ts", "x = ", "- ", ""}, {"a.ts", "x = ", "!", ""}, {"a.ts", "x = ", "a=>", ""}, {"a.ts", "x = ", "a?b:", "c"}, {"a.ts", "", "if(a)", ""},
		{"a.ts", "x = ", "a**", "b"}, {"a.ts", "x = ", "new ", "x"}, {"a.ts", "", "function f(){", "}"},
		{"a.ts", "", "let [", "]=x"}, {"a.ts", "x = ", "(a=", ")=>1"}, {"a.ts", "type T = ", "{a:", "}"},
		{"a.ts", "type T = ", "keyof ", "X"}, {"a.ts", "x = ", "f(", ")"}, {"a.ts", "x = ", "a<b,", ">(c)"},
	} {
		src := tc.prefix + strings.Repeat(tc.open, 100000) + "1" + strings.Repeat(tc.close, 100000)
		f := Parse(tc.name, []byte(src))
		if len(f.Errors) == 0 {
			t.Errorf("%q x100000: no error", tc.open)
			continue
		}
		found := false
		for _, e := range f.Errors {
			if e.Message == "nesting is too deep" {
				found = true
			}
		}
		if !found {
			t.Errorf("%q x100000: errors %v, want nesting error", tc.open, f.Errors[0])
		}
	}
}

func TestModerateNestingAccepted(t *testing.T) {
	src := "x = " + strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500) + ";\n" +
		"y = " + strings.Repeat("[", 500) + strings.Repeat("]", 500) + ";\n" +
		strings.Repeat("if (a) {\n", 300) + strings.Repeat("}\n", 300)
	f := Parse("a.ts", []byte(src))
	if len(f.Errors) > 0 {
		t.Errorf("500 levels rejected: %s", f.ErrorString(f.Errors[0]))
	}
}

func TestPositions(t *testing.T) {
	fset := token.NewFileSet()
	fset.AddFile("other.ts", -1, 100)
	src := []byte("let a = 1;\nlet b = (;\n")
	f := ParseFile(fset, "p.ts", src)
	if len(f.Errors) != 1 {
		t.Fatalf("errors: %v", f.Errors)
	}
	pos := fset.Position(f.Pos(f.Errors[0].Offset))
	if pos.Filename != "p.ts" || pos.Line != 2 || pos.Column != 10 {
		t.Errorf("error at %v, want p.ts:2:10", pos)
	}
	if got := fset.Position(f.Pos(f.Root.List[1].Start)); got.Line != 2 || got.Column != 1 {
		t.Errorf("second statement at %v", got)
	}
	if Parse("p.ts", src).Pos(0) != token.NoPos {
		t.Errorf("Parse without a FileSet should give NoPos")
	}
}

func TestComments(t *testing.T) {
	src := "// a\nx = 1 /* b */ + `// not` + '/* no */'; /** c\n */\n"
	f := Parse("c.ts", []byte(src))
	var got []string
	for _, c := range f.Comments {
		got = append(got, src[c.Start:c.End])
	}
	want := []string{"// a", "/* b */", "/** c\n */"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("comments %q, want %q", got, want)
	}
	if in := f.CommentsIn(5, 20); len(in) != 1 || src[in[0].Start:in[0].End] != "/* b */" {
		t.Errorf("CommentsIn = %v", in)
	}
}

func TestLangFromFilename(t *testing.T) {
	for name, want := range map[string]Lang{
		"a.ts": LangTS, "a.mts": LangTS, "a.cts": LangTS, "a.tsx": LangTSX, "a.d.ts": LangDTS,
		"a.d.mts": LangDTS, "a.js": LangJS, "a.jsx": LangJS, "a.mjs": LangJS, "a.cjs": LangJS,
	} {
		if got := LangFromFilename(name); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

func TestSummarize(t *testing.T) {
	src := "@d() export class A extends B {\n  @m() static foo(): void;\n  foo() { call(`t${x}`, 'a'); }\n  constructor() { super(); }\n  get v() { return \"s\" }\n}\nconst C = class { set w(x) { a?.b() } };\nnew X(); tag`q`;\ntype T = \"lit\";\nenum E { \"m\" = 1 }\nconst j = 1;\n"
	f := Parse("s.ts", []byte(src))
	s := Summarize(f)
	if len(s.Errors) != 0 {
		t.Fatalf("errors: %+v", s.Errors)
	}
	text := func(r Range) string { return src[r[0]:r[1]] }
	var classes, methods, calls, templates, strs []string
	for _, c := range s.Classes {
		classes = append(classes, c.Name+"="+text(c.Range)[:11])
		for _, m := range c.Methods {
			methods = append(methods, m.Kind+" "+text(m.Range))
		}
	}
	for _, r := range s.Calls {
		calls = append(calls, text(r))
	}
	for _, r := range s.Templates {
		templates = append(templates, text(r))
	}
	for _, r := range s.Strings {
		strs = append(strs, text(r))
	}
	check := func(what string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", what, got, want)
		}
	}
	check("classes", classes, "A=@d() export", "=class { set")
	check("methods", methods, "method @m() static foo(): void;", "method foo() { call(`t${x}`, 'a'); }",
		"constructor constructor() { super(); }", "get get v() { return \"s\" }", "set set w(x) { a?.b() }")
	check("calls", calls, "d()", "m()", "call(`t${x}`, 'a')", "super()", "a?.b()")
	check("templates", templates, "`t${x}`", "`q`")
	check("strings", strs, "'a'", `"s"`, `"lit"`, `"m"`)
}

func TestLineStarts(t *testing.T) {
	for _, src := range []string{"", "a", "\n", "a\n", "\na", "a\nb\n\nc", "a\r\nb\rc\u2028d\n\n", strings.Repeat("x\n", 100)} {
		want := token.NewFileSet().AddFile("a", -1, len(src))
		want.SetLinesForContent([]byte(src))
		got := token.NewFileSet().AddFile("a", -1, len(src))
		if !got.SetLines(lineStarts([]byte(src))) {
			t.Errorf("%q: SetLines refused %v", src, lineStarts([]byte(src)))
		}
		if fmt.Sprint(got.Lines()) != fmt.Sprint(want.Lines()) {
			t.Errorf("%q: lines %v, want %v", src, got.Lines(), want.Lines())
		}
	}
}

// TestTextSharesSource checks that node texts are substrings of the
// source passed in, not copies of it.
// TestLineTable checks ParseFile's line table against go/token's own,
// and that the lexer's collection of line breaks, not a second pass over
// the source, supplies it wherever the lexer passes every line break.
func TestLineTable(t *testing.T) {
	for _, c := range []struct {
		name, src string
		collected bool // the lexer saw every line break
	}{
		{"a.ts", "", true},
		{"a.ts", "\n", true},
		{"a.ts", "let a = 1;\nlet b = 2;\n", true},
		{"a.ts", "let a = 1;\r\nlet b = 2;\r\n\r\n", true},
		{"a.ts", "/**\n * doc\n */\nfunction f() {} // end\n", true},
		{"a.ts", "const s = `one\ntwo ${x} three\n`;\nconst t = `a\\\nb`;", true},
		{"a.tsx", "const e = <div\n  className=\"a\n b\">\n  text\n  {x}\n</div>;\n", true},
		{"a.ts", "f(a => (b\n), c < d > (e\n));\n", true},
		{"a.ts", "const s = \"a\\\nb\";\nx;\n", false},
		{"a.ts", strings.Repeat("(", maxDepth+10) + "\n)\n", false},
	} {
		src := []byte(c.src)
		want := token.NewFileSet().AddFile(c.name, -1, len(src))
		want.SetLinesForContent(src)
		f := ParseFile(token.NewFileSet(), c.name, src)
		if got := f.TokenFile().Lines(); fmt.Sprint(got) != fmt.Sprint(want.Lines()) {
			t.Errorf("%q: lines %v, want %v", c.src, got, want.Lines())
		}
		_, p := parseWith(c.name, src, LangFromFilename(c.name), 0, true)
		lines := p.lineTable()
		if collected := len(lines) == 0 || &lines[0] == &p.lines[0]; collected != c.collected {
			t.Errorf("%q: line table collected by the lexer = %v, want %v", c.src, collected, c.collected)
		}
	}
}

func TestTextSharesSource(t *testing.T) {
	src := []byte("const answer = 42")
	f := Parse("a.ts", src)
	name := f.Root.List[0].List[0].Name
	text := f.Text(name)
	if text != "answer" || unsafe.StringData(text) != &src[6] {
		t.Errorf("Text = %q at %p, want \"answer\" at %p", text, unsafe.StringData(text), &src[6])
	}
	if f := Parse("a.ts", nil); f.Text(f.Root) != "" {
		t.Errorf("empty source: Text = %q", f.Text(f.Root))
	}
}
