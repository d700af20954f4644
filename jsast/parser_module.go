package jsast

// parseImport parses an import declaration or import-equals declaration
// at 'import'. Like TypeScript's parser, it takes any expression as a
// module specifier (a non-string one is a semantic error), and an
// identifier not followed by ',' or 'from' starts 'import x = ...'.
func (p *parser) parseImport(start int32, mods Flags) *Node {
	p.next() // import
	return p.parseImportAfterKeyword(start, mods)
}

// parseImportAfterKeyword is parseImport past 'import'.
func (p *parser) parseImportAfterKeyword(start int32, mods Flags) *Node {
	n := p.alloc(KindImportDecl, start)
	n.Flags = mods
	var typeOnly Flags
	if p.tok == TType && p.importTypeIsModifier() {
		typeOnly = FlagTypeOnly
		p.next()
	} else if p.tok == TIdentifier && !p.escaped && string(p.src[p.start:p.pos]) == "defer" {
		// 'import defer * as ns from "m"' (a deferred import); 'defer'
		// followed by 'from', ',' or '=' is a binding name.
		if t, _ := p.peek(); t != TFrom && t != TComma && t != TEquals {
			p.next()
		}
	}
	var id *Node
	if p.isIdent() {
		id = p.parseIdentifier()
		if p.tok != TComma && p.tok != TFrom {
			n.Kind = KindImportEquals
			n.Flags |= typeOnly
			n.Name = id
			p.expect(TEquals)
			if p.tok == TRequire && p.peekIs(TOpenParen) {
				r := p.alloc(KindExternalModuleRef, p.start)
				p.next()
				p.next()
				r.X = p.parseAssignmentAllowIn()
				p.expect(TCloseParen)
				n.Y = p.finish(r)
			} else {
				n.Y = p.parseEntityName(false)
			}
			p.semicolon()
			return p.finish(n)
		}
	}
	if id != nil || p.tok == TAsterisk || p.tok == TOpenBrace {
		clauseStart := p.start
		if id != nil {
			clauseStart = id.Start
		}
		clause := p.alloc(KindImportClause, clauseStart)
		clause.Flags = typeOnly
		clause.Name = id
		if id != nil && p.eat(TComma) && p.tok != TAsterisk && p.tok != TOpenBrace {
			p.errorExpected("'*' or '{'")
		}
		switch p.tok {
		case TAsterisk:
			ns := p.alloc(KindNamespaceImport, p.start)
			p.next()
			p.expect(TAs)
			ns.Name = p.parseIdentifier()
			clause.Y = p.finish(ns)
		case TOpenBrace:
			clause.Y = p.parseNamedSpecifiers(KindNamedImports, KindImportSpecifier)
		}
		n.X = p.finish(clause)
		p.expect(TFrom)
	}
	n.Y = p.parseModuleSpecifier()
	n.Z = p.parseImportAttributes()
	p.semicolon()
	return p.finish(n)
}

// parseModuleSpecifier parses the string after 'from' (or any expression,
// which the checker rejects).
func (p *parser) parseModuleSpecifier() *Node {
	if p.tok == TString {
		return p.leaf(KindStringLiteral)
	}
	return p.parseExpression()
}

// importTypeIsModifier decides whether 'type' after 'import' marks a
// type-only import or is itself the default binding.
func (p *parser) importTypeIsModifier() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	switch p.tok {
	case TOpenBrace, TAsterisk:
		return true
	case TFrom:
		// import type from "x" binds 'type'; import type from from "x" does not.
		p.next()
		return p.tok != TString
	case TComma, TEquals:
		return false
	}
	return p.tok.IsIdentifierName()
}

func (p *parser) parseImportAttributes() *Node {
	if p.tok == TWith || p.tok == TAssert && !p.nl {
		p.next()
		if p.tok == TOpenBrace {
			return p.parseObjectLiteral()
		}
		p.errorExpected("'{'")
	}
	return nil
}

// parseNamedSpecifiers parses '{ a, b as c, type d }' for imports and exports.
func (p *parser) parseNamedSpecifiers(kind, specKind Kind) *Node {
	n := p.alloc(kind, p.start)
	p.next() // {
	mark := len(p.stack)
	for p.tok != TCloseBrace && p.tok != TEOF {
		s := p.alloc(specKind, p.start)
		if p.tok == TType && p.specifierTypeIsModifier() {
			s.Flags |= FlagTypeOnly
			p.next()
		}
		nameTok := p.tok
		name := p.parseModuleExportName()
		if p.tok == TAs {
			p.next()
			s.X = name
			if specKind == KindImportSpecifier {
				s.Name = p.parseIdentifier()
			} else {
				s.Name = p.parseModuleExportName()
			}
		} else {
			if specKind == KindImportSpecifier && (nameTok == TString || nameTok.IsReserved()) {
				// The imported name is also the local binding here.
				p.errorAt(name.Start, "expected identifier but found '"+p.text(name)+"'")
			}
			s.Name = name
		}
		p.push(p.finish(s))
		if !p.eat(TComma) {
			break
		}
	}
	n.List = p.takeList(mark)
	p.expect(TCloseBrace)
	return p.finish(n)
}

// specifierTypeIsModifier handles 'type' inside braces: '{ type }',
// '{ type as x }' name the binding 'type'; '{ type x }', '{ type as as x }'
// and '{ type as }' are type-only specifiers.
func (p *parser) specifierTypeIsModifier() bool {
	s := p.save()
	defer p.restore(s)
	p.next()
	if p.tok == TAs {
		p.next()
		if p.tok == TAs {
			// '{ type as as x }' is type-only; '{ type as as }' renames
			// 'type' to 'as'.
			p.next()
			return p.tok.IsIdentifierName() || p.tok == TString
		}
		if p.tok == TComma || p.tok == TCloseBrace {
			return true
		}
		return false
	}
	return p.tok.IsIdentifierName() || p.tok == TString
}

func (p *parser) parseModuleExportName() *Node {
	if p.tok == TString {
		return p.leaf(KindStringLiteral)
	}
	return p.parseIdentifierName()
}

// parseExport parses everything that starts with 'export'.
func (p *parser) parseExport(start int32, decos []*Node) *Node {
	p.next() // export
	return p.parseExportAfterKeyword(start, decos)
}

// parseExportAfterKeyword is parseExport past 'export'.
func (p *parser) parseExportAfterKeyword(start int32, decos []*Node) *Node {
	switch p.tok {
	case TEquals:
		n := p.alloc(KindExportAssign, start)
		n.Flags = FlagExportEquals
		p.setDecorators(n, decos)
		p.next()
		n.X = p.parseAssignmentAllowIn()
		p.semicolon()
		return p.finish(n)
	case TAs:
		n := p.alloc(KindNamespaceExportDecl, start)
		p.next()
		p.expect(TNamespace)
		n.Name = p.parseIdentifier()
		p.semicolon()
		return p.finish(n)
	case TDefault:
		p.next()
		mods := FlagExport | FlagDefault
		if t, nl := p.peek(); !nl && (p.tok == TAbstract && t == TClass || p.tok == TAsync && t == TFunction) {
			mods |= modifierFlag(p.tok)
			p.next()
		}
		switch p.tok {
		case TClass, TFunction, TInterface, TAt:
			return p.parseDeclarationAfterModifiers(start, mods, decos)
		}
		n := p.alloc(KindExportAssign, start)
		p.setDecorators(n, decos)
		n.X = p.parseAssignmentAllowIn()
		p.semicolon()
		return p.finish(n)
	case TImport:
		return p.parseImport(start, FlagExport)
	case TAsterisk, TOpenBrace:
		return p.parseExportDecl(start, 0)
	case TType:
		if t, _ := p.peek(); t == TOpenBrace || t == TAsterisk {
			p.next()
			return p.parseExportDecl(start, FlagTypeOnly)
		}
	}
	mods := FlagExport | p.parseModifiers(false)
	return p.parseDeclarationAfterModifiers(start, mods, decos)
}

func (p *parser) parseExportDecl(start int32, typeOnly Flags) *Node {
	n := p.alloc(KindExportDecl, start)
	n.Flags = typeOnly
	if p.tok == TAsterisk {
		nsStart := p.start
		p.next()
		if p.tok == TAs {
			ns := p.alloc(KindNamespaceExport, nsStart)
			p.next()
			ns.Name = p.parseModuleExportName()
			n.X = p.finish(ns)
		}
		p.expect(TFrom)
		n.Y = p.parseModuleSpecifier()
	} else {
		n.X = p.parseNamedSpecifiers(KindNamedExports, KindExportSpecifier)
		if p.eat(TFrom) {
			n.Y = p.parseModuleSpecifier()
		}
	}
	n.Z = p.parseImportAttributes()
	p.semicolon()
	return p.finish(n)
}
