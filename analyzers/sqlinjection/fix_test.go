package sqlinjection

import "testing"

func TestValuePosition(t *testing.T) {
	for text, want := range map[string]bool{
		"SELECT * FROM t WHERE id = ":      true,
		"SELECT * FROM t WHERE n >= ":      true,
		"SELECT * FROM t LIMIT ":           true,
		"SELECT * FROM t limit 10 offset ": true,
		"SELECT * FROM t WHERE a LIKE ":    true,
		"INSERT INTO t (a, b) VALUES (":    true,
		"INSERT INTO t (a, b) VALUES (1, ": true,
		"INSERT INTO t VALUES (1), (":      true,
		"INSERT INTO t VALUES (f(1), ":     true,
		"INSERT INTO t VALUES (1), (2), (": true,
		"INSERT INTO t SELECT 1, (":        false,
		"SELECT ":                          false,
		"SELECT a, ":                       false,
		"SELECT * FROM ":                   false,
		"SELECT * FROM t ORDER BY ":        false,
		"SELECT * FROM t WHERE id IN (":    false,
		"SELECT * FROM t WHERE ":           false,
		"SELECT * FROM t WHERE a = 1 AND ": false,
		"UPDATE t SET ":                    false,
		"SELECT * ":                        false, // the wildcard, not a product
		"SELECT -- comment\n * FROM t -- ": false,
		"INSERT INTO t (a, ":               false,
		"":                                 false,
	} {
		if got := valuePosition(text); got != want {
			t.Errorf("valuePosition(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestSQLState(t *testing.T) {
	for text, want := range map[string]byte{
		"SELECT 'a":      '\'',
		"SELECT 'a'":     0,
		"SELECT 'it''s":  '\'',
		"SELECT 'it''s'": 0,
		"SELECT \"col":   '"',
		"SELECT 1":       0,
	} {
		if got := sqlState(text); got != want {
			t.Errorf("sqlState(%q) = %q, want %q", text, got, want)
		}
	}
}
