// Package all lists every dolint rule, in the order `dolint rules` and
// rules.md show them. Adding a rule means adding its Analyzer here.
package all

import (
	"github.com/dolint-dev/dolint/analyzers/alarmhandler"
	"github.com/dolint-dev/dolint/analyzers/alarmtime"
	"github.com/dolint-dev/dolint/analyzers/asyncinit"
	"github.com/dolint-dev/dolint/analyzers/blockconcurrency"
	"github.com/dolint-dev/dolint/analyzers/configschema"
	"github.com/dolint-dev/dolint/analyzers/configsyntax"
	"github.com/dolint-dev/dolint/analyzers/configtemplate"
	"github.com/dolint-dev/dolint/analyzers/cursorapi"
	"github.com/dolint-dev/dolint/analyzers/deleteall"
	"github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/analyzers/duplicatetag"
	"github.com/dolint-dev/dolint/analyzers/envbindings"
	"github.com/dolint-dev/dolint/analyzers/exportsconflict"
	"github.com/dolint-dev/dolint/analyzers/hibernationstate"
	"github.com/dolint-dev/dolint/analyzers/hotspot"
	"github.com/dolint-dev/dolint/analyzers/ignorereason"
	"github.com/dolint-dev/dolint/analyzers/kvbackend"
	"github.com/dolint-dev/dolint/analyzers/mainmissing"
	"github.com/dolint-dev/dolint/analyzers/migrationreplay"
	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/analyzers/outboundws"
	"github.com/dolint-dev/dolint/analyzers/rpccompat"
	"github.com/dolint-dev/dolint/analyzers/serviceworker"
	"github.com/dolint-dev/dolint/analyzers/sourcesyntax"
	"github.com/dolint-dev/dolint/analyzers/sqlinjection"
	"github.com/dolint-dev/dolint/analyzers/sqlonkv"
	"github.com/dolint-dev/dolint/analyzers/sqltransaction"
	"github.com/dolint-dev/dolint/analyzers/supercall"
	"github.com/dolint-dev/dolint/analyzers/timers"
	"github.com/dolint-dev/dolint/analyzers/unboundedlist"
	"github.com/dolint-dev/dolint/analyzers/unexportedclass"
	"github.com/dolint-dev/dolint/analyzers/unusedignore"
	"github.com/dolint-dev/dolint/analyzers/wsaccept"
	"github.com/dolint-dev/dolint/analyzers/wsclose"
	"golang.org/x/tools/go/analysis"
)

// Rules are the rule analyzers. Input analyzers (workerconfig, history) are
// not rules; they run because rules require them.
var Rules = []*analysis.Analyzer{
	// Config rules.
	configsyntax.Analyzer,
	configschema.Analyzer,
	configtemplate.Analyzer,
	missingmigration.Analyzer,
	migrationreplay.Analyzer,
	duplicatetag.Analyzer,
	exportsconflict.Analyzer,
	duplicatebinding.Analyzer,
	envbindings.Analyzer,
	kvbackend.Analyzer,

	// Source rules.
	sourcesyntax.Analyzer,
	mainmissing.Analyzer,
	serviceworker.Analyzer,
	unexportedclass.Analyzer,
	supercall.Analyzer,
	alarmhandler.Analyzer,
	alarmtime.Analyzer,
	deleteall.Analyzer,
	blockconcurrency.Analyzer,
	asyncinit.Analyzer,
	timers.Analyzer,
	wsaccept.Analyzer,
	hibernationstate.Analyzer,
	wsclose.Analyzer,
	outboundws.Analyzer,
	cursorapi.Analyzer,
	sqlonkv.Analyzer,
	sqlinjection.Analyzer,
	sqltransaction.Analyzer,
	rpccompat.Analyzer,
	hotspot.Analyzer,
	unboundedlist.Analyzer,

	// Suppression directives.
	ignorereason.Analyzer,
	unusedignore.Analyzer,
}
