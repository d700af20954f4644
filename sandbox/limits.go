package sandbox

import (
	"reflect"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// cloneScriptError is the error for a value that could not be serialized:
// a DataCloneError, or V8's RangeError for a value nested too deeply.
func cloneScriptError(err error, remote bool) *ScriptError {
	if e, ok := err.(*clone.Error); ok && e.Name != "" {
		return &ScriptError{Name: e.Name, Message: e.Message, Remote: remote}
	}
	return &ScriptError{Name: "DataCloneError", Message: err.Error(), DataClone: true, Remote: remote}
}

var plainObjectType = reflect.TypeOf(map[string]any{})

// isPlainObject reports an object whose Export would copy its properties
// recursively, as deep as user code nested them.
func isPlainObject(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	switch o.ExportType() {
	case plainObjectType, reflect.TypeOf([]any{}):
		return true
	}
	return false
}
