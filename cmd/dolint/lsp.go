package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dolint-dev/dolint/internal/lsp"
)

// stdio is the editor's end of the pipe: it writes requests to our
// standard input and reads our standard output.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return os.Stdin.Close() }

func cmdLSP(args []string, stdout, stderr io.Writer) int {
	// No limitMemory here: a server keeps one project's trees between
	// runs, and a soft limit below that would make the collector run
	// without end.
	fs := flag.NewFlagSet("dolint lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "speak the protocol over standard input and output (the only transport; editors pass it)")
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprintln(stdout, "Usage: dolint lsp [--stdio]\n\nRuns the language server over standard input and output, for editors.")
			return exitOK
		}
		fmt.Fprintln(stderr, "dolint lsp: usage: dolint lsp [--stdio]")
		return exitError
	}
	srv := lsp.New(lsp.Options{Version: dolintVersion()})
	if err := srv.Serve(context.Background(), stdio{os.Stdin, stdout}); err != nil {
		fmt.Fprintf(stderr, "dolint lsp: %v\n", err)
		return 1
	}
	return exitOK
}
