package fix

import udiff "github.com/aymanbagabas/go-udiff"

// Diff returns a unified diff (3 lines of context) from old to new, with
// the given names in the header; "" when they are equal.
func Diff(oldName, newName string, old, new []byte) string {
	return udiff.Unified(oldName, newName, string(old), string(new))
}
