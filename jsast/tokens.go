package jsast

// Token is the kind of a lexical token.
type Token uint8

// Token kinds. Punctuators come first, then literals, identifiers, the
// reserved words (which can never be identifiers) and last the contextual
// keywords, which are identifiers unless the grammar says otherwise.
const (
	TEOF Token = iota
	TSyntaxError

	// Punctuators.
	TOpenBrace         // {
	TCloseBrace        // }
	TOpenParen         // (
	TCloseParen        // )
	TOpenBracket       // [
	TCloseBracket      // ]
	TDot               // .
	TDotDotDot         // ...
	TSemicolon         // ;
	TComma             // ,
	TLessThan          // <
	TGreaterThan       // >
	TLessThanEquals    // <=
	TGreaterThanEquals // >=
	TEqualsEquals      // ==
	TExclamationEquals // !=
	TEqualsEqualsEquals
	TExclamationEqualsEquals
	TEqualsGreaterThan // =>
	TPlus
	TMinus
	TAsterisk
	TAsteriskAsterisk
	TSlash
	TPercent
	TPlusPlus
	TMinusMinus
	TLessThanLessThan
	TGreaterThanGreaterThan
	TGreaterThanGreaterThanGreaterThan
	TAmpersand
	TBar
	TCaret
	TExclamation
	TTilde
	TAmpersandAmpersand
	TBarBar
	TQuestion
	TQuestionDot
	TQuestionQuestion
	TColon
	TAt
	THash // lone '#' (shebang is trivia)
	TEquals
	TPlusEquals
	TMinusEquals
	TAsteriskEquals
	TAsteriskAsteriskEquals
	TSlashEquals
	TPercentEquals
	TLessThanLessThanEquals
	TGreaterThanGreaterThanEquals
	TGreaterThanGreaterThanGreaterThanEquals
	TAmpersandEquals
	TBarEquals
	TCaretEquals
	TAmpersandAmpersandEquals
	TBarBarEquals
	TQuestionQuestionEquals

	// Literals.
	TNumber
	TBigInt
	TString
	TNoSubstitutionTemplate
	TTemplateHead
	TTemplateMiddle
	TTemplateTail
	TRegExp
	TJSXText
	TJSXTextAllWhitespace

	TPrivateName // #name

	// TIdentifier and everything after it is an identifier name.
	TIdentifier

	// Reserved words.
	TBreak
	TCase
	TCatch
	TClass
	TConst
	TContinue
	TDebugger
	TDefault
	TDelete
	TDo
	TElse
	TEnum
	TExport
	TExtends
	TFalse
	TFinally
	TFor
	TFunction
	TIf
	TImport
	TIn
	TInstanceof
	TNew
	TNull
	TReturn
	TSuper
	TSwitch
	TThis
	TThrow
	TTrue
	TTry
	TTypeof
	TVar
	TVoid
	TWhile
	TWith

	// Contextual keywords and strict-mode reserved words: identifiers to the
	// parser unless a production gives them meaning.
	TImplements
	TInterface
	TLet
	TPackage
	TPrivate
	TProtected
	TPublic
	TStatic
	TYield
	TAbstract
	TAccessor
	TAs
	TAsserts
	TAssert
	TAny
	TAsync
	TAwait
	TBoolean
	TConstructor
	TDeclare
	TGet
	TInfer
	TIntrinsic
	TIs
	TKeyof
	TModule
	TNamespace
	TNever
	TOut
	TReadonly
	TRequire
	TNumberKeyword
	TObject
	TSatisfies
	TSet
	TStringKeyword
	TSymbol
	TType
	TUndefined
	TUnique
	TUnknown
	TUsing
	TFrom
	TGlobal
	TBigIntKeyword
	TOverride
	TOf

	tokenCount
)

const firstContextual = TImplements

var tokenText = [tokenCount]string{
	TEOF: "end of file", TSyntaxError: "invalid character",
	TOpenBrace: "{", TCloseBrace: "}", TOpenParen: "(", TCloseParen: ")",
	TOpenBracket: "[", TCloseBracket: "]", TDot: ".", TDotDotDot: "...",
	TSemicolon: ";", TComma: ",", TLessThan: "<", TGreaterThan: ">",
	TLessThanEquals: "<=", TGreaterThanEquals: ">=", TEqualsEquals: "==",
	TExclamationEquals: "!=", TEqualsEqualsEquals: "===", TExclamationEqualsEquals: "!==",
	TEqualsGreaterThan: "=>", TPlus: "+", TMinus: "-", TAsterisk: "*",
	TAsteriskAsterisk: "**", TSlash: "/", TPercent: "%", TPlusPlus: "++",
	TMinusMinus: "--", TLessThanLessThan: "<<", TGreaterThanGreaterThan: ">>",
	TGreaterThanGreaterThanGreaterThan: ">>>", TAmpersand: "&", TBar: "|",
	TCaret: "^", TExclamation: "!", TTilde: "~", TAmpersandAmpersand: "&&",
	TBarBar: "||", TQuestion: "?", TQuestionDot: "?.", TQuestionQuestion: "??",
	TColon: ":", TAt: "@", THash: "#", TEquals: "=", TPlusEquals: "+=",
	TMinusEquals: "-=", TAsteriskEquals: "*=", TAsteriskAsteriskEquals: "**=",
	TSlashEquals: "/=", TPercentEquals: "%=", TLessThanLessThanEquals: "<<=",
	TGreaterThanGreaterThanEquals: ">>=", TGreaterThanGreaterThanGreaterThanEquals: ">>>=",
	TAmpersandEquals: "&=", TBarEquals: "|=", TCaretEquals: "^=",
	TAmpersandAmpersandEquals: "&&=", TBarBarEquals: "||=", TQuestionQuestionEquals: "??=",
	TNumber: "number", TBigInt: "bigint literal", TString: "string",
	TNoSubstitutionTemplate: "template literal", TTemplateHead: "template literal",
	TTemplateMiddle: "template literal", TTemplateTail: "template literal",
	TRegExp: "regular expression", TJSXText: "JSX text", TJSXTextAllWhitespace: "JSX text",
	TPrivateName: "private name", TIdentifier: "identifier",
}

var keywords = map[string]Token{
	"break": TBreak, "case": TCase, "catch": TCatch, "class": TClass, "const": TConst,
	"continue": TContinue, "debugger": TDebugger, "default": TDefault, "delete": TDelete,
	"do": TDo, "else": TElse, "enum": TEnum, "export": TExport, "extends": TExtends,
	"false": TFalse, "finally": TFinally, "for": TFor, "function": TFunction, "if": TIf,
	"import": TImport, "in": TIn, "instanceof": TInstanceof, "new": TNew, "null": TNull,
	"return": TReturn, "super": TSuper, "switch": TSwitch, "this": TThis, "throw": TThrow,
	"true": TTrue, "try": TTry, "typeof": TTypeof, "var": TVar, "void": TVoid,
	"while": TWhile, "with": TWith,
	"implements": TImplements, "interface": TInterface, "let": TLet, "package": TPackage,
	"private": TPrivate, "protected": TProtected, "public": TPublic, "static": TStatic,
	"yield": TYield, "abstract": TAbstract, "accessor": TAccessor, "as": TAs,
	"asserts": TAsserts, "assert": TAssert, "any": TAny, "async": TAsync, "await": TAwait,
	"boolean": TBoolean, "constructor": TConstructor, "declare": TDeclare, "get": TGet,
	"infer": TInfer, "intrinsic": TIntrinsic, "is": TIs, "keyof": TKeyof, "module": TModule,
	"namespace": TNamespace, "never": TNever, "out": TOut, "readonly": TReadonly,
	"require": TRequire, "number": TNumberKeyword, "object": TObject, "satisfies": TSatisfies,
	"set": TSet, "string": TStringKeyword, "symbol": TSymbol, "type": TType,
	"undefined": TUndefined, "unique": TUnique, "unknown": TUnknown, "using": TUsing,
	"from": TFrom, "global": TGlobal, "bigint": TBigIntKeyword, "override": TOverride, "of": TOf,
}

// keywordSlot maps a perfect hash of an identifier (see keywordHash) to
// the index in keywordEntries of the only keyword that can have that hash,
// or to the empty entry 0. Every identifier is looked up, most are not
// keywords, and a 512-byte table with a single comparison beats a map or a
// search of a bucket.
var (
	keywordSlot    [1 << keywordHashBits]uint8
	keywordEntries [256]keywordEntry // indexed by a uint8: no bounds check
)

type keywordEntry struct {
	text string
	tok  Token
}

// keywordHashBits and keywordHashMul were found by a search for a
// multiplier under which no two keywords share a slot; TestKeywordLookup
// fails if a new keyword breaks that.
const (
	keywordHashBits = 9
	keywordHashMul  = 0x36e75661
)

// keywordHash hashes the first two bytes, the last byte and the length
// of b, which must hold at least two bytes.
func keywordHash(b []byte) uint32 {
	x := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[len(b)-1])<<16 | uint32(len(b))<<24
	return x * keywordHashMul >> (32 - keywordHashBits)
}

func init() {
	for s, t := range keywords {
		tokenText[t] = s
	}
	for i, t := 1, TIdentifier+1; t < tokenCount; i, t = i+1, t+1 {
		s := tokenText[t]
		keywordEntries[i] = keywordEntry{s, t}
		keywordSlot[keywordHash([]byte(s))] = uint8(i)
	}
}

// String returns the token's source text for punctuators and keywords and a
// description for the other kinds.
func (t Token) String() string {
	if int(t) < len(tokenText) {
		return tokenText[t]
	}
	return "token"
}

// IsIdentifierName reports whether t is an identifier or any keyword, i.e.
// valid as a property name after '.'.
func (t Token) IsIdentifierName() bool { return t >= TIdentifier }

// IsReserved reports whether t is a reserved word that can never be a binding
// name.
func (t Token) IsReserved() bool { return t > TIdentifier && t < firstContextual }

// IsAssignment reports whether t is '=' or a compound assignment operator.
func (t Token) IsAssignment() bool { return t >= TEquals && t <= TQuestionQuestionEquals }
