// Package jsast is a lexer and parser for TypeScript 5, TSX/JSX and
// ECMAScript 2024, written from the grammars.
//
// Parse (or ParseFile, which also registers the file in a token.FileSet)
// returns a File whose Root is a tree of Nodes. A Node is a small tagged
// union: its Kind says which of the generic fields (Name, X, Y, Z, Type,
// Body, List, Params, TypeParams, Decorators) are in use; the Kind
// constants document the layout. Start and End are byte offsets that follow
// TypeScript's node.getStart()..node.end convention: a node starts at its
// first token, decorators and modifiers included, and comments before it
// are not part of it. Comments are kept as a sorted list on the File, and
// the string literals of import("x") and require("x") calls as
// File.DynamicLoads, which the parser records as it builds the calls.
//
// A tree is read-only once parsed. Its nodes live in slabs that the
// garbage collector does not scan, kept alive as a whole by any pointer
// into the tree; this holds only for the pointers the parser stores.
//
// The parser never stops at the first error: syntax errors (File.Errors)
// carry a byte offset and a message, and parsing resumes at the next
// statement or member. Nesting deeper than a fixed limit is reported as a
// syntax error instead of exhausting the stack.
//
// Nodes are read through named accessors (Callee, Args, Init, Specifier,
// ...), which say what a generic field means for the node's kind, and the
// syntax questions every rule asks (Unwrap, File.NameOf, File.Member,
// File.CalleeName) are answered here too. Inspect walks a tree; rules
// reach the nodes of a kind through the per-file index of package
// analyzers/source instead of walking. Module lists imports and exports
// with the position of every name; Summarize produces the JSON digest
// used by `dolint debug parse --json` and by the comparison with the
// TypeScript parser. Package jsast/scope resolves each identifier of a
// File to the declaration it names.
//
// The file extension picks the grammar: .ts/.mts/.cts are TypeScript, .tsx
// is TSX, .d.ts declarations, and .js/.jsx/.mjs/.cjs JavaScript, which (as
// in TypeScript) admits JSX and parses type syntax so that it can be
// reported by later passes rather than as a syntax error.
package jsast
