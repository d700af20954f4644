// Package wrangler models a Worker's wrangler configuration (wrangler.jsonc,
// wrangler.json or wrangler.toml) as far as Durable Objects are concerned.
//
// Every value a rule may point at carries its position as token.Pos values in
// the caller's FileSet, so findings print as file:line:col without the rules
// knowing which syntax the file used.
package wrangler

import "go/token"

// Format is the syntax of a config file.
type Format int

const (
	JSONC Format = iota // wrangler.jsonc: comments and trailing commas
	JSON                // wrangler.json: wrangler reads it as JSONC too
	TOML                // wrangler.toml
)

func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case TOML:
		return "toml"
	}
	return "jsonc"
}

// Config is one parsed config file.
type Config struct {
	Path   string // as given to Parse
	Format Format
	Src    []byte      // the file's bytes, kept for fixes that edit the file
	File   *token.File // Src's entry in the FileSet

	Top  Section // the top level
	Envs []*Env  // env.<name> sections in file order

	// Problems are wrangler's own validation errors and warnings, plus syntax
	// errors. A config with a syntax error has an empty Top and no Envs.
	Problems []Problem

	// Placeholders are the string values, in file order, that hold a
	// template placeholder such as "<WORKER_NAME>" or "{{ name }}" (see
	// HasPlaceholder): the file is a project template not yet filled in.
	Placeholders []*String

	// TestHarness is set when the config is used only by a test runner
	// (Parse never sets it; the workerconfig analyzer does). Nothing
	// deploys such a config, so deploy-time claims do not apply to it.
	TestHarness *TestHarness
}

// TestHarness says which test-runner configuration names a wrangler config.
type TestHarness struct {
	// By is the path of the test-runner configuration file
	// (vitest.config.ts, ...) that names this config.
	By string
	// ConfigPath is the path as written there; "" when the config only
	// sits in a test directory beside that file, where test files start
	// wrangler dev on it.
	ConfigPath string
}

// Env is one env.<name> section. Its Name field shadows the embedded
// Section's: the env's own "name" key is e.Section.Name.
type Env struct {
	Name    string
	NamePos token.Pos // the key <name> in env.<name>
	Section
}

// Section holds the DO-relevant keys of the top level or of one environment.
// A nil field means the key is absent in that section.
type Section struct {
	// The object (JSON); in TOML the table's [header], or the key that
	// created the table implicitly, or the whole file for the top level.
	Pos, End token.Pos

	Name               *String
	Main               *String
	CompatibilityDate  *String
	CompatibilityFlags *StringList
	NoBundle           *Bool
	DurableObjects     *DurableObjects
	Migrations         *Migrations
	Exports            *Exports
	Vars               []*Var
}

// String is a string value and where it stands.
type String struct {
	Value    string
	Pos, End token.Pos // the literal, quotes included
}

// Bool is a boolean value and where it stands.
type Bool struct {
	Value    bool
	Pos, End token.Pos
}

// StringList is an array of strings. Elements that are not strings are
// reported as Problems and left out of Items.
type StringList struct {
	Items    []*String
	Pos, End token.Pos // the array, brackets included
}

// Values returns the strings of l (nil-safe).
func (l *StringList) Values() []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Items))
	for i, s := range l.Items {
		out[i] = s.Value
	}
	return out
}

// DurableObjects is the durable_objects key.
type DurableObjects struct {
	Pos, End    token.Pos // the durable_objects value
	BindingsPos token.Pos // the bindings array, or NoPos
	Bindings    []*Binding
}

// Binding is one durable_objects.bindings[] entry.
type Binding struct {
	Index       int
	Pos, End    token.Pos // the entry's object, inline table or [[header]]
	Name        *String
	ClassName   *String
	ScriptName  *String
	Environment *String
}

// Local reports whether the binding names a class of this Worker (no
// script_name). Only local bindings feed wrangler's export check, the
// missing-migration warning and deploy errors 10061/10064.
func (b *Binding) Local() bool { return b.ScriptName == nil }

// Migrations is the migrations key.
type Migrations struct {
	Pos, End token.Pos
	Steps    []*Migration
}

// Migration is one migrations[] step.
type Migration struct {
	Index              int
	Pos, End           token.Pos
	Tag                *String
	NewClasses         *StringList
	NewSqliteClasses   *StringList
	RenamedClasses     []*Rename
	RenamedPos         token.Pos // the renamed_classes array, or NoPos
	DeletedClasses     *StringList
	TransferredClasses []*Transfer
	TransferredPos     token.Pos
}

// Rename is one renamed_classes entry.
type Rename struct {
	Pos, End token.Pos
	From, To *String
}

// Transfer is one transferred_classes entry.
type Transfer struct {
	Pos, End         token.Pos
	From, FromScript *String
	To               *String
}

// Exports is the declarative exports map.
type Exports struct {
	Pos, End token.Pos
	Entries  []*Export // in file order
}

// Export is one exports.<Class> entry. Only keys with string values are
// modelled; Keys lists every key present so forbidden keys can be reported.
type Export struct {
	Class         *String // the key
	Pos, End      token.Pos
	Type          *String
	State         *String
	Storage       *String
	RenamedTo     *String
	TransferredTo *String
	TransferFrom  *String
	Container     *String
	Keys          []*String
}

// Live reports whether the entry declares a class that exists after the
// deploy: state omitted, "created" or "expecting-transfer".
func (e *Export) Live() bool {
	if e.Type == nil || e.Type.Value != "durable-object" {
		return false
	}
	return e.State == nil || e.State.Value == "created" || e.State.Value == "expecting-transfer"
}

// Var is one vars entry. Value is the decoded JSON-like value: string,
// float64, bool, nil, []any or map[string]any.
type Var struct {
	Name     *String
	Value    any
	Pos, End token.Pos
}

// Severity of a Problem, as wrangler prints it.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Area says which part of the config a Problem belongs to, so that each rule
// reports only its own.
type Area int

const (
	AreaSyntax         Area = iota // the file does not parse
	AreaDurableObjects             // durable_objects and its bindings
	AreaMigrations                 // migrations
	AreaExports                    // exports
	AreaOther                      // everything else wrangler validates
)

// Problem is a validation message worded exactly as wrangler words it
// (../reference/wrangler.md), or a syntax error.
type Problem struct {
	Pos, End token.Pos
	Severity Severity
	Area     Area
	Message  string
}
