package jsast

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// lexer turns source bytes into tokens on demand. It holds only the current
// token; the parser drives context-dependent re-scans (regular expressions,
// template continuations, '>' sequences and JSX) explicitly.
type lexer struct {
	src []byte
	lexState
	comments []Comment
	errs     []SyntaxError

	// lines, when not nil, collects the offsets that follow a '\n' as
	// the lexer passes them, for ParseFile's line table; lastLine is the
	// last one added. Speculation rewinds the lexer but not lines: every
	// offset in it follows a real '\n', and it only grows past lastLine.
	lines    []int
	lastLine int32

	// identEscape is set once an identifier with a backslash in it has
	// been scanned; speculation does not rewind it. Without one, a
	// File's identifiers read as they are written (see IdentName).
	identEscape bool
}

// line records that a '\n' ends just before off.
func (l *lexer) line(off int32) {
	if off > l.lastLine && l.lines != nil {
		l.lines = append(l.lines, int(off))
		l.lastLine = off
	}
}

type lexState struct {
	pos     int32 // end of the current token, where scanning resumes
	start   int32 // start of the current token
	prevEnd int32 // end of the previous token
	tok     Token
	nl      bool // a line terminator precedes the current token
	escaped bool // the current identifier contains unicode escapes
}

// snapshot is a saved lexer position for speculative parsing.
type snapshot struct {
	lexState
	ncomments int
	nerrs     int
}

func (l *lexer) save() snapshot {
	return snapshot{l.lexState, len(l.comments), len(l.errs)}
}

func (l *lexer) restore(s snapshot) {
	l.lexState = s.lexState
	l.comments = l.comments[:s.ncomments]
	l.errs = l.errs[:s.nerrs]
}

func (l *lexer) errorAt(off int32, msg string) {
	if n := len(l.errs); n > 0 && l.errs[n-1].Offset == off {
		return
	}
	l.errs = append(l.errs, SyntaxError{Offset: off, Message: msg})
}

// next scans the next token in the normal (non-JSX) goal.
func (l *lexer) next() {
	l.prevEnd = l.pos
	l.nl = false
	l.escaped = false
	// Most tokens follow the previous one directly or after one space:
	// settle those here rather than in a call to skipTrivia.
	src := l.src
	p := int(l.pos)
	if p < len(src) && src[p] == ' ' {
		p++
	}
	if p < len(src) && triviaStart[src[p]] {
		l.pos = int32(p)
		l.skipTrivia()
		p = int(l.pos)
	}
	l.start = int32(p)
	// Half of all tokens are identifiers or keywords: scan the plain ASCII
	// ones here, saving two calls per token.
	if p < len(src) && identStart[src[p]] {
		q := p + 1
		for q < len(src) && identPart[src[q]] {
			q++
		}
		if q == len(src) || src[q] != '\\' && src[q] < 0x80 {
			l.pos = int32(q)
			l.tok = lookupKeyword(src[p:q])
			return
		}
	}
	if p < len(src) {
		c := src[p]
		if t := singleByteToken[c]; t != 0 {
			l.pos = int32(p + 1)
			l.tok = t
			return
		}
		// A '.' that starts neither '...' nor a number is the next most
		// common token.
		if c == '.' && (p+1 == len(src) || src[p+1] != '.' && !isDecimal(src[p+1])) {
			l.pos = int32(p + 1)
			l.tok = TDot
			return
		}
	}
	l.pos = int32(p)
	l.tok = l.scan()
}

// singleByteToken holds the punctuators that are one byte whatever
// follows them; next returns them without a call to scan.
var singleByteToken = [256]Token{
	'{': TOpenBrace, '}': TCloseBrace, '(': TOpenParen, ')': TCloseParen,
	'[': TOpenBracket, ']': TCloseBracket, ';': TSemicolon, ',': TComma,
	':': TColon, '~': TTilde, '@': TAt,
}

// triviaStart holds the bytes that can start whitespace, a comment, a
// line terminator or a shebang ('/' and '#' also start tokens).
var triviaStart = func() (t [256]bool) {
	for _, c := range " \t\v\f\n\r/#" {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

func isLineTerminator(r rune) bool {
	return r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029
}

func isUnicodeSpace(r rune) bool {
	switch r {
	case 0xA0, 0xFEFF, 0x1680, 0x202F, 0x205F, 0x3000, 0x85, 0x180E:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func (l *lexer) skipTrivia() {
	src := l.src
	n := int32(len(src))
	p := l.pos
	for p < n {
		c := src[p]
		if c == ' ' {
			// Spaces are most of all trivia (indentation), and the
			// switch below compiles to a chain of comparisons.
			for p++; p < n && src[p] == ' '; p++ {
			}
			continue
		}
		if !triviaStart[c] {
			l.pos = p
			return
		}
		switch c {
		case ' ', '\t', '\v', '\f':
			p++
		case '\n', '\r':
			p++
			l.nl = true
			if c == '\n' {
				l.line(p)
			}
		case '/':
			if p+1 < n && src[p+1] == '/' {
				e := lineCommentEnd(src, p+2)
				l.comments = append(l.comments, Comment{Start: p, End: e})
				p = e
			} else if p+1 < n && src[p+1] == '*' {
				e, closed := blockCommentEnd(src, p+2)
				if !l.nl && hasLineTerminator(src[p+2:e]) {
					l.nl = true
				}
				if l.lines != nil {
					l.commentLines(p+2, e)
				}
				if closed {
					e += 2
				}
				l.comments = append(l.comments, Comment{Start: p, End: e, Block: true})
				if !closed {
					l.errorAt(e, "'*/' expected")
				}
				p = e
			} else {
				l.pos = p
				return
			}
		case '#':
			if p == 0 && n > 1 && src[1] == '!' {
				for p < n && src[p] != '\n' && src[p] != '\r' {
					p++
				}
				continue
			}
			l.pos = p
			return
		default:
			if c < 0x80 {
				l.pos = p
				return
			}
			r, w := utf8.DecodeRune(src[p:])
			if isLineTerminator(r) {
				l.nl = true
			} else if !isUnicodeSpace(r) {
				l.pos = p
				return
			}
			p += int32(w)
		}
	}
	l.pos = p
}

// The line terminators U+2028 and U+2029 in UTF-8. Their first byte starts
// no other line terminator, so a search for it finds every candidate.
const (
	lineSeparator      = "\u2028"
	paragraphSeparator = "\u2029"
)

// lineCommentEnd returns the offset of the line terminator that ends the
// line comment whose text starts at p, or len(src). Comments are long
// runs of plain bytes, so it searches with bytes.IndexByte rather than
// stepping through them.
func lineCommentEnd(src []byte, p int32) int32 {
	rest := src[p:]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		end = len(rest)
	}
	line := rest[:end]
	if i := bytes.IndexByte(line, '\r'); i >= 0 {
		line = line[:i]
	}
	if i := bytes.IndexByte(line, lineSeparator[0]); i >= 0 {
		for ; i < len(line); i++ {
			if line[i] == lineSeparator[0] && (bytes.HasPrefix(line[i:], []byte(lineSeparator)) || bytes.HasPrefix(line[i:], []byte(paragraphSeparator))) {
				line = line[:i]
				break
			}
		}
	}
	return p + int32(len(line))
}

// blockCommentEnd returns the offset of the '*/' that closes the block
// comment whose text starts at p, or len(src) and false. It looks for
// each '/' rather than each '*', which JSDoc puts on every line.
func blockCommentEnd(src []byte, p int32) (int32, bool) {
	for q := p; ; {
		i := bytes.IndexByte(src[q:], '/')
		if i < 0 {
			return int32(len(src)), false
		}
		q += int32(i)
		if q-1 >= p && src[q-1] == '*' {
			return q - 1, true
		}
		q++
	}
}

// commentLines records the line breaks in src[start:end].
func (l *lexer) commentLines(start, end int32) {
	for p := start; ; {
		i := bytes.IndexByte(l.src[p:end], '\n')
		if i < 0 {
			return
		}
		p += int32(i) + 1
		l.line(p)
	}
}

// hasLineTerminator reports whether b holds a line terminator.
func hasLineTerminator(b []byte) bool {
	return bytes.IndexByte(b, '\n') >= 0 || bytes.IndexByte(b, '\r') >= 0 ||
		bytes.IndexByte(b, lineSeparator[0]) >= 0 &&
			(bytes.Contains(b, []byte(lineSeparator)) || bytes.Contains(b, []byte(paragraphSeparator)))
}

// identStart and identPart hold the ASCII bytes that start and continue
// an identifier: the scanner's inner loop is one load per byte.
var identStart, identPart = func() (start, part [256]bool) {
	for c := 0; c < 0x80; c++ {
		start[c] = isIdentStartASCII(byte(c))
		part[c] = isIdentPartASCII(byte(c))
	}
	return start, part
}()

func isIdentStartASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentPartASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c >= '0' && c <= '9'
}

func isIDStart(r rune) bool {
	if r < 0x80 {
		return isIdentStartASCII(byte(r))
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isIDPart(r rune) bool {
	if r < 0x80 {
		return isIdentPartASCII(byte(r))
	}
	return isIDStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) ||
		r == 0x200C || r == 0x200D || unicode.Is(unicode.Other_ID_Continue, r)
}

func (l *lexer) peekByte(off int32) byte {
	if off < int32(len(l.src)) {
		return l.src[off]
	}
	return 0
}

// scan reads one token starting at l.pos (trivia already skipped).
func (l *lexer) scan() Token {
	src := l.src
	n := int32(len(src))
	p := l.pos
	if p >= n {
		return TEOF
	}
	c := src[p]
	at := func(i int32) byte {
		if p+i < n {
			return src[p+i]
		}
		return 0
	}
	tok, w := TSyntaxError, int32(1)
	switch c {
	case '{':
		tok = TOpenBrace
	case '}':
		tok = TCloseBrace
	case '(':
		tok = TOpenParen
	case ')':
		tok = TCloseParen
	case '[':
		tok = TOpenBracket
	case ']':
		tok = TCloseBracket
	case ';':
		tok = TSemicolon
	case ',':
		tok = TComma
	case ':':
		tok = TColon
	case '~':
		tok = TTilde
	case '@':
		tok = TAt
	case '.':
		if d := at(1); d >= '0' && d <= '9' {
			return l.scanNumber()
		}
		if at(1) == '.' && at(2) == '.' {
			tok, w = TDotDotDot, 3
		} else {
			tok = TDot
		}
	case '<':
		switch at(1) {
		case '=':
			tok, w = TLessThanEquals, 2
		case '<':
			if at(2) == '=' {
				tok, w = TLessThanLessThanEquals, 3
			} else {
				tok, w = TLessThanLessThan, 2
			}
		default:
			tok = TLessThan
		}
	case '>':
		tok = TGreaterThan
	case '=':
		switch at(1) {
		case '=':
			if at(2) == '=' {
				tok, w = TEqualsEqualsEquals, 3
			} else {
				tok, w = TEqualsEquals, 2
			}
		case '>':
			tok, w = TEqualsGreaterThan, 2
		default:
			tok = TEquals
		}
	case '!':
		if at(1) == '=' {
			if at(2) == '=' {
				tok, w = TExclamationEqualsEquals, 3
			} else {
				tok, w = TExclamationEquals, 2
			}
		} else {
			tok = TExclamation
		}
	case '+':
		switch at(1) {
		case '+':
			tok, w = TPlusPlus, 2
		case '=':
			tok, w = TPlusEquals, 2
		default:
			tok = TPlus
		}
	case '-':
		switch at(1) {
		case '-':
			tok, w = TMinusMinus, 2
		case '=':
			tok, w = TMinusEquals, 2
		default:
			tok = TMinus
		}
	case '*':
		switch at(1) {
		case '*':
			if at(2) == '=' {
				tok, w = TAsteriskAsteriskEquals, 3
			} else {
				tok, w = TAsteriskAsterisk, 2
			}
		case '=':
			tok, w = TAsteriskEquals, 2
		default:
			tok = TAsterisk
		}
	case '/':
		if at(1) == '=' {
			tok, w = TSlashEquals, 2
		} else {
			tok = TSlash
		}
	case '%':
		if at(1) == '=' {
			tok, w = TPercentEquals, 2
		} else {
			tok = TPercent
		}
	case '&':
		switch at(1) {
		case '&':
			if at(2) == '=' {
				tok, w = TAmpersandAmpersandEquals, 3
			} else {
				tok, w = TAmpersandAmpersand, 2
			}
		case '=':
			tok, w = TAmpersandEquals, 2
		default:
			tok = TAmpersand
		}
	case '|':
		switch at(1) {
		case '|':
			if at(2) == '=' {
				tok, w = TBarBarEquals, 3
			} else {
				tok, w = TBarBar, 2
			}
		case '=':
			tok, w = TBarEquals, 2
		default:
			tok = TBar
		}
	case '^':
		if at(1) == '=' {
			tok, w = TCaretEquals, 2
		} else {
			tok = TCaret
		}
	case '?':
		switch at(1) {
		case '?':
			if at(2) == '=' {
				tok, w = TQuestionQuestionEquals, 3
			} else {
				tok, w = TQuestionQuestion, 2
			}
		case '.':
			if d := at(2); d >= '0' && d <= '9' {
				tok = TQuestion
			} else {
				tok, w = TQuestionDot, 2
			}
		default:
			tok = TQuestion
		}
	case '"', '\'':
		return l.scanString(c)
	case '`':
		return l.scanTemplate(p + 1)
	case '#':
		if p+1 < n && (isIdentStartASCII(src[p+1]) || src[p+1] >= 0x80 || src[p+1] == '\\') {
			l.pos = p + 1
			if l.scanIdentifierRest() {
				return TPrivateName
			}
			l.pos = p + 1
		}
		l.errorAt(p, "Invalid character.")
		tok = THash
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return l.scanNumber()
	case '\\':
		return l.scanIdentifierSlow()
	default:
		if isIdentStartASCII(c) {
			return l.scanIdentifier()
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRune(src[p:])
			if isIDStart(r) {
				return l.scanIdentifierSlow()
			}
			w = int32(size)
		}
		l.errorAt(p, "Invalid character.")
		tok = TSyntaxError
	}
	l.pos = p + w
	return tok
}

// scanIdentifierRest consumes identifier characters starting at l.pos, which
// must be at an identifier start. It reports false if no identifier starts there.
func (l *lexer) scanIdentifierRest() bool {
	src := l.src
	n := int32(len(src))
	p := l.pos
	first := true
	for p < n {
		c := src[p]
		if c < 0x80 {
			if first && isIdentStartASCII(c) || !first && isIdentPartASCII(c) {
				p++
				first = false
				continue
			}
			if c == '\\' {
				l.identEscape = true
				r, end, ok := l.scanUnicodeEscape(p)
				if !ok || (first && !isIDStart(r)) || (!first && !isIDPart(r)) {
					if first {
						return false
					}
					l.errorAt(p, "Invalid character.")
					p = end
					break
				}
				l.escaped = true
				p = end
				first = false
				continue
			}
			break
		}
		r, w := utf8.DecodeRune(src[p:])
		if first && isIDStart(r) || !first && isIDPart(r) {
			p += int32(w)
			first = false
			continue
		}
		break
	}
	l.pos = p
	return !first
}

// scanUnicodeEscape decodes \uXXXX or \u{X...} at p.
func (l *lexer) scanUnicodeEscape(p int32) (rune, int32, bool) {
	src := l.src
	n := int32(len(src))
	if p+1 >= n || src[p+1] != 'u' {
		return 0, p + 1, false
	}
	p += 2
	var r rune
	if p < n && src[p] == '{' {
		p++
		digits := 0
		for p < n && src[p] != '}' {
			d := hexVal(src[p])
			if d < 0 {
				return 0, p, false
			}
			r = r*16 + rune(d)
			if r > 0x10FFFF {
				return 0, p, false
			}
			p++
			digits++
		}
		if p >= n || digits == 0 {
			return 0, p, false
		}
		return r, p + 1, true
	}
	for i := 0; i < 4; i++ {
		if p >= n {
			return 0, p, false
		}
		d := hexVal(src[p])
		if d < 0 {
			return 0, p, false
		}
		r = r*16 + rune(d)
		p++
	}
	return r, p, true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// scanIdentifier scans an identifier or keyword that starts with an ASCII
// identifier character at l.pos. Almost all identifiers are ASCII without
// escapes; the others are left to scanIdentifierSlow.
func (l *lexer) scanIdentifier() Token {
	src := l.src
	start := int(l.pos)
	p := start + 1
	for p < len(src) && identPart[src[p]] {
		p++
	}
	if p < len(src) && (src[p] == '\\' || src[p] >= 0x80) {
		return l.scanIdentifierSlow()
	}
	l.pos = int32(p)
	return lookupKeyword(src[start:p])
}

// scanIdentifierSlow scans an identifier that may contain unicode escapes
// and non-ASCII characters.
func (l *lexer) scanIdentifierSlow() Token {
	start := l.pos
	if !l.scanIdentifierRest() {
		l.errorAt(start, "Invalid character.")
		l.pos = start + 1
		return TSyntaxError
	}
	if l.escaped {
		return TIdentifier
	}
	return lookupKeyword(l.src[start:l.pos])
}

// lookupKeyword classifies an identifier. It is small enough to be inlined
// into next: every keyword starts with a lowercase letter, and the hash
// leaves one candidate to compare.
func lookupKeyword(b []byte) Token {
	if len(b) < 2 || b[0] < 'a' {
		return TIdentifier
	}
	if e := &keywordEntries[keywordSlot[keywordHash(b)]]; e.text == string(b) {
		return e.tok
	}
	return TIdentifier
}

func (l *lexer) scanNumber() Token {
	src := l.src
	n := int32(len(src))
	p := l.pos
	start := p
	tok := TNumber
	digits := func(p int32, ok func(byte) bool) int32 {
		prevSep := false
		begin := p
		for p < n {
			c := src[p]
			if c == '_' {
				if prevSep {
					l.errorAt(p, "Multiple consecutive numeric separators are not permitted.")
				} else if p == begin {
					l.errorAt(p, "Numeric separators are not allowed here.")
				}
				prevSep = true
				p++
				continue
			}
			if !ok(c) {
				break
			}
			prevSep = false
			p++
		}
		if prevSep {
			l.errorAt(p-1, "Numeric separators are not allowed here.")
		}
		return p
	}
	isDec := func(c byte) bool { return c >= '0' && c <= '9' }
	if src[p] == '0' && p+1 < n {
		var ok func(byte) bool
		switch src[p+1] | 0x20 {
		case 'x':
			ok = func(c byte) bool { return hexVal(c) >= 0 }
		case 'o':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		}
		if ok != nil {
			q := digits(p+2, ok)
			if q == p+2 {
				l.errorAt(q, "Digit expected.")
			}
			p = q
			if p < n && src[p] == 'n' {
				p++
				tok = TBigInt
			}
			return l.finishNumber(start, p, tok)
		}
		if src[p+1] == '_' {
			l.errorAt(p+1, "Numeric separators are not allowed here.")
		}
		if isDec(src[p+1]) {
			// A legacy octal literal, or a decimal with a leading zero:
			// both are syntax errors in TypeScript.
			for p < n && isDec(src[p]) {
				p++
			}
			octal := true
			for _, c := range src[start:p] {
				if c >= '8' {
					octal = false
				}
			}
			if octal {
				l.errorAt(start, "Octal literals are not allowed. Use the syntax '0o"+string(src[start+1:p])+"'.")
				return l.finishNumber(start, p, tok)
			}
			l.errorAt(start, "Decimals with leading zeros are not allowed.")
			if !(p < n && (src[p] == '.' || (src[p]|0x20) == 'e')) {
				return l.finishNumber(start, p, tok)
			}
		}
	}
	if src[p] != '.' {
		p = digits(p, isDec)
	}
	isInt := true
	if p < n && src[p] == '.' {
		isInt = false
		p = digits(p+1, isDec)
	}
	if p < n && (src[p]|0x20) == 'e' {
		q := p + 1
		if q < n && (src[q] == '+' || src[q] == '-') {
			q++
		}
		if q < n && isDec(src[q]) {
			isInt = false
			p = digits(q, isDec)
		} else {
			l.errorAt(q, "Digit expected.")
			p = q
		}
	}
	if isInt && p < n && src[p] == 'n' {
		p++
		tok = TBigInt
	}
	return l.finishNumber(start, p, tok)
}

func (l *lexer) finishNumber(start, p int32, tok Token) Token {
	l.pos = p
	if p < int32(len(l.src)) {
		c := l.src[p]
		bad := isIdentStartASCII(c) || c == '\\'
		if !bad && c >= 0x80 {
			r, _ := utf8.DecodeRune(l.src[p:])
			bad = isIDStart(r)
		}
		if bad {
			l.errorAt(p, "An identifier or keyword cannot immediately follow a numeric literal.")
			l.scanIdentifierRest()
		}
	}
	return tok
}

// stringSpecial holds the bytes that can end a string literal or start
// an escape; scanString skips the others one table load at a time.
var stringSpecial = [256]bool{'"': true, '\'': true, '\\': true, '\n': true, '\r': true}

func (l *lexer) scanString(quote byte) Token {
	src := l.src
	n := int32(len(src))
	p := l.pos + 1
	for {
		for p < n && !stringSpecial[src[p]] {
			p++
		}
		if p >= n {
			p = n
			l.errorAt(n, "Unterminated string literal.")
			break
		}
		c := src[p]
		if c == quote {
			p++
			break
		}
		if c == '\\' {
			p = l.checkEscape(p, n)
			continue
		}
		if c == '\n' || c == '\r' {
			l.errorAt(p, "Unterminated string literal.")
			break
		}
		p++
	}
	if p > n {
		p = n
	}
	l.pos = p
	return TString
}

// scanTemplate scans template characters from p (just after '`' or '}')
// up to and including the closing '`' or '${'.
func (l *lexer) scanTemplate(p int32) Token {
	head := l.src[l.start] == '`'
	src := l.src
	n := int32(len(src))
	for {
		if p >= n {
			l.errorAt(n, "Unterminated template literal.")
			l.pos = n
			if head {
				return TNoSubstitutionTemplate
			}
			return TTemplateTail
		}
		c := src[p]
		if c == '`' {
			l.pos = p + 1
			if head {
				return TNoSubstitutionTemplate
			}
			return TTemplateTail
		}
		if c == '$' && p+1 < n && src[p+1] == '{' {
			l.pos = p + 2
			if head {
				return TTemplateHead
			}
			return TTemplateMiddle
		}
		if c == '\\' {
			if p+1 < n && src[p+1] == '\n' {
				l.line(p + 2)
			}
			p += 2
			continue
		}
		p++
		if c == '\n' {
			l.line(p)
		}
	}
}

// rescanTemplateContinuation re-reads a '}' token as the continuation of a
// template literal.
func (l *lexer) rescanTemplateContinuation() {
	l.tok = l.scanTemplate(l.start + 1)
}

// rescanSlash re-reads a '/' or '/=' token as a regular expression literal.
func (l *lexer) rescanSlash() {
	src := l.src
	n := int32(len(src))
	p := l.start + 1
	inClass := false
	for {
		if p >= n {
			l.errorAt(l.start, "Unterminated regular expression literal.")
			l.pos = p
			l.tok = TRegExp
			return
		}
		c := src[p]
		if c == '\n' || c == '\r' {
			l.errorAt(l.start, "Unterminated regular expression literal.")
			l.pos = p
			l.tok = TRegExp
			return
		}
		if c >= 0x80 {
			r, w := utf8.DecodeRune(src[p:])
			if r == 0x2028 || r == 0x2029 {
				l.errorAt(l.start, "Unterminated regular expression literal.")
				l.pos = p
				l.tok = TRegExp
				return
			}
			p += int32(w)
			continue
		}
		if c == '\\' {
			p++
			if p < n && src[p] != '\n' && src[p] != '\r' {
				if src[p] >= 0x80 {
					_, w := utf8.DecodeRune(src[p:])
					p += int32(w)
				} else {
					p++
				}
			}
			continue
		}
		p++
		if c == '/' && !inClass {
			break
		}
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		}
	}
	// Flags are identifier characters; TypeScript's parser leaves their
	// validation (unknown or repeated flags) to the checker.
	for p < n {
		c := src[p]
		if isIdentPartASCII(c) {
			p++
			continue
		}
		if c >= 0x80 {
			if r, w := utf8.DecodeRune(src[p:]); isIDPart(r) {
				p += int32(w)
				continue
			}
		}
		break
	}
	l.pos = p
	l.tok = TRegExp
}

// rescanGreater merges a '>' token with directly following '>' and '='
// characters into the longest operator. Types close nested type argument
// lists with single '>' tokens, so only binary-operator positions call this.
func (l *lexer) rescanGreater() {
	if l.tok != TGreaterThan {
		return
	}
	p := l.start + 1
	switch l.peekByte(p) {
	case '>':
		if l.peekByte(p+1) == '>' {
			if l.peekByte(p+2) == '=' {
				l.tok, l.pos = TGreaterThanGreaterThanGreaterThanEquals, p+3
			} else {
				l.tok, l.pos = TGreaterThanGreaterThanGreaterThan, p+2
			}
		} else if l.peekByte(p+1) == '=' {
			l.tok, l.pos = TGreaterThanGreaterThanEquals, p+2
		} else {
			l.tok, l.pos = TGreaterThanGreaterThan, p+1
		}
	case '=':
		l.tok, l.pos = TGreaterThanEquals, p+1
	}
}

// rescanLessThan splits a '<<' or '<=' style token so that a type argument
// list can start at its first '<'.
func (l *lexer) rescanLessThan() {
	switch l.tok {
	case TLessThanLessThan, TLessThanEquals, TLessThanLessThanEquals:
		l.tok, l.pos = TLessThan, l.start+1
	}
}

// scanJSXIdentifier extends the current identifier-like token with '-'
// and identifier characters, as JSX tag and attribute names allow.
func (l *lexer) scanJSXIdentifier() {
	if !l.tok.IsIdentifierName() {
		return
	}
	src := l.src
	n := int32(len(src))
	p := l.pos
	ext := false
	for p < n {
		c := src[p]
		if c == '-' || isIdentPartASCII(c) {
			p++
			ext = true
			continue
		}
		if c >= 0x80 {
			r, w := utf8.DecodeRune(src[p:])
			if isIDPart(r) {
				p += int32(w)
				ext = true
				continue
			}
		}
		break
	}
	if ext {
		l.pos = p
		l.tok = TIdentifier
	}
}

// nextJSXChild scans the next token among JSX children: '<', '{' or text.
func (l *lexer) nextJSXChild() {
	l.prevEnd = l.pos
	l.nl = false
	l.escaped = false
	src := l.src
	n := int32(len(src))
	p := l.pos
	l.start = p
	if p >= n {
		l.tok = TEOF
		return
	}
	switch src[p] {
	case '<':
		l.tok, l.pos = TLessThan, p+1
		return
	case '{':
		l.tok, l.pos = TOpenBrace, p+1
		return
	}
	allWS := true
	for p < n {
		c := src[p]
		if c == '<' || c == '{' {
			break
		}
		switch c {
		case '>':
			l.errorAt(p, "Unexpected token. Did you mean `{'>'}` or `&gt;`?")
		case '}':
			l.errorAt(p, "Unexpected token. Did you mean `{'}'}` or `&rbrace;`?")
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			allWS = false
		}
		p++
		if c == '\n' {
			l.line(p)
		}
	}
	l.pos = p
	if allWS {
		l.tok = TJSXTextAllWhitespace
	} else {
		l.tok = TJSXText
	}
}

// nextJSXAttributeValue scans the token after '=' in a JSX attribute: JSX
// strings have no escapes and may span lines.
func (l *lexer) nextJSXAttributeValue() {
	l.prevEnd = l.pos
	l.nl = false
	l.escaped = false
	l.skipTrivia()
	l.start = l.pos
	src := l.src
	n := int32(len(src))
	if l.pos < n && (src[l.pos] == '"' || src[l.pos] == '\'') {
		q := src[l.pos]
		p := l.pos + 1
		for p < n && src[p] != q {
			p++
			if src[p-1] == '\n' {
				l.line(p)
			}
		}
		if p >= n {
			l.errorAt(n, "Unterminated string literal.")
			l.pos = n
		} else {
			l.pos = p + 1
		}
		l.tok = TString
		return
	}
	l.tok = l.scan()
}

// checkEscape validates the escape sequence whose backslash is at p and
// returns the offset after it. Like TypeScript, it rejects octal escapes,
// \8 and \9, and malformed \x and \u escapes.
func (l *lexer) checkEscape(p, n int32) int32 {
	src := l.src
	bs := p
	p++
	if p >= n {
		return p
	}
	c := src[p]
	p++
	switch {
	case c == '\r':
		if p < n && src[p] == '\n' {
			p++
		}
	case c == '0' && !(p < n && isDecimal(src[p])):
		// \0 is the NUL character.
	case c >= '0' && c <= '7':
		v := int(c - '0')
		for i := 0; i < 2 && p < n && src[p] >= '0' && src[p] <= '7' && v*8+int(src[p]-'0') <= 255; i++ {
			v = v*8 + int(src[p]-'0')
			p++
		}
		const hex = "0123456789abcdef"
		l.errorAt(bs, "Octal escape sequences are not allowed. Use the syntax '\\x"+string(hex[v>>4])+string(hex[v&15])+"'.")
	case c == '8' || c == '9':
		l.errorAt(bs, "Escape sequence '\\"+string(c)+"' is not allowed.")
	case c == 'x':
		for i := 0; i < 2; i++ {
			if p >= n || hexVal(src[p]) < 0 {
				l.errorAt(p, "Hexadecimal digit expected.")
				return p
			}
			p++
		}
	case c == 'u':
		if p < n && src[p] == '{' {
			p++
			first := p
			var v rune
			for p < n && hexVal(src[p]) >= 0 {
				if v <= 0x10FFFF {
					v = v*16 + rune(hexVal(src[p]))
				}
				p++
			}
			switch {
			case p == first:
				l.errorAt(p, "Hexadecimal digit expected.")
			case v > 0x10FFFF:
				l.errorAt(first, "An extended Unicode escape value must be between 0x0 and 0x10FFFF inclusive.")
			case p >= n || src[p] != '}':
				l.errorAt(p, "Unterminated Unicode escape sequence.")
			default:
				p++
			}
			return p
		}
		for i := 0; i < 4; i++ {
			if p >= n || hexVal(src[p]) < 0 {
				l.errorAt(p, "Hexadecimal digit expected.")
				return p
			}
			p++
		}
	case c >= 0x80:
		_, w := utf8.DecodeRune(src[p-1:])
		p += int32(w) - 1
	}
	return p
}

func isDecimal(c byte) bool { return c >= '0' && c <= '9' }

// checkTemplateEscapes validates the escapes of a template part
// [start, end); tagged templates skip this, since they may hold any escape.
func (l *lexer) checkTemplateEscapes(start, end int32) {
	for p := start; p < end; {
		if l.src[p] == '\\' {
			p = l.checkEscape(p, end)
			continue
		}
		p++
	}
}
