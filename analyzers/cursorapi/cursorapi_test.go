package cursorapi_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/cursorapi"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), SQLite-backed
// class, compat 2025-09-01:
//   - const cursor = sql.exec("SELECT 1 AS x"); cursor.rows.map(...) throws
//     "TypeError: Cannot read properties of undefined (reading 'map')";
//     cursor.rows, .results, .length, .success, .meta, .all and .run are
//     all undefined.
//   - cursor.first() throws "TypeError: cursor.first is not a function",
//     sql.exec(...).first() "TypeError: sql.exec(...).first is not a
//     function".
//   - one({ allowNone: true }) on no row throws "Error: Expected exactly one
//     result from SQL query, but got no results.", on two rows "Error:
//     Expected exactly one result from SQL query, but got multiple
//     results.".
//   - (await sql.exec("SELECT 1 AS x")).toArray() gives [{"x":1}]: awaiting
//     the cursor hands it back.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", cursorapi.Rule, "basic")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, cursorapi.Rule)
}
