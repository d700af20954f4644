package jsast

import (
	"fmt"
	"go/token"
	"sort"
	"sync"
)

// Kind is the syntactic kind of a Node. Names follow the ECMAScript and
// TypeScript grammars.
type Kind uint8

// Field use per kind is documented next to each constant. Fields not listed
// are nil/empty. "Mods" means Flags holds modifier bits and Decorators any
// decorators; a node's Start then includes them.
const (
	KindInvalid Kind = iota

	KindFile // List: statements

	// Names and literals.
	KindIdentifier        // text = source range (see File.Name)
	KindPrivateIdentifier // #name
	KindComputedPropName  // [X]
	KindQualifiedName     // X.Name (in types and entity names)
	KindStringLiteral
	KindNumericLiteral
	KindBigIntLiteral
	KindRegExpLiteral
	KindNoSubstitutionTemplate // `text`
	KindTemplateExpr           // List: TemplateSpan; Start..End backtick to backtick
	KindTemplateSpan           // X: expression (Start..End covers the expression and the literal part after it)
	KindThis
	KindSuper
	KindNull
	KindTrue
	KindFalse
	KindImportKeyword // the callee of import(...)

	// Expressions.
	KindArrayLit         // List: elements (KindOmitted for holes)
	KindOmitted          // array hole
	KindObjectLit        // List: properties
	KindPropertyAssign   // Name: Y
	KindShorthandProp    // Name (= Y cover initializer)
	KindSpread           // ...X (array/object/call argument)
	KindParen            // (X)
	KindFuncExpr         // Mods, Name, TypeParams, Params, Type, Body
	KindArrowFunc        // Mods(async), TypeParams, Params, Type, Body (Block or expression)
	KindClassExpr        // like KindClassDecl
	KindPropertyAccess   // X.Name, X?.Name (FlagOptionalChain)
	KindElementAccess    // X[Y], X?.[Y]
	KindCall             // X<TypeArgs>(List), X?.()
	KindNew              // new X<TypeArgs>(List)
	KindTaggedTemplate   // X<TypeArgs> Y (Y is a template)
	KindMetaProperty     // Op(new/import) . Name
	KindPrefix           // Op X (includes delete, typeof, void, !, ~, +, -, ++, --)
	KindPostfix          // X Op
	KindBinary           // X Op Y (includes assignments and comma)
	KindConditional      // X ? Y : Z
	KindYield            // yield X, yield* X (FlagGenerator)
	KindAwait            // await X
	KindAs               // X as Type
	KindSatisfies        // X satisfies Type
	KindNonNull          // X!
	KindTypeAssertion    // <Type>X
	KindExprWithTypeArgs // X<TypeArgs> (heritage clauses and instantiation expressions)
	KindDecorator        // @X

	// Binding patterns and parameters.
	KindObjectBindingPattern // List: BindingElement
	KindArrayBindingPattern  // List: BindingElement or Omitted
	KindBindingElement       // X(property name): Name(binding) = Y; FlagRest
	KindParameter            // Mods, Name(binding), Type, Y(initializer); FlagRest, FlagOptional
	KindTypeParameter        // Mods(in/out/const), Name extends Type = Y

	// Statements.
	KindBlock
	KindEmpty
	KindExprStmt // X
	KindVarStmt  // Mods; Op: TVar/TLet/TConst/TUsing/TAwait(await using); List: VarDecl
	KindVarDecl  // Name(binding) Type = Y; FlagDefinite
	KindIf       // if (X) Y else Z
	KindDoWhile  // do Body while (X)
	KindWhile    // while (X) Body
	KindFor      // for (X; Y; Z) Body
	KindForIn    // for (X in Y) Body
	KindForOf    // for (X of Y) Body; FlagAwait
	KindContinue // Name: label
	KindBreak    // Name: label
	KindReturn   // X
	KindWith     // with (X) Body
	KindSwitch   // X; List: Case/Default clauses
	KindCase     // X; List: statements
	KindDefault  // List: statements
	KindLabeled  // Name: Body
	KindThrow    // X
	KindTry      // X(block) Y(catch clause) Z(finally block)
	KindCatch    // Name(binding) Type; Body (Y: an initializer, which is a semantic error)
	KindDebugger

	// Declarations.
	KindFuncDecl            // Mods, Name, TypeParams, Params, Type, Body (nil for overloads)
	KindClassDecl           // Mods, Name, TypeParams, Params: HeritageClause, List: members
	KindHeritageClause      // Op: TExtends/TImplements; List: ExprWithTypeArgs
	KindInterfaceDecl       // Mods, Name, TypeParams, Params: HeritageClause, List: members
	KindTypeAliasDecl       // Mods, Name, TypeParams, Type
	KindEnumDecl            // Mods, Name, List: EnumMember
	KindEnumMember          // Name = Y
	KindModuleDecl          // Mods, Name (Identifier, QualifiedName or StringLiteral), Body (ModuleBlock or nil); FlagNamespace, FlagGlobal
	KindModuleBlock         // List: statements
	KindImportDecl          // Mods; X: ImportClause (nil for side-effect imports); Y: module specifier; Z: attributes (ObjectLit)
	KindImportClause        // Name: default binding; Y: NamespaceImport or NamedImports; FlagTypeOnly
	KindNamespaceImport     // * as Name
	KindNamedImports        // List: ImportSpecifier
	KindImportSpecifier     // X(imported name, optional) as Name; FlagTypeOnly
	KindImportEquals        // Mods; import Name = Y (ExternalModuleRef or entity name); FlagTypeOnly
	KindExternalModuleRef   // require(X)
	KindExportDecl          // Mods; X: NamedExports or NamespaceExport (nil for `export *`); Y: module specifier; Z: attributes; FlagTypeOnly
	KindNamedExports        // List: ExportSpecifier
	KindNamespaceExport     // * as Name
	KindExportSpecifier     // X(local name, optional) as Name; FlagTypeOnly
	KindExportAssign        // export = X (FlagExportEquals) or export default X
	KindNamespaceExportDecl // export as namespace Name

	// Class and object members.
	KindPropertyDecl   // Mods, Name, Type = Y; FlagOptional, FlagDefinite
	KindMethodDecl     // Mods, Name, TypeParams, Params, Type, Body (nil for overloads); FlagOptional
	KindConstructor    // Mods, TypeParams, Params, Type, Body
	KindGetAccessor    // Mods, Name, Params, Type, Body
	KindSetAccessor    // Mods, Name, Params, Type, Body
	KindIndexSignature // Mods, Params, Type
	KindStaticBlock    // Body
	KindSemicolonClassElement

	// Type members.
	KindPropertySignature  // Mods, Name, Type; FlagOptional
	KindMethodSignature    // Name, TypeParams, Params, Type; FlagOptional
	KindCallSignature      // TypeParams, Params, Type
	KindConstructSignature // TypeParams, Params, Type

	// Types.
	KindKeywordType // Op: any/unknown/number/bigint/boolean/string/symbol/void/undefined/null/never/object/intrinsic
	KindThisType
	KindTypeRef                 // Name (entity name) TypeArgs
	KindFuncType                // TypeParams, Params, Type
	KindConstructorType         // Mods(abstract), TypeParams, Params, Type
	KindTypeQuery               // typeof X (entity name or ImportType) TypeArgs
	KindTypeLiteral             // List: members
	KindArrayType               // X[]
	KindTupleType               // List
	KindNamedTupleMember        // Name: Type; FlagOptional, FlagRest
	KindOptionalType            // X?
	KindRestType                // ...X
	KindUnionType               // List
	KindIntersectionType        // List
	KindConditionalType         // X extends Y ? Z : Body
	KindInferType               // infer X(TypeParameter)
	KindParenType               // (X)
	KindTypeOperator            // Op(keyof/unique/readonly) X
	KindIndexedAccessType       // X[Y]
	KindMappedType              // { Mods [Name in Y as Z]?: Type }; Op/flags for +/- readonly and ?
	KindLiteralType             // X: literal (string, number, bigint, true, false, null, prefix minus, no-substitution template)
	KindTemplateLiteralType     // List: TemplateLiteralTypeSpan
	KindTemplateLiteralTypeSpan // Type
	KindImportType              // import(X).Name<TypeArgs>; X: a LiteralType in valid code; FlagTypeof
	KindTypePredicate           // Name(identifier or this) is Type; FlagAsserts
	// KindJSDocType is JSDoc type syntax, which TypeScript's parser accepts
	// in any file (the checker rejects it outside comments). Op: TAsterisk
	// (*), TQuestion (?T, T?, a lone ?), TExclamation (!T, T!) or TFunction
	// (function(Params): Type); X: the operand; FlagPostfix for T? and T!.
	KindJSDocType

	// JSX.
	KindJSXElement     // X: opening; List: children; Z: closing
	KindJSXSelfClosing // Name: tag; TypeArgs; List: attributes
	KindJSXOpening     // Name: tag; TypeArgs; List: attributes
	KindJSXClosing     // Name: tag
	KindJSXFragment    // List: children
	KindJSXText
	KindJSXAttribute       // Name = Y (StringLiteral, JSXExpression or element)
	KindJSXSpreadAttribute // {...X}
	KindJSXExpression      // {X}; FlagRest for {...X}
	KindJSXNamespacedName  // X:Name
)

// Flags holds modifiers and small per-kind facts.
type Flags uint32

// Modifier and syntax flags.
const (
	FlagExport Flags = 1 << iota
	FlagDefault
	FlagDeclare
	FlagAbstract
	FlagStatic
	FlagReadonly
	FlagAsync
	FlagPublic
	FlagPrivate
	FlagProtected
	FlagOverride
	FlagAccessor
	FlagConst // const modifier (const enum, const type parameter)
	FlagIn    // variance annotation
	FlagOut
	FlagGenerator     // function*, yield*
	FlagOptional      // x?, m?()
	FlagDefinite      // x!: T
	FlagRest          // ...x
	FlagOptionalChain // ?. on this link
	FlagTypeOnly      // import type / export type / type specifier
	FlagExportEquals  // export = x
	FlagNamespace     // namespace (vs module) keyword
	FlagGlobal        // declare global
	FlagAwait         // for await
	FlagAsserts       // asserts x is T
	FlagTypeof        // typeof import("x")
	FlagPlus          // mapped type '+' readonly/optional
	FlagMinus         // mapped type '-' readonly/optional
	FlagMappedOptional
	FlagHasArgs // new X() has an argument list
	FlagPostfix // JSDoc type operator written after its operand (T?, T!)
)

// ModifierFlags are the bits that come from modifier keywords.
const ModifierFlags = FlagExport | FlagDefault | FlagDeclare | FlagAbstract | FlagStatic |
	FlagReadonly | FlagAsync | FlagPublic | FlagPrivate | FlagProtected | FlagOverride |
	FlagAccessor | FlagConst | FlagIn | FlagOut

// Node is one syntax tree node. It is a tagged union: Kind says which fields
// are in use (see the Kind constants). Start and End are byte offsets into
// the source: Start is the first byte of the node's first token (including
// decorators and modifiers), End is just past its last token.
//
// The nodes of a parsed tree are read-only: the parser keeps their memory
// in a way that lets the collector skip it (see treeMem), which holds only
// for pointers the parser stored.
type Node struct {
	Kind  Kind
	Op    Token
	Flags Flags
	Start int32
	End   int32

	Name *Node
	X    *Node
	Y    *Node
	Z    *Node
	Type *Node
	Body *Node

	List []*Node

	// more holds the lists that few kinds use. A tree has about one node
	// per ten bytes of source and is kept while a run needs it, so its
	// size is most of the heap the collector scans: three slice headers
	// in every node made a node 160 bytes, the pointer to them makes it 96.
	more *nodeLists
}

// nodeLists are a node's less common lists (see Params, TypeParams and
// Decorators).
type nodeLists struct {
	params, typeParams, decorators []*Node
}

// Params are the parameters of a function-like node, or the heritage
// clauses of a class or interface.
func (n *Node) Params() []*Node {
	if n.more == nil {
		return nil
	}
	return n.more.params
}

// TypeParams are the type parameters of a declaration, or the type
// arguments of a use (see TypeArgs).
func (n *Node) TypeParams() []*Node {
	if n.more == nil {
		return nil
	}
	return n.more.typeParams
}

// Decorators are the decorators written before a class, member or
// parameter.
func (n *Node) Decorators() []*Node {
	if n.more == nil {
		return nil
	}
	return n.more.decorators
}

// TypeArgs returns the type arguments of a call, new, tagged template,
// type reference or JSX tag (the same list as TypeParams).
func (n *Node) TypeArgs() []*Node { return n.TypeParams() }

// Has reports whether all of the flags f are set on n.
func (n *Node) Has(f Flags) bool { return n.Flags&f == f }

// Comment is a comment's byte range.
type Comment struct {
	Start, End int32
	Block      bool // /* */ rather than //
}

// SyntaxError is a parse error at a byte offset.
type SyntaxError struct {
	Offset  int32
	Message string
}

// Lang selects the grammar variant.
type Lang uint8

// Languages. JS files use the same grammar as TS files (type syntax in a JS
// file is a semantic, not a syntax, error) but allow JSX like TSX.
const (
	LangTS Lang = iota
	LangTSX
	LangJS
	LangDTS
)

// JSX reports whether the language allows JSX (and so disallows <T>x assertions).
func (l Lang) JSX() bool { return l == LangTSX || l == LangJS }

// File is a parsed source file.
type File struct {
	Name     string
	Src      []byte // the source passed to Parse, never to be modified (see Parse)
	Lang     Lang
	Root     *Node // KindFile
	Comments []Comment
	Errors   []SyntaxError // in the order found; the first is the most telling

	loads []*Node  // see DynamicLoads
	mem   *treeMem // the tree's memory, which its nodes also keep
	// identEscape is set when an identifier of the file may hold a
	// unicode escape: rules ask for names millions of times a run, and
	// almost no file has one.
	identEscape bool
	tf          *token.File
	// text is Src as a string sharing its memory (see Parse): names and
	// node texts are substrings of it rather than copies, since rules ask
	// for them over and over.
	text      string
	linesOnce sync.Once // a File is shared by the goroutines of a run
	lines     []int32   // offsets of line starts, computed on demand
}

// DynamicLoads returns the string literal arguments of the calls
// import("x") and require("x") in the tree, in source order: a bundler
// follows them, so the modules they name belong to the program. The
// parser records them as it builds the calls, which spares a walk of the
// whole tree. A callee counts as require only when spelled so without
// escapes; import("x", options) and require(name) are not loads of a
// known module and are left out.
func (f *File) DynamicLoads() []*Node { return f.loads }

// TokenFile returns the token.File the file was registered as, if any.
func (f *File) TokenFile() *token.File { return f.tf }

// Pos converts a byte offset to a token.Pos in the FileSet the file was
// parsed into (ParseFile). It returns token.NoPos for files parsed with Parse.
func (f *File) Pos(off int32) token.Pos {
	if f.tf == nil {
		return token.NoPos
	}
	if int(off) > f.tf.Size() {
		off = int32(f.tf.Size())
	}
	return f.tf.Pos(int(off))
}

// Text returns the source text of n.
func (f *File) Text(n *Node) string { return f.slice(n.Start, n.End) }

// slice returns Src[start:end] as a string, without copying when the
// parser made the File.
func (f *File) slice(start, end int32) string {
	if len(f.text) == len(f.Src) {
		return f.text[start:end]
	}
	return string(f.Src[start:end])
}

// Position returns the 1-based line and byte column of an offset.
func (f *File) Position(off int32) (line, col int) {
	f.linesOnce.Do(func() {
		f.lines = append(f.lines, 0)
		src := f.Src
		for i := 0; i < len(src); i++ {
			switch src[i] {
			case '\n':
				f.lines = append(f.lines, int32(i+1))
			case '\r':
				if i+1 < len(src) && src[i+1] == '\n' {
					i++
				}
				f.lines = append(f.lines, int32(i+1))
			}
		}
	})
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, int(off-f.lines[i]) + 1
}

// ErrorString formats a syntax error as file:line:col: message.
func (f *File) ErrorString(e SyntaxError) string {
	line, col := f.Position(e.Offset)
	return fmt.Sprintf("%s:%d:%d: %s", f.Name, line, col, e.Message)
}

// CommentsIn returns the comments that lie within [start, end).
func (f *File) CommentsIn(start, end int32) []Comment {
	i := sort.Search(len(f.Comments), func(i int) bool { return f.Comments[i].Start >= start })
	j := i
	for j < len(f.Comments) && f.Comments[j].End <= end {
		j++
	}
	return f.Comments[i:j]
}
