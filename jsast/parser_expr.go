package jsast

// parseExpression parses a comma expression.
func (p *parser) parseExpression() *Node {
	x := p.parseAssignment()
	for p.tok == TComma {
		n := p.alloc(KindBinary, x.Start)
		n.Op = TComma
		n.X = x
		p.next()
		n.Y = p.parseAssignment()
		x = p.finish(n)
	}
	return x
}

func (p *parser) parseExpressionAllowIn() *Node {
	old := p.with(0, ctxDisallowIn)
	x := p.parseExpression()
	p.ctx = old
	return x
}

func (p *parser) parseAssignmentAllowIn() *Node {
	old := p.with(0, ctxDisallowIn)
	x := p.parseAssignment()
	p.ctx = old
	return x
}

// parseAssignment parses an AssignmentExpression, including arrow
// functions and yield.
func (p *parser) parseAssignment() *Node {
	return p.parseAssignmentOpt(true)
}

func (p *parser) parseAssignmentOpt(allowReturnType bool) *Node {
	if !p.enter() {
		return p.missing()
	}
	defer p.leave()
	if p.tok == TYield && p.isYieldExpression() {
		return p.parseYield()
	}
	// Only these tokens can start an arrow function other than 'x =>',
	// which is handled below; test them here to save a call per
	// expression.
	if p.tok == TOpenParen || p.tok == TAsync || p.tok == TLessThan {
		if arrow := p.tryArrowFunction(allowReturnType); arrow != nil {
			return arrow
		}
	}
	start := p.start
	x := p.parseBinary(0, p.parseUnary())
	if x.Kind == KindIdentifier && p.tok == TEqualsGreaterThan && x.End > x.Start {
		return p.parseArrowRest(start, 0, nil, p.listOf(p.paramFromIdent(x)), nil)
	}
	if p.tok == TQuestion {
		return p.parseConditionalRest(x)
	}
	if (p.tok.IsAssignment() || p.tok == TGreaterThan) && isLeftHandSide(x) {
		if p.tok == TGreaterThan {
			p.rescanGreater()
			if !p.tok.IsAssignment() {
				return x
			}
		}
		n := p.alloc(KindBinary, x.Start)
		n.Op = p.tok
		n.X = x
		p.next()
		n.Y = p.parseAssignment()
		return p.finish(n)
	}
	return x
}

func (p *parser) isYieldExpression() bool {
	if p.ctx&ctxYield != 0 {
		return true
	}
	return p.nextIsIdentOrLiteralOnSameLine()
}

func (p *parser) nextIsIdentOrLiteralOnSameLine() bool {
	t, nl := p.peek()
	if nl {
		return false
	}
	switch t {
	case TString, TNumber, TBigInt, TNoSubstitutionTemplate, TTemplateHead:
		return true
	}
	return t.IsIdentifierName()
}

func (p *parser) parseYield() *Node {
	n := p.alloc(KindYield, p.start)
	p.next()
	if !p.nl {
		if p.tok == TAsterisk {
			n.Flags |= FlagGenerator
			p.next()
			n.X = p.parseAssignment()
		} else if p.isStartOfExpression() {
			n.X = p.parseAssignment()
		}
	}
	return p.finish(n)
}

func (p *parser) parseConditionalRest(cond *Node) *Node {
	n := p.alloc(KindConditional, cond.Start)
	n.X = cond
	p.next() // ?
	old := p.with(0, ctxDisallowIn)
	n.Y = p.parseAssignmentOpt(false)
	p.ctx = old
	p.expect(TColon)
	n.Z = p.parseAssignment()
	return p.finish(n)
}

// binaryPrecedence returns the precedence of a binary operator token, or 0.
func (p *parser) binaryPrecedence(t Token) int {
	switch t {
	case TQuestionQuestion:
		return 1
	case TBarBar:
		return 2
	case TAmpersandAmpersand:
		return 3
	case TBar:
		return 4
	case TCaret:
		return 5
	case TAmpersand:
		return 6
	case TEqualsEquals, TExclamationEquals, TEqualsEqualsEquals, TExclamationEqualsEquals:
		return 7
	case TLessThan, TGreaterThan, TLessThanEquals, TGreaterThanEquals, TInstanceof, TAs, TSatisfies:
		return 8
	case TIn:
		if p.ctx&ctxDisallowIn != 0 {
			return 0
		}
		return 8
	case TLessThanLessThan, TGreaterThanGreaterThan, TGreaterThanGreaterThanGreaterThan:
		return 9
	case TPlus, TMinus:
		return 10
	case TAsterisk, TSlash, TPercent:
		return 11
	case TAsteriskAsterisk:
		return 12
	}
	return 0
}

// parseBinary continues a binary expression whose left operand is x with
// operators binding tighter than minPrec.
func (p *parser) parseBinary(minPrec int, x *Node) *Node {
	for {
		if p.tok == TGreaterThan {
			p.rescanGreater()
		}
		prec := p.binaryPrecedence(p.tok)
		if prec == 0 {
			return x
		}
		// ** is right-associative; all others are left-associative.
		if p.tok == TAsteriskAsterisk {
			if prec < minPrec {
				return x
			}
		} else if prec <= minPrec {
			return x
		}
		if p.tok == TAs || p.tok == TSatisfies {
			if p.nl {
				return x
			}
			kind := KindAs
			if p.tok == TSatisfies {
				kind = KindSatisfies
			}
			n := p.alloc(kind, x.Start)
			n.X = x
			p.next()
			if kind == KindAs && p.tok == TConst {
				// as const
				t := p.alloc(KindTypeRef, p.start)
				t.Name = p.leaf(KindIdentifier)
				n.Type = p.finish(t)
			} else {
				n.Type = p.parseType()
			}
			x = p.finish(n)
			continue
		}
		if p.tok == TAsteriskAsterisk && x.Kind == KindPrefix && x.End > x.Start && p.src[x.Start] != '+' || p.tok == TAsteriskAsterisk && (x.Kind == KindTypeAssertion || x.Kind == KindAwait) {
			if x.Op != TPlusPlus && x.Op != TMinusMinus {
				p.errorAt(x.Start, "a unary expression is not allowed on the left of '**'; add parentheses")
			}
		}
		n := p.alloc(KindBinary, x.Start)
		n.Op = p.tok
		n.X = x
		p.next()
		if !p.enter() {
			return p.finish(n)
		}
		n.Y = p.parseBinary(prec, p.parseUnary())
		p.leave()
		x = p.finish(n)
	}
}

// parseUnary parses prefix operators, await, type assertions and update
// expressions.
func (p *parser) parseUnary() *Node {
	if !p.enter() {
		return p.missing()
	}
	defer p.leave()
	start := p.start
	switch p.tok {
	case TExclamation, TTilde, TPlus, TMinus, TTypeof, TVoid, TDelete:
		n := p.alloc(KindPrefix, start)
		n.Op = p.tok
		p.next()
		n.X = p.parseUnary()
		return p.finish(n)
	case TPlusPlus, TMinusMinus:
		// The operand of a prefix update is a left-hand-side expression.
		n := p.alloc(KindPrefix, start)
		n.Op = p.tok
		p.next()
		n.X = p.parseLeftHandSide()
		return p.finish(n)
	case TAwait:
		if p.awaitIsOperator() || p.nextIsIdentOrLiteralOnSameLine() {
			n := p.alloc(KindAwait, start)
			p.next()
			n.X = p.parseUnary()
			return p.finish(n)
		}
	case TLessThan:
		if p.jsx {
			return p.parseJSXExpression()
		}
		n := p.alloc(KindTypeAssertion, start)
		p.next()
		if p.tok == TConst {
			// <const>x
			t := p.alloc(KindTypeRef, p.start)
			t.Name = p.leaf(KindIdentifier)
			n.Type = p.finish(t)
		} else {
			n.Type = p.parseType()
		}
		p.expect(TGreaterThan)
		n.X = p.parseUnary()
		return p.finish(n)
	}
	x := p.parseLeftHandSide()
	if (p.tok == TPlusPlus || p.tok == TMinusMinus) && !p.nl {
		n := p.alloc(KindPostfix, x.Start)
		n.Op = p.tok
		n.X = x
		p.next()
		return p.finish(n)
	}
	return x
}

// parseLeftHandSide parses member, call and new expressions.
func (p *parser) parseLeftHandSide() *Node {
	start := p.start
	var x *Node
	switch p.tok {
	case TNew:
		x = p.parseNew()
	case TSuper:
		x = p.leaf(KindSuper)
		if p.tok != TOpenParen && p.tok != TDot && p.tok != TOpenBracket && p.tok != TLessThan && p.tok != TQuestionDot {
			p.errorAt(p.start, "'super' must be followed by an argument list or member access")
		}
	case TImport:
		x = p.leaf(KindImportKeyword)
		if p.tok == TDot {
			p.importMeta = true
			n := p.alloc(KindMetaProperty, start)
			n.Op = TImport
			p.next()
			n.Name = p.parseIdentifierName()
			x = p.finish(n)
		} else if p.tok != TOpenParen {
			p.errorExpected("'(' or '.'")
		}
	default:
		x = p.parsePrimary()
	}
	return p.parseCallTail(x, true)
}

func (p *parser) parseNew() *Node {
	start := p.start
	p.next()
	if p.tok == TDot {
		n := p.alloc(KindMetaProperty, start)
		n.Op = TNew
		p.next()
		n.Name = p.parseIdentifierName()
		return p.finish(n)
	}
	n := p.alloc(KindNew, start)
	if !p.enter() {
		return p.finish(n)
	}
	var callee *Node
	switch p.tok {
	case TNew:
		callee = p.parseNew()
	case TImport:
		callee = p.leaf(KindImportKeyword)
	default:
		callee = p.parsePrimary()
	}
	p.leave()
	callee = p.parseCallTail(callee, false)
	if callee.Kind == KindExprWithTypeArgs && callee.TypeParams() != nil {
		p.setTypeParams(n, callee.TypeParams())
		callee = callee.X
	}
	n.X = callee
	if p.tok == TOpenParen {
		n.Flags |= FlagHasArgs
		n.List = p.parseArguments()
	}
	return p.finish(n)
}

func (p *parser) parseArguments() []*Node {
	p.next() // (
	old := p.with(0, ctxDisallowIn|ctxDecorator)
	mark := len(p.stack)
	for p.tok != TCloseParen && p.tok != TEOF {
		if p.tok != TDotDotDot && !p.isStartOfExpression() {
			break // reported as a missing ')'
		}
		if p.tok == TDotDotDot {
			s := p.alloc(KindSpread, p.start)
			p.next()
			s.X = p.parseAssignment()
			p.push(p.finish(s))
		} else {
			p.push(p.parseAssignment())
		}
		if !p.eat(TComma) {
			break
		}
	}
	p.ctx = old
	list := p.takeList(mark)
	p.expect(TCloseParen)
	return list
}

// parseCallTail parses member accesses, calls (when allowCall) and the
// other postfix forms after an expression.
func (p *parser) parseCallTail(x *Node, allowCall bool) *Node {
	inChain := false
	for {
		switch p.tok {
		case TDot:
			if x.Kind == KindExprWithTypeArgs {
				p.errorAt(p.start, "an instantiation expression cannot be followed by a property access")
			}
			n := p.alloc(KindPropertyAccess, x.Start)
			n.X = x
			p.next()
			if p.tok == TPrivateName {
				n.Name = p.leaf(KindPrivateIdentifier)
			} else {
				n.Name = p.parseIdentifierName()
			}
			x = p.finish(n)
			continue
		case TQuestionDot:
			if !allowCall {
				p.errorAt(p.start, "invalid optional chain from new expression")
			}
			inChain = true
			p.next()
			switch p.tok {
			case TOpenParen:
				if !allowCall {
					p.errorExpected("identifier")
					return x
				}
				n := p.alloc(KindCall, x.Start)
				n.Flags |= FlagOptionalChain
				n.X = x
				n.List = p.parseArguments()
				x = p.call(n)
			case TLessThan, TLessThanLessThan:
				if p.lang == LangJS {
					p.errorExpected("identifier")
					return x
				}
				n := p.alloc(KindCall, x.Start)
				n.Flags |= FlagOptionalChain
				n.X = x
				p.rescanLessThan()
				p.setTypeParams(n, p.parseTypeArguments())
				if p.tok == TOpenParen {
					n.List = p.parseArguments()
				} else {
					p.errorExpected("'('")
				}
				x = p.call(n)
			case TOpenBracket:
				n := p.alloc(KindElementAccess, x.Start)
				n.Flags |= FlagOptionalChain
				n.X = x
				p.next()
				n.Y = p.parseExpressionAllowIn()
				p.expect(TCloseBracket)
				x = p.finish(n)
			case TNoSubstitutionTemplate, TTemplateHead:
				p.errorAt(p.start, "tagged template expressions are not permitted in an optional chain")
				n := p.alloc(KindTaggedTemplate, x.Start)
				n.X = x
				n.Y = p.parseTemplate(true)
				x = p.finish(n)
			default:
				n := p.alloc(KindPropertyAccess, x.Start)
				n.Flags |= FlagOptionalChain
				n.X = x
				if p.tok == TPrivateName {
					n.Name = p.leaf(KindPrivateIdentifier)
				} else {
					n.Name = p.parseIdentifierName()
				}
				x = p.finish(n)
			}
			continue
		case TOpenBracket:
			if p.ctx&ctxDecorator != 0 {
				return x
			}
			n := p.alloc(KindElementAccess, x.Start)
			n.X = x
			p.next()
			n.Y = p.parseExpressionAllowIn()
			p.expect(TCloseBracket)
			x = p.finish(n)
			continue
		case TExclamation:
			if p.nl {
				return x
			}
			n := p.alloc(KindNonNull, x.Start)
			n.X = x
			p.next()
			x = p.finish(n)
			continue
		case TNoSubstitutionTemplate, TTemplateHead:
			if inChain {
				p.errorAt(p.start, "tagged template expressions are not permitted in an optional chain")
			}
			n := p.alloc(KindTaggedTemplate, x.Start)
			n.X = x
			n.Y = p.parseTemplate(true)
			x = p.finish(n)
			continue
		case TOpenParen:
			if !allowCall {
				return x
			}
			n := p.alloc(KindCall, x.Start)
			n.X = x
			n.List = p.parseArguments()
			x = p.call(n)
			continue
		case TLessThan, TLessThanLessThan:
			if targs, ok := p.tryTypeArgumentsInExpression(); ok {
				switch {
				case p.tok == TOpenParen && allowCall:
					n := p.alloc(KindCall, x.Start)
					n.X = x
					p.setTypeParams(n, targs)
					n.List = p.parseArguments()
					x = p.call(n)
				case p.tok == TNoSubstitutionTemplate || p.tok == TTemplateHead:
					n := p.alloc(KindTaggedTemplate, x.Start)
					n.X = x
					p.setTypeParams(n, targs)
					n.Y = p.parseTemplate(true)
					x = p.finish(n)
				default:
					n := p.alloc(KindExprWithTypeArgs, x.Start)
					n.X = x
					p.setTypeParams(n, targs)
					x = p.finish(n)
				}
				continue
			}
		}
		return x
	}
}

// tryTypeArgumentsInExpression speculatively parses '<...>' as type
// arguments; they are kept only if what follows cannot continue a
// relational expression.
func (p *parser) tryTypeArgumentsInExpression() ([]*Node, bool) {
	if p.lang == LangJS || p.failedTypeArgs.has(p.start) || !p.canSpeculate() {
		// TypeScript reads JavaScript 'f<T>(x)' as comparisons.
		return nil, false
	}
	s := p.mark()
	p.rescanLessThan()
	targs := p.parseTypeArguments()
	// The closing '>' must not be the start of '>=', '>>' or '>>='.
	if c := p.peekByte(p.prevEnd); p.src[p.prevEnd-1] == '>' && (c == '=' || c == '>') && p.start == p.prevEnd {
		p.abandon(s)
		p.failedTypeArgs.add(p.start, len(p.src))
		return nil, false
	}
	if p.failedSince(s) || !p.canFollowTypeArguments() {
		p.abandon(s)
		p.failedTypeArgs.add(p.start, len(p.src))
		return nil, false
	}
	return targs, true
}

func (p *parser) canFollowTypeArguments() bool {
	switch p.tok {
	case TOpenParen, TNoSubstitutionTemplate, TTemplateHead:
		return true
	case TLessThan, TGreaterThan, TPlus, TMinus:
		return false
	}
	return p.nl || p.binaryPrecedence(p.tok) > 0 || !p.isStartOfExpression()
}

// isStartOfExpression reports whether the current token can begin an
// expression.
func (p *parser) isStartOfExpression() bool {
	switch p.tok {
	case TThis, TSuper, TNull, TTrue, TFalse, TNumber, TBigInt, TString, TNoSubstitutionTemplate,
		TTemplateHead, TOpenParen, TOpenBracket, TOpenBrace, TFunction, TClass, TNew, TSlash,
		TSlashEquals, TIdentifier, TPlus, TMinus, TTilde, TExclamation, TDelete, TTypeof, TVoid,
		TPlusPlus, TMinusMinus, TLessThan, TAwait, TYield, TPrivateName, TAt, TImport:
		return true
	}
	return p.tok >= TIdentifier && p.isIdent()
}

// parsePrimary parses a PrimaryExpression.
func (p *parser) parsePrimary() *Node {
	start := p.start
	switch p.tok {
	case TThis:
		return p.leaf(KindThis)
	case TSuper:
		return p.leaf(KindSuper)
	case TNull:
		return p.leaf(KindNull)
	case TTrue:
		return p.leaf(KindTrue)
	case TFalse:
		return p.leaf(KindFalse)
	case TNumber:
		return p.leaf(KindNumericLiteral)
	case TBigInt:
		return p.leaf(KindBigIntLiteral)
	case TString:
		return p.leaf(KindStringLiteral)
	case TNoSubstitutionTemplate, TTemplateHead:
		return p.parseTemplate(false)
	case TSlash, TSlashEquals:
		p.rescanSlash()
		return p.leaf(KindRegExpLiteral)
	case TOpenParen:
		n := p.alloc(KindParen, start)
		p.next()
		if !p.enter() {
			return p.finish(n)
		}
		old := p.with(0, ctxDisallowIn|ctxDecorator)
		n.X = p.parseExpression()
		p.ctx = old
		p.leave()
		p.expect(TCloseParen)
		return p.finish(n)
	case TOpenBracket:
		return p.parseArrayLiteral()
	case TOpenBrace:
		return p.parseObjectLiteral()
	case TFunction:
		return p.parseFunction(start, 0, nil, true)
	case TClass:
		return p.parseClass(start, 0, nil, true)
	case TAt:
		decos := p.parseDecorators()
		if p.tok == TClass {
			return p.parseClass(start, 0, decos, true)
		}
		p.errorExpected("'class'")
		return p.missing()
	case TAsync:
		if t, nl := p.peek(); t == TFunction && !nl {
			p.next()
			return p.parseFunction(start, FlagAsync, nil, true)
		}
	case TNew:
		return p.parseNew()
	case TLessThan:
		if p.jsx {
			return p.parseJSXExpression()
		}
	case TPrivateName:
		return p.leaf(KindPrivateIdentifier)
	}
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
	p.errorExpected("expression")
	return p.missing()
}

// parseTemplate parses a template literal starting at the current
// NoSubstitutionTemplate or TemplateHead token.
func (p *parser) parseTemplate(tagged bool) *Node {
	if !tagged {
		p.checkTemplateEscapes(p.start, p.pos)
	}
	if p.tok == TNoSubstitutionTemplate {
		return p.leaf(KindNoSubstitutionTemplate)
	}
	n := p.alloc(KindTemplateExpr, p.start)
	p.next()
	if !p.enter() {
		return p.finish(n)
	}
	mark := len(p.stack)
	for {
		span := p.alloc(KindTemplateSpan, p.start)
		span.X = p.parseExpressionAllowIn()
		if p.tok != TCloseBrace {
			p.errorExpected("'}'")
			p.push(p.finish(span))
			break
		}
		p.rescanTemplateContinuation()
		if !tagged {
			p.checkTemplateEscapes(p.start, p.pos)
		}
		tail := p.tok == TTemplateTail
		p.next()
		p.push(p.finish(span))
		if tail || p.tok == TEOF {
			break
		}
	}
	p.leave()
	n.List = p.takeList(mark)
	return p.finish(n)
}

func (p *parser) parseArrayLiteral() *Node {
	n := p.alloc(KindArrayLit, p.start)
	p.next()
	if !p.enter() {
		return p.finish(n)
	}
	// TypeScript keeps 'in' disallowed inside array literals of a for
	// head ('for (let x = [a in b];;)' is an error there), so only the
	// decorator context ends here.
	old := p.with(0, ctxDecorator)
	mark := len(p.stack)
	for p.tok != TCloseBracket && p.tok != TEOF {
		if p.tok == TComma {
			o := p.alloc(KindOmitted, p.start)
			o.End = p.start
			p.push(o)
			p.next()
			continue
		}
		if p.tok == TDotDotDot {
			s := p.alloc(KindSpread, p.start)
			p.next()
			s.X = p.parseAssignment()
			p.push(p.finish(s))
		} else {
			p.push(p.parseAssignment())
		}
		if !p.eat(TComma) {
			break
		}
	}
	p.ctx = old
	n.List = p.takeList(mark)
	p.expect(TCloseBracket)
	p.leave()
	return p.finish(n)
}

func (p *parser) parseObjectLiteral() *Node {
	n := p.alloc(KindObjectLit, p.start)
	p.next()
	if !p.enter() {
		return p.finish(n)
	}
	old := p.with(0, ctxDisallowIn)
	mark := len(p.stack)
	for p.tok != TCloseBrace && p.tok != TEOF {
		before := p.start
		p.push(p.parseObjectMember())
		if !p.eat(TComma) {
			if p.start == before {
				p.next()
			}
			break
		}
	}
	p.ctx = old
	n.List = p.takeList(mark)
	p.expect(TCloseBrace)
	p.leave()
	return p.finish(n)
}

func (p *parser) parseObjectMember() *Node {
	start := p.start
	if p.tok == TDotDotDot {
		s := p.alloc(KindSpread, start)
		p.next()
		s.X = p.parseAssignment()
		return p.finish(s)
	}
	mods := p.parseModifiers(true)
	if p.tok == TAsterisk {
		p.next()
		return p.parseMethod(start, mods|FlagGenerator, nil, p.parsePropertyName(), KindMethodDecl)
	}
	if (p.tok == TGet || p.tok == TSet) && p.nextCanFollowGetSet() {
		kind := KindGetAccessor
		if p.tok == TSet {
			kind = KindSetAccessor
		}
		p.next()
		return p.parseMethod(start, mods, nil, p.parsePropertyName(), kind)
	}
	isIdent := p.isIdent()
	name := p.parsePropertyName()
	flags := mods
	if p.tok == TQuestion {
		flags |= FlagOptional
		p.next()
	}
	if p.tok == TExclamation {
		flags |= FlagDefinite
		p.next()
	}
	if p.tok == TOpenParen || p.tok == TLessThan {
		return p.parseMethod(start, flags, nil, name, KindMethodDecl)
	}
	if isIdent && p.tok != TColon {
		n := p.alloc(KindShorthandProp, start)
		n.Name = name
		n.Flags = flags
		if p.eat(TEquals) {
			n.Y = p.parseAssignmentAllowIn()
		}
		return p.finish(n)
	}
	n := p.alloc(KindPropertyAssign, start)
	n.Name = name
	n.Flags = flags
	p.expect(TColon)
	n.Y = p.parseAssignmentAllowIn()
	return p.finish(n)
}

func (p *parser) nextCanFollowGetSet() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	switch p.tok {
	case TOpenBracket, TString, TNumber, TBigInt, TPrivateName:
		return true
	}
	return p.tok.IsIdentifierName()
}

// parsePropertyName parses an identifier name, string, number, computed
// name or private name.
func (p *parser) parsePropertyName() *Node {
	switch p.tok {
	case TString:
		return p.leaf(KindStringLiteral)
	case TNumber:
		return p.leaf(KindNumericLiteral)
	case TBigInt:
		return p.leaf(KindBigIntLiteral)
	case TPrivateName:
		return p.leaf(KindPrivateIdentifier)
	case TOpenBracket:
		n := p.alloc(KindComputedPropName, p.start)
		p.next()
		n.X = p.parseExpressionAllowIn() // TypeScript takes a comma expression here
		p.expect(TCloseBracket)
		return p.finish(n)
	}
	if p.tok.IsIdentifierName() {
		return p.leaf(KindIdentifier)
	}
	p.errorExpected("property name")
	return p.missing()
}

// parseDecorators parses any decorators at the current position.
func (p *parser) parseDecorators() []*Node {
	if p.tok != TAt {
		return nil
	}
	mark := len(p.stack)
	for p.tok == TAt {
		d := p.alloc(KindDecorator, p.start)
		p.next()
		old := p.with(ctxDecorator, 0)
		var x *Node
		if p.tok == TOpenParen {
			x = p.parsePrimary()
		} else {
			x = p.parseLeftHandSide()
		}
		p.ctx = old
		d.X = x
		p.push(p.finish(d))
	}
	return p.takeList(mark)
}

// isLeftHandSide reports whether x is a LeftHandSideExpression, the only
// kind of expression an assignment operator may follow.
func isLeftHandSide(x *Node) bool {
	switch x.Kind {
	case KindPrefix, KindPostfix, KindBinary, KindConditional, KindAs, KindSatisfies,
		KindTypeAssertion, KindAwait, KindYield, KindArrowFunc:
		return false
	}
	return true
}
