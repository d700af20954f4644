package fix

import (
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
)

// Candidate is an applied fix handed to Options.Verify.
type Candidate struct {
	Applied
	Project *driver.Project
	// Check is the kind of sandbox check that fits the rule's fixes, from
	// its documentation (rule.Doc.Verify); "" when the rule names none.
	Check rule.Verification
	// Without is the overlay of changed files with the fixes applied in
	// earlier rounds and the other fixes of this fix's round, but not this
	// one: the version the fix is judged against. Applied.Line is a line
	// of Without's version of Applied.File, which other fixes of the round
	// that add or delete lines above it move away from the line reported
	// in Outcome.Applied.
	Without map[string][]byte
}

// Status is the kind of a verification verdict.
type Status int

const (
	Verified Status = iota + 1
	Unverifiable
	RejectedByCheck
)

func (s Status) String() string {
	switch s {
	case Verified:
		return "verified"
	case Unverifiable:
		return "unverifiable"
	case RejectedByCheck:
		return "rejected"
	}
	return "unknown"
}

// Verdict is what verifying one fix found.
type Verdict struct {
	Status Status
	Check  string // the check that ran, e.g. "deploy simulation"
	Reason string // what it saw
}

func (v Verdict) String() string {
	if v.Reason == "" {
		return v.Status.String() + " (" + v.Check + ")"
	}
	return v.Status.String() + " (" + v.Check + "): " + v.Reason
}
