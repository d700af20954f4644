package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/benchproject"
	"go.lsp.dev/protocol"
)

// BenchmarkDidChange types into one class of a project and measures the
// time from each didChange to the diagnostics of that version of the
// file, debounce included, and the heap before and after the edits:
//
//	go test -run NONE -bench DidChange/300files -benchtime 100x ./internal/lsp
//	go test -run NONE -bench DidChange/small -benchtime 1000x ./internal/lsp
//
// Every other edit adds a timer, so the findings change each time and a
// stale result cannot pass for a fresh one.
func BenchmarkDidChange(b *testing.B) {
	b.Run("300files", func(b *testing.B) {
		root := b.TempDir()
		if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
			b.Fatal(err)
		}
		benchproject.Write(b, root)
		benchEdits(b, filepath.Join(root, "src", "rooms", "room150.ts"), "  async fetch(request: Request): Promise<Response> {\n")
	})
	b.Run("small", func(b *testing.B) {
		root := b.TempDir()
		if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
			b.Fatal(err)
		}
		benchproject.WriteSmall(b, root, 0)
		benchEdits(b, filepath.Join(root, "src", "room.ts"), "  async fetch(request: Request): Promise<Response> {\n")
	})
}

func benchEdits(b *testing.B, path, anchor string) {
	u := uriOf(path)
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(string(orig), anchor) {
		b.Fatal("the generated module changed shape")
	}
	withTimer := strings.Replace(string(orig), anchor, anchor+"    setTimeout(() => {}, 1000);\n", 1)

	c := startServer(b, Options{})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: string(orig)}})
	c.wait(u, "the first run", func([]protocol.Diagnostic) bool { return true })

	edit := func(version int32) time.Duration {
		text, want := string(orig), 0
		if version%2 == 0 {
			text, want = withTimer, 1
		}
		start := time.Now()
		c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: text}},
		})
		for {
			p := <-c.published
			if p.URI != u || p.Version != uint32(version) {
				continue
			}
			got := 0
			for _, d := range p.Diagnostics {
				if codeOf(d) == "timers" {
					got++
				}
			}
			if got != want {
				b.Fatalf("version %d: %d timers findings, want %d", version, got, want)
			}
			return time.Since(start)
		}
	}
	// A few edits first, so that the heap measured is the steady state.
	version := int32(1)
	for range 10 {
		version++
		edit(version)
	}
	heapBefore, liveBefore := heapInUse()

	b.ResetTimer()
	times := make([]time.Duration, 0, b.N)
	for range b.N {
		version++
		times = append(times, edit(version))
	}
	b.StopTimer()
	heapAfter, liveAfter := heapInUse()
	slices.Sort(times)
	pct := func(p float64) float64 {
		return float64(times[int(p*float64(len(times)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(heapBefore)/(1<<20), "heap-before-MiB")
	b.ReportMetric(float64(heapAfter)/(1<<20), "heap-after-MiB")
	b.ReportMetric(float64(liveBefore)/(1<<20), "live-before-MiB")
	b.ReportMetric(float64(liveAfter)/(1<<20), "live-after-MiB")
	if testing.Verbose() {
		fmt.Printf("%d edits: p50 %.1f ms, p95 %.1f ms, heap %.1f -> %.1f MiB\n", len(times), pct(0.5), pct(0.95), float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20))
	}
	c.exit()
}

// heapInUse returns, after a collection, the bytes of the heap's spans in
// use (what the heap holds, fragmentation included) and of the objects
// still reachable (what a leak would grow).
func heapInUse() (inUse, live uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse, m.HeapAlloc
}
