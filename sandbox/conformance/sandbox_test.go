package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
)

// sandboxRun executes a scenario's steps on the sandbox runtime and returns
// results shaped exactly like driver.mjs's.
type sandboxRun struct {
	t     *testing.T
	rt    *sandbox.Runtime
	clock *sandbox.VirtualClock
	conns map[string]*wsClient
}

func runOnSandbox(t *testing.T, sc *Scenario) []StepResult {
	t.Helper()
	cfg := filepath.Join(testdata, "workers", sc.Worker, "wrangler.jsonc")
	p, err := project.Open(cfg, "", nil)
	if err == nil {
		err = p.ServeError()
	}
	if err != nil {
		t.Fatalf("%s: %v", cfg, err)
	}
	opts := p.Options
	if sc.CompatibilityDate != "" {
		opts.CompatibilityDate = sc.CompatibilityDate
	}
	if sc.CompatibilityFlags != nil {
		opts.CompatibilityFlags = sc.CompatibilityFlags
	}
	// Miniflare runs workerd on the real clock; the sandbox runs on a
	// virtual one starting now, which "sleep" steps advance.
	clock := sandbox.NewVirtualClock(time.Now())
	opts.Clock = clock
	opts.LocalLimits = true
	var logs bytes.Buffer
	opts.OnLog = func(l sandbox.Log) { fmt.Fprintf(&logs, "%s %s %s\n", l.Level, l.Object, l.Message) }
	rt, err := sandbox.Load(opts)
	if err != nil {
		t.Fatalf("loading worker %s: %v", sc.Worker, err)
	}
	defer rt.Close()
	run := &sandboxRun{t: t, rt: rt, clock: clock, conns: map[string]*wsClient{}}
	defer run.closeAll()
	var out []StepResult
	for _, st := range sc.Steps {
		v := run.step(&st)
		raw, err := json.Marshal(v)
		if err != nil {
			raw, _ = json.Marshal(map[string]string{"sandboxError": err.Error()})
		}
		out = append(out, StepResult{ID: st.ID, Result: raw})
	}
	if testing.Verbose() && logs.Len() > 0 {
		t.Logf("%s console:\n%s", sc.Name, logs.String())
	}
	return out
}

func errResult(err error) any { return map[string]string{"sandboxError": err.Error()} }

func (r *sandboxRun) step(st *Step) any {
	switch st.Kind() {
	case "fetch":
		method := st.Method
		var body io.Reader
		if st.Body != nil {
			body = bytes.NewReader(*st.Body)
			if method == "" {
				method = "POST"
			}
		}
		if method == "" {
			method = "GET"
		}
		req, err := http.NewRequest(method, "http://localhost"+*st.Fetch, body)
		if err != nil {
			return errResult(err)
		}
		res, err := r.rt.Fetch(req)
		if res == nil {
			return errResult(err)
		}
		defer res.Body.Close()
		return map[string]any{"status": res.StatusCode, "body": readBody(res.Body)}
	case "sleep":
		if err := r.rt.Advance(time.Duration(*st.Sleep) * time.Millisecond); err != nil {
			return errResult(err)
		}
		r.settle()
		return nil
	case "hibernate":
		binding, name, _ := strings.Cut(*st.Hibernate, "/")
		id, err := r.rt.IDFromName(binding, name)
		if err == nil {
			err = r.rt.Hibernate(binding, id)
		}
		if err != nil {
			return errResult(err)
		}
		return nil
	case "connect":
		return r.connect(st)
	case "send":
		return r.send(st)
	case "recv":
		return r.recv(st)
	case "close":
		return r.close(st)
	}
	return errResult(fmt.Errorf("unknown step kind"))
}

// settle gives events triggered by the previous step (WebSocket close
// handlers, alarm follow-ups) a moment to run, as the real-time waits in
// the Miniflare driver do.
func (r *sandboxRun) settle() { time.Sleep(20 * time.Millisecond) }

func readBody(rd io.Reader) any {
	b, err := io.ReadAll(rd)
	if err != nil {
		return map[string]string{"readError": err.Error()}
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		return v
	}
	return map[string]string{"text": string(b)}
}

// TestSandboxConformance runs every scenario on the sandbox and compares each
// step with workerd's result.
func TestSandboxConformance(t *testing.T) {
	scs := loadScenarios(t)
	ref, source := reference(t, scs)
	var tally Tally
	for _, sc := range scs {
		t.Run(sc.Name, func(t *testing.T) {
			got := runOnSandbox(t, sc)
			var one Tally
			Compare(sc.Name, ref[sc.Name], got, true, &one)
			for _, m := range one.Mismatches {
				if m.Known != "" || m.Declared != "" {
					t.Logf("%s", m)
				} else {
					t.Errorf("%s", m)
				}
			}
			tally.Scenarios += one.Scenarios
			tally.Steps += one.Steps
			tally.Matched += one.Matched
			tally.Known += one.Known
			tally.Declared += one.Declared
			tally.Mismatches = append(tally.Mismatches, one.Mismatches...)
		})
	}
	t.Logf("compared against %s: %d scenarios, %d steps: %d match, %d known differences, "+
		"%d explained by documented sandbox limitations, %d mismatches",
		source, tally.Scenarios, tally.Steps, tally.Matched, tally.Known, tally.Declared,
		len(tally.Mismatches)-tally.Known-tally.Declared)
}
