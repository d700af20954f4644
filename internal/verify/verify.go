// Package verify runs a project before and after its fixes in the
// reference runtime (package sandbox) and judges each fix by what the
// objects do: a configuration fix must make a deploy simulation pass where
// it failed, a WebSocket fix must keep the replies and survive hibernation,
// a SQL fix must keep benign results and turn hostile input into data, an
// alarm fix must fire at the intended virtual time, and so on.
//
// A fix whose check cannot run (an input type the sandbox cannot generate,
// a method that needs the network, an object that fails the same way
// before the fix) is unverifiable, with the reason. One that the check
// contradicts is rejected, with the check and what it saw.
package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
)

var sqlUse = lazyRegexp(`\.sql\b|storage\.sql|\bsql\.exec\(`)

// Options configure Run.
type Options struct {
	// Config is the project's wrangler config (absolute path).
	Config string
	// Fixed is the overlay with every fix applied.
	Fixed map[string][]byte
	// Progress, when set, is called before each fix's check.
	Progress func(done, total int)
}

// Run checks each fix and returns one verdict per fix, in order. A fix's
// Line is a line of its Without's version of its File, and its Check
// chooses the check; the other fields of fix.Applied are not read.
func Run(opts Options, fixes []fix.Candidate) []fix.Verdict {
	out := make([]fix.Verdict, len(fixes))
	sims := map[string]*deployFacts{}
	for i, f := range fixes {
		if opts.Progress != nil {
			opts.Progress(i, len(fixes))
		}
		out[i] = verifyOne(opts, f, sims)
	}
	if opts.Progress != nil {
		opts.Progress(len(fixes), len(fixes))
	}
	return out
}

// checks are the checks by the kind a rule names.
var checks = map[rule.Verification]func(*fixCtx) fix.Verdict{
	rule.VerifyDeploy:         checkDeploy,
	rule.VerifyWebSocket:      checkWebSocket,
	rule.VerifyAsyncInit:      checkAsyncInit,
	rule.VerifySQLInjection:   checkSQLInjection,
	rule.VerifySQLTransaction: checkSQLTransaction,
	rule.VerifyAlarm:          checkAlarm,
	rule.VerifyAlarmDelay:     checkAlarm,
	rule.VerifySuperCall:      checkSuperCall,
	rule.VerifyDeleteAll:      checkDeleteAll,
	rule.VerifyWSClose:        checkWSClose,
	rule.VerifyHistory:        checkHistory,
}

// fixCtx is what a check works from.
type fixCtx struct {
	fix    fix.Candidate
	config string
	before map[string][]byte // overlay without the fix
	after  map[string][]byte // overlay with every fix
	// sims caches deploy simulations by overlay: the fixed version is
	// the same for every fix of a run.
	sims map[string]*deployFacts

	// synthetic is the class given a binding of its own because no
	// config binds it (see fixCtx.open), with the backend its code needs.
	synthetic        string
	syntheticBackend sandbox.Backend
	// schema stands in for tables created outside the object.
	schema []string
	// missing are packages not installed that the check's sessions
	// replaced by empty modules.
	missing []string
	// mainPatched is the module a config without "main" was given as its
	// entry point for the check.
	mainPatched string
	// originalStartup is the most CPU an isolate's startup used in the
	// sessions of the version without the fix.
	originalStartup time.Duration
	// unexported are the bound classes each version's main module does
	// not export, by environment and overlay, as its first open found.
	unexported map[string]map[string]bool
}

func verifyOne(opts Options, f fix.Candidate, sims map[string]*deployFacts) (v fix.Verdict) {
	defer func() {
		if r := recover(); r != nil {
			v = fix.Verdict{Status: fix.Unverifiable, Check: "sandbox", Reason: fmt.Sprintf("the check failed: %v", r)}
		}
	}()
	c := &fixCtx{fix: f, config: opts.Config, before: f.Without, after: opts.Fixed, sims: sims}
	check := checks[f.Check]
	if check == nil {
		if filepath.Clean(f.File) == filepath.Clean(opts.Config) {
			check = checkDeploy
		} else {
			return fix.Verdict{Status: fix.Unverifiable, Check: "none", Reason: fmt.Sprintf("no sandbox check fits %s fixes", f.Rule)}
		}
	}
	c.patchMain()
	v = c.limitVerdict(c.dependencyVerdict(check(c)))
	if c.mainPatched != "" && v.Status != fix.RejectedByCheck {
		v.Reason += fmt.Sprintf(" (the config has no \"main\"; the check loaded %s as the entry point)", c.mainPatched)
	}
	return v
}

// read returns a file's contents in an overlay (by this path or another
// to the same file through symlinks), or on disk.
func read(overlay map[string][]byte, path string) ([]byte, error) {
	if b, ok := project.Lookup(overlay, path); ok {
		return b, nil
	}
	return os.ReadFile(path)
}

// classSite finds the class (and member) of the finding in the version
// without the fix, and a local binding of that class in some environment.
func (c *fixCtx) classSite() (*site, []byte, string, string, *fix.Verdict) {
	src, err := read(c.before, c.fix.File)
	if err != nil {
		return nil, nil, "", "", &fix.Verdict{Status: fix.Unverifiable, Check: "source", Reason: err.Error()}
	}
	s, err := locate(c.fix.File, src, c.fix.Line)
	if err != nil {
		return nil, nil, "", "", &fix.Verdict{Status: fix.Unverifiable, Check: "source", Reason: err.Error()}
	}
	env, binding, err := bindingOf(c.config, c.before, s.Class)
	if err != nil {
		if _, perr := project.Open(c.config, "", c.before); perr != nil || s.Class == "" || s.Class == "default" {
			return nil, nil, "", "", &fix.Verdict{Status: fix.Unverifiable, Check: "source", Reason: err.Error()}
		}
		// A class no config binds (a library's, or one not deployed
		// yet) is still code a fix changes: bind it for the check.
		c.synthetic = s.Class
		c.syntheticBackend = sandbox.BackendKV
		if sqlUse().Match(src) {
			c.syntheticBackend = sandbox.BackendSQLite
		}
		return s, src, "", syntheticBinding(s.Class), nil
	}
	return s, src, env, binding, nil
}

// bindingOf returns the first local binding of class, top level first.
func bindingOf(config string, overlay map[string][]byte, class string) (env, binding string, err error) {
	envs, err := envNames(config, overlay)
	if err != nil {
		return "", "", err
	}
	for _, e := range envs {
		p, err := project.Open(config, e, overlay)
		if err != nil {
			continue
		}
		if bs := p.BindingsOf(class); len(bs) > 0 {
			return e, bs[0], nil
		}
	}
	return "", "", fmt.Errorf("no durable_objects binding names class %s, so no object of it can be reached", class)
}

// limitVerdict keeps a fix from being rejected for the sandbox's CPU limit
// when the original's own startup used half of what the sandbox allows or
// more: how fast the same module graph evaluates varies from run to run,
// so the limit is then no evidence about the fix. A fixed version that
// spins where the original loads lightly is still rejected.
func (c *fixCtx) limitVerdict(v fix.Verdict) fix.Verdict {
	if v.Status != fix.RejectedByCheck || !strings.Contains(v.Reason, jsrtCPUMessage) || c.originalStartup < startupCPU/2 {
		return v
	}
	return unverifiable(v.Check, "%s; but the original's startup alone used %.1f s of CPU of the %.1f s the sandbox allows it, so the limit says nothing about the fix",
		strings.TrimSuffix(v.Reason, "."), c.originalStartup.Seconds(), startupCPU.Seconds())
}

// jsrtCPUMessage is how the sandbox reports its CPU limit (workerd's words).
const jsrtCPUMessage = "exceeded CPU time limit"

func unverifiable(check, format string, args ...any) fix.Verdict {
	return fix.Verdict{Status: fix.Unverifiable, Check: check, Reason: fmt.Sprintf(format, args...)}
}

func rejected(check, format string, args ...any) fix.Verdict {
	return fix.Verdict{Status: fix.RejectedByCheck, Check: check, Reason: fmt.Sprintf(format, args...)}
}

func verified(check, format string, args ...any) fix.Verdict {
	return fix.Verdict{Status: fix.Verified, Check: check, Reason: fmt.Sprintf(format, args...)}
}

// needsNetwork reports an error the sandbox raises for outbound fetch.
func needsNetwork(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Network access is disabled in the sandbox")
}

// lazyRegexp compiles expr when it is first used: the patterns serve only
// fix verification, and compiling them all at start-up slowed every run of
// the binary, linting included.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
