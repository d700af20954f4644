package sqltransaction

import (
	"reflect"
	"testing"
)

func TestStatements(t *testing.T) {
	for sql, want := range map[string][]string{
		"BEGIN":                              {"BEGIN"},
		"begin immediate transaction":        {"BEGIN IMMEDIATE"},
		"INSERT INTO t VALUES (1); commit;":  {"COMMIT"},
		"SAVEPOINT Sp1; RELEASE Sp1":         {"SAVEPOINT Sp1", "RELEASE Sp1"},
		"ROLLBACK TO sp1":                    {"ROLLBACK TO"},
		"-- BEGIN\nSELECT 1":                 nil,
		"/* COMMIT; */ SELECT 1":             nil,
		"SELECT 'x; BEGIN' ; SELECT \"end\"": nil,
		"SELECT [commit] FROM t":             nil,
		"SELECT CASE WHEN a THEN 1 END; END": {"END"},
		"CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; DELETE FROM u; END; BEGIN": {"BEGIN"},
		"create temp trigger x before delete on t begin select 1; end":                                      nil,
		"":                            nil,
		";;;":                         nil,
		"SELECT 'unterminated; BEGIN": nil,
	} {
		var got []string
		for _, st := range statements(sql) {
			if tx := st.txn(); tx != "" {
				got = append(got, tx)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: transaction statements %q, want %q", sql, got, want)
		}
	}
}

// FuzzStatements checks that the splitter never fails on any text; the
// seeds run with every go test.
func FuzzStatements(f *testing.F) {
	for _, s := range []string{"BEGIN; COMMIT", "/* x", "--", "'", "[", "CREATE TRIGGER t BEGIN END", "SAVEPOINT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		for _, st := range statements(sql) {
			_ = st.txn()
			if len(st.words) == 0 || len(st.words) > 8 {
				t.Errorf("%q: a statement with %d words", sql, len(st.words))
			}
		}
	})
}
