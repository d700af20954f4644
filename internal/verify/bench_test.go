package verify_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/verify"
)

// example copies a bundled example into a temporary directory.
func example(b *testing.B, name string) *driver.Project {
	b.Helper()
	_, file, _, _ := runtime.Caller(0)
	src := filepath.Join(filepath.Dir(file), "..", "..", "examples", name)
	dst := b.TempDir()
	err := os.CopyFS(dst, os.DirFS(src))
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []string{"wrangler.jsonc", "wrangler.toml"} {
		if _, err := os.Stat(filepath.Join(dst, n)); err == nil {
			return &driver.Project{Dir: dst, Config: filepath.Join(dst, n)}
		}
	}
	b.Fatal("no config")
	return nil
}

func lint(p *driver.Project) func(map[string][]byte) (*driver.Result, error) {
	return func(overlay map[string][]byte) (*driver.Result, error) {
		return driver.RunOptions([]*driver.Project{p}, all.Rules(), driver.Options{Overlay: overlay})
	}
}

// BenchmarkVerifyCounter verifies the fixes `dolint fix --unsafe` applies
// to examples/counter (four: supercall, alarmtime, unexportedclass,
// envbindings). BenchmarkLintCounter, the peer, is one plain lint run of
// the same project.
func BenchmarkVerifyCounter(b *testing.B) {
	p := example(b, "counter")
	var final map[string][]byte
	var fixes []fix.Candidate
	_, err := fix.Run(fix.Options{Unsafe: true, Lint: lint(p), Verify: func(f map[string][]byte, cands []fix.Candidate) ([]fix.Verdict, error) {
		final = f
		vs := make([]fix.Verdict, len(cands))
		fixes = append(fixes, cands...)
		for i := range cands {
			vs[i] = fix.Verdict{Status: fix.Verified}
		}
		return vs, nil
	}})
	if err != nil || len(fixes) == 0 {
		b.Fatalf("no fixes to verify: %v", err)
	}
	b.ReportMetric(float64(len(fixes)), "fixes")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		vs := verify.Run(verify.Options{Config: p.Config, Fixed: final}, fixes)
		for _, v := range vs {
			if v.Status == fix.RejectedByCheck {
				b.Fatalf("rejected: %v", v)
			}
		}
	}
}

func BenchmarkLintCounter(b *testing.B) {
	p := example(b, "counter")
	run := lint(p)
	for i := 0; i < b.N; i++ {
		if _, err := run(nil); err != nil {
			b.Fatal(err)
		}
	}
}
