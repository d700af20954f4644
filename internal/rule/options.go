package rule

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Rule options come from .dolint.jsonc ("rules": {"NAME": {"options": {...}}})
// and may differ per project. The command that runs the rules installs a
// source once, before the run; a rule reads its options with DecodeOptions.
// A rule with options documents them in Doc.Options.
var (
	optionsMu     sync.RWMutex
	optionsSource func(config, rule string) []byte
)

// SetOptionsSource installs where options come from: src returns the JSON
// options object of a rule for the project whose wrangler config is config,
// or nil. It returns a function that restores the previous source.
func SetOptionsSource(src func(config, rule string) []byte) (restore func()) {
	optionsMu.Lock()
	prev := optionsSource
	optionsSource = src
	optionsMu.Unlock()
	return func() {
		optionsMu.Lock()
		optionsSource = prev
		optionsMu.Unlock()
	}
}

// DecodeOptions decodes the options the user gave the pass's rule for
// this project into v, a pointer to the rule's options struct holding its
// defaults. Fields not given keep their defaults; unknown fields are an
// error, so a typo does not silently keep a default.
func DecodeOptions(pass *analysis.Pass, v any) error {
	optionsMu.RLock()
	src := optionsSource
	optionsMu.RUnlock()
	if src == nil || len(pass.OtherFiles) == 0 {
		return nil
	}
	raw := src(pass.OtherFiles[0], pass.Analyzer.Name)
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
