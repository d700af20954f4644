package rule

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A finding's message says what is wrong, why it matters (often quoting
// the error that wrangler, the deploy API or workerd prints) and what to do
// instead, in one string, so that one place reads whole. Outputs show the
// first part on the finding's line and the rest beside it as a detail:
// SplitMessage finds where the first part ends.

// longHead is the length past which a first sentence is cut again at its
// first colon, where the statement of the problem gives way to its
// explanation.
const longHead = 200

// SplitMessage splits a message into its head, the statement of what is
// wrong, and the detail that follows (empty when there is none). The head
// is the first sentence: up to a full stop followed by a capital letter,
// or up to a semicolon, counting neither inside double quotes, backticks,
// parentheses or brackets, so that a quoted error message, a number, a file
// name, e.g., or code such as this.ctx.storage.sql.exec is never cut. A head
// that still quotes an error or runs past longHead is cut at its first such
// colon followed by a space.
func SplitMessage(msg string) (head, detail string) {
	flat := !balanced(msg)
	end, next := firstSentence(msg, flat)
	if end < 0 {
		end, next = len(msg), len(msg)
	}
	if c := topColon(msg[:end], flat); c > 0 && (end > longHead || strings.Contains(msg[c:end], `"`)) {
		end, next = c, c+1
	}
	head = strings.TrimSpace(msg[:end])
	detail = strings.TrimSpace(msg[next:])
	if head == "" {
		return msg, ""
	}
	return head, detail
}

// scanner walks a message keeping track of what encloses each byte.
// With flat, brackets do not nest: a message that quotes a cut-off
// excerpt of code ("this.load().catch((err) => console.er...") never
// closes them.
type scanner struct {
	quote, tick bool
	depth       int
	flat        bool
}

// step updates the state for the byte at i and reports whether that byte
// is at the top level (outside quotes, backticks and brackets) before it.
func (s *scanner) step(msg string, i int) bool {
	top := !s.quote && !s.tick && s.depth == 0
	switch msg[i] {
	case '"':
		if !s.tick {
			s.quote = !s.quote
		}
	case '`':
		if !s.quote {
			s.tick = !s.tick
		}
	case '(', '[', '{':
		if !s.quote && !s.tick && !s.flat {
			s.depth++
		}
	case ')', ']', '}':
		if !s.quote && !s.tick && s.depth > 0 {
			s.depth--
		}
	}
	return top
}

// firstSentence returns where the first sentence ends (exclusive) and
// where the rest begins, or -1 when the message is one sentence.
func firstSentence(msg string, flat bool) (end, next int) {
	s := scanner{flat: flat}
	for i := 0; i < len(msg); i++ {
		top := s.step(msg, i)
		switch c := msg[i]; {
		case c == ';' && top:
			return i, i + 1
		case c == '.' && top && sentenceEnd(msg, i):
			return i + 1, i + 1
		case c == '"' && !s.quote && i > 0 && msg[i-1] == '.' && startsSentence(msg[i+1:]):
			// A quoted error that ends the sentence: `... file: X." Export it`.
			if s.depth == 0 && !s.tick {
				return i + 1, i + 1
			}
		}
	}
	return -1, -1
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = []string{"e.g.", "i.e.", "etc.", "vs.", "cf."}

// sentenceEnd reports whether the full stop at i ends a sentence: it is
// followed by a space and a capital letter, and does not end an
// abbreviation. A stop inside a number, a file name or a member access
// (1.5, index.ts, ctx.storage) has no space after it.
func sentenceEnd(msg string, i int) bool {
	if !startsSentence(msg[i+1:]) {
		return false
	}
	for _, a := range abbreviations {
		if strings.HasSuffix(strings.ToLower(msg[:i+1]), a) {
			return false
		}
	}
	return true
}

// startsSentence reports whether rest is a space and then a capital letter.
func startsSentence(rest string) bool {
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
	return unicode.IsUpper(r)
}

// topColon returns the offset of the first colon followed by a space
// outside quotes, backticks and brackets, or -1. A colon at the very start
// would leave no head, so it does not count.
func topColon(s string, flat bool) int {
	sc := scanner{flat: flat}
	for i := 0; i < len(s); i++ {
		if sc.step(s, i) && s[i] == ':' && i > 0 && strings.HasPrefix(s[i+1:], " ") {
			return i
		}
	}
	return -1
}

// balanced reports whether every bracket outside quotes and backticks is
// closed, so that nesting can be trusted.
func balanced(msg string) bool {
	var s scanner
	for i := 0; i < len(msg); i++ {
		s.step(msg, i)
	}
	return s.depth == 0 && !s.quote && !s.tick
}
