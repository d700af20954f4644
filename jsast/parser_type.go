package jsast

// parseType parses a TypeScript type.
func (p *parser) parseType() *Node {
	old := p.ctx
	p.ctx &^= ctxDisallowIn | ctxNoConditionalTypes
	t := p.parseTypeWorker()
	p.ctx = old
	return t
}

// parseTypeNoCond parses a type in which a top-level 'extends' does not
// start a conditional type (the extends clause of a conditional type and
// infer constraints).
func (p *parser) parseTypeNoCond() *Node {
	old := p.ctx
	p.ctx = p.ctx&^ctxDisallowIn | ctxNoConditionalTypes
	t := p.parseTypeWorker()
	p.ctx = old
	return t
}

func (p *parser) parseTypeWorker() *Node {
	if !p.enter() {
		return p.missing()
	}
	defer p.leave()
	if p.isStartOfFunctionType() {
		return p.parseFunctionType(KindFuncType, p.start, 0)
	}
	if p.tok == TNew {
		return p.parseFunctionType(KindConstructorType, p.start, 0)
	}
	if p.tok == TAbstract {
		if t, _ := p.peek(); t == TNew {
			start := p.start
			p.next()
			return p.parseFunctionType(KindConstructorType, start, FlagAbstract)
		}
	}
	t := p.parseUnionType()
	if p.ctx&ctxNoConditionalTypes == 0 && !p.nl && p.tok == TExtends {
		n := p.alloc(KindConditionalType, t.Start)
		n.X = t
		p.next()
		n.Y = p.parseTypeNoCond()
		p.expect(TQuestion)
		n.Z = p.parseType()
		p.expect(TColon)
		n.Body = p.parseType()
		return p.finish(n)
	}
	return t
}

func (p *parser) parseFunctionType(kind Kind, start int32, flags Flags) *Node {
	n := p.alloc(kind, start)
	n.Flags = flags
	if kind == KindConstructorType {
		p.next() // new
	}
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	old := p.with(0, ctxNoConditionalTypes)
	p.setParams(n, p.parseParameters())
	p.expect(TEqualsGreaterThan)
	n.Type = p.parseReturnType()
	p.ctx = old
	return p.finish(n)
}

// isStartOfFunctionType tells '(a: T) => U' from a parenthesized type.
func (p *parser) isStartOfFunctionType() bool {
	if p.tok == TLessThan {
		return true
	}
	if p.tok != TOpenParen {
		return false
	}
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok == TCloseParen || p.tok == TDotDotDot {
		return true
	}
	if p.skipParameterStart() {
		switch p.tok {
		case TColon, TComma, TQuestion, TEquals:
			return true
		case TCloseParen:
			p.next()
			return p.tok == TEqualsGreaterThan
		}
	}
	return false
}

func (p *parser) skipParameterStart() bool {
	for modifierFlag(p.tok) != 0 && p.tok != TIn && p.tok != TConst {
		t, _ := p.peek()
		if !t.IsIdentifierName() && t != TOpenBrace && t != TOpenBracket {
			break
		}
		p.next()
	}
	if p.isIdent() || p.tok == TThis {
		p.next()
		return true
	}
	if p.tok == TOpenBracket || p.tok == TOpenBrace {
		if !p.canSpeculate() {
			return false
		}
		s := p.mark()
		p.parseBindingTarget()
		ok := !p.failedSince(s)
		p.wasted += int(p.pos - s.lex.pos)
		p.stack = p.stack[:s.stack]
		p.errs = p.errs[:s.lex.nerrs]
		return ok
	}
	return false
}

func (p *parser) parseUnionType() *Node {
	start := p.start
	leading := p.eat(TBar)
	t := p.parseIntersectionType()
	if p.tok != TBar {
		if leading {
			n := p.alloc(KindUnionType, start)
			mark := len(p.stack)
			p.push(t)
			n.List = p.takeList(mark)
			return p.finish(n)
		}
		return t
	}
	n := p.alloc(KindUnionType, start)
	mark := len(p.stack)
	p.push(t)
	for p.eat(TBar) {
		p.push(p.parseIntersectionType())
	}
	n.List = p.takeList(mark)
	return p.finish(n)
}

func (p *parser) parseIntersectionType() *Node {
	start := p.start
	leading := p.eat(TAmpersand)
	t := p.parseTypeOperator()
	if p.tok != TAmpersand {
		if leading {
			n := p.alloc(KindIntersectionType, start)
			mark := len(p.stack)
			p.push(t)
			n.List = p.takeList(mark)
			return p.finish(n)
		}
		return t
	}
	n := p.alloc(KindIntersectionType, start)
	mark := len(p.stack)
	p.push(t)
	for p.eat(TAmpersand) {
		p.push(p.parseTypeOperator())
	}
	n.List = p.takeList(mark)
	return p.finish(n)
}

func (p *parser) parseTypeOperator() *Node {
	start := p.start
	switch p.tok {
	case TKeyof, TUnique, TReadonly:
		if t, _ := p.peek(); t != TDot {
			n := p.alloc(KindTypeOperator, start)
			n.Op = p.tok
			p.next()
			if !p.enter() {
				return p.finish(n)
			}
			n.X = p.parseTypeOperator()
			p.leave()
			return p.finish(n)
		}
	case TInfer:
		n := p.alloc(KindInferType, start)
		p.next()
		tp := p.alloc(KindTypeParameter, p.start)
		tp.Name = p.parseIdentifier()
		if p.tok == TExtends && !p.failedInferConstraint.has(p.start) && p.canSpeculate() {
			// 'infer U extends C' has a constraint unless it is the check of
			// a conditional type; in that case the speculation fails.
			s := p.mark()
			at := p.start
			p.next()
			c := p.parseTypeNoCond()
			if p.failedSince(s) || p.ctx&ctxNoConditionalTypes == 0 && p.tok == TQuestion {
				p.abandon(s)
				p.failedInferConstraint.add(at, len(p.src))
			} else {
				tp.Type = c
			}
		}
		n.X = p.finish(tp)
		return p.finish(n)
	}
	return p.parsePostfixType()
}

func (p *parser) parsePostfixType() *Node {
	t := p.parseNonArrayType()
	for !p.nl {
		if p.tok == TExclamation || p.tok == TQuestion {
			if p.tok == TQuestion && p.nextIsStartOfType() {
				return t // the '?' of a conditional type or expression
			}
			n := p.alloc(KindJSDocType, t.Start)
			n.Op = p.tok
			n.Flags = FlagPostfix
			n.X = t
			p.next()
			t = p.finish(n)
			continue
		}
		if p.tok != TOpenBracket {
			break
		}
		start := t.Start
		p.next()
		if p.eat(TCloseBracket) {
			n := p.alloc(KindArrayType, start)
			n.X = t
			t = p.finish(n)
			continue
		}
		n := p.alloc(KindIndexedAccessType, start)
		n.X = t
		n.Y = p.parseType()
		p.expect(TCloseBracket)
		t = p.finish(n)
	}
	return t
}

func (p *parser) parseNonArrayType() *Node {
	start := p.start
	switch p.tok {
	case TVoid, TNull:
		n := p.alloc(KindKeywordType, start)
		n.Op = p.tok
		if p.tok == TNull {
			n.Kind = KindLiteralType
			n.X = p.leaf(KindNull)
			return p.finish(n)
		}
		p.next()
		return p.finish(n)
	case TAny, TUnknown, TStringKeyword, TNumberKeyword, TBigIntKeyword, TSymbol, TBoolean, TNever, TUndefined, TObject:
		if c := p.byteAfter(); c != 0 && c != '.' || p.peekTok() != TDot {
			n := p.alloc(KindKeywordType, start)
			n.Op = p.tok
			p.next()
			return p.finish(n)
		}
	case TThis:
		n := p.leaf(KindThisType)
		if p.tok == TIs && !p.nl {
			return p.parseTypePredicateRest(start, n, 0)
		}
		return n
	case TTypeof:
		if t, _ := p.peek(); t == TImport {
			p.next()
			return p.parseImportType(start, FlagTypeof)
		}
		n := p.alloc(KindTypeQuery, start)
		p.next()
		n.X = p.parseEntityName(true)
		if !p.nl && (p.tok == TLessThan || p.tok == TLessThanLessThan) {
			p.rescanLessThan()
			p.setTypeParams(n, p.parseTypeArguments())
		}
		return p.finish(n)
	case TOpenBrace:
		if p.isStartOfMappedType() {
			return p.parseMappedType()
		}
		n := p.alloc(KindTypeLiteral, start)
		n.List = p.parseTypeMembers()
		return p.finish(n)
	case TOpenBracket:
		return p.parseTupleType()
	case TOpenParen:
		n := p.alloc(KindParenType, start)
		p.next()
		n.X = p.parseType()
		p.expect(TCloseParen)
		return p.finish(n)
	case TImport:
		return p.parseImportType(start, 0)
	case TString, TNumber, TBigInt, TTrue, TFalse:
		n := p.alloc(KindLiteralType, start)
		switch p.tok {
		case TString:
			n.X = p.leaf(KindStringLiteral)
		case TNumber:
			n.X = p.leaf(KindNumericLiteral)
		case TBigInt:
			n.X = p.leaf(KindBigIntLiteral)
		case TTrue:
			n.X = p.leaf(KindTrue)
		default:
			n.X = p.leaf(KindFalse)
		}
		return p.finish(n)
	case TMinus:
		if t, _ := p.peek(); t == TNumber || t == TBigInt {
			n := p.alloc(KindLiteralType, start)
			u := p.alloc(KindPrefix, start)
			u.Op = TMinus
			p.next()
			if p.tok == TNumber {
				u.X = p.leaf(KindNumericLiteral)
			} else {
				u.X = p.leaf(KindBigIntLiteral)
			}
			n.X = p.finish(u)
			return p.finish(n)
		}
	case TNoSubstitutionTemplate:
		p.checkTemplateEscapes(p.start, p.pos)
		n := p.alloc(KindLiteralType, start)
		n.X = p.leaf(KindNoSubstitutionTemplate)
		return p.finish(n)
	case TTemplateHead:
		return p.parseTemplateLiteralType()
	case TAsterisk:
		n := p.leaf(KindJSDocType)
		n.Op = TAsterisk
		return n
	case TQuestion:
		n := p.alloc(KindJSDocType, start)
		n.Op = TQuestion
		p.next()
		switch p.tok {
		case TComma, TCloseBrace, TCloseParen, TGreaterThan, TEquals, TBar:
		default:
			n.X = p.parseType()
		}
		return p.finish(n)
	case TExclamation:
		n := p.alloc(KindJSDocType, start)
		n.Op = TExclamation
		p.next()
		n.X = p.parseNonArrayType()
		return p.finish(n)
	case TFunction:
		if p.peekIs(TOpenParen) {
			return p.parseJSDocFunctionType()
		}
	}
	if p.isIdent() || p.tok.IsIdentifierName() && !p.tok.IsReserved() || p.tok == TPrivateName {
		n := p.alloc(KindTypeRef, start)
		n.Name = p.parseEntityName(false)
		if !p.nl && (p.tok == TLessThan || p.tok == TLessThanLessThan) {
			p.rescanLessThan()
			p.setTypeParams(n, p.parseTypeArguments())
		}
		return p.finish(n)
	}
	p.errorExpected("type")
	return p.missing()
}

// parseEntityName parses A.B.C; in typeof queries 'this' and keywords after
// dots are allowed.
func (p *parser) parseEntityName(inTypeof bool) *Node {
	var name *Node
	if inTypeof && p.tok == TThis {
		name = p.leaf(KindIdentifier)
	} else if p.tok == TPrivateName {
		// A semantic error that TypeScript's parser lets through.
		name = p.leaf(KindPrivateIdentifier)
	} else if p.tok.IsIdentifierName() && (p.isIdent() || inTypeof && !p.tok.IsReserved() || p.tok >= firstContextual) {
		name = p.leaf(KindIdentifier)
	} else {
		name = p.parseIdentifier()
	}
	for p.tok == TDot {
		if t, _ := p.peek(); t == TLessThan {
			// JSDoc-style 'A.<T>': the type arguments follow the dot.
			p.next()
			break
		}
		q := p.alloc(KindQualifiedName, name.Start)
		q.X = name
		p.next()
		if p.tok == TPrivateName {
			q.Name = p.leaf(KindPrivateIdentifier)
		} else {
			q.Name = p.parseIdentifierName()
		}
		name = p.finish(q)
	}
	return name
}

func (p *parser) parseImportType(start int32, flags Flags) *Node {
	n := p.alloc(KindImportType, start)
	n.Flags = flags
	p.next() // import
	p.expect(TOpenParen)
	// The argument parses as a type; anything but a string literal type
	// is a semantic error.
	n.X = p.parseType()
	if p.eat(TComma) {
		if p.tok != TCloseParen {
			n.Z = p.parseObjectLiteral()
			p.eat(TComma)
		}
	}
	p.expect(TCloseParen)
	if p.eat(TDot) {
		n.Name = p.parseEntityName(true)
	}
	if !p.nl && (p.tok == TLessThan || p.tok == TLessThanLessThan) {
		p.rescanLessThan()
		p.setTypeParams(n, p.parseTypeArguments())
	}
	return p.finish(n)
}

func (p *parser) parseTemplateLiteralType() *Node {
	n := p.alloc(KindTemplateLiteralType, p.start)
	p.checkTemplateEscapes(p.start, p.pos)
	p.next()
	mark := len(p.stack)
	for {
		span := p.alloc(KindTemplateLiteralTypeSpan, p.start)
		span.Type = p.parseType()
		if p.tok != TCloseBrace {
			p.errorExpected("'}'")
			p.push(p.finish(span))
			break
		}
		p.rescanTemplateContinuation()
		p.checkTemplateEscapes(p.start, p.pos)
		tail := p.tok == TTemplateTail
		p.next()
		p.push(p.finish(span))
		if tail || p.tok == TEOF {
			break
		}
	}
	n.List = p.takeList(mark)
	return p.finish(n)
}

func (p *parser) isStartOfMappedType() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok == TPlus || p.tok == TMinus {
		p.next()
		return p.tok == TReadonly
	}
	if p.tok == TReadonly {
		p.next()
	}
	if p.tok != TOpenBracket {
		return false
	}
	p.next()
	if !p.tok.IsIdentifierName() {
		return false
	}
	p.next()
	return p.tok == TIn
}

func (p *parser) parseMappedType() *Node {
	n := p.alloc(KindMappedType, p.start)
	p.next() // {
	if p.tok == TPlus || p.tok == TMinus {
		if p.tok == TPlus {
			n.Flags |= FlagPlus
		} else {
			n.Flags |= FlagMinus
		}
		p.next()
		p.expect(TReadonly)
		n.Flags |= FlagReadonly
	} else if p.eat(TReadonly) {
		n.Flags |= FlagReadonly
	}
	p.expect(TOpenBracket)
	tp := p.alloc(KindTypeParameter, p.start)
	tp.Name = p.parseIdentifierName()
	p.expect(TIn)
	tp.Type = p.parseType()
	n.Name = p.finish(tp)
	if p.eat(TAs) {
		n.Z = p.parseType()
	}
	p.expect(TCloseBracket)
	switch p.tok {
	case TQuestion:
		n.Flags |= FlagMappedOptional
		p.next()
	case TPlus, TMinus:
		p.next()
		n.Flags |= FlagMappedOptional
		p.expect(TQuestion)
	}
	if p.eat(TColon) {
		n.Type = p.parseType()
	}
	p.semicolon()
	p.expect(TCloseBrace)
	return p.finish(n)
}

func (p *parser) parseTupleType() *Node {
	n := p.alloc(KindTupleType, p.start)
	p.next() // [
	mark := len(p.stack)
	for p.tok != TCloseBracket && p.tok != TEOF {
		p.push(p.parseTupleElement())
		if !p.eat(TComma) {
			break
		}
	}
	n.List = p.takeList(mark)
	p.expect(TCloseBracket)
	return p.finish(n)
}

func (p *parser) parseTupleElement() *Node {
	start := p.start
	if p.isNamedTupleMember() {
		n := p.alloc(KindNamedTupleMember, start)
		if p.eat(TDotDotDot) {
			n.Flags |= FlagRest
		}
		n.Name = p.parseIdentifierName()
		if p.eat(TQuestion) {
			n.Flags |= FlagOptional
		}
		p.expect(TColon)
		n.Type = p.parseType()
		return p.finish(n)
	}
	if p.eat(TDotDotDot) {
		n := p.alloc(KindRestType, start)
		n.X = p.parseType()
		return p.finish(n)
	}
	t := p.parseType()
	if t.Kind == KindJSDocType && t.Op == TQuestion && t.Has(FlagPostfix) {
		// In a tuple, 'T?' is an optional element.
		t.Kind = KindOptionalType
		t.Op = 0
		t.Flags = 0
	}
	return t
}

// parseJSDocFunctionType parses 'function(T, U): R' in a type.
func (p *parser) parseJSDocFunctionType() *Node {
	n := p.alloc(KindJSDocType, p.start)
	n.Op = TFunction
	p.next() // function
	p.next() // (
	mark := len(p.stack)
	for p.tok != TCloseParen && p.tok != TEOF {
		if (p.tok == TThis || p.tok == TNew) && p.peekIs(TColon) {
			// function(this: T) and function(new: T)
			param := p.alloc(KindParameter, p.start)
			param.Name = p.leaf(KindIdentifier)
			p.next()
			param.Type = p.parseType()
			p.push(p.finish(param))
		} else {
			p.push(p.parseType())
		}
		if !p.eat(TComma) {
			break
		}
	}
	p.setParams(n, p.takeList(mark))
	p.expect(TCloseParen)
	if p.eat(TColon) {
		n.Type = p.parseType()
	}
	return p.finish(n)
}

// nextIsStartOfType reports whether the token after the current one can
// begin a type.
func (p *parser) nextIsStartOfType() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	return p.isStartOfType()
}

func (p *parser) isStartOfType() bool {
	switch p.tok {
	case TAny, TUnknown, TStringKeyword, TNumberKeyword, TBigIntKeyword, TBoolean, TReadonly,
		TSymbol, TUnique, TVoid, TUndefined, TNull, TThis, TTypeof, TNever, TOpenBrace,
		TOpenBracket, TLessThan, TBar, TAmpersand, TNew, TString, TNumber, TBigInt, TTrue,
		TFalse, TObject, TAsterisk, TQuestion, TExclamation, TDotDotDot, TInfer, TImport,
		TAsserts, TNoSubstitutionTemplate, TTemplateHead:
		return true
	case TFunction:
		return true
	case TMinus:
		t, _ := p.peek()
		return t == TNumber || t == TBigInt
	case TOpenParen:
		// A parenthesized or function type; '(' followed by what can
		// start a type or a parameter list.
		t, _ := p.peek()
		return t == TCloseParen || t == TDotDotDot || t == TOpenParen || t == TOpenBracket ||
			t == TOpenBrace || t == TLessThan || t == TString || t == TNumber || t.IsIdentifierName() ||
			t == TMinus || t == TBar || t == TAmpersand || t == TNoSubstitutionTemplate || t == TTemplateHead
	}
	return p.isIdent()
}

func (p *parser) isNamedTupleMember() bool {
	s := p.save()
	defer p.restore(s)
	p.eat(TDotDotDot)
	if !p.tok.IsIdentifierName() {
		return false
	}
	p.next()
	if p.tok == TQuestion {
		p.next()
	}
	return p.tok == TColon
}

// parseReturnType parses a return type, which may be a type predicate
// ('x is T', 'asserts x', 'asserts x is T', 'this is T').
func (p *parser) parseReturnType() *Node {
	start := p.start
	if p.tok == TAsserts {
		if t, nl := p.peek(); !nl && (t == TThis || p.isIdentTok(t)) {
			p.next()
			var name *Node
			if p.tok == TThis {
				name = p.leaf(KindThisType)
			} else {
				name = p.parseIdentifier()
			}
			if p.tok == TIs && !p.nl {
				return p.parseTypePredicateRest(start, name, FlagAsserts)
			}
			n := p.alloc(KindTypePredicate, start)
			n.Flags = FlagAsserts
			n.Name = name
			return p.finish(n)
		}
	}
	if p.isIdent() && (p.byteAfter() == 0 || p.byteAfter() == 'i') {
		if t, nl := p.peek(); t == TIs && !nl {
			name := p.parseIdentifier()
			return p.parseTypePredicateRest(start, name, 0)
		}
	}
	return p.parseType()
}

func (p *parser) parseTypePredicateRest(start int32, name *Node, flags Flags) *Node {
	n := p.alloc(KindTypePredicate, start)
	n.Flags = flags
	n.Name = name
	p.next() // is
	n.Type = p.parseType()
	return p.finish(n)
}

// parseTypeArguments parses '<' types '>' (the current token is '<').
func (p *parser) parseTypeArguments() []*Node {
	p.next() // <
	mark := len(p.stack)
	for p.tok != TGreaterThan && p.tok != TEOF && p.isStartOfType() {
		p.push(p.parseType())
		if !p.eat(TComma) {
			break
		}
	}
	list := p.takeList(mark)
	p.expect(TGreaterThan)
	return list
}

// parseTypeParameters parses '<' type parameters '>'.
func (p *parser) parseTypeParameters() []*Node {
	p.next() // <
	mark := len(p.stack)
	for p.tok != TGreaterThan && p.tok != TEOF {
		n := p.alloc(KindTypeParameter, p.start)
		// Any modifier parses here (in, out and const are meaningful; the
		// checker rejects the rest).
		for modifierFlag(p.tok) != 0 {
			if p.tok == TConst {
				if t, _ := p.peek(); !t.IsIdentifierName() {
					break
				}
			} else if !p.nextCanFollowModifier(false) {
				break
			}
			n.Flags |= modifierFlag(p.tok)
			p.next()
		}
		n.Name = p.parseIdentifier()
		if p.eat(TExtends) {
			n.Type = p.parseType()
		}
		if p.eat(TEquals) {
			n.Y = p.parseType()
		}
		p.push(p.finish(n))
		if !p.eat(TComma) {
			break
		}
	}
	list := p.takeList(mark)
	p.expect(TGreaterThan)
	return list
}

// parseTypeMembers parses '{' members '}' of an interface or type literal.
func (p *parser) parseTypeMembers() []*Node {
	if !p.expect(TOpenBrace) {
		return nil
	}
	if !p.enter() {
		return nil
	}
	mark := len(p.stack)
	for p.tok != TCloseBrace && p.tok != TEOF {
		before := p.start
		if m := p.parseTypeMember(); m != nil {
			p.push(m)
		}
		if p.start == before {
			p.errorAt(p.start, "unexpected "+p.describe()+" in type")
			p.next()
		}
	}
	list := p.takeList(mark)
	p.expect(TCloseBrace)
	p.leave()
	return list
}

func (p *parser) typeMemberSeparator() {
	if p.tok == TComma || p.tok == TSemicolon {
		p.next()
		return
	}
	p.semicolon()
}

func (p *parser) parseTypeMember() *Node {
	start := p.start
	if p.tok == TOpenParen || p.tok == TLessThan {
		return p.parseSignatureMember(KindCallSignature, start, 0, nil)
	}
	if p.tok == TNew {
		if t, _ := p.peek(); t == TOpenParen || t == TLessThan {
			p.next()
			return p.parseSignatureMember(KindConstructSignature, start, 0, nil)
		}
	}
	mods := p.parseModifiers(true)
	if (p.tok == TGet || p.tok == TSet) && p.nextCanFollowGetSet() {
		kind := KindGetAccessor
		if p.tok == TSet {
			kind = KindSetAccessor
		}
		p.next()
		return p.parseSignatureMember(kind, start, mods, p.parsePropertyName())
	}
	if p.tok == TOpenBracket && p.isIndexSignature() {
		return p.parseIndexSignature(start, mods)
	}
	name := p.parsePropertyName()
	flags := mods
	if p.eat(TQuestion) {
		flags |= FlagOptional
	}
	if p.tok == TOpenParen || p.tok == TLessThan {
		return p.parseSignatureMember(KindMethodSignature, start, flags, name)
	}
	n := p.alloc(KindPropertySignature, start)
	n.Flags = flags
	n.Name = name
	if p.eat(TColon) {
		n.Type = p.parseType()
	}
	if p.tok == TEquals {
		// Initializers are a semantic error in types; accept them.
		p.next()
		n.Y = p.parseAssignmentAllowIn()
	}
	p.typeMemberSeparator()
	return p.finish(n)
}

func (p *parser) parseSignatureMember(kind Kind, start int32, flags Flags, name *Node) *Node {
	n := p.alloc(kind, start)
	n.Flags = flags
	n.Name = name
	if p.tok == TLessThan {
		p.setTypeParams(n, p.parseTypeParameters())
	}
	old := p.ctx
	p.ctx &^= ctxYield | ctxAwait
	p.setParams(n, p.parseParameters())
	p.ctx = old
	if p.eat(TColon) {
		n.Type = p.parseReturnType()
	}
	if (kind == KindGetAccessor || kind == KindSetAccessor) && p.tok == TOpenBrace {
		n.Body = p.parseFunctionBody()
	}
	p.typeMemberSeparator()
	return p.finish(n)
}
