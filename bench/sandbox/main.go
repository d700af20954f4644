// Command sandbox compares the sandbox runtime with workerd (through
// Miniflare) on one Worker, measured in the same run: cold start and warm
// per-request latency of a Durable Object fetch and an RPC call. Run it
// through run.sh.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/conformance"
	"github.com/dolint-dev/dolint/sandbox/devserver"
	"github.com/dolint-dev/dolint/sandbox/project"
)

type figures struct {
	ColdMs  float64 `json:"coldMs"`
	FetchMs float64 `json:"fetchMs"`
	RPCMs   float64 `json:"rpcMs"`
}

func main() {
	n := flag.Int("n", 300, "warm requests per measurement")
	runs := flag.Int("runs", 3, "repetitions; the median is reported")
	flag.Parse()
	here := filepath.Join("bench", "sandbox")
	worker := filepath.Join(here, "worker")

	// The runtimes take turns within each repetition so that a busy
	// machine slows all of them alike.
	mfDir := ""
	if _, err := exec.LookPath("node"); err != nil {
		fmt.Println("node not found: workerd (Miniflare) not measured")
	} else {
		d, err := conformance.InstallMiniflare(context.Background())
		check(err)
		mfDir = d
	}
	var inproc, overHTTP, mfAll []figures
	for i := 0; i < *runs; i++ {
		f, err := measureSandbox(worker, *n, false)
		check(err)
		inproc = append(inproc, f)
		f, err = measureSandbox(worker, *n, true)
		check(err)
		overHTTP = append(overHTTP, f)
		if mfDir != "" {
			out, err := exec.Command("node", filepath.Join(here, "miniflare.mjs"), mfDir, worker, fmt.Sprint(*n)).Output()
			check(err)
			var f figures
			check(json.Unmarshal(bytes.TrimSpace(out), &f))
			mfAll = append(mfAll, f)
		}
	}
	sb, sbHTTP := median(inproc), median(overHTTP)
	var mf *figures
	if len(mfAll) > 0 {
		m := median(mfAll)
		mf = &m
	}

	fmt.Printf("\n%d warm requests per figure, median of %d runs, GOMAXPROCS=%d\n\n", *n, *runs, runtime.GOMAXPROCS(0))
	fmt.Printf("%-34s %12s %14s %12s\n", "", "cold start", "DO fetch", "RPC call")
	row := func(name string, f figures) {
		fmt.Printf("%-34s %9.1f ms %11.3f ms %9.3f ms\n", name, f.ColdMs, f.FetchMs, f.RPCMs)
	}
	row("sandbox (in process)", sb)
	row("sandbox (dev server, HTTP)", sbHTTP)
	if mf != nil {
		row("workerd via Miniflare "+conformance.MiniflareVersion, *mf)
		fmt.Printf("\nratios sandbox/workerd (below 1: sandbox faster)\n")
		ratio := func(name string, f figures) {
			fmt.Printf("%-34s %12.2f %14.2f %12.2f\n", name, f.ColdMs/mf.ColdMs, f.FetchMs/mf.FetchMs, f.RPCMs/mf.RPCMs)
		}
		ratio("sandbox (in process)", sb)
		ratio("sandbox (dev server, HTTP)", sbHTTP)
	}
}

// measureSandbox times config reading, bundling, loading and the first
// object request (cold), then n fetches and n RPC round trips (warm). With
// overHTTP the requests go through the dev server on a loopback port, as
// Miniflare's dispatchFetch goes to workerd over HTTP.
func measureSandbox(worker string, n int, overHTTP bool) (figures, error) {
	var f figures
	start := time.Now()
	var do func(path string) error
	var closeFn func()
	if overHTTP {
		s, err := devserver.Start(devserver.Options{Dir: worker, Addr: "127.0.0.1:0", Log: io.Discard})
		if err != nil {
			return f, err
		}
		closeFn = func() { s.Close() }
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
		do = func(path string) error {
			res, err := client.Get(s.URL() + path)
			if err != nil {
				return err
			}
			defer res.Body.Close()
			io.Copy(io.Discard, res.Body)
			if res.StatusCode != 200 {
				return fmt.Errorf("GET %s: %d", path, res.StatusCode)
			}
			return nil
		}
	} else {
		cfg, err := project.Find(worker)
		if err != nil {
			return f, err
		}
		p, err := project.Open(cfg, "", nil)
		if err == nil {
			err = p.ServeError()
		}
		if err != nil {
			return f, err
		}
		rt, err := sandbox.Load(p.Options)
		if err != nil {
			return f, err
		}
		closeFn = func() { rt.Close() }
		do = func(path string) error {
			req, _ := http.NewRequest("GET", "http://localhost"+path, nil)
			res, err := rt.Fetch(req)
			if err != nil {
				return err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				return fmt.Errorf("GET %s: %d", path, res.StatusCode)
			}
			return nil
		}
	}
	defer closeFn()
	if err := do("/"); err != nil {
		return f, err
	}
	f.ColdMs = ms(time.Since(start))
	timeIt := func(path string, count int) (float64, error) {
		t0 := time.Now()
		for i := 0; i < count; i++ {
			if err := do(path); err != nil {
				return 0, err
			}
		}
		return ms(time.Since(t0)) / float64(count), nil
	}
	var err error
	if _, err = timeIt("/", 20); err != nil {
		return f, err
	}
	if _, err = timeIt("/rpc", 20); err != nil {
		return f, err
	}
	if f.FetchMs, err = timeIt("/", n); err != nil {
		return f, err
	}
	f.RPCMs, err = timeIt("/rpc", n)
	return f, err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(fs []figures) figures {
	pick := func(get func(figures) float64) float64 {
		v := make([]float64, len(fs))
		for i, f := range fs {
			v[i] = get(f)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	return figures{
		ColdMs:  pick(func(f figures) float64 { return f.ColdMs }),
		FetchMs: pick(func(f figures) float64 { return f.FetchMs }),
		RPCMs:   pick(func(f figures) float64 { return f.RPCMs }),
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/sandbox:", err)
		os.Exit(1)
	}
}
