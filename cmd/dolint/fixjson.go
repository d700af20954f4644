package main

import (
	"encoding/json"
	"io"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
)

// fixJSON is the document dolint fix --format json prints.
type fixJSON struct {
	Fixes   []fixEntryJSON `json:"fixes"`
	Summary fixSummaryJSON `json:"summary"`
	// Diff is the unified diff of every changed file, with --diff.
	Diff string `json:"diff,omitempty"`
}

// fixEntryJSON is one fix: applied, rejected (by a check or because it
// could not be applied) or unverified (a safe fix verification could not
// check, held back without --unsafe).
type fixEntryJSON struct {
	Rule    string       `json:"rule"`
	Message string       `json:"message"`
	File    string       `json:"file"`
	Line    int          `json:"line"`
	Outcome string       `json:"outcome"`
	Verdict *verdictJSON `json:"verdict,omitempty"`
	// Reason says why a fix was not applied.
	Reason string `json:"reason,omitempty"`
}

type verdictJSON struct {
	Status string `json:"status"` // verified, unverifiable or rejected
	Check  string `json:"check"`
	Reason string `json:"reason"`
}

type fixSummaryJSON struct {
	Applied      int `json:"applied"`
	Verified     int `json:"verified"`
	Unverifiable int `json:"unverifiable"`
	Rejected     int `json:"rejected"`
	HeldBack     int `json:"heldBack"`
	// Remaining counts the findings left after the fixes, by severity.
	Remaining struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Infos    int `json:"infos"`
	} `json:"remaining"`
}

func printFixJSON(w io.Writer, out *fix.Outcome, diff string, rel func(string) string) error {
	doc := fixJSON{Fixes: []fixEntryJSON{}, Diff: diff}
	entry := func(a fix.Applied, outcome, reason string) fixEntryJSON {
		e := fixEntryJSON{Rule: a.Rule, Message: a.Message, File: rel(a.File), Line: a.Line, Outcome: outcome, Reason: reason}
		if v := a.Verdict; v != nil {
			e.Verdict = &verdictJSON{Status: v.Status.String(), Check: v.Check, Reason: v.Reason}
		}
		return e
	}
	for _, a := range out.Applied {
		doc.Fixes = append(doc.Fixes, entry(a, "applied", ""))
	}
	for _, r := range out.Rejected {
		doc.Fixes = append(doc.Fixes, entry(r.Applied, "rejected", r.Reason))
	}
	for _, r := range out.Unverified {
		doc.Fixes = append(doc.Fixes, entry(r.Applied, "unverified", r.Reason))
	}
	s := &doc.Summary
	s.Applied, s.Rejected, s.HeldBack = len(out.Applied), len(out.Rejected), out.HeldBack
	s.Verified, s.Unverifiable = verdictCounts(out)
	for _, d := range out.Final.Diagnostics {
		switch d.Severity {
		case rule.Error:
			s.Remaining.Errors++
		case rule.Warning:
			s.Remaining.Warnings++
		default:
			s.Remaining.Infos++
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
