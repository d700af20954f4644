package scope_test

import (
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/jsast/scope"
)

// Sources are annotated with comments placed just before an identifier:
//
//	/*@a*/ the identifier declares the symbol labelled a
//	/*=a*/ the identifier is a reference to the symbol labelled a
//	/*=?*/ the identifier is an unresolved reference (a global)
//	/*=-*/ the identifier is no reference at all (a key, label or type)
//	/*^a*/ the identifier declares the symbol labelled a again
var marker = regexp.MustCompile(`/\*([@=^])([\w?-]+)\*/\s*`)

func check(t *testing.T, name, src string) *scope.Info {
	t.Helper()
	f := jsast.Parse(name, []byte(src))
	for _, e := range f.Errors {
		t.Fatalf("%s", f.ErrorString(e))
	}
	idents := map[int32]*jsast.Node{}
	jsast.Inspect(f.Root, func(n *jsast.Node) bool {
		if n != nil && n.Kind == jsast.KindIdentifier {
			idents[n.Start] = n
		}
		return true
	})
	in := scope.Of(f)
	labels := map[string]*scope.Symbol{}
	ms := marker.FindAllStringSubmatchIndex(src, -1)
	for _, m := range ms {
		if src[m[2]:m[3]] != "@" {
			continue
		}
		label, id := src[m[4]:m[5]], idents[int32(m[1])]
		line, _ := f.Position(int32(m[1]))
		if id == nil {
			t.Fatalf("line %d: no identifier after /*@%s*/", line, label)
		}
		sym := in.Resolve(id)
		if sym == nil || sym.Ident != id {
			t.Errorf("line %d: %s is not a declaration (symbol %+v)", line, f.Text(id), sym)
			continue
		}
		labels[label] = sym
	}
	if len(ms) == 0 {
		t.Fatal("no expectations")
	}
	for _, m := range ms {
		if src[m[2]:m[3]] == "@" {
			continue
		}
		want, id := src[m[4]:m[5]], idents[int32(m[1])]
		line, _ := f.Position(int32(m[1]))
		if id == nil {
			t.Fatalf("line %d: no identifier after /*=%s*/", line, want)
		}
		got, ref, unresolved := in.Resolve(id), in.IsReference(id), in.Unresolved(id)
		if src[m[2]:m[3]] == "^" {
			if w := labels[want]; w == nil || ref || got != w {
				t.Errorf("line %d: %s: want a redeclaration of %s, got reference=%v symbol=%v", line, f.Text(id), describe(f, w), ref, describe(f, got))
			}
			continue
		}
		switch want {
		case "?":
			if !ref || !unresolved || got != nil {
				t.Errorf("line %d: %s: want an unresolved reference, got reference=%v symbol=%v", line, f.Text(id), ref, describe(f, got))
			}
		case "-":
			if ref || got != nil {
				t.Errorf("line %d: %s: want no reference, got reference=%v symbol=%v", line, f.Text(id), ref, describe(f, got))
			}
		default:
			w := labels[want]
			if w == nil {
				t.Fatalf("line %d: no declaration labelled %s", line, want)
			}
			if !ref || got != w {
				t.Errorf("line %d: %s: want a reference to %s, got reference=%v symbol=%v", line, f.Text(id), describe(f, w), ref, describe(f, got))
			}
		}
	}
	return in
}

func describe(f *jsast.File, s *scope.Symbol) string {
	if s == nil {
		return "nil"
	}
	line, col := f.Position(s.Ident.Start)
	return s.Kind.String() + " " + s.Name + " at " + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

func TestBlocks(t *testing.T) {
	check(t, "blocks.ts", `
const /*@top*/stub = 0;
function f(env) {
  if (env.a) {
    const /*@a*/stub = env.A.get(1);
    /*=a*/stub.run();
  }
  if (env.b) {
    const /*@b*/stub = env.B.get(2);
    /*=b*/stub.run();
  }
  {
    /*=inner*/stub;
    let /*@inner*/stub = 1;
  }
  return /*=top*/stub;
}
`)
}

func TestHoisting(t *testing.T) {
	check(t, "hoist.ts", `
/*=g*/g();
/*=v*/v;
function /*@g*/g() { return /*=h*/h(); function /*@h*/h() {} }
var /*@v*/v = 1;
function outer() {
  if (true) { var /*@w*/w = 1; let /*@l*/l = 2; /*=l*/l; }
  /*=w*/w;
  /*=?*/l;
  for (var /*@i*/i = 0; /*=i*/i < 3; /*=i*/i++) {}
  /*=i*/i;
  {
    /*=k*/k();
    function /*@k*/k() {}
  }
  /*=?*/k;
}
`)
}

func TestShadowing(t *testing.T) {
	check(t, "shadow.ts", `
const /*@e*/e = 1, /*@x*/x = 2, /*@s*/s = 3;
try {
} catch (/*@ce*/e) {
  /*=ce*/e;
}
/*=e*/e;
try {} catch ({ message: /*@msg*/m }) { /*=msg*/m; }
for (const /*@fx*/x of [/*=fx*/x]) { /*=fx*/x; }
for (let /*@fi*/x = 0; /*=fi*/x < 1; /*=fi*/x++) { const /*@bx*/x = 1; /*=bx*/x; }
/*=x*/x;
switch (/*=s*/s) {
  case 1:
    let /*@cs*/s = 2;
    /*=cs*/s;
}
const fn = (/*@ax*/x) => /*=ax*/x;
const fe = function /*@self*/self(/*@p*/s) { /*=self*/self; return /*=p*/s; };
const shadowed = function /*@n*/n(/*@np*/n) { return /*=np*/n; };
/*=?*/self;
const C = class /*@cls*/K {
  m(/*@mx*/x) { return [/*=cls*/K, /*=mx*/x, /*=s*/s]; }
  static { var /*@sv*/s = 1; /*=sv*/s; }
};
/*=?*/K;
function nested() {
  const /*@outerE*/e = 1;
  return function () { return /*=outerE*/e; };
}
`)
}

func TestVarAndParams(t *testing.T) {
	check(t, "params.ts", `
const /*@a*/a = 1;
function f(/*@b*/b = /*=a*/a, /*@c*/c = /*=b*/b) {
  const /*@la*/a = 2;
  var /*^b*/b;
  return [/*=la*/a, /*=b*/b, /*=c*/c];
}
function g(/*@x*/x) { var /*^x*/x = 1; return /*=x*/x; }
function twice(flag) {
  if (flag) { var /*@twice*/v = 1; } else { var /*^twice*/v = 2; }
  let /*@once*/w = /*=twice*/v;
  return /*=once*/w;
}
function h({ /*=-*/key: /*@hk*/k, /*@hs*/short = /*=a*/a, ...rest }, [/*@h0*/first, , [/*@h2*/deep]]) {
  return [/*=hk*/k, /*=hs*/short, /*=h0*/first, /*=h2*/deep];
}
`)
}

func TestArrows(t *testing.T) {
	check(t, "arrow.ts", `
const f = ({ /*@a*/a, b: [/*@c*/c] }, /*@d*/d = 1, .../*@r*/r) => /*=a*/a + /*=c*/c + /*=d*/d + /*=r*/r;
const g = async (/*@x*/x: number): Promise<number> => /*=x*/x;
const h = async /*@y*/y => /*=y*/y;
for (const [/*@k*/k, /*@v*/v] of /*=?*/Object.entries({})) { /*=k*/k; /*=v*/v; }
`)
}

func TestRedeclared(t *testing.T) {
	f := jsast.Parse("redeclared.ts", []byte(`
function f(p, q) { var p; if (q) { var v = 1; } else { var v = 2; } let once = v; function g() {} return [once, g]; }
`))
	want := map[string]bool{"p": true, "q": false, "v": true, "once": false, "g": false, "f": false}
	for _, s := range scope.Of(f).Symbols {
		if w, ok := want[s.Name]; !ok || s.Redeclared != w {
			t.Errorf("%s: Redeclared = %v", s.Name, s.Redeclared)
		}
	}
}

func TestDestructuring(t *testing.T) {
	in := check(t, "destructure.ts", `
const /*@k*/k = "key";
const { /*@a*/a, b: { /*@c*/c }, [/*=k*/k]: /*@d*/d = /*=a*/a, .../*@rest*/rest } = obj();
const [/*@x*/x, , /*@y*/y = /*=x*/x] = arr();
/*=a*/a; /*=c*/c; /*=d*/d; /*=rest*/rest; /*=x*/x; /*=y*/y;
let /*@t*/t;
({ t: /*=t*/t } = { /*=-*/t: 1 });
[/*=t*/t] = [2];
`)
	for _, s := range in.Symbols {
		if s.Name == "c" && (s.Elem == nil || s.Elem.Kind != jsast.KindBindingElement || s.Decl.Kind != jsast.KindVarDecl) {
			t.Errorf("c: Elem %v, Decl %v; want the binding element and the declarator", s.Elem, s.Decl)
		}
		if s.Name == "k" && s.Elem != nil {
			t.Errorf("k: Elem %v, want nil for a plain name", s.Elem)
		}
	}
}

func TestNotReferences(t *testing.T) {
	check(t, "keys.ts", `
const /*@loop*/loop = 1, /*@a*/a = 2, /*@m*/m = 3, /*@name*/name = "n";
loop: for (;;) { if (/*=loop*/loop) break /*=-*/loop; continue /*=-*/loop; }
const o = { /*=-*/a: 1, /*=a*/a, [/*=name*/name]: 2, /*=-*/m() {}, get /*=-*/x() { return 1; } };
o./*=-*/a;
o?./*=-*/m();
class K { /*=-*/a = /*=a*/a; /*=-*/m() {} [/*=name*/name]() {} static /*=-*/loop = 0; #p = 1; }
new./*=-*/target;
`)
}

func TestTypes(t *testing.T) {
	check(t, "types.ts", `
const /*@Foo*/Foo = 1;
class /*@Base*/Base {}
interface I { a: /*=-*/Foo }
type T = /*=-*/Foo | typeof /*=-*/Foo;
let v: /*=-*/Foo = /*=Foo*/Foo as /*=-*/Foo;
const w = </*=-*/Foo>/*=Foo*/Foo;
f</*=-*/Foo>(/*=Foo*/Foo satisfies /*=-*/Foo);
class D extends /*=Base*/Base</*=-*/Foo> implements /*=-*/Foo {
  p!: /*=-*/Foo;
  m<U extends /*=-*/Foo>(a: /*=-*/Foo): /*=-*/Foo { return a; }
}
function g(this: /*=-*/Foo) {}
enum /*@E*/E { /*@A*/A = 1, B = /*=A*/A << 1 }
/*=E*/E./*=-*/A;
namespace /*@N*/N { export const /*@nx*/x = 1; /*=nx*/x; }
/*=N*/N;
/*=?*/T;
/*=?*/I;
`)
}

func TestImports(t *testing.T) {
	in := check(t, "imports.ts", `
import /*@def*/def, * as /*@ns*/ns from "./a";
import { /*=-*/orig as /*@renamed*/renamed, /*@plain*/plain, type /*@typ*/Typ } from "./b";
import type { /*@allType*/AllType } from "./c";
import /*@req*/req = require("./d");
import /*@alias*/alias = /*=ns*/ns./*=-*/inner;
/*=def*/def(/*=ns*/ns, /*=renamed*/renamed, /*=plain*/plain, /*=req*/req, /*=alias*/alias);
/*=?*/orig;
export { /*=plain*/plain, /*=def*/def as /*=-*/other };
export { /*=-*/x as /*=-*/y } from "./e";
export default /*=renamed*/renamed;
function shadow(/*@sp*/plain) { return /*=sp*/plain; }
`)
	for _, s := range in.Symbols {
		want := s.Name == "Typ" || s.Name == "AllType"
		if s.Kind == scope.Import && s.TypeOnly != want {
			t.Errorf("%s: TypeOnly = %v, want %v", s.Name, s.TypeOnly, want)
		}
	}
}

func TestJSX(t *testing.T) {
	check(t, "view.tsx", `
import /*@Button*/Button from "./button";
const /*@ui*/ui = { /*=-*/Card: 1 };
const /*@div*/div = 1;
export const v = <div /*=-*/id="x">
  </*=Button*/Button /*=-*/onClick={/*=?*/handler} />
  </*=ui*/ui.Card>{/*=div*/div}</ui.Card>
</div>;
`)
}

func TestAmbientAndOverloads(t *testing.T) {
	in := check(t, "ambient.ts", `
declare function /*@st*/setTimeout(f: () => void): number;
declare global { const /*@G*/GLOBAL_FLAG: boolean }
function /*^ov*/over(a: string): void;
function /*^ov*/over(a: number): void;
function /*@ov*/over(a: any) {}
/*=st*/setTimeout(/*=ov*/over);
/*=?*/GLOBAL_FLAG;
`)
	for _, s := range in.Symbols {
		switch s.Name {
		case "setTimeout", "GLOBAL_FLAG":
			if !s.Ambient {
				t.Errorf("%s: not ambient", s.Name)
			}
		case "over":
			if s.Decl.Body == nil || s.Ambient || s.Redeclared {
				t.Errorf("over: declared by a signature, not the implementation, or taken as redeclared")
			}
		}
	}
}

func TestScopeFunc(t *testing.T) {
	f := jsast.Parse("func.ts", []byte(`
const top = 1;
function f(p) { if (p) { let inner = 2; } }
class C { static { var s = 1; } }
`))
	in := scope.Of(f)
	want := map[string]string{"top": "", "p": "f", "inner": "f", "s": ""}
	for _, s := range in.Symbols {
		w, ok := want[s.Name]
		if !ok {
			continue
		}
		got := ""
		if fn := s.Scope.Func(); fn != nil {
			got = f.Text(fn.Name)
		}
		if got != w {
			t.Errorf("%s: Func %q, want %q", s.Name, got, w)
		}
	}
}

func TestUses(t *testing.T) {
	f := jsast.Parse("uses.ts", []byte("let a = 1; { let a = 2; a++; } a = a + 1; function g() { return a; }"))
	in := scope.Of(f)
	outer := in.Symbols[0]
	var got []string
	for u := range in.Uses(outer) {
		got = append(got, strconv.Itoa(int(u.Start)))
	}
	// a = a + 1 twice, return a once; not the inner a++.
	if got, want := strings.Join(got, " "), "31 35 64"; got != want {
		t.Errorf("uses of the outer a at %s, want %s", got, want)
	}
}

func TestOfMemoises(t *testing.T) {
	f := jsast.Parse("memo.ts", []byte("const a = 1; a;"))
	var wg sync.WaitGroup
	got := make([]*scope.Info, 8)
	for i := range got {
		wg.Go(func() { got[i] = scope.Of(f) })
	}
	wg.Wait()
	for _, in := range got[1:] {
		if in != got[0] {
			t.Fatal("Of computed the resolution of one file more than once")
		}
	}
	if g := jsast.Parse("memo.ts", []byte("const a = 1; a;")); scope.Of(g) == got[0] {
		t.Fatal("two parses of the same text share a resolution")
	}
}

// TestOfForgetsCollectedFiles checks that the cache does not keep a
// file's resolution once nothing else refers to the file, so that a run
// over thousands of files holds only those in use.
func TestOfForgetsCollectedFiles(t *testing.T) {
	const files = 200
	kept := make([]*jsast.File, files)
	for i := range kept {
		kept[i] = jsast.Parse("gone.ts", []byte("const a = 1; a;"))
		scope.Of(kept[i])
	}
	runtime.GC()
	if n := scope.CacheLen(); n < files {
		t.Fatalf("cache holds %d files while %d resolved files are in use", n, files)
	}
	runtime.KeepAlive(kept)
	deadline := time.Now().Add(5 * time.Second)
	for scope.CacheLen() >= files/4 {
		if time.Now().After(deadline) {
			t.Fatalf("cache still holds %d files after they were collected", scope.CacheLen())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

func TestNilFile(t *testing.T) {
	in := scope.Of(nil)
	if len(in.Symbols) != 0 || in.Resolve(&jsast.Node{Kind: jsast.KindIdentifier}) != nil {
		t.Error("a nil file has symbols")
	}
}

// TestOfReusedMemory checks that a file allocated where a collected file
// was gets a resolution of its own, even before the collected file's
// cleanup has dropped its entry.
func TestOfReusedMemory(t *testing.T) {
	for i := range 2000 {
		name := "v" + strconv.Itoa(i)
		f := jsast.Parse("reuse.ts", []byte("const "+name+" = 1;"))
		if syms := scope.Of(f).Symbols; len(syms) != 1 || syms[0].Name != name {
			t.Fatalf("file %d: symbols %v, want %s", i, syms, name)
		}
		if i%50 == 0 {
			runtime.GC()
		}
	}
}
