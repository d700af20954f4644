package cleanpath

import (
	"path/filepath"
	"testing"
)

// A module's directory in a monorepo and a relative import of it.
const benchDir, benchSpec = "/home/user/src/agents/packages/agents/src/mcp/client", "../utils/helpers"

func BenchmarkJoin(b *testing.B) {
	for b.Loop() {
		Join(benchDir, benchSpec)
	}
}

func BenchmarkFilepathJoin(b *testing.B) {
	for b.Loop() {
		filepath.Join(benchDir, benchSpec)
	}
}
