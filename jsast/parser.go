package jsast

import (
	"bytes"
	"go/token"
	"path/filepath"
	"strings"
	"unsafe"
)

// maxDepth bounds recursion so that pathological nesting yields a syntax
// error instead of exhausting the goroutine stack.
const maxDepth = 5000

// LangFromFilename picks the grammar for a file name's extension: .ts, .mts,
// .cts are TypeScript, .tsx is TSX, .d.ts files are declarations, and .js,
// .jsx, .mjs, .cjs are JavaScript (which admits JSX).
func LangFromFilename(name string) Lang {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case strings.HasSuffix(base, ".d.ts"), strings.HasSuffix(base, ".d.mts"), strings.HasSuffix(base, ".d.cts"):
		return LangDTS
	case strings.HasSuffix(base, ".tsx"):
		return LangTSX
	case strings.HasSuffix(base, ".ts"), strings.HasSuffix(base, ".mts"), strings.HasSuffix(base, ".cts"):
		return LangTS
	case strings.HasSuffix(base, ".js"), strings.HasSuffix(base, ".jsx"), strings.HasSuffix(base, ".mjs"), strings.HasSuffix(base, ".cjs"):
		return LangJS
	}
	return LangTS
}

// Parse parses src as the language implied by filename. The result always
// has a Root; syntax errors are in File.Errors. Positions are available as
// offsets and line/column; use ParseFile to get token.Pos values.
//
// The File keeps src, and the strings its methods return (names, node
// texts) share src's memory instead of copying the whole source once
// more: src must not be modified after the call. The same holds for
// ParseFile and ParseLang.
func Parse(filename string, src []byte) *File {
	return ParseLang(filename, src, LangFromFilename(filename))
}

// ParseFile registers the file in fset (so that File.Pos yields token.Pos
// values valid in fset) and parses it.
func ParseFile(fset *token.FileSet, filename string, src []byte) *File {
	tf := fset.AddFile(filename, -1, len(src))
	f, lines := parseLang(filename, src, LangFromFilename(filename), true)
	tf.SetLines(lines)
	f.tf = tf
	return f
}

// lineStarts returns the line table that token.File.SetLinesForContent
// would set: the offset of every byte that follows a '\n'. It finds them
// with bytes.IndexByte in a table sized by bytes.Count rather than looking
// at each byte and growing the table as it goes.
func lineStarts(src []byte) []int {
	if len(src) == 0 {
		return nil
	}
	lines := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 || off+i+1 == len(src) {
			return lines
		}
		off += i + 1
		lines = append(lines, off)
	}
}

// ParseLang parses src with an explicit grammar variant.
func ParseLang(filename string, src []byte, lang Lang) *File {
	f, _ := parseLang(filename, src, lang, false)
	return f
}

// parseLang is ParseLang that also returns, when wantLines is set, the
// line table token.File.SetLines takes (see lineStarts).
func parseLang(filename string, src []byte, lang Lang, wantLines bool) (*File, []int) {
	f, p := parseWith(filename, src, lang, 0, wantLines)
	if p.awaitAsIdent && p.awaitOutsideAsync && lang != LangDTS && p.isModule(f.Root) {
		// In a module, top-level code may use await. TypeScript re-parses
		// such files with top-level await enabled, so 'await (x)' there is
		// an await expression rather than a call; do the same. The
		// second parse can only differ where the first decided what an
		// await token is outside an async function.
		f, _ = parseWith(filename, src, lang, ctxAwait, false)
	}
	if !wantLines {
		return f, nil
	}
	return f, p.lineTable()
}

// lineTable returns the line starts the lexer collected, or, should it
// have missed any, those lineStarts finds. Collecting them costs little,
// as the lexer looks at most line breaks anyway, while a second pass over
// the source made a tenth of the time of a parse. A line break the lexer
// does not look at (one inside a string after a backslash, one in a JSX
// attribute value, the rest of a file after too deep nesting) makes the
// count come out short, since the lexer records only offsets that follow
// a real line break, each once.
func (p *parser) lineTable() []int {
	lines := p.lines
	if n := len(lines); n > 1 && lines[n-1] == len(p.src) {
		lines = lines[:n-1] // a final line break starts no line
	}
	want := cap(p.lines) - 1
	if len(p.src) > 0 && p.src[len(p.src)-1] == '\n' {
		want--
	}
	if len(lines)-1 != want {
		return lineStarts(p.src)
	}
	if len(p.src) == 0 {
		return nil
	}
	return lines
}

func parseWith(filename string, src []byte, lang Lang, ctx ctxFlags, wantLines bool) (*File, *parser) {
	reserveStack()
	p := &parser{lang: lang, jsx: lang.JSX(), ctx: ctx}
	p.src = src
	if wantLines {
		// Sized exactly, so that lineTable can tell from the capacity how
		// many line breaks there are.
		p.lines = make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	}
	p.comments = make([]Comment, 0, len(src)/200+4)
	p.mem = new(treeMem)
	p.nodes = p.newNodes(nodeChunk(len(src)))
	p.stack = make([]*Node, 0, 64)
	p.listBuf = p.newList(0, listChunk(len(src)))
	p.next()
	firstToken := p.start
	root := p.alloc(KindFile, 0)
	mark := len(p.stack)
	p.parseStatements(TEOF, mark)
	root.List = p.takeList(mark)
	root.End = int32(len(src))
	p.checkReferenceDirectives(firstToken)
	return &File{
		Name:     filename,
		Src:      src,
		text:     unsafe.String(unsafe.SliceData(src), len(src)),
		Lang:     lang,
		Root:     root,
		Comments: p.comments,
		Errors:   p.errs,
		loads:    p.loads,
		mem:      p.mem,

		identEscape: p.identEscape,
	}, p
}

// isModule reports whether a file is an ES module in TypeScript's sense:
// it has a top-level import or export, or uses import.meta.
func (p *parser) isModule(root *Node) bool {
	if p.importMeta {
		return true
	}
	for _, s := range root.List {
		switch s.Kind {
		case KindImportDecl, KindExportDecl, KindExportAssign:
			return true
		case KindImportEquals:
			if s.Y != nil && s.Y.Kind == KindExternalModuleRef || s.Has(FlagExport) {
				return true
			}
		default:
			if s.Has(FlagExport) {
				return true
			}
		}
	}
	return false
}

// listChunk sizes a list arena for the srcLen bytes of source not parsed
// yet: about one list element per 24 bytes. The corpus has one per 32, and
// newList rounds down to an arena size, so erring long here costs little.
func listChunk(srcLen int) int {
	n := srcLen / 24
	if n < 32 {
		return 32
	}
	if n > 16384 {
		return 16384
	}
	return n
}

// nodeChunk sizes a node slab for the srcLen bytes of source not parsed
// yet. Over 2,962 real modules (18.5 MB) the average was one node per 9.9
// bytes, and slabs sized for one per 7 left a third of all node memory
// unused: a slab that falls short is followed by one sized for what is
// left, so erring short costs a small second slab, not a wasted large one.
// A slab holds at most 32 KB, the largest object the allocator serves from
// its per-thread caches: the runtime zeroes a slab when it is made, and a
// small one is still in the CPU cache when the parser fills it in.
func nodeChunk(srcLen int) int {
	n := srcLen/11 + 16
	if n < 64 {
		return 64
	}
	if n > maxNodeChunk {
		return maxNodeChunk
	}
	return n
}

// moreChunk sizes a slab of nodeLists for the srcLen bytes of source not
// parsed yet, like nodeChunk: the corpus has one per 345 bytes, and a
// slab per file sized for 64 plus one per 400 bytes left most of them
// unused.
func moreChunk(srcLen int) int {
	n := srcLen/400 + 8
	if n > maxMoreChunk {
		return maxMoreChunk
	}
	return n
}

const maxMoreChunk = 32 << 10 / int(unsafe.Sizeof(nodeLists{}))

// maxNodeChunk is the number of nodes that fit in 32 KB after a node
// slab's treeMem pointer.
const maxNodeChunk = (32<<10 - 8) / int(unsafe.Sizeof(Node{}))

type ctxFlags uint8

const (
	ctxYield ctxFlags = 1 << iota
	ctxAwait
	ctxDisallowIn
	ctxDecorator
	ctxNoConditionalTypes
)

type parser struct {
	lexer
	lang  Lang
	jsx   bool
	ctx   ctxFlags
	depth int
	// aborted is set once the nesting limit is hit; it survives
	// speculation resets so that a too-deep input fails fast everywhere.
	aborted bool
	// failedArrow and failedTypeArgs remember offsets where speculation
	// failed, so nested ambiguous constructs are not re-tried
	// exponentially often.
	failedArrow             bitset
	failedArrowNoReturnType bitset
	failedTypeArgs          bitset
	failedInferConstraint   bitset
	// wasted counts bytes scanned by failed speculation; past a multiple
	// of the file size, ambiguous constructs take their non-speculative
	// reading so that adversarial input cannot make parsing quadratic.
	wasted int

	// awaitAsIdent records that 'await' was read as an identifier outside
	// an async function, importMeta that import.meta occurs: a module
	// doing the first is parsed again with top-level await.
	awaitAsIdent bool
	importMeta   bool
	// awaitOutsideAsync records that the meaning of an await token was
	// decided where await is not an operator. Only then can a second
	// parse with top-level await differ from the first: awaitAsIdent is
	// also set where a speculative arrow head inside an async function
	// names a parameter await.
	awaitOutsideAsync bool

	// loads are the literal arguments of import("x") and require("x")
	// calls met so far (see File.DynamicLoads).
	loads []*Node

	mem     *treeMem
	nodes   []Node
	more    []nodeLists // slab for nodes' less common lists
	stack   []*Node     // scratch space for lists under construction
	listBuf []*Node     // arena the finished lists live in
}

// alloc returns a zeroed node from the current chunk.
func (p *parser) alloc(kind Kind, start int32) *Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = p.newNodes(nodeChunk(len(p.src) - int(start)))
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	n.Kind = kind
	n.Start = start
	return n
}

// lists returns n's nodeLists, taking them from the parser's slab the
// first time.
func (p *parser) lists(n *Node) *nodeLists {
	if n.more == nil {
		if len(p.more) == cap(p.more) {
			p.more = p.newMore(moreChunk(len(p.src) - int(n.Start)))
		}
		p.more = p.more[:len(p.more)+1]
		n.more = &p.more[len(p.more)-1]
	}
	return n.more
}

func (p *parser) setParams(n *Node, l []*Node) {
	if l != nil || n.more != nil {
		p.lists(n).params = l
	}
}

func (p *parser) setTypeParams(n *Node, l []*Node) {
	if l != nil || n.more != nil {
		p.lists(n).typeParams = l
	}
}

func (p *parser) setDecorators(n *Node, l []*Node) {
	if l != nil || n.more != nil {
		p.lists(n).decorators = l
	}
}

// finish sets the end of n to the end of the last consumed token.
func (p *parser) finish(n *Node) *Node {
	n.End = p.prevEnd
	if n.End < n.Start {
		n.End = n.Start
	}
	return n
}

// leaf makes a node for the current token and consumes it.
func (p *parser) leaf(kind Kind) *Node {
	n := p.alloc(kind, p.start)
	n.End = p.pos
	p.next()
	return n
}

func (p *parser) push(n *Node) { p.stack = append(p.stack, n) }

// takeList moves stack[mark:] into the list arena.
func (p *parser) takeList(mark int) []*Node {
	items := p.stack[mark:]
	if len(items) == 0 {
		return nil
	}
	if cap(p.listBuf)-len(p.listBuf) < len(items) {
		p.listBuf = p.newList(len(items), listChunk(len(p.src)-int(p.pos)))
	}
	s, e := len(p.listBuf), len(p.listBuf)+len(items)
	out := p.listBuf[s:e:e]
	// Most lists are short: a loop costs less than a call of the
	// runtime's typed copy.
	//lint:ignore S1001 the loop is the faster copy for short lists
	for i, n := range items {
		out[i] = n
	}
	p.listBuf = p.listBuf[:e]
	p.stack = p.stack[:mark]
	return out
}

// listOf returns a list of the single node n in the list arena: a
// list a node points to must lie in its tree's memory (see treeMem).
func (p *parser) listOf(n *Node) []*Node {
	mark := len(p.stack)
	p.push(n)
	return p.takeList(mark)
}

// concat returns a followed by b, as a list in the list arena when it
// needs a new one.
func (p *parser) concat(a, b []*Node) []*Node {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	mark := len(p.stack)
	p.stack = append(p.stack, a...)
	p.stack = append(p.stack, b...)
	return p.takeList(mark)
}

// call finishes a call node and records the argument of a dynamic load.
// A load's callee and argument are leaves, so loads never nest and the
// order in which their calls finish is source order.
func (p *parser) call(n *Node) *Node {
	p.finish(n)
	if len(n.List) == 1 && n.List[0].Kind == KindStringLiteral &&
		(n.X.Kind == KindImportKeyword || n.X.Kind == KindIdentifier && string(p.src[n.X.Start:n.X.End]) == "require") {
		p.loads = append(p.loads, n.List[0])
	}
	return n
}

// parserState is what speculation must restore.
type parserState struct {
	lex   snapshot
	stack int
	loads int
	ctx   ctxFlags
	depth int
}

func (p *parser) mark() parserState {
	return parserState{p.save(), len(p.stack), len(p.loads), p.ctx, p.depth}
}

func (p *parser) reset(s parserState) {
	p.restore(s.lex)
	p.stack = p.stack[:s.stack]
	p.loads = p.loads[:s.loads]
	p.ctx = s.ctx
	p.depth = s.depth
}

// canSpeculate reports whether the speculation budget allows another try.
func (p *parser) canSpeculate() bool { return p.wasted < 4*len(p.src)+1<<16 }

// abandon resets to s after a failed speculation and charges its cost.
func (p *parser) abandon(s parserState) {
	if d := int(p.pos - s.lex.pos); d > 0 {
		p.wasted += d
	}
	p.reset(s)
}

// failedSince reports whether errors were recorded after s.
func (p *parser) failedSince(s parserState) bool { return len(p.errs) > s.lex.nerrs }

// peek returns the token after the current one and whether a line break
// precedes it.
func (p *parser) peek() (Token, bool) {
	s := p.save()
	p.next()
	t, nl := p.tok, p.nl
	p.restore(s)
	return t, nl
}

// peekTok returns the token after the current one.
func (p *parser) peekTok() Token {
	t, _ := p.peek()
	return t
}

// byteAfter returns the byte that starts the token after the current one
// when only spaces or tabs lie between them, so that the callers of peek
// most often asked about a token that cannot follow can skip the scan. It
// returns 0 when the byte alone does not tell: at the end of the source,
// or before a line break, a comment, an escape or a non-ASCII character.
func (p *parser) byteAfter() byte {
	src := p.src
	i := int(p.pos)
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i == len(src) {
		return 0
	}
	switch c := src[i]; {
	case c >= 0x80, c == '/', c == '\\', c == '\n', c == '\r', c == '\v', c == '\f':
		return 0
	default:
		return c
	}
}

func (p *parser) peekIs(t Token) bool {
	n, _ := p.peek()
	return n == t
}

// enter guards recursion depth; it returns false (after reporting once and
// jumping to the end of input) when the limit is exceeded.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth || p.aborted {
		p.tooDeep()
		return false
	}
	return true
}

// tooDeep is enter's rare path, kept out of line so that enter is
// inlined.
//
//go:noinline
func (p *parser) tooDeep() {
	p.aborted = true
	p.errorAt(p.start, "nesting is too deep")
	p.pos = int32(len(p.src))
	p.start = p.pos
	p.tok = TEOF
}

func (p *parser) leave() { p.depth-- }

func (p *parser) describe() string {
	switch p.tok {
	case TEOF:
		return "end of file"
	}
	text := string(p.src[p.start:p.pos])
	if len(text) > 24 {
		text = text[:24] + "..."
	}
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		text = text[:i] + "..."
	}
	return "'" + text + "'"
}

func (p *parser) errorExpected(what string) {
	at := p.start
	if p.tok == TEOF && what[0] != '\'' {
		// A missing expression, type or name at the end of the file is
		// reported where the last token ends, as TypeScript does.
		at = p.prevEnd
	}
	if n := len(p.errs); n > 0 && p.errs[n-1].Offset == at {
		return
	}
	p.errorAt(at, "expected "+what+" but found "+p.describe())
}

func (p *parser) eat(t Token) bool {
	if p.tok == t {
		p.next()
		return true
	}
	return false
}

func (p *parser) expect(t Token) bool {
	if p.tok == t {
		p.next()
		return true
	}
	p.errorExpected("'" + t.String() + "'")
	return false
}

func (p *parser) canInsertSemicolon() bool {
	return p.tok == TSemicolon || p.tok == TCloseBrace || p.tok == TEOF || p.nl
}

// semicolon consumes a statement terminator, allowing automatic semicolon
// insertion before '}', at end of input and after a line break.
func (p *parser) semicolon() bool {
	if p.tok == TSemicolon {
		p.next()
		return true
	}
	if p.tok == TCloseBrace || p.tok == TEOF || p.nl {
		return true
	}
	p.errorExpected("';'")
	return false
}

func (p *parser) with(set, clear ctxFlags) ctxFlags {
	old := p.ctx
	p.ctx = (p.ctx | set) &^ clear
	return old
}

// isIdent reports whether the current token can be an identifier reference
// or binding: identifiers and non-reserved keywords, with yield and await
// excluded inside generators and async functions.
func (p *parser) isIdent() bool { return p.isIdentTok(p.tok) }

func (p *parser) isIdentTok(t Token) bool {
	if t == TIdentifier {
		return true
	}
	if t < firstContextual {
		return false
	}
	if t == TYield && p.ctx&ctxYield != 0 {
		return false
	}
	if t == TAwait {
		return !p.awaitIsOperator()
	}
	return true
}

func (p *parser) parseIdentifier() *Node {
	if p.isIdent() {
		if p.tok == TAwait {
			p.awaitAsIdent = true
		}
		return p.leaf(KindIdentifier)
	}
	if p.tok.IsReserved() {
		p.errorAt(p.start, "'"+p.tok.String()+"' is a reserved word that cannot be used here")
		return p.leaf(KindIdentifier)
	}
	p.errorExpected("identifier")
	return p.missing()
}

// awaitIsOperator reports whether await is an operator in the current
// context, and records when the answer is no: only such a decision can
// come out differently when the file is parsed again with top-level
// await.
func (p *parser) awaitIsOperator() bool {
	if p.ctx&ctxAwait != 0 {
		return true
	}
	p.awaitOutsideAsync = true
	return false
}

// isBindingIdent reports whether t can name a binding. Unlike references,
// bindings named yield or await are left to the checker in every context.
func isBindingIdent(t Token) bool { return t == TIdentifier || t >= firstContextual }

// parseBindingIdentifier parses the name of a variable, parameter,
// function or class.
func (p *parser) parseBindingIdentifier() *Node {
	if isBindingIdent(p.tok) {
		if p.tok == TAwait {
			p.awaitAsIdent = true
		}
		return p.leaf(KindIdentifier)
	}
	return p.parseIdentifier()
}

// parseIdentifierName accepts any identifier or keyword (property names).
func (p *parser) parseIdentifierName() *Node {
	if p.tok.IsIdentifierName() {
		return p.leaf(KindIdentifier)
	}
	p.errorExpected("identifier")
	return p.missing()
}

// missing makes an empty identifier where a required node is absent.
func (p *parser) missing() *Node {
	n := p.alloc(KindIdentifier, p.start)
	n.End = p.start
	return n
}

// bitset is a lazily allocated set of source offsets.
type bitset []uint64

func (b *bitset) add(off int32, size int) {
	if *b == nil {
		*b = make(bitset, size/64+1)
	}
	if int(off/64) < len(*b) {
		(*b)[off/64] |= 1 << (off % 64)
	}
}

func (b bitset) has(off int32) bool {
	return int(off/64) < len(b) && b[off/64]&(1<<(off%64)) != 0
}

// reserveStack grows the goroutine's stack once, while it is shallow, to
// what parsing a typical module needs. A goroutine starts with a few
// kilobytes of stack and the runtime doubles it whenever a call runs out,
// copying every frame: as parsing recurses through a dozen functions per
// nesting level, a parse on a new goroutine doubled it three or four times,
// each time deep in the recursion with many frames to copy.
//
// The frame is claimed but never written: the runtime grows the stack in
// the call's prologue, for the whole frame, while the array in it is
// zeroed only where it is declared, on a branch that is never taken.
//
//go:noinline
func reserveStack() {
	if stackTouch {
		var frame [stackReserve]byte
		touchStack(frame[:])
	}
}

// stackReserve is the frame reserveStack claims; see reserveStack.
const stackReserve = 48 << 10

// stackTouch is always false; the compiler cannot know that, so it keeps
// reserveStack's frame.
var stackTouch = false

//go:noinline
func touchStack(b []byte) { b[0] = 0 }

// treeMem keeps the memory of one tree alive.
//
// Node slabs are allocated as memory the collector does not scan. A tree
// has about one 96-byte node per ten bytes of source and is kept while a
// run needs it, so trees are most of the heap, and scanning their nodes
// was most of the collector's work; yet a node's pointers lead only into
// memory of its own tree, which is kept as a whole or not at all. So each
// node slab holds one pointer the collector does see, to its tree's
// treeMem, and treeMem holds every block of memory the tree's nodes point
// into: the node slabs, the list arenas and the nodeLists slabs. Any
// pointer into a tree (to a node, or a list of nodes) then keeps all of
// it, and nothing its nodes point to is freed while any of it is in use.
//
// This holds as long as a node's pointer fields are set only by the
// parser, to memory it registered here (TestTreeMemory checks that over
// the test sources): trees are read-only for everyone else, and a
// pointer to other memory stored in a node would not keep that memory.
//
// A tree may also take memory from the reserve (see SetReserve), which
// the collector keeps as a whole; its treeMem is then pinned.
type treeMem struct {
	blocks []memBlock
	pinned bool
}

// memBlock is one block of a tree's memory: its start, which the
// collector sees, and its size, for TestTreeMemory.
type memBlock struct {
	p    unsafe.Pointer
	size uintptr
}

func (m *treeMem) add(p unsafe.Pointer, size uintptr) {
	m.blocks = append(m.blocks, memBlock{p, size})
}

// slab returns the first item of a new slab of c, whose items take size
// bytes, for m's tree: from the reserve while it lasts.
func (m *treeMem) slab(c slabSize, size uintptr) unsafe.Pointer {
	words := fromReserve(m, size)
	if words == nil {
		words = c.alloc(m)
	}
	m.add(words, size)
	return words
}

// nodeSlab is a block of nodes: a treeMem pointer followed by words that
// hold no pointers as far as the collector knows (W is an array of
// uint64).
type nodeSlab[W any] struct {
	mem   *treeMem
	words W
}

// nodeWords is the size of a Node in words.
const nodeWords = int(unsafe.Sizeof(Node{}) / 8)

// slabSizes are the node slabs newNodes makes, smallest first: as many
// nodes as fill one of the allocator's size classes from 4 to 32 KB
// after the treeMem pointer.
var slabSizes = []slabSize{
	{42, newSlab[[42 * nodeWords]uint64]},
	{63, newSlab[[63 * nodeWords]uint64]},
	{85, newSlab[[85 * nodeWords]uint64]},
	{106, newSlab[[106 * nodeWords]uint64]},
	{127, newSlab[[127 * nodeWords]uint64]},
	{149, newSlab[[149 * nodeWords]uint64]},
	{170, newSlab[[170 * nodeWords]uint64]},
	{213, newSlab[[213 * nodeWords]uint64]},
	{255, newSlab[[255 * nodeWords]uint64]},
	{298, newSlab[[298 * nodeWords]uint64]},
	{maxNodeChunk, newSlab[[maxNodeChunk * nodeWords]uint64]},
}

// newSlab allocates a slab of mem (of nodes, list elements or nodeLists)
// and returns its first word.
func newSlab[W any](mem *treeMem) unsafe.Pointer {
	s := &nodeSlab[W]{mem: mem}
	return unsafe.Pointer(&s.words)
}

// newNodes returns an empty slice of at least want nodes (at most
// maxNodeChunk) in a new node slab.
func (p *parser) newNodes(want int) []Node {
	c := pickSlab(slabSizes, want)
	words := p.mem.slab(c, uintptr(c.n)*unsafe.Sizeof(Node{}))
	return unsafe.Slice((*Node)(words), c.n)[:0]
}

// listSizes are the list arenas newList makes, smallest first: as many
// list elements as fill one of the allocator's size classes after the
// treeMem pointer. Like node slabs, list arenas are memory the collector
// does not scan: the nodes their elements point to are kept by treeMem.
var listSizes = []slabSize{
	{31, newSlab[[31]uint64]},
	{47, newSlab[[47]uint64]},
	{63, newSlab[[63]uint64]},
	{95, newSlab[[95]uint64]},
	{127, newSlab[[127]uint64]},
	{191, newSlab[[191]uint64]},
	{255, newSlab[[255]uint64]},
	{383, newSlab[[383]uint64]},
	{511, newSlab[[511]uint64]},
	{767, newSlab[[767]uint64]},
	{1023, newSlab[[1023]uint64]},
	{1535, newSlab[[1535]uint64]},
	{2047, newSlab[[2047]uint64]},
	{3071, newSlab[[3071]uint64]},
	{4095, newSlab[[4095]uint64]},
	{6143, newSlab[[6143]uint64]},
	{8191, newSlab[[8191]uint64]},
	{12287, newSlab[[12287]uint64]},
	{16383, newSlab[[16383]uint64]},
	{32767, newSlab[[32767]uint64]},
}

// newList returns an empty list arena with room for need elements and
// about want: the largest arena size up to want, or the smallest that
// holds need.
func (p *parser) newList(need, want int) []*Node {
	c := pickSlabDown(listSizes, want)
	if c.n < need {
		c = pickSlab(listSizes, need)
	}
	if c.n >= need {
		words := p.mem.slab(c, uintptr(c.n)*unsafe.Sizeof((*Node)(nil)))
		return unsafe.Slice((**Node)(words), c.n)[:0]
	}
	// Longer than any arena (a list of tens of thousands of items):
	// ordinary memory, which holds its pointers in the open.
	l := make([]*Node, 0, need)
	p.mem.add(unsafe.Pointer(unsafe.SliceData(l)), uintptr(need)*unsafe.Sizeof((*Node)(nil)))
	return l
}

// moreWords is the size of a nodeLists in words.
const moreWords = int(unsafe.Sizeof(nodeLists{}) / 8)

// moreSizes are the slabs of nodeLists newMore makes, smallest first,
// each filling a size class after the treeMem pointer (see listSizes).
var moreSizes = []slabSize{
	{8, newSlab[[8 * moreWords]uint64]},
	{12, newSlab[[12 * moreWords]uint64]},
	{17, newSlab[[17 * moreWords]uint64]},
	{24, newSlab[[24 * moreWords]uint64]},
	{37, newSlab[[37 * moreWords]uint64]},
	{56, newSlab[[56 * moreWords]uint64]},
	{67, newSlab[[67 * moreWords]uint64]},
	{113, newSlab[[113 * moreWords]uint64]},
	{131, newSlab[[131 * moreWords]uint64]},
	{199, newSlab[[199 * moreWords]uint64]},
	{255, newSlab[[255 * moreWords]uint64]},
	{378, newSlab[[378 * moreWords]uint64]},
	{maxMoreChunk, newSlab[[maxMoreChunk * moreWords]uint64]},
}

// newMore returns an empty slice of about want nodeLists in a new slab
// (see pickSlabDown).
func (p *parser) newMore(want int) []nodeLists {
	c := pickSlabDown(moreSizes, want)
	words := p.mem.slab(c, uintptr(c.n)*unsafe.Sizeof(nodeLists{}))
	return unsafe.Slice((*nodeLists)(words), c.n)[:0]
}

// slabSize is a slab of n items and the function that allocates one.
type slabSize struct {
	n     int
	alloc func(*treeMem) unsafe.Pointer
}

// pickSlabDown returns the largest of sizes that holds at most want
// items, or the smallest. Slab sizes are estimates from the source left to
// parse: a slab that falls short is followed by one sized for what is left
// then, while memory past the last item used is counted towards the heap
// limit all the same.
func pickSlabDown(sizes []slabSize, want int) slabSize {
	i := len(sizes) - 1
	for i > 0 && sizes[i].n > want {
		i--
	}
	return sizes[i]
}

// pickSlab returns the smallest of sizes that holds want items, or the
// largest.
func pickSlab(sizes []slabSize, want int) slabSize {
	i := 0
	for i < len(sizes)-1 && sizes[i].n < want {
		i++
	}
	return sizes[i]
}
