package sqltransaction

import "strings"

// txnWords are the statements workerd refuses in exec.
var txnWords = map[string]bool{
	"BEGIN": true, "COMMIT": true, "END": true, "ROLLBACK": true, "SAVEPOINT": true, "RELEASE": true,
}

// statement is one SQL statement's leading words, upper-cased.
type statement struct {
	words []string
}

// txn returns the statement's transaction command as written in a
// message ("BEGIN TRANSACTION", "SAVEPOINT sp1"), or "".
func (s statement) txn() string {
	if len(s.words) == 0 || !txnWords[s.words[0]] {
		return ""
	}
	n := 1
	if len(s.words) > 1 {
		switch s.words[0] {
		case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE":
			n = 2
		}
	}
	if n > len(s.words) {
		n = len(s.words)
	}
	return strings.Join(s.words[:n], " ")
}

// is reports whether the statement is exactly one of the forms given,
// each a space-separated word sequence.
func (s statement) is(forms ...string) bool {
	got := strings.Join(s.words, " ")
	for _, f := range forms {
		if got == f {
			return true
		}
	}
	return false
}

// statements splits SQL text into statements, skipping comments and
// quoted strings and names. A CREATE TRIGGER body (BEGIN ... END) stays
// inside its statement, so its END is not a statement of its own.
func statements(sql string) []statement {
	var (
		out   []statement
		cur   statement
		depth int // BEGIN/CASE nesting inside a CREATE TRIGGER
	)
	trigger := func() bool {
		for i, w := range cur.words {
			if i > 4 {
				break
			}
			if w == "TRIGGER" {
				return cur.words[0] == "CREATE"
			}
		}
		return false
	}
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				i = len(sql)
			} else {
				i += j + 4
			}
		case c == '\'' || c == '"' || c == '`' || c == '[':
			end := c
			if c == '[' {
				end = ']'
			}
			j := strings.IndexByte(sql[i+1:], end)
			if j < 0 {
				i = len(sql)
			} else {
				i += j + 2
			}
			if len(cur.words) < 8 {
				cur.words = append(cur.words, "x")
			}
		case c == ';':
			if depth == 0 {
				if len(cur.words) > 0 {
					out = append(out, cur)
				}
				cur = statement{}
			}
			i++
		case isWord(c):
			j := i
			for j < len(sql) && isWord(sql[j]) {
				j++
			}
			w := strings.ToUpper(sql[i:j])
			if len(cur.words) > 0 && trigger() {
				switch w {
				case "BEGIN", "CASE":
					depth++
				case "END":
					if depth > 0 {
						depth--
					}
				}
			}
			if len(cur.words) < 8 {
				// Keep names as written for SAVEPOINT sp1.
				if len(cur.words) == 1 && (cur.words[0] == "SAVEPOINT" || cur.words[0] == "RELEASE") {
					w = sql[i:j]
				}
				cur.words = append(cur.words, w)
			}
			i = j
		default:
			i++
		}
	}
	if len(cur.words) > 0 {
		out = append(out, cur)
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
