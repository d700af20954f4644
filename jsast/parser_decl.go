package jsast

// tryArrowFunction parses an arrow function if one starts here, or returns
// nil with the parser unchanged. Parenthesized and generic heads are parsed
// speculatively and abandoned unless '=>' follows the head.
func (p *parser) tryArrowFunction(allowReturnType bool) *Node {
	start := p.start
	var flags Flags
	switch p.tok {
	case TAsync:
		t, nl := p.peek()
		if nl {
			return nil
		}
		if p.isIdentTok(t) {
			s := p.mark()
			p.next()
			if p.tok == TAwait {
				p.reset(s)
				return nil
			}
			id := p.parseIdentifier()
			if p.tok == TEqualsGreaterThan && !p.nl {
				return p.parseArrowRest(start, FlagAsync, nil, p.listOf(p.paramFromIdent(id)), nil)
			}
			p.reset(s)
			return nil
		}
		if t != TOpenParen && t != TLessThan {
			return nil
		}
		flags = FlagAsync
	case TOpenParen:
		if !p.mayStartParenArrow() {
			return nil
		}
	case TLessThan:
		if !p.mayStartGenericArrow() {
			return nil
		}
	default:
		return nil
	}
	if p.failedArrow.has(start) || !p.canSpeculate() {
		return nil
	}
	definite := p.tok != TLessThan && p.definitelyArrow()
	s := p.mark()
	fail := func() *Node {
		p.abandon(s)
		p.failedArrow.add(start, len(p.src))
		return nil
	}
	if flags&FlagAsync != 0 {
		p.next()
	}
	var tparams []*Node
	if p.tok == TLessThan {
		tparams = p.parseTypeParameters()
	}
	if p.tok != TOpenParen {
		return fail()
	}
	old := p.ctx
	p.ctx &^= ctxDecorator
	if flags&FlagAsync != 0 {
		p.ctx |= ctxAwait
	}
	params := p.parseParameters()
	p.ctx = old
	var ret *Node
	if p.tok == TColon {
		p.next()
		ret = p.parseReturnType()
	}
	if (p.failedSince(s) || p.tok != TEqualsGreaterThan) && !definite {
		return fail()
	}
	if ret != nil && !allowReturnType {
		if p.failedArrowNoReturnType.has(start) {
			p.reset(s)
			return nil
		}
		n := p.parseArrowRest(start, flags, tparams, params, ret)
		if p.tok != TColon || p.failedSince(s) {
			p.abandon(s)
			p.failedArrowNoReturnType.add(start, len(p.src))
			return nil
		}
		return n
	}
	return p.parseArrowRest(start, flags, tparams, params, ret)
}

// definitelyArrow reports whether the tokens after '(' (or 'async (') can
// only start arrow function parameters, as in '(a: T', '(...a', '(a?:',
// '(public a' or '() =>'. Such heads are parsed without backtracking, so
// their errors are reported where they occur.
func (p *parser) definitelyArrow() bool {
	s := p.save()
	defer p.restore(s)
	if p.tok == TAsync {
		p.next()
	}
	if p.tok != TOpenParen {
		return false
	}
	p.next()
	switch {
	case p.tok == TCloseParen:
		p.next()
		return p.tok == TEqualsGreaterThan || p.tok == TColon || p.tok == TOpenBrace
	case p.tok == TDotDotDot:
		return true
	case modifierFlag(p.tok) != 0 && p.tok != TAsync && p.tok != TConst && p.tok != TIn:
		p.next()
		if p.tok == TAs {
			return false // '(out as T)' is a cast
		}
		if p.isIdent() {
			return true
		}
		p.restore(s)
		if p.tok == TAsync {
			p.next()
		}
		p.next()
	}
	if !p.isIdent() && p.tok != TThis {
		return false
	}
	p.next()
	switch p.tok {
	case TColon:
		return true
	case TQuestion:
		p.next()
		return p.tok == TColon || p.tok == TComma || p.tok == TEquals || p.tok == TCloseParen
	}
	return false
}

// mayStartParenArrow classifies '(' by the token after it.
func (p *parser) mayStartParenArrow() bool {
	t, _ := p.peek()
	switch t {
	case TCloseParen, TDotDotDot, TOpenBracket, TOpenBrace, TAt, TThis:
		return true
	}
	return t >= TIdentifier && !t.IsReserved() || t == TIdentifier
}

// mayStartGenericArrow decides whether '<' starts type parameters of an
// arrow function. In JSX files '<T>' starts an element, so a generic arrow
// needs '<T,' or '<T extends'.
func (p *parser) mayStartGenericArrow() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok == TConst {
		p.next()
	}
	if !p.isIdent() {
		return false
	}
	if !p.jsx {
		return true
	}
	p.next()
	switch p.tok {
	case TComma, TEquals:
		return true
	case TExtends:
		p.next()
		return p.tok != TEquals && p.tok != TGreaterThan && p.tok != TSlash
	}
	return false
}

func (p *parser) paramFromIdent(id *Node) *Node {
	n := p.alloc(KindParameter, id.Start)
	n.Name = id
	n.End = id.End
	return n
}

func (p *parser) parseArrowRest(start int32, flags Flags, tparams, params []*Node, ret *Node) *Node {
	n := p.alloc(KindArrowFunc, start)
	n.Flags = flags
	p.setTypeParams(n, tparams)
	p.setParams(n, params)
	n.Type = ret
	// A line break before '=>' is a grammar error that TypeScript's parser
	// lets through, so it is not reported here either.
	p.expect(TEqualsGreaterThan)
	old := p.ctx
	p.ctx &^= ctxYield | ctxAwait | ctxDecorator
	if flags&FlagAsync != 0 {
		p.ctx |= ctxAwait
	}
	if p.tok == TOpenBrace {
		p.ctx &^= ctxDisallowIn
		n.Body = p.parseBlock()
	} else {
		n.Body = p.parseAssignment()
	}
	p.ctx = old
	return p.finish(n)
}

// parseParameters parses '(' parameters ')'.
func (p *parser) parseParameters() []*Node {
	if !p.expect(TOpenParen) {
		return nil
	}
	old := p.with(0, ctxDisallowIn)
	mark := len(p.stack)
	for p.tok != TCloseParen && p.tok != TEOF {
		p.push(p.parseParameter())
		if !p.eat(TComma) {
			break
		}
	}
	p.ctx = old
	list := p.takeList(mark)
	p.expect(TCloseParen)
	return list
}

func (p *parser) parseParameter() *Node {
	n := p.alloc(KindParameter, p.start)
	p.setDecorators(n, p.parseDecorators())
	n.Flags = p.parseModifiers(true)
	if p.eat(TDotDotDot) {
		n.Flags |= FlagRest
	}
	if p.tok == TThis {
		n.Name = p.leaf(KindIdentifier)
	} else {
		n.Name = p.parseBindingTarget()
	}
	if p.eat(TQuestion) {
		n.Flags |= FlagOptional
	}
	if p.eat(TColon) {
		n.Type = p.parseType()
	}
	if p.eat(TEquals) {
		n.Y = p.parseAssignment()
	}
	return p.finish(n)
}

// parseFunction parses a function declaration or expression starting at
// the 'function' keyword.
func (p *parser) parseFunction(start int32, mods Flags, decos []*Node, isExpr bool) *Node {
	kind := KindFuncDecl
	if isExpr {
		kind = KindFuncExpr
	}
	n := p.alloc(kind, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	p.next() // function
	if p.eat(TAsterisk) {
		n.Flags |= FlagGenerator
	}
	old := p.ctx
	if isExpr {
		// A function expression's name is bound in its own scope.
		p.setFunctionContext(n.Flags)
	}
	if isBindingIdent(p.tok) {
		n.Name = p.parseBindingIdentifier()
	} else if !isExpr && mods&FlagDefault == 0 {
		if p.tok.IsReserved() {
			n.Name = p.parseIdentifier()
		} else {
			p.errorExpected("function name")
		}
	}
	p.setFunctionContext(n.Flags)
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	p.setParams(n, p.parseParameters())
	if p.eat(TColon) {
		n.Type = p.parseReturnType()
	}
	if p.tok == TOpenBrace || isExpr {
		n.Body = p.parseFunctionBody()
	} else {
		p.semicolon()
	}
	p.ctx = old
	return p.finish(n)
}

func (p *parser) setFunctionContext(flags Flags) {
	p.ctx &^= ctxYield | ctxAwait | ctxDecorator | ctxDisallowIn
	if flags&FlagGenerator != 0 {
		p.ctx |= ctxYield
	}
	if flags&FlagAsync != 0 {
		p.ctx |= ctxAwait
	}
}

func (p *parser) parseFunctionBody() *Node {
	old := p.with(0, ctxDisallowIn|ctxDecorator)
	b := p.parseBlock()
	p.ctx = old
	return b
}

// parseClass parses a class declaration or expression at 'class'.
func (p *parser) parseClass(start int32, mods Flags, decos []*Node, isExpr bool) *Node {
	kind := KindClassDecl
	if isExpr {
		kind = KindClassExpr
	}
	n := p.alloc(kind, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	p.next() // class
	if isBindingIdent(p.tok) && !(p.tok == TImplements && p.nextIsIdentifierName()) {
		n.Name = p.parseBindingIdentifier()
	} else if p.tok.IsReserved() && p.tok != TExtends {
		n.Name = p.parseIdentifier()
	}
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	p.setParams(n, p.parseHeritageClauses())
	n.List = p.parseClassBody()
	return p.finish(n)
}

func (p *parser) nextIsIdentifierName() bool {
	t, _ := p.peek()
	return t.IsIdentifierName()
}

func (p *parser) parseHeritageClauses() []*Node {
	if p.tok != TExtends && p.tok != TImplements {
		return nil
	}
	mark := len(p.stack)
	for p.tok == TExtends || p.tok == TImplements {
		h := p.alloc(KindHeritageClause, p.start)
		h.Op = p.tok
		p.next()
		m := len(p.stack)
		for p.tok != TCloseBrace && (p.tok != TOpenBrace || p.heritageObjectLiteral()) {
			p.push(p.parseExprWithTypeArgs())
			if !p.eat(TComma) {
				break
			}
		}
		h.List = p.takeList(m)
		p.push(p.finish(h))
	}
	return p.takeList(mark)
}

// heritageObjectLiteral decides whether '{' after extends/implements is an
// object literal in the clause or the class body: '{}' is taken as a
// literal only before ',', '{', 'extends' or 'implements' (an empty
// clause is a semantic error).
func (p *parser) heritageObjectLiteral() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok != TCloseBrace {
		return true
	}
	p.next()
	return p.tok == TComma || p.tok == TOpenBrace || p.tok == TExtends || p.tok == TImplements
}

func (p *parser) parseExprWithTypeArgs() *Node {
	x := p.parseLeftHandSide()
	if x.Kind == KindExprWithTypeArgs {
		return x
	}
	n := p.alloc(KindExprWithTypeArgs, x.Start)
	n.X = x
	if p.tok == TLessThan || p.tok == TLessThanLessThan {
		p.rescanLessThan()
		p.setTypeParams(n, p.parseTypeArguments())
	}
	return p.finish(n)
}

func (p *parser) parseClassBody() []*Node {
	if !p.expect(TOpenBrace) {
		return nil
	}
	if !p.enter() {
		return nil
	}
	old := p.with(0, ctxDecorator)
	mark := len(p.stack)
	for p.tok != TCloseBrace && p.tok != TEOF {
		before := p.start
		m := p.parseClassMember()
		if m != nil {
			p.push(m)
		}
		if p.start == before && p.tok != TCloseBrace && p.tok != TEOF {
			p.errorAt(p.start, "unexpected "+p.describe()+" in class body")
			p.next()
		}
	}
	p.ctx = old
	list := p.takeList(mark)
	p.expect(TCloseBrace)
	p.leave()
	return list
}

func (p *parser) parseClassMember() *Node {
	start := p.start
	if p.tok == TSemicolon {
		return p.leaf(KindSemicolonClassElement)
	}
	if p.tok == TStatic && p.peekIs(TOpenBrace) {
		n := p.alloc(KindStaticBlock, start)
		p.next()
		old := p.ctx
		p.ctx &^= ctxYield
		p.ctx |= ctxAwait
		n.Body = p.parseBlock()
		p.ctx = old
		return p.finish(n)
	}
	decos := p.parseDecorators()
	if decos != nil && p.tok == TStatic && p.peekIs(TOpenBrace) {
		// Decorators on a static block are a semantic error.
		n := p.parseClassMember()
		n.Start = start
		p.setDecorators(n, decos)
		return n
	}
	mods := p.parseModifiers(true)
	if (p.tok == TGet || p.tok == TSet) && p.nextCanFollowGetSet() {
		kind := KindGetAccessor
		if p.tok == TSet {
			kind = KindSetAccessor
		}
		p.next()
		return p.parseMethod(start, mods, decos, p.parsePropertyName(), kind)
	}
	// The keyword always starts a constructor in a class body (so
	// 'constructor = 1' is an error, as in TypeScript); the string form
	// only when a parameter list follows.
	if p.tok == TConstructor || p.tok == TString && p.peekIs(TOpenParen) &&
		(string(p.src[p.start:p.pos]) == `"constructor"` || string(p.src[p.start:p.pos]) == `'constructor'`) {
		p.next()
		return p.parseMethod(start, mods, decos, nil, KindConstructor)
	}
	if p.tok == TAsterisk {
		p.next()
		return p.parseMethod(start, mods|FlagGenerator, decos, p.parsePropertyName(), KindMethodDecl)
	}
	if p.tok == TOpenBracket && p.isIndexSignature() {
		n := p.parseIndexSignature(start, mods)
		p.setDecorators(n, decos)
		return n
	}
	if !p.tok.IsIdentifierName() && p.tok != TString && p.tok != TNumber && p.tok != TBigInt &&
		p.tok != TPrivateName && p.tok != TOpenBracket {
		if mods == 0 && decos == nil {
			p.errorExpected("class member")
			return nil
		}
	}
	name := p.parsePropertyName()
	flags := mods
	if p.tok == TQuestion {
		flags |= FlagOptional
		p.next()
	} else if p.tok == TExclamation && !p.nl {
		// 'x!' makes a property; 'x!()' is not a method.
		flags |= FlagDefinite
		p.next()
	}
	if flags&FlagDefinite == 0 && (p.tok == TOpenParen || p.tok == TLessThan) {
		return p.parseMethod(start, flags, decos, name, KindMethodDecl)
	}
	n := p.alloc(KindPropertyDecl, start)
	n.Flags = flags
	p.setDecorators(n, decos)
	n.Name = name
	if p.eat(TColon) {
		n.Type = p.parseType()
	}
	if p.tok == TEquals {
		p.next()
		old := p.with(0, ctxYield|ctxAwait|ctxDisallowIn)
		n.Y = p.parseAssignment()
		p.ctx = old
	}
	p.semicolon()
	return p.finish(n)
}

// parseMethod parses the rest of a method, accessor or constructor after
// its name.
func (p *parser) parseMethod(start int32, flags Flags, decos []*Node, name *Node, kind Kind) *Node {
	n := p.alloc(kind, start)
	n.Flags = flags
	p.setDecorators(n, decos)
	n.Name = name
	old := p.ctx
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	p.setFunctionContext(flags)
	p.setParams(n, p.parseParameters())
	if p.eat(TColon) {
		n.Type = p.parseReturnType()
	}
	if p.tok == TOpenBrace {
		n.Body = p.parseFunctionBody()
	} else if !p.semicolon() {
		if p.tok == TOpenBrace {
			n.Body = p.parseFunctionBody()
		}
	}
	p.ctx = old
	return p.finish(n)
}

// isIndexSignature tells '[key: T]: U' from a computed property name.
func (p *parser) isIndexSignature() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok == TDotDotDot || p.tok == TCloseBracket {
		return true
	}
	if modifierFlag(p.tok) != 0 {
		p.next()
		if p.tok == TAs {
			return false // '(out as T)' is a cast
		}
		if p.isIdent() {
			return true
		}
	} else if !p.isIdent() {
		return false
	} else {
		p.next()
	}
	if p.tok == TColon || p.tok == TComma {
		return true
	}
	if p.tok != TQuestion {
		return false
	}
	p.next()
	return p.tok == TColon || p.tok == TComma || p.tok == TCloseBracket
}

func (p *parser) parseIndexSignature(start int32, mods Flags) *Node {
	n := p.alloc(KindIndexSignature, start)
	n.Flags = mods
	p.next() // [
	mark := len(p.stack)
	for p.tok != TCloseBracket && p.tok != TEOF {
		p.push(p.parseParameter())
		if !p.eat(TComma) {
			break
		}
	}
	p.setParams(n, p.takeList(mark))
	p.expect(TCloseBracket)
	if p.eat(TColon) {
		n.Type = p.parseType()
	}
	p.typeMemberSeparator()
	return p.finish(n)
}

func (p *parser) parseEnum(start int32, mods Flags, decos []*Node) *Node {
	n := p.alloc(KindEnumDecl, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	p.next() // enum
	n.Name = p.parseIdentifier()
	if p.expect(TOpenBrace) {
		mark := len(p.stack)
		for p.tok != TCloseBrace && p.tok != TEOF {
			m := p.alloc(KindEnumMember, p.start)
			before := p.start
			m.Name = p.parsePropertyName()
			if p.eat(TEquals) {
				m.Y = p.parseAssignmentAllowIn()
			}
			p.push(p.finish(m))
			if !p.eat(TComma) {
				if p.start == before {
					p.next()
				}
				break
			}
		}
		n.List = p.takeList(mark)
		p.expect(TCloseBrace)
	}
	return p.finish(n)
}

func (p *parser) parseInterface(start int32, mods Flags, decos []*Node) *Node {
	n := p.alloc(KindInterfaceDecl, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	p.next() // interface
	n.Name = p.parseIdentifier()
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	p.setParams(n, p.parseHeritageClauses())
	n.List = p.parseTypeMembers()
	return p.finish(n)
}

func (p *parser) parseTypeAlias(start int32, mods Flags, decos []*Node) *Node {
	n := p.alloc(KindTypeAliasDecl, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	p.next() // type
	n.Name = p.parseIdentifier()
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	p.expect(TEquals)
	if p.tok == TIntrinsic {
		if t, _ := p.peek(); t != TDot && t != TLessThan {
			k := p.alloc(KindKeywordType, p.start)
			k.Op = TIntrinsic
			p.next()
			n.Type = p.finish(k)
			p.semicolon()
			return p.finish(n)
		}
	}
	n.Type = p.parseType()
	p.semicolon()
	return p.finish(n)
}

func (p *parser) parseModule(start int32, mods Flags, decos []*Node) *Node {
	n := p.alloc(KindModuleDecl, start)
	n.Flags = mods
	p.setDecorators(n, decos)
	switch p.tok {
	case TGlobal:
		n.Flags |= FlagGlobal
		n.Name = p.leaf(KindIdentifier)
	default:
		if p.tok == TNamespace {
			n.Flags |= FlagNamespace
		}
		p.next()
		if p.tok == TString {
			n.Name = p.leaf(KindStringLiteral)
		} else {
			name := p.parseIdentifier()
			for p.tok == TDot {
				q := p.alloc(KindQualifiedName, name.Start)
				q.X = name
				p.next()
				q.Name = p.parseIdentifier()
				name = p.finish(q)
			}
			n.Name = name
		}
	}
	if p.tok == TOpenBrace {
		b := p.alloc(KindModuleBlock, p.start)
		p.next()
		if p.enter() {
			old := p.with(0, ctxYield|ctxAwait|ctxDecorator|ctxDisallowIn)
			mark := len(p.stack)
			p.parseStatements(TCloseBrace, mark)
			b.List = p.takeList(mark)
			p.ctx = old
			p.leave()
		}
		p.expect(TCloseBrace)
		n.Body = p.finish(b)
	} else if n.Name.Kind == KindStringLiteral {
		p.semicolon() // declare module "x";
	} else {
		p.expect(TOpenBrace)
	}
	return p.finish(n)
}
