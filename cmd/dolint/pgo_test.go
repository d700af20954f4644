package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
)

// default.pgo is committed (bench/pgo writes it): go build must be able to
// use it, it must be a profile of dolint, and it must name nothing of the
// machine it was made on.
func TestDefaultPGO(t *testing.T) {
	f, err := os.Open("default.pgo")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		t.Fatalf("default.pgo: %v", err)
	}
	if len(p.Sample) == 0 || p.SampleType[len(p.SampleType)-1].Type != "cpu" {
		t.Fatalf("default.pgo holds %d samples of %v; want a CPU profile", len(p.Sample), p.SampleType)
	}
	ours := 0
	for _, fn := range p.Function {
		if strings.HasPrefix(fn.Name, "github.com/dolint-dev/dolint/jsast.") {
			ours++
		}
		if machinePath(fn.Filename) {
			t.Errorf("default.pgo names the source file %s", fn.Filename)
		}
	}
	if ours == 0 {
		t.Error("default.pgo has no function of package jsast: it is not a profile of a lint run")
	}
	for _, m := range p.Mapping {
		if machinePath(m.File) {
			t.Errorf("default.pgo names the binary %s", m.File)
		}
	}
}

func machinePath(s string) bool {
	return filepath.IsAbs(s) || strings.HasPrefix(s, "/") || strings.Contains(s, `\`)
}
