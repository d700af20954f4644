package sqltransaction_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/sqltransaction"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), SQLite-backed
// class: sql.exec() of "begin", "BEGIN TRANSACTION", "BEGIN IMMEDIATE",
// "END", "COMMIT", "commit transaction", "ROLLBACK", "SAVEPOINT sp1" and
// "RELEASE sp1" each throws "Error: To execute a transaction, please use
// the state.storage.transaction() or state.storage.transactionSync() APIs
// instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. ...";
// after "INSERT INTO u VALUES (1); BEGIN TRANSACTION" throws, the row is
// there. A CREATE TRIGGER with a BEGIN ... END body, "SELECT 'BEGIN'" and
// "-- BEGIN" followed by a SELECT run. transactionSync(() => { insert;
// throw }) rethrows the error and leaves no row.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", sqltransaction.Rule, "basic", "fix", "crlf")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, sqltransaction.Rule)
}
