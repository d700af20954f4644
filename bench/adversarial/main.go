// Command adversarial runs the heavy versions of the attacks that the
// safety tests reproduce small, each against a fresh dolint process, and
// reports the process's peak RSS and the case's wall time:
//
//   - a 2 MB wrangler.jsonc nested about a million levels deep, linted;
//   - a Worker whose 2 MB source nests a million levels deep, served;
//   - JSON.parse of 3e6-deep nesting in Worker code under dolint dev;
//   - 5,000 concurrent requests to one Durable Object under dolint dev,
//     whose counter must end at exactly 5,000;
//   - a 1 GB request body streamed to dolint dev, announced and chunked.
//
// A case fails when dolint crashes or hangs, answers wrongly, or its peak
// RSS reaches 1 GB; the command then exits 1.
//
//	go run ./bench/adversarial [-run REGEXP]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const rssLimit = 1 << 30

type result struct {
	name string
	err  error
	rss  int64 // bytes
	wall time.Duration
	note string
}

func main() {
	run := flag.String("run", "", "run only the cases whose name matches this regular expression")
	flag.Parse()
	re, err := regexp.Compile(*run)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tmp, err := os.MkdirTemp("", "dolint-adversarial-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "dolint")
	build := exec.Command("go", "build", "-o", bin, "./cmd/dolint")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building dolint:", err)
		os.Exit(2)
	}
	cases := []struct {
		name string
		fn   func(bin, dir string) result
	}{
		{"jsonc-1M-deep", jsoncDeep},
		{"source-1M-deep", sourceDeep},
		{"json-parse-3e6-deep", jsonParseDeep},
		{"5000-concurrent-requests", concurrent},
		{"1GB-body", hugeBody},
	}
	failed := false
	fmt.Printf("%-26s %-6s %10s %10s  %s\n", "case", "result", "peak RSS", "wall", "note")
	for _, c := range cases {
		if !re.MatchString(c.name) {
			continue
		}
		dir := filepath.Join(tmp, c.name)
		os.MkdirAll(dir, 0o755)
		r := c.fn(bin, dir)
		r.name = c.name
		if r.err == nil && r.rss >= rssLimit {
			r.err = fmt.Errorf("peak RSS %d MB is at least 1 GB", r.rss>>20)
		}
		status := "ok"
		note := r.note
		if r.err != nil {
			status, failed = "FAIL", true
			note = r.err.Error()
			if r.note != "" {
				note += " (" + r.note + ")"
			}
		}
		fmt.Printf("%-26s %-6s %8d MB %9.2fs  %s\n", r.name, status, r.rss>>20, r.wall.Seconds(), note)
	}
	if failed {
		os.Exit(1)
	}
}

// peak is the child's peak RSS in bytes (Linux reports kilobytes).
func peak(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

func jsoncDeep(bin, dir string) result {
	const depth = 1_000_000
	var b strings.Builder
	b.WriteString("{\n  \"name\": \"deep\", \"main\": \"src/index.js\", \"compatibility_date\": \"2025-09-01\",\n  \"vars\": { \"V\": ")
	b.WriteString(strings.Repeat("[", depth))
	b.WriteString(strings.Repeat("]", depth))
	b.WriteString(" }\n}\n")
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte("export default { fetch() { return new Response('ok'); } };\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(b.String()), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--color", "never", dir)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start), rss: peak(cmd.ProcessState), note: fmt.Sprintf("%.1f MB config", float64(b.Len())/1e6)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.err = errors.New("still running after 2 minutes")
	case strings.Contains(out.String(), "fatal error:") || strings.Contains(out.String(), "panic:") || strings.Contains(out.String(), "goroutine "):
		r.err = fmt.Errorf("crashed: %s", firstLine(out.String()))
	case err != nil && !errors.As(err, &exit):
		r.err = err
	default:
		r.note += fmt.Sprintf(", exit %d: %s", cmd.ProcessState.ExitCode(), firstLine(out.String()))
	}
	return r
}

// sourceDeep serves a Worker whose source nests a million levels deep:
// dolint dev must refuse it with an error, not crash while bundling it.
func sourceDeep(bin, dir string) result {
	src := "const x = " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + ";\nexport default { fetch() { return new Response(String(x)); } };\n"
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte(src), 0o644)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(`{ "name": "deep", "main": "src/index.js", "compatibility_date": "2025-09-01" }`), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "dev", "--port", "0", dir)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	cmd.Run()
	r := result{wall: time.Since(start), rss: peak(cmd.ProcessState), note: fmt.Sprintf("%.1f MB source", float64(len(src))/1e6)}
	switch {
	case ctx.Err() != nil:
		r.err = errors.New("still running after 2 minutes")
	case strings.Contains(out.String(), "fatal error:") || strings.Contains(out.String(), "panic:"):
		r.err = fmt.Errorf("crashed: %s", firstLine(out.String()))
	case cmd.ProcessState.ExitCode() != 2:
		r.err = fmt.Errorf("exit %d, want 2: %s", cmd.ProcessState.ExitCode(), firstLine(out.String()))
	default:
		r.note += ": " + strings.Join(strings.Fields(out.String()), " ")
	}
	return r
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}

// dev is a dolint dev process serving a project.
type dev struct {
	cmd *exec.Cmd
	url string
	log *strings.Builder
	mu  sync.Mutex
}

const devConfig = `{
  "name": "adv", "main": "src/index.js", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}`

const devWorker = `
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  n = 0;
  fetch() { this.n++; return new Response(String(this.n)); }
  total() { return this.n; }
}
export default {
  async fetch(req, env) {
    const path = new URL(req.url).pathname;
    if (path === "/deep") {
      const s = "[".repeat(3e6) + "]".repeat(3e6);
      try { JSON.parse(s); return new Response("parsed"); } catch (e) { return new Response(e.name + ": " + e.message, { status: 500 }); }
    }
    if (path === "/total") return new Response(String(await env.COUNTER.getByName("one").total()));
    if (path === "/len") return new Response(String((await req.arrayBuffer()).byteLength));
    if (path === "/ok") return new Response("ok");
    return env.COUNTER.getByName("one").fetch(req);
  },
};`

func startDev(bin, dir string) (*dev, error) {
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte(devWorker), 0o644)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(devConfig), 0o644)
	d := &dev{cmd: exec.Command(bin, "dev", "--port", "0", dir), log: &strings.Builder{}}
	stderr, err := d.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			d.mu.Lock()
			if d.log.Len() < 1<<20 && !strings.HasPrefix(line, "[dolint dev]") {
				d.log.WriteString(line + "\n")
			}
			d.mu.Unlock()
			if u, ok := strings.CutPrefix(line, "Ready on "); ok {
				ready <- u
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case d.url = <-ready:
		return d, nil
	case <-time.After(30 * time.Second):
		d.cmd.Process.Kill()
		d.cmd.Wait()
		return nil, errors.New("dolint dev did not start")
	}
}

// stop ends the server with SIGTERM, as a user would, and returns its peak
// RSS; a server that does not stop within 15 s is a failure.
func (d *dev) stop() (int64, error) {
	d.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { d.cmd.Wait(); close(done) }()
	select {
	case <-done:
		return peak(d.cmd.ProcessState), nil
	case <-time.After(15 * time.Second):
		d.cmd.Process.Kill()
		<-done
		return peak(d.cmd.ProcessState), errors.New("did not stop within 15 s of SIGTERM")
	}
}

func get(client *http.Client, url string) (int, string, error) {
	res, err := client.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

func jsonParseDeep(bin, dir string) result {
	d, err := startDev(bin, dir)
	if err != nil {
		return result{err: err}
	}
	client := &http.Client{Timeout: 2 * time.Minute}
	start := time.Now()
	code, body, err := get(client, d.url+"/deep")
	wall := time.Since(start)
	r := result{wall: wall}
	if err != nil {
		r.err = fmt.Errorf("/deep: %v", err)
	} else {
		r.note = fmt.Sprintf("%d %s", code, firstLine(body))
		if c, b, err := get(client, d.url+"/ok"); err != nil || c != 200 || b != "ok" {
			r.err = fmt.Errorf("the server no longer answers after /deep: %d %q %v", c, b, err)
		}
	}
	rss, serr := d.stop()
	r.rss = rss
	if r.err == nil {
		r.err = serr
	}
	return r
}

func concurrent(bin, dir string) result {
	d, err := startDev(bin, dir)
	if err != nil {
		return result{err: err}
	}
	const n = 5000
	tr := &http.Transport{MaxIdleConnsPerHost: n}
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures int
	var firstErr string
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, err := get(client, d.url+"/inc")
			if err != nil || code != 200 {
				mu.Lock()
				failures++
				if firstErr == "" {
					firstErr = fmt.Sprintf("%d %v", code, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r := result{wall: time.Since(start)}
	tr.CloseIdleConnections()
	code, total, err := get(&http.Client{Timeout: time.Minute}, d.url+"/total")
	switch {
	case failures > 0:
		r.err = fmt.Errorf("%d of %d requests failed, e.g. %s", failures, n, firstErr)
	case err != nil || code != 200 || total != strconv.Itoa(n):
		r.err = fmt.Errorf("counter is %q (%d, %v), want %d", total, code, err, n)
	default:
		r.note = "counter = " + total
	}
	rss, serr := d.stop()
	r.rss = rss
	if r.err == nil {
		r.err = serr
	}
	return r
}

func hugeBody(bin, dir string) result {
	d, err := startDev(bin, dir)
	if err != nil {
		return result{err: err}
	}
	const size = 1 << 30
	r := result{}
	start := time.Now()
	var notes []string
	for _, chunked := range []bool{false, true} {
		pr, pw := io.Pipe()
		go func() {
			chunk := make([]byte, 1<<20)
			for sent := 0; sent < size; sent += len(chunk) {
				if _, err := pw.Write(chunk); err != nil {
					return
				}
			}
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", d.url+"/len", pr)
		if !chunked {
			req.ContentLength = size
		}
		client := &http.Client{Timeout: 3 * time.Minute}
		res, err := client.Do(req)
		pr.Close()
		kind := map[bool]string{false: "announced", true: "chunked"}[chunked]
		if err != nil {
			// The server may close the connection while the client is
			// still sending; the status must still have been 413.
			r.err = fmt.Errorf("%s: %v", kind, err)
			break
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		text := strings.TrimSpace(string(b))
		if i, j := strings.Index(text, "<title>"), strings.Index(text, "</title>"); i >= 0 && j > i {
			text = text[i+len("<title>") : j]
		}
		notes = append(notes, fmt.Sprintf("%s: %d %q", kind, res.StatusCode, firstLine(text)))
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			r.err = fmt.Errorf("%s: %d %q, want 413", kind, res.StatusCode, firstLine(string(b)))
			break
		}
	}
	r.wall = time.Since(start)
	r.note = strings.Join(notes, "; ")
	if r.err == nil {
		if c, b, err := get(&http.Client{Timeout: time.Minute}, d.url+"/ok"); err != nil || c != 200 || b != "ok" {
			r.err = fmt.Errorf("the server no longer answers: %d %q %v", c, b, err)
		}
	}
	rss, serr := d.stop()
	r.rss = rss
	if r.err == nil {
		r.err = serr
	}
	return r
}
