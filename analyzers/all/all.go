// Package all builds the set of every dolint rule, in the order `dolint
// rules` and rules.md show them. Adding a rule means adding its Rule here.
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
	"github.com/dolint-dev/dolint/analyzers/migrationhistory"
	"github.com/dolint-dev/dolint/analyzers/migrationreplay"
	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/analyzers/nohistory"
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
	"github.com/dolint-dev/dolint/internal/rule"
)

// Rules returns a new set of every rule. Input analyzers (workerconfig,
// history) are not rules; they run because rules require them.
func Rules() *rule.Set {
	return rule.NewSet(
		// Config rules.
		configsyntax.Rule,
		configschema.Rule,
		configtemplate.Rule,
		missingmigration.Rule,
		migrationreplay.Rule,
		duplicatetag.Rule,
		migrationhistory.Rule,
		nohistory.Rule,
		exportsconflict.Rule,
		duplicatebinding.Rule,
		envbindings.Rule,
		kvbackend.Rule,

		// Source rules.
		sourcesyntax.Rule,
		mainmissing.Rule,
		serviceworker.Rule,
		unexportedclass.Rule,
		supercall.Rule,
		alarmhandler.Rule,
		alarmtime.Rule,
		deleteall.Rule,
		blockconcurrency.Rule,
		asyncinit.Rule,
		timers.Rule,
		wsaccept.Rule,
		hibernationstate.Rule,
		wsclose.Rule,
		outboundws.Rule,
		cursorapi.Rule,
		sqlonkv.Rule,
		sqlinjection.Rule,
		sqltransaction.Rule,
		rpccompat.Rule,
		hotspot.Rule,
		unboundedlist.Rule,

		// Suppression directives.
		ignorereason.Rule,
		unusedignore.Rule,
	)
}
