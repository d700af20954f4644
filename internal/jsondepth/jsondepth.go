// Package jsondepth bounds the nesting of JSON-with-comments text before a
// recursive parser sees it.
//
// hujson, which reads wrangler.jsonc, .dolint.jsonc and tsconfig.json,
// descends one Go call per bracket. A file nested a million levels deep (two
// megabytes) exhausts the goroutine stack, and Go reports that as a fatal
// error no recover can catch, taking every other project of the run with
// it. A linear scan first turns such a file into an ordinary syntax error.
package jsondepth

import "fmt"

// Max is the deepest nesting accepted. Real configuration files nest a few
// levels; Go's encoding/json stops at 10,000, and a limit well below that
// keeps the recursive parsers' stacks small.
const Max = 1000

// Error reports where the nesting first exceeded the limit.
type Error struct {
	Offset int // byte offset of the bracket that went one level too deep
	Max    int
}

func (e *Error) Error() string {
	return fmt.Sprintf("nesting deeper than %d levels", e.Max)
}

// Check returns an *Error when src, read as JSON with // and /* */ comments,
// opens more than max brackets at once. It ignores brackets inside strings
// and comments and otherwise does not validate: the parser that follows
// reports every other mistake, with its own positions.
func Check(src []byte, max int) error {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 >= len(src) {
				break
			}
			switch src[i+1] {
			case '/':
				for i += 2; i < len(src) && src[i] != '\n'; i++ {
				}
			case '*':
				i += 2
				for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
					i++
				}
				i++
			}
		case '[', '{':
			if depth++; depth > max {
				return &Error{Offset: i, Max: max}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}
