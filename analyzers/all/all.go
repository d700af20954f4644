// Package all lists every dolint rule, in the order `dolint rules` and
// rules.md show them. Adding a rule means adding its Analyzer here.
package all

import (
	"github.com/dolint-dev/dolint/analyzers/ignorereason"
	"github.com/dolint-dev/dolint/analyzers/unusedignore"
	"golang.org/x/tools/go/analysis"
)

// Rules are the rule analyzers. Input analyzers (workerconfig, history) are
// not rules; they run because rules require them.
var Rules = []*analysis.Analyzer{
	// Config rules.

	// Source rules.

	// Suppression directives.
	ignorereason.Analyzer,
	unusedignore.Analyzer,
}
