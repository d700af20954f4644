package unboundedlist

import "strings"

// stmt is one SQL statement as upper-cased words and punctuation, with
// comments and string literals dropped and quoted names unquoted.
type stmt []string

// statements splits SQL text into statements.
func statements(sql string) []stmt {
	var out []stmt
	var cur stmt
	i := 0
	for i < len(sql) {
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
		case c == '\'':
			j := i + 1
			for j < len(sql) {
				if sql[j] == '\'' {
					if j+1 < len(sql) && sql[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			cur = append(cur, "'")
			i = j + 1
		case c == '"' || c == '`' || c == '[':
			end := byte(c)
			if c == '[' {
				end = ']'
			}
			j := strings.IndexByte(sql[i+1:], end)
			if j < 0 {
				i = len(sql)
				break
			}
			cur = append(cur, strings.ToUpper(sql[i+1:i+1+j]))
			i += j + 2
		case c == ';':
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			i++
		case isWord(c):
			j := i
			for j < len(sql) && isWord(sql[j]) {
				j++
			}
			cur = append(cur, strings.ToUpper(sql[i:j]))
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			cur = append(cur, string(c))
			i++
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c == '?' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// hole is the word a template substitution reads as.
const hole = "?HOLE?"

type writeKind int

const (
	noWrite      writeKind = iota
	plainInsert            // INSERT INTO t without OR REPLACE/IGNORE or ON CONFLICT
	shrink                 // DELETE FROM t, DROP TABLE t, an upsert or replace into t
	unknownTable           // a DELETE or DROP whose table is a substitution
)

// write says which table a statement writes and how.
func (s stmt) write() (string, writeKind) {
	if len(s) == 0 {
		return "", noWrite
	}
	// WITH ... DELETE/INSERT: find the verb after the common table
	// expressions is more than this needs; treat a WITH that deletes as
	// deleting anything.
	if s[0] == "WITH" {
		for _, w := range s {
			if w == "DELETE" || w == "DROP" {
				return "", unknownTable
			}
		}
		return "", noWrite
	}
	table := func(i int) (string, writeKind) {
		if i+2 < len(s) && s[i+1] == "." { // schema.table
			i += 2
		}
		if i >= len(s) {
			return "", noWrite
		}
		if s[i] == hole {
			return "", unknownTable
		}
		return s[i], 0
	}
	switch s[0] {
	case "DELETE":
		if len(s) > 2 && s[1] == "FROM" {
			t, k := table(2)
			if k == unknownTable {
				return "", k
			}
			return t, shrink
		}
	case "DROP":
		if len(s) > 2 && s[1] == "TABLE" {
			i := 2
			if len(s) > 4 && s[2] == "IF" && s[3] == "EXISTS" {
				i = 4
			}
			t, k := table(i)
			if k == unknownTable {
				return "", k
			}
			return t, shrink
		}
	case "REPLACE":
		if len(s) > 2 && s[1] == "INTO" {
			t, _ := table(2)
			return t, shrink
		}
	case "INSERT":
		if len(s) > 2 && s[1] == "OR" {
			// INSERT OR REPLACE / IGNORE ...: keyed, not append-only.
			for i := 2; i+1 < len(s); i++ {
				if s[i] == "INTO" {
					t, _ := table(i + 1)
					return t, shrink
				}
			}
			return "", noWrite
		}
		if len(s) > 2 && s[1] == "INTO" {
			t, k := table(2)
			if k == unknownTable || t == "" {
				return "", noWrite
			}
			for i := 3; i+1 < len(s); i++ {
				if s[i] == "ON" && s[i+1] == "CONFLICT" {
					return t, shrink
				}
			}
			return t, plainInsert
		}
	}
	return "", noWrite
}

// aggregates return one row per group.
var aggregates = map[string]bool{"COUNT": true, "SUM": true, "MIN": true, "MAX": true, "AVG": true, "TOTAL": true, "GROUP_CONCAT": true, "JSON_GROUP_ARRAY": true, "JSON_GROUP_OBJECT": true}

// unboundedSelect returns the table a lone SELECT reads whole: one table,
// and no WHERE, LIMIT, GROUP BY, HAVING, join, compound or aggregate.
func unboundedSelect(sql string) (string, bool) {
	sts := statements(sql)
	if len(sts) != 1 {
		return "", false
	}
	s := sts[0]
	if len(s) < 4 || s[0] != "SELECT" {
		return "", false
	}
	depth, from, ordered := 0, -1, false
	for i, w := range s {
		switch w {
		case "(":
			depth++
		case ")":
			depth--
		case hole:
			return "", false
		}
		if depth != 0 {
			continue
		}
		if aggregates[w] && i+1 < len(s) && s[i+1] == "(" && from < 0 {
			return "", false
		}
		switch w {
		case "FROM":
			if from < 0 {
				from = i
			}
		case "ORDER":
			ordered = from >= 0
		case ",":
			if from >= 0 && !ordered {
				return "", false // a join written with commas
			}
		case "WHERE", "LIMIT", "GROUP", "HAVING", "JOIN", "UNION", "INTERSECT", "EXCEPT", "VALUES":
			if from >= 0 || w == "VALUES" {
				return "", false
			}
		}
	}
	if from < 0 || from+1 >= len(s) {
		return "", false
	}
	i := from + 1
	if i+2 < len(s) && s[i+1] == "." {
		i += 2
	}
	t := s[i]
	if t == "(" || t == "'" || !isWord(t[0]) || (i+1 < len(s) && s[i+1] == "(") {
		return "", false
	}
	return t, true
}
