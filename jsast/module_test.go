package jsast

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestModule(t *testing.T) {
	src := `import def, { a, b as c, type T, "str name" as s } from "./mod";
import * as ns from 'ns';
import type D from "types";
import "side-effect";
import req = require("cjs");
export const x = 1, { y, z: [w] } = o;
export function f() {}
export default class Main {}
export { a as renamed, c };
export { q as default, type R } from "./other";
export * from "./all";
export * as everything from "./all2";
export type { I } from "./i";
export interface Shape {}
export import alias = ns.inner;
export declare namespace N {}
`
	f := Parse("m.ts", []byte(src))
	if len(f.Errors) > 0 {
		t.Fatal(f.ErrorString(f.Errors[0]))
	}
	m := Module(f)
	var imps []string
	for _, i := range m.Imports {
		imps = append(imps, fmt.Sprintf("%d %s %s->%s type=%v @%s", i.Kind, i.Module, i.Imported, i.Local, i.TypeOnly, src[i.NameStart:i.NameEnd]))
	}
	wantImps := []string{
		"0 ./mod default->def type=false @def",
		"1 ./mod a->a type=false @a",
		"1 ./mod b->c type=false @c",
		"1 ./mod T->T type=true @T",
		"1 ./mod str name->s type=false @s",
		"2 ns *->ns type=false @ns",
		"0 types default->D type=true @D",
		`3 side-effect -> type=false @"side-effect"`,
		"4 cjs *->req type=false @req",
	}
	if strings.Join(imps, "\n") != strings.Join(wantImps, "\n") {
		t.Errorf("imports:\n%s\nwant:\n%s", strings.Join(imps, "\n"), strings.Join(wantImps, "\n"))
	}
	var exps []string
	for _, e := range m.Exports {
		exps = append(exps, fmt.Sprintf("%d %s<-%s %s type=%v @%s", e.Kind, e.Name, e.Local, e.Module, e.TypeOnly, firstLine(src[e.NameStart:e.NameEnd])))
	}
	wantExps := []string{
		"0 x<-x  type=false @x",
		"0 y<-y  type=false @y",
		"0 w<-w  type=false @w",
		"0 f<-f  type=false @f",
		"1 default<-Main  type=false @Main",
		"0 renamed<-a  type=false @renamed",
		"0 c<-c  type=false @c",
		"2 default<-q ./other type=false @default",
		"2 R<-R ./other type=true @R",
		`3 <- ./all type=false @export * from "./all";`,
		"4 everything<-* ./all2 type=false @everything",
		"2 I<-I ./i type=true @I",
		"0 Shape<-Shape  type=true @Shape",
		"6 alias<-alias  type=false @alias",
		"0 N<-N  type=false @N",
	}
	if strings.Join(exps, "\n") != strings.Join(wantExps, "\n") {
		t.Errorf("exports:\n%s\nwant:\n%s", strings.Join(exps, "\n"), strings.Join(wantExps, "\n"))
	}
}

func TestModuleExportForms(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"export = Foo;", "5  Foo"},
		{"export default foo;", "1 default foo"},
		{"export default function () {}", "1 default "},
		{"export as namespace Lib;", "7 Lib "},
	} {
		f := Parse("e.ts", []byte(tc.src))
		m := Module(f)
		if len(m.Exports) != 1 {
			t.Errorf("%s: exports %+v", tc.src, m.Exports)
			continue
		}
		e := m.Exports[0]
		if got := fmt.Sprintf("%d %s %s", e.Kind, e.Name, e.Local); got != tc.want {
			t.Errorf("%s: got %q want %q", tc.src, got, tc.want)
		}
	}
}

func TestStringValue(t *testing.T) {
	for src, want := range map[string]string{
		`x = "a\nb"`:             "a\nb",
		`x = 'it\'s'`:            "it's",
		`x = "\x41\u0042\u{43}"`: "ABC",
		`x = "\ud83d\ude00"`:     "\U0001F600",
		`x = "a\
b"`: "ab",
	} {
		f := Parse("s.ts", []byte(src))
		lit := f.Root.List[0].X.Y
		if got := f.StringValue(lit); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
	f := Parse("i.ts", []byte(`\u0061b\u{63} = 1`))
	if got := f.IdentName(f.Root.List[0].X.X); got != "abc" {
		t.Errorf("IdentName = %q", got)
	}
	// Escapes met while the parser speculates, or after names without
	// any, are decoded all the same.
	for _, src := range []string{"x = 1; f = (\\u0061b) => 1", "y; class C { #\\u0061b = 1 }"} {
		f := Parse("i.ts", []byte(src))
		var names []string
		Inspect(f.Root, func(n *Node) bool {
			if n != nil && (n.Kind == KindIdentifier || n.Kind == KindPrivateIdentifier) {
				names = append(names, f.IdentName(n))
			}
			return n != nil
		})
		if !slices.Contains(names, "ab") && !slices.Contains(names, "#ab") {
			t.Errorf("%s: names %q, none of them ab", src, names)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
