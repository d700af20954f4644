package output

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
)

// Counts are the totals of a run, the JSON report's "summary": a script
// reads them instead of counting the diagnostics by severity itself, and
// learns from projects and files that the run saw what it was meant to.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	Projects int `json:"projects"`
	Files    int `json:"files"`
}

// Count totals the findings by severity; files is FileCount's answer.
func Count(fs []Finding, projects, files int) Counts {
	c := Counts{Projects: projects, Files: files}
	for _, f := range fs {
		switch f.sev {
		case rule.Error:
			c.Errors++
		case rule.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

// FileCount is the number of distinct files a run read: wrangler configs
// and the modules their Workers reach.
func FileCount(res *driver.Result) int {
	if res == nil || res.Fset == nil {
		return 0
	}
	seen := map[string]bool{}
	res.Fset.Iterate(func(f *token.File) bool {
		if f.Name() != "" {
			seen[f.Name()] = true
		}
		return true
	})
	return len(seen)
}

// Clean is what a terminal shows after a run without findings, so that
// "nothing printed" cannot be mistaken for "nothing linted".
func (c Counts) Clean() string {
	return fmt.Sprintf("no problems in %d %s (%d %s)", c.Projects, pluralize(c.Projects, "project", "projects"), c.Files, pluralize(c.Files, "file", "files"))
}

// SeverityCounts reads "2 errors, 1 warning, 3 info" for the severities
// that have findings, and "" when none has.
func SeverityCounts(errors, warnings, infos int) string {
	var parts []string
	if errors > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", errors, pluralize(errors, "error", "errors")))
	}
	if warnings > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", warnings, pluralize(warnings, "warning", "warnings")))
	}
	if infos > 0 {
		parts = append(parts, fmt.Sprintf("%d info", infos))
	}
	return strings.Join(parts, ", ")
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
