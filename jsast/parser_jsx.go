package jsast

// parseJSXExpression parses a JSX element in expression position. Like
// TypeScript, it takes no member accesses or calls after the element, and a
// second element right after it is an error rather than a comparison.
func (p *parser) parseJSXExpression() *Node {
	x := p.parseJSXElement(false)
	if p.tok == TLessThan {
		p.errorAt(x.Start, "JSX expressions must have one parent element")
		n := p.alloc(KindBinary, x.Start)
		n.Op = TComma
		n.X = x
		n.Y = p.parseJSXElement(false)
		return p.finish(n)
	}
	return x
}

// parseJSXElement parses a JSX element or fragment at '<'. inChild says
// whether the element is itself a JSX child, which decides how the token
// after its final '>' is scanned.
func (p *parser) parseJSXElement(inChild bool) *Node {
	start := p.start
	if !p.enter() {
		return p.missing()
	}
	defer p.leave()
	p.next() // <
	if p.tok == TGreaterThan {
		n := p.alloc(KindJSXFragment, start)
		p.nextJSXChild()
		n.List = p.parseJSXChildren(nil, start)
		p.parseJSXClosing(nil, inChild)
		return p.finish(n)
	}
	tag := p.parseJSXTagName()
	var targs []*Node
	if (p.tok == TLessThan || p.tok == TLessThanLessThan) && p.lang != LangJS {
		p.rescanLessThan()
		targs = p.parseTypeArguments()
	}
	attrs := p.parseJSXAttributes()
	if p.tok == TSlash {
		n := p.alloc(KindJSXSelfClosing, start)
		n.Name = tag
		p.setTypeParams(n, targs)
		n.List = attrs
		p.next()
		if p.tok != TGreaterThan {
			p.errorExpected("'>'")
			return p.finish(n)
		}
		p.afterJSXTag(inChild)
		return p.finish(n)
	}
	open := p.alloc(KindJSXOpening, start)
	open.Name = tag
	p.setTypeParams(open, targs)
	open.List = attrs
	if p.tok != TGreaterThan {
		p.errorExpected("'>'")
		return p.finish(open)
	}
	p.nextJSXChild()
	p.finish(open)
	n := p.alloc(KindJSXElement, start)
	n.X = open
	n.List = p.parseJSXChildren(tag, start)
	n.Z = p.parseJSXClosing(tag, inChild)
	return p.finish(n)
}

func (p *parser) afterJSXTag(inChild bool) {
	if inChild {
		p.nextJSXChild()
	} else {
		p.next()
	}
}

func (p *parser) parseJSXTagName() *Node {
	start := p.start
	p.scanJSXIdentifier()
	var name *Node
	switch {
	case p.tok == TThis:
		name = p.leaf(KindThis)
	case p.tok.IsIdentifierName():
		name = p.leaf(KindIdentifier)
	default:
		p.errorExpected("JSX tag name")
		return p.missing()
	}
	if p.tok == TColon {
		ns := p.alloc(KindJSXNamespacedName, start)
		ns.X = name
		p.next()
		p.scanJSXIdentifier()
		ns.Name = p.parseIdentifierName()
		return p.finish(ns)
	}
	for p.tok == TDot {
		pa := p.alloc(KindPropertyAccess, start)
		pa.X = name
		p.next()
		pa.Name = p.parseIdentifierName()
		name = p.finish(pa)
	}
	return name
}

func (p *parser) parseJSXAttributes() []*Node {
	mark := len(p.stack)
	for p.tok != TGreaterThan && p.tok != TSlash && p.tok != TEOF {
		start := p.start
		if p.tok == TOpenBrace {
			a := p.alloc(KindJSXSpreadAttribute, start)
			p.next()
			p.expect(TDotDotDot)
			a.X = p.parseExpressionAllowIn()
			p.expect(TCloseBrace)
			p.push(p.finish(a))
			continue
		}
		p.scanJSXIdentifier()
		if !p.tok.IsIdentifierName() {
			p.errorExpected("JSX attribute")
			break
		}
		a := p.alloc(KindJSXAttribute, start)
		name := p.leaf(KindIdentifier)
		if p.tok == TColon {
			ns := p.alloc(KindJSXNamespacedName, start)
			ns.X = name
			p.next()
			p.scanJSXIdentifier()
			ns.Name = p.parseIdentifierName()
			name = p.finish(ns)
		}
		a.Name = name
		if p.tok == TEquals {
			p.nextJSXAttributeValue()
			switch p.tok {
			case TString:
				a.Y = p.leaf(KindStringLiteral)
			case TOpenBrace:
				e := p.alloc(KindJSXExpression, p.start)
				p.next()
				e.X = p.parseAssignmentAllowIn()
				p.expect(TCloseBrace)
				a.Y = p.finish(e)
			case TLessThan:
				a.Y = p.parseJSXElement(false)
			default:
				p.errorExpected("JSX attribute value")
			}
		}
		p.push(p.finish(a))
	}
	return p.takeList(mark)
}

// parseJSXChildren parses children up to the '<' of a closing tag. tag is
// the opening tag's name (nil for a fragment opened at start).
func (p *parser) parseJSXChildren(tag *Node, start int32) []*Node {
	mark := len(p.stack)
	for {
		switch p.tok {
		case TJSXText, TJSXTextAllWhitespace:
			t := p.alloc(KindJSXText, p.start)
			t.End = p.pos
			p.nextJSXChild()
			p.push(t)
		case TOpenBrace:
			e := p.alloc(KindJSXExpression, p.start)
			p.next()
			if p.tok != TCloseBrace {
				if p.eat(TDotDotDot) {
					e.Flags |= FlagRest
				}
				e.X = p.parseExpressionAllowIn()
			}
			if p.tok != TCloseBrace {
				p.errorExpected("'}'")
				p.push(p.finish(e))
				return p.takeList(mark)
			}
			p.nextJSXChild()
			p.push(p.finish(e))
		case TLessThan:
			if t, _ := p.peek(); t == TSlash {
				return p.takeList(mark)
			}
			p.push(p.parseJSXElement(true))
		case TEOF:
			if tag != nil {
				p.errorAt(tag.Start, "JSX element '"+p.text(tag)+"' has no corresponding closing tag")
			} else {
				p.errorAt(start, "JSX fragment has no corresponding closing tag")
			}
			return p.takeList(mark)
		default:
			p.errorExpected("JSX closing tag")
			return p.takeList(mark)
		}
	}
}

// parseJSXClosing parses '</tag>' (or '</>' when tag is nil).
func (p *parser) parseJSXClosing(tag *Node, inChild bool) *Node {
	if p.tok != TLessThan {
		return nil
	}
	n := p.alloc(KindJSXClosing, p.start)
	p.next() // <
	p.expect(TSlash)
	if tag == nil {
		if p.tok != TGreaterThan {
			p.errorExpected("'>'")
			return p.finish(n)
		}
		p.afterJSXTag(inChild)
		return p.finish(n)
	}
	n.Name = p.parseJSXTagName()
	if p.text(n.Name) != p.text(tag) {
		p.errorAt(n.Name.Start, "expected corresponding JSX closing tag for '"+p.text(tag)+"'")
	}
	if p.tok != TGreaterThan {
		p.errorExpected("'>'")
		return p.finish(n)
	}
	p.afterJSXTag(inChild)
	return p.finish(n)
}

// text returns the source text of n.
func (p *parser) text(n *Node) string { return string(p.src[n.Start:n.End]) }
