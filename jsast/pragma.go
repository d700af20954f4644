package jsast

import "strings"

// checkReferenceDirectives reports malformed `/// <reference ... />`
// directives among the comments before the first token, as TypeScript's
// parser does: a reference needs a non-empty path, types or lib argument,
// or no-default-lib="true".
func (p *parser) checkReferenceDirectives(firstToken int32) {
	for _, c := range p.comments {
		if c.Start >= firstToken {
			break
		}
		if c.Block {
			continue
		}
		text := string(p.src[c.Start:c.End])
		if !isReferenceDirective(text) {
			continue
		}
		if directiveArg(text, "no-default-lib") == "true" || directiveArg(text, "types") != "" ||
			directiveArg(text, "lib") != "" || directiveArg(text, "path") != "" {
			continue
		}
		p.errs = append(p.errs, SyntaxError{Offset: c.Start, Message: "Invalid 'reference' directive syntax."})
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'
}

// isReferenceDirective matches `///`, spaces, `<reference`, a space and a
// later `/>`.
func isReferenceDirective(text string) bool {
	if !strings.HasPrefix(text, "///") {
		return false
	}
	i := 3
	for i < len(text) && isSpace(text[i]) {
		i++
	}
	if i >= len(text) || text[i] != '<' {
		return false
	}
	i++
	j := i
	for j < len(text) && !isSpace(text[j]) {
		j++
	}
	if j == i || j >= len(text) || !strings.EqualFold(text[i:j], "reference") {
		return false
	}
	return strings.Contains(text[j+1:], "/>")
}

// directiveArg returns the value of the first ` name = "value"` (or
// single-quoted) argument in a directive, matching the name without
// regard to case.
func directiveArg(text, name string) string {
	for i := 1; i+len(name) <= len(text); i++ {
		if !isSpace(text[i-1]) || !strings.EqualFold(text[i:i+len(name)], name) {
			continue
		}
		j := i + len(name)
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j >= len(text) || text[j] != '=' {
			continue
		}
		j++
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j >= len(text) || text[j] != '"' && text[j] != '\'' {
			continue
		}
		q := text[j]
		k := strings.IndexByte(text[j+1:], q)
		if k < 0 {
			continue
		}
		return text[j+1 : j+1+k]
	}
	return ""
}
