package rule

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Config is what a project's .dolint.jsonc says about its rules, as a pass
// sees it: the JSON options object a rule was given ("rules": {"NAME":
// {"options": {...}}}), or nil, and the severity it runs at.
type Config interface {
	Options(rule string) json.RawMessage
	Severity(rule string, def Severity) Severity
}

// Settings is the input analyzer through which a pass sees its project's
// Config. Every rule built by New requires it. Its result is given by the
// driver, which knows the project a pass is for (a nil Config: no
// settings, every rule at its defaults); run on its own it has none.
var Settings = &analysis.Analyzer{
	Name:       "settings",
	Doc:        "gives each rule its project's options and severity from .dolint.jsonc",
	Run:        func(*analysis.Pass) (any, error) { return Config(nil), nil },
	ResultType: reflect.TypeOf((*Config)(nil)).Elem(),
}

// ConfigOf returns the project's Config of a pass whose analyzer requires
// Settings, or nil.
func ConfigOf(pass *analysis.Pass) Config {
	c, _ := pass.ResultOf[Settings].(Config)
	return c
}

// DecodeOptions decodes the options the user gave the pass's rule for
// this project into v, a pointer to the rule's options struct holding its
// defaults. Fields not given keep their defaults; unknown fields are an
// error, so a typo does not silently keep a default. A rule with options
// documents them in Doc.Options.
func DecodeOptions(pass *analysis.Pass, v any) error {
	c := ConfigOf(pass)
	if c == nil {
		return nil
	}
	raw := c.Options(pass.Analyzer.Name)
	if len(raw) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("options of rule %s: %v", pass.Analyzer.Name, err)
	}
	return nil
}

// SeverityOf is the severity at which the pass's rule runs for this
// project: the project's setting, else def (the rule's Doc.Severity).
func SeverityOf(pass *analysis.Pass, def Severity) Severity {
	if c := ConfigOf(pass); c != nil {
		return c.Severity(pass.Analyzer.Name, def)
	}
	return def
}
