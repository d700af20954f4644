package jsast

// parseStatements parses statements up to end (not consumed), pushing them
// onto the stack above mark. A token that starts no statement is reported
// and skipped, so one bad statement never stops the rest of the file.
func (p *parser) parseStatements(end Token, mark int) {
	for p.tok != end && p.tok != TEOF {
		before := p.start
		s := p.parseStatement()
		if s != nil {
			p.push(s)
		}
		if p.start == before && p.tok != end && p.tok != TEOF {
			p.errorAt(p.start, "unexpected "+p.describe())
			p.next()
		}
	}
}

func (p *parser) parseBlock() *Node {
	n := p.alloc(KindBlock, p.start)
	if !p.expect(TOpenBrace) {
		return p.finish(n)
	}
	if !p.enter() {
		return p.finish(n)
	}
	mark := len(p.stack)
	p.parseStatements(TCloseBrace, mark)
	n.List = p.takeList(mark)
	p.expect(TCloseBrace)
	p.leave()
	return p.finish(n)
}

// parseStatement parses one statement or declaration.
func (p *parser) parseStatement() *Node {
	if !p.enter() {
		return nil
	}
	// Not deferred: with this many returns the compiler cannot open-code
	// a defer, and the defer record it falls back to is a measurable part
	// of parsing a statement.
	n := p.parseStatementInDepth()
	p.leave()
	return n
}

func (p *parser) parseStatementInDepth() *Node {
	start := p.start
	switch p.tok {
	case TOpenBrace:
		return p.parseBlock()
	case TSemicolon:
		return p.leaf(KindEmpty)
	case TVar:
		return p.parseVarStatement(start, 0, nil)
	case TLet:
		if t, _ := p.peek(); isBindingIdent(t) || t == TOpenBracket || t == TOpenBrace {
			return p.parseVarStatement(start, 0, nil)
		}
	case TConst:
		if p.mayBeEnumAfter() && p.peekIs(TEnum) {
			p.next()
			return p.parseEnum(start, FlagConst, nil)
		}
		return p.parseVarStatement(start, 0, nil)
	case TUsing:
		if p.isUsingDeclaration() {
			return p.parseVarStatement(start, 0, nil)
		}
	case TAwait:
		if p.isAwaitUsingDeclaration() {
			return p.parseVarStatement(start, 0, nil)
		}
	case TFunction:
		return p.parseFunction(start, 0, nil, false)
	case TClass:
		return p.parseClass(start, 0, nil, false)
	case TAt:
		decos := p.parseDecorators()
		return p.parseDeclarationAfterModifiers(start, p.parseModifiers(false), decos)
	case TIf:
		return p.parseIf()
	case TDo:
		return p.parseDoWhile()
	case TWhile:
		n := p.alloc(KindWhile, start)
		p.next()
		n.X = p.parseParenCondition()
		n.Body = p.parseStatement()
		return p.finish(n)
	case TFor:
		return p.parseFor()
	case TContinue, TBreak:
		kind := KindContinue
		if p.tok == TBreak {
			kind = KindBreak
		}
		n := p.alloc(kind, start)
		p.next()
		if !p.canInsertSemicolon() && p.isIdent() {
			n.Name = p.parseIdentifier()
		}
		p.semicolon()
		return p.finish(n)
	case TReturn:
		n := p.alloc(KindReturn, start)
		p.next()
		if !p.canInsertSemicolon() {
			n.X = p.parseExpression()
		}
		p.semicolon()
		return p.finish(n)
	case TWith:
		n := p.alloc(KindWith, start)
		p.next()
		n.X = p.parseParenCondition()
		n.Body = p.parseStatement()
		return p.finish(n)
	case TSwitch:
		return p.parseSwitch()
	case TThrow:
		n := p.alloc(KindThrow, start)
		p.next()
		if !p.nl {
			n.X = p.parseExpression()
		}
		p.semicolon()
		return p.finish(n)
	case TTry:
		return p.parseTry()
	case TDebugger:
		n := p.leaf(KindDebugger)
		p.semicolon()
		return p.finish(n)
	case TImport:
		// Look at the next token without rewinding, so that the
		// declaration, by far the most common case, need not lex it again.
		s := p.save()
		p.next()
		if p.tok != TOpenParen && p.tok != TDot {
			return p.parseImportAfterKeyword(start, 0)
		}
		p.restore(s)
	case TExport:
		s := p.save()
		p.next()
		if exportStartsDeclaration(p.tok) {
			return p.parseExportAfterKeyword(start, nil)
		}
		p.restore(s)
		if p.isStartOfDeclaration() {
			return p.parseExport(start, nil)
		}
		p.errorAt(start, "expected declaration or statement but found 'export'")
		p.next()
		return nil
	case TEnum:
		return p.parseEnum(start, 0, nil)
	case TInterface, TType, TNamespace, TModule, TGlobal, TDeclare, TAbstract, TAsync,
		TPublic, TPrivate, TProtected, TStatic, TReadonly, TAccessor, TOverride:
		if p.isStartOfDeclaration() {
			return p.parseDeclarationAfterModifiers(start, p.parseModifiers(false), nil)
		}
	}
	if p.isIdent() {
		if c := p.byteAfter(); (c == 0 || c == ':') && p.peekIs(TColon) {
			n := p.alloc(KindLabeled, start)
			n.Name = p.parseIdentifier()
			p.next()
			n.Body = p.parseStatement()
			return p.finish(n)
		}
	}
	n := p.alloc(KindExprStmt, start)
	n.X = p.parseExpression()
	if x := n.X; x.Kind == KindIdentifier && p.tok != TSemicolon && !p.canInsertSemicolon() &&
		string(p.src[x.Start:x.End]) == "declare" {
		// TypeScript's parser accepts 'declare x;' as two expression
		// statements (the checker reports it), so do not insist on ';'.
		return p.finish(n)
	}
	p.semicolon()
	return p.finish(n)
}

func (p *parser) parseParenCondition() *Node {
	p.expect(TOpenParen)
	x := p.parseExpression()
	p.expect(TCloseParen)
	return x
}

func (p *parser) parseIf() *Node {
	n := p.alloc(KindIf, p.start)
	p.next()
	n.X = p.parseParenCondition()
	n.Y = p.parseStatement()
	if p.eat(TElse) {
		n.Z = p.parseStatement()
	}
	return p.finish(n)
}

func (p *parser) parseDoWhile() *Node {
	n := p.alloc(KindDoWhile, p.start)
	p.next()
	n.Body = p.parseStatement()
	p.expect(TWhile)
	n.X = p.parseParenCondition()
	// A semicolon after do-while is always optional.
	p.eat(TSemicolon)
	return p.finish(n)
}

func (p *parser) isUsingDeclaration() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	return !p.nl && isBindingIdent(p.tok) && p.tok != TOf && p.tok != TIn
}

func (p *parser) isAwaitUsingDeclaration() bool {
	if c := p.byteAfter(); c != 0 && c != 'u' {
		return false
	}
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok != TUsing || p.nl {
		return false
	}
	p.next()
	return !p.nl && p.isIdent() && p.tok != TIn
}

func (p *parser) parseFor() *Node {
	start := p.start
	p.next()
	flags := Flags(0)
	if p.tok == TAwait {
		flags |= FlagAwait
		p.next()
	}
	p.expect(TOpenParen)
	var init *Node
	if p.tok != TSemicolon {
		old := p.with(ctxDisallowIn, 0)
		declStart := p.start
		switch {
		case p.tok == TVar || p.tok == TConst:
			init = p.parseVarList(declStart, 0, nil, true)
		case p.tok == TLet:
			// In a for head, 'let' always starts a declaration.
			init = p.parseVarList(declStart, 0, nil, true)
		case p.tok == TUsing:
			if p.isUsingDeclaration() {
				init = p.parseVarList(declStart, 0, nil, true)
			}
		case p.tok == TAwait:
			if p.isAwaitUsingDeclaration() {
				init = p.parseVarList(declStart, 0, nil, true)
			}
		}
		if init == nil {
			init = p.parseExpression()
		}
		p.ctx = old
	}
	if flags&FlagAwait != 0 && p.tok != TOf {
		p.errorExpected("'of'")
	}
	var n *Node
	switch {
	case p.tok == TOf:
		n = p.alloc(KindForOf, start)
		p.next()
		n.X = init
		n.Y = p.parseAssignment()
	case p.tok == TIn:
		n = p.alloc(KindForIn, start)
		p.next()
		n.X = init
		n.Y = p.parseExpression()
	default:
		n = p.alloc(KindFor, start)
		n.X = init
		p.expect(TSemicolon)
		if p.tok != TSemicolon {
			n.Y = p.parseExpression()
		}
		p.expect(TSemicolon)
		if p.tok != TCloseParen {
			n.Z = p.parseExpression()
		}
	}
	n.Flags |= flags
	p.expect(TCloseParen)
	n.Body = p.parseStatement()
	return p.finish(n)
}

func (p *parser) parseSwitch() *Node {
	n := p.alloc(KindSwitch, p.start)
	p.next()
	n.X = p.parseParenCondition()
	p.expect(TOpenBrace)
	mark := len(p.stack)
	for p.tok != TCloseBrace && p.tok != TEOF {
		c := p.alloc(KindCase, p.start)
		if p.eat(TDefault) {
			c.Kind = KindDefault
		} else if p.eat(TCase) {
			c.X = p.parseExpression()
		} else {
			p.errorExpected("'case' or 'default'")
			p.next()
			continue
		}
		p.expect(TColon)
		m := len(p.stack)
		for p.tok != TCase && p.tok != TDefault && p.tok != TCloseBrace && p.tok != TEOF {
			before := p.start
			if s := p.parseStatement(); s != nil {
				p.push(s)
			}
			if p.start == before && p.tok != TCloseBrace && p.tok != TEOF {
				p.errorAt(p.start, "unexpected "+p.describe())
				p.next()
			}
		}
		c.List = p.takeList(m)
		p.push(p.finish(c))
	}
	n.List = p.takeList(mark)
	p.expect(TCloseBrace)
	return p.finish(n)
}

func (p *parser) parseTry() *Node {
	n := p.alloc(KindTry, p.start)
	p.next()
	n.X = p.parseBlock()
	if p.tok == TCatch {
		c := p.alloc(KindCatch, p.start)
		p.next()
		if p.eat(TOpenParen) {
			c.Name = p.parseBindingTarget()
			if p.eat(TColon) {
				c.Type = p.parseType()
			}
			if p.eat(TEquals) {
				// An initializer is a semantic error, not a syntax error.
				c.Y = p.parseAssignmentAllowIn()
			}
			p.expect(TCloseParen)
		}
		c.Body = p.parseBlock()
		n.Y = p.finish(c)
	}
	if p.eat(TFinally) {
		n.Z = p.parseBlock()
	}
	if n.Y == nil && n.Z == nil {
		p.errorExpected("'catch' or 'finally'")
	}
	return p.finish(n)
}

// parseVarStatement parses var/let/const/using/await using declarations.
func (p *parser) parseVarStatement(start int32, mods Flags, decos []*Node) *Node {
	n := p.parseVarList(start, mods, decos, false)
	p.semicolon()
	return p.finish(n)
}

func (p *parser) parseVarList(start int32, mods Flags, decos []*Node, inFor bool) *Node {
	n := p.alloc(KindVarStmt, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	n.Op = p.tok
	if p.tok == TAwait {
		p.next() // 'using' follows
	}
	p.next()
	mark := len(p.stack)
	if inFor && p.tok == TOf && p.ofEndsForHead() {
		// 'for (let of x)': an empty declaration list, then 'of'.
		return p.finish(n)
	}
	if !isBindingIdent(p.tok) && p.tok != TOpenBracket && p.tok != TOpenBrace && p.tok != TPrivateName && (p.canInsertSemicolon() || inFor && p.tok == TIn) {
		// An empty list ('const;') is a semantic error in TypeScript.
		return p.finish(n)
	}
	for {
		d := p.alloc(KindVarDecl, p.start)
		d.Name = p.parseBindingTarget()
		if p.tok == TExclamation && !p.nl {
			p.next()
			d.Flags |= FlagDefinite
		}
		if p.eat(TColon) {
			d.Type = p.parseType()
		}
		if p.eat(TEquals) {
			d.Y = p.parseAssignment()
		}
		p.push(p.finish(d))
		if !p.eat(TComma) {
			break
		}
		// A trailing comma before the end of the statement is a semantic
		// error, not a syntax error.
		if !isBindingIdent(p.tok) && p.tok != TOpenBracket && p.tok != TOpenBrace && p.tok != TPrivateName && (p.canInsertSemicolon() || inFor && (p.tok == TIn || p.tok == TOf)) {
			break
		}
	}
	n.List = p.takeList(mark)
	return p.finish(n)
}

// parseBindingTarget parses a binding identifier or destructuring pattern.
func (p *parser) parseBindingTarget() *Node {
	switch p.tok {
	case TOpenBrace:
		return p.parseObjectBindingPattern()
	case TOpenBracket:
		return p.parseArrayBindingPattern()
	}
	return p.parseBindingIdentifier()
}

func (p *parser) parseObjectBindingPattern() *Node {
	n := p.alloc(KindObjectBindingPattern, p.start)
	p.next()
	if !p.enter() {
		return p.finish(n)
	}
	mark := len(p.stack)
	for p.tok != TCloseBrace && p.tok != TEOF {
		e := p.alloc(KindBindingElement, p.start)
		if p.eat(TDotDotDot) {
			e.Flags |= FlagRest
			e.Name = p.parseBindingIdentifier()
		} else {
			name := p.parsePropertyName()
			if p.eat(TColon) {
				e.X = name
				e.Name = p.parseBindingTarget()
			} else {
				if name.Kind != KindIdentifier {
					p.errorExpected("':'")
				}
				e.Name = name
			}
			if p.eat(TEquals) {
				e.Y = p.parseAssignmentAllowIn()
			}
		}
		p.push(p.finish(e))
		if !p.eat(TComma) {
			break
		}
	}
	n.List = p.takeList(mark)
	p.expect(TCloseBrace)
	p.leave()
	return p.finish(n)
}

func (p *parser) parseArrayBindingPattern() *Node {
	n := p.alloc(KindArrayBindingPattern, p.start)
	p.next()
	if !p.enter() {
		return p.finish(n)
	}
	mark := len(p.stack)
	for p.tok != TCloseBracket && p.tok != TEOF {
		if p.tok == TComma {
			o := p.alloc(KindOmitted, p.start)
			o.End = p.start
			p.push(o)
			p.next()
			continue
		}
		e := p.alloc(KindBindingElement, p.start)
		if p.eat(TDotDotDot) {
			e.Flags |= FlagRest
		}
		e.Name = p.parseBindingTarget()
		if p.eat(TEquals) {
			e.Y = p.parseAssignmentAllowIn()
		}
		p.push(p.finish(e))
		if !p.eat(TComma) {
			break
		}
	}
	n.List = p.takeList(mark)
	p.expect(TCloseBracket)
	p.leave()
	return p.finish(n)
}

// exportStartsDeclaration reports whether t, following 'export', makes
// isStartOfDeclaration true whatever comes after it.
func exportStartsDeclaration(t Token) bool {
	switch t {
	case TVar, TLet, TConst, TFunction, TClass, TEnum,
		TEquals, TAsterisk, TOpenBrace, TDefault, TAs, TAt:
		return true
	}
	return false
}

// mayBeEnumAfter reports whether the token after the current one may be
// 'enum', judging by its first byte where that tells, so that 'const x'
// need not lex x twice.
func (p *parser) mayBeEnumAfter() bool {
	c := p.byteAfter()
	return c == 0 || c == 'e'
}

// isStartOfDeclaration looks past modifiers for a declaration keyword.
func (p *parser) isStartOfDeclaration() bool {
	s := p.save()
	defer p.restore(s)
	// Real declarations have a handful of modifiers; past that, treat the
	// run as modifiers so that long runs stay linear (they are an error
	// either way).
	for i := 0; ; i++ {
		if i > 32 {
			return true
		}
		switch p.tok {
		case TVar, TLet, TConst, TFunction, TClass, TEnum:
			return true
		case TInterface, TType:
			p.next()
			return !p.nl && p.isIdent()
		case TModule, TNamespace:
			p.next()
			return !p.nl && (p.isIdent() || p.tok == TString)
		case TAbstract, TAccessor, TAsync, TDeclare, TPrivate, TProtected, TPublic, TReadonly, TOverride:
			p.next()
			if p.nl {
				return false
			}
		case TGlobal:
			p.next()
			return p.tok == TOpenBrace || p.isIdent() || p.tok == TExport
		case TImport:
			p.next()
			return p.tok == TString || p.tok == TAsterisk || p.tok == TOpenBrace || p.isIdent()
		case TExport:
			p.next()
			if p.tok == TEquals || p.tok == TAsterisk || p.tok == TOpenBrace || p.tok == TDefault || p.tok == TAs || p.tok == TAt {
				return true
			}
			if p.tok == TType {
				if t, _ := p.peek(); t == TOpenBrace || t == TAsterisk {
					return true
				}
			}
			if p.tok == TAwait {
				return p.isAwaitUsingDeclaration()
			}
		case TStatic:
			p.next()
		case TUsing:
			p.next()
			return !p.nl && p.isIdent()
		default:
			return false
		}
	}
}

// parseModifiers consumes modifier keywords that are followed by something
// a modifier can precede. inClass selects class-member rules.
func (p *parser) parseModifiers(inClass bool) Flags {
	var flags Flags
	for {
		f := modifierFlag(p.tok)
		if f == 0 || f == FlagConst && !p.mayBeEnumAfter() {
			return flags
		}
		// Step over the modifier and look at what follows, rewinding
		// only when it cannot be one, so that the token after a
		// modifier is not lexed twice.
		s := p.save()
		t := p.tok
		p.next()
		if !p.canFollowModifierToken(t, inClass, s) {
			p.restore(s)
			return flags
		}
		if t == TDefault {
			p.next() // canFollowModifierToken rewound to 'default'
		}
		flags |= f
	}
}

func modifierFlag(t Token) Flags {
	switch t {
	case TExport:
		return FlagExport
	case TDefault:
		return FlagDefault
	case TDeclare:
		return FlagDeclare
	case TAbstract:
		return FlagAbstract
	case TStatic:
		return FlagStatic
	case TReadonly:
		return FlagReadonly
	case TAsync:
		return FlagAsync
	case TPublic:
		return FlagPublic
	case TPrivate:
		return FlagPrivate
	case TProtected:
		return FlagProtected
	case TOverride:
		return FlagOverride
	case TAccessor:
		return FlagAccessor
	case TConst:
		return FlagConst
	case TIn:
		return FlagIn
	case TOut:
		return FlagOut
	}
	return 0
}

func (p *parser) nextCanFollowModifier(inClass bool) bool {
	if p.tok == TConst && !p.mayBeEnumAfter() {
		return false
	}
	s := p.save()
	defer p.restore(s)
	t := p.tok
	p.next()
	return p.canFollowModifierToken(t, inClass, s)
}

// canFollowModifierToken reports whether the current token can follow
// the modifier t, which starts at s. For t 'default' it leaves the lexer
// rewound to s.
func (p *parser) canFollowModifierToken(t Token, inClass bool, s snapshot) bool {
	switch t {
	case TConst:
		return p.tok == TEnum
	case TExport:
		if p.tok == TDefault {
			// 'export default' is a modifier pair only before a
			// declaration ('export export default x' is an export
			// assignment with a repeated modifier).
			return p.nextCanFollowDefault()
		}
		return p.tok != TAsterisk && p.tok != TAs && p.tok != TOpenBrace && p.canFollowModifier()
	case TDefault:
		p.restore(s)
		return p.nextCanFollowDefault()
	case TStatic:
		return p.canFollowModifier()
	}
	return !p.nl && p.canFollowModifier()
}

// nextCanFollowDefault reports whether the token after the current one
// ('default') starts a default-exported declaration.
func (p *parser) nextCanFollowDefault() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	switch p.tok {
	case TClass, TFunction, TInterface, TAt:
		return true
	case TAbstract:
		p.next()
		return p.tok == TClass && !p.nl
	case TAsync:
		p.next()
		return p.tok == TFunction && !p.nl
	}
	return false
}

func (p *parser) canFollowModifier() bool {
	switch p.tok {
	case TOpenBracket, TOpenBrace, TAsterisk, TDotDotDot, TString, TNumber, TBigInt, TPrivateName, TAt, THash:
		return true
	}
	return p.tok.IsIdentifierName()
}

// parseDeclarationAfterModifiers parses the declaration that follows
// decorators and modifiers at statement level.
func (p *parser) parseDeclarationAfterModifiers(start int32, mods Flags, decos []*Node) *Node {
	switch p.tok {
	case TVar, TLet, TConst:
		return p.parseVarStatement(start, mods, decos)
	case TUsing:
		return p.parseVarStatement(start, mods, decos)
	case TAwait:
		if p.isAwaitUsingDeclaration() {
			return p.parseVarStatement(start, mods, decos)
		}
	case TFunction:
		return p.parseFunction(start, mods, decos, false)
	case TClass:
		return p.parseClass(start, mods, decos, false)
	case TEnum:
		return p.parseEnum(start, mods, decos)
	case TInterface:
		return p.parseInterface(start, mods, decos)
	case TType:
		return p.parseTypeAlias(start, mods, decos)
	case TNamespace, TModule, TGlobal:
		return p.parseModule(start, mods, decos)
	case TImport:
		return p.parseImport(start, mods)
	case TExport:
		return p.parseExport(start, decos)
	case TAt:
		decos = p.concat(decos, p.parseDecorators())
		return p.parseDeclarationAfterModifiers(start, mods|p.parseModifiers(false), decos)
	}
	p.errorExpected("declaration")
	n := p.alloc(KindExprStmt, start)
	n.X = p.missing()
	n.Flags = mods
	p.setDecorators(n, decos)
	return p.finish(n)
}

// ofEndsForHead reports whether 'of' is followed by an identifier and ')'.
func (p *parser) ofEndsForHead() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	if !p.isIdent() {
		return false
	}
	p.next()
	return p.tok == TCloseParen
}
