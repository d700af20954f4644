package verify

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
	"github.com/dolint-dev/dolint/wrangler"
)

// deployFacts is what a deploy simulation saw in every environment:
// failures, and bindings that reached their class. Facts carry no
// positions, so the same failure before and after an edit compares equal.
type deployFacts struct {
	failures  []string
	successes []string
	missing   []string // packages not installed, stood in
}

func envNames(config string, overlay map[string][]byte) ([]string, error) {
	src, err := read(overlay, config)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f := fset.AddFile(config, -1, len(src))
	f.SetLinesForContent(src)
	cfg := wrangler.Parse(f, config, src)
	names := []string{""}
	for _, e := range cfg.Envs {
		names = append(names, e.Name)
	}
	return names, nil
}

func envLabel(env string) string {
	if env == "" {
		return "top level"
	}
	return "env " + env
}

// simulateDeploy deploys every environment of the project in the sandbox:
// the config must validate, the migration history replay, every class a
// migration creates be exported, every local binding resolve to an
// exported class that a migration created, and each bound class construct
// when its first request reaches it.
func simulateDeploy(config string, overlay map[string][]byte) (*deployFacts, error) {
	envs, err := envNames(config, overlay)
	if err != nil {
		return nil, err
	}
	facts := &deployFacts{}
	fail := func(env, format string, args ...any) {
		facts.failures = append(facts.failures, envLabel(env)+": "+fmt.Sprintf(format, args...))
	}
	for _, env := range envs {
		p, err := project.Open(config, env, overlay)
		if err != nil {
			fail(env, "the Worker does not load: %v", err)
			continue
		}
		for _, pr := range p.Problems {
			if pr.Code == "config" || pr.Code == "migrations" {
				fail(env, "%s", pr.Message)
			} else {
				fail(env, "%s [code: %s]", pr.Message, pr.Code)
			}
		}
		// Load without bindings first: the exports decide which bindings
		// can load at all, and every unexported class is its own failure
		// rather than the first one stopping the load.
		bare := *p
		bare.Options.Bindings = nil
		s, err := openProject(&bare, epoch, nil)
		if err != nil {
			facts.missing = dedupe(append(facts.missing, missingOf(err)...))
			fail(env, "the Worker does not load: %s", firstLine(err))
			continue
		}
		facts.missing = dedupe(append(facts.missing, s.missing...))
		exports, err := s.rt.Exports()
		s.close()
		if err != nil {
			facts.missing = dedupe(append(facts.missing, missingOf(err)...))
			fail(env, "the Worker does not load: %s", firstLine(err))
			continue
		}
		exported := map[string]bool{}
		for _, e := range exports {
			exported[e] = true
		}
		for _, c := range sortedKeys(p.Options.Classes) {
			if !exported[c] {
				fail(env, "a migration creates class %s, which the main module does not export", c)
			}
		}
		var keep []sandbox.Binding
		for _, b := range p.Bindings {
			if !exported[b.Class] {
				fail(env, "binding %s: class %s is not exported from the main module", b.Name, b.Class)
				continue
			}
			keep = append(keep, sandbox.Binding{Name: b.Name, ClassName: b.Class})
		}
		if len(keep) == 0 {
			continue
		}
		loaded := *p
		loaded.Options.Bindings = keep
		s, err = openProject(&loaded, epoch, nil)
		if err != nil {
			facts.missing = dedupe(append(facts.missing, missingOf(err)...))
			fail(env, "the Worker does not load: %s", firstLine(err))
			continue
		}
		for _, b := range keep {
			obj := "dolint-verify-deploy"
			_, ferr := s.fetch(b.Name, obj)
			ctors := s.waitEvents("constructor", 1, 0)
			var ctorErr *sandbox.ScriptError
			constructed := false
			id, _ := s.rt.IDFromName(b.Name, obj)
			for _, e := range ctors {
				if e.Binding == b.Name && e.Object == id {
					constructed, ctorErr = true, e.Err
				}
			}
			switch {
			case ctorErr != nil:
				// Keyed by class alone: a class that fails to construct
				// fails in every environment that binds it, and a fix
				// that binds it in one more environment does not break it.
				facts.failures = append(facts.failures, fmt.Sprintf("the %s constructor throws %s", b.ClassName, brief(ctorErr)))
			case !constructed:
				fail(env, "binding %s: the first request did not reach %s: %s", b.Name, b.ClassName, brief(ferr))
			default:
				facts.successes = append(facts.successes, fmt.Sprintf("%s: binding %s reaches a %s object", envLabel(env), b.Name, b.ClassName))
			}
		}
		s.close()
	}
	facts.failures = dedupe(facts.failures)
	return facts, nil
}

func firstLine(err error) string {
	s := err.Error()
	var be *sandbox.BundleError
	if errors.As(err, &be) && len(be.Messages) > 0 {
		s = be.Messages[0]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// checkDeploy judges a configuration fix by the deploy simulation: it must
// remove a failure (or let a binding reach its class) and add none.
func checkDeploy(c *fixCtx) fix.Verdict {
	const check = "deploy simulation"
	before, err := c.simulateDeploy(c.before)
	if err != nil {
		return unverifiable(check, "%v", err)
	}
	after, err := c.simulateDeploy(c.after)
	if err != nil {
		return rejected(check, "%v", err)
	}
	c.missing = dedupe(append(append(c.missing, before.missing...), after.missing...))
	if added := minus(after.failures, before.failures); len(added) > 0 {
		return rejected(check, "after the fix, %s", added[0])
	}
	gone := minus(before.failures, after.failures)
	gained := minus(after.successes, before.successes)
	if len(gone) == 0 && len(gained) == 0 {
		for _, f := range before.failures {
			if strings.Contains(f, "the Worker does not load") {
				return unverifiable(check, "before and after the fix, %s", f)
			}
		}
		for _, f := range before.failures {
			// A constructor that throws hides whether a binding now
			// reaches its class: that says nothing against the fix.
			if strings.Contains(f, " constructor throws ") {
				return unverifiable(check, "before and after the fix, %s, so whether the fix lets a binding reach it cannot be seen", f)
			}
		}
		if len(before.failures) > 0 {
			return rejected(check, "the fix changes nothing the simulation sees; still %s", before.failures[0])
		}
		return rejected(check, "the fix changes nothing the simulation sees, and nothing failed before it")
	}
	if len(gone) > 0 {
		return verified(check, "before the fix, %s; after it, that passes", gone[0])
	}
	return verified(check, "after the fix, %s", gained[0])
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// simulateDeploy is simulateDeploy cached by the overlay's contents.
func (c *fixCtx) simulateDeploy(overlay map[string][]byte) (*deployFacts, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", c.config)
	for _, k := range sortedKeys(overlay) {
		fmt.Fprintf(h, "%s\x00%d\x00", k, len(overlay[k]))
		h.Write(overlay[k])
	}
	key := string(h.Sum(nil))
	if f, ok := c.sims[key]; ok && c.sims != nil {
		return f, nil
	}
	f, err := simulateDeploy(c.config, overlay)
	if err == nil && c.sims != nil {
		c.sims[key] = f
	}
	return f, err
}
