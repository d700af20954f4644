package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/dolint-dev/dolint/sandbox/devserver"
)

// cmdDev serves a Worker project through the sandbox, like `wrangler dev`
// without Node: HTTP and WebSocket on 127.0.0.1, storage in memory or in
// --persist DIR, until interrupted.
func cmdDev(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dolint dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Int("port", 8787, "port to listen on at 127.0.0.1 (0 picks a free one)")
	persist := fs.String("persist", "", "keep Durable Object storage in this directory between runs")
	env := fs.String("env", "", "serve this environment of the config (env.<name>)")
	config := fs.String("config", "", "the wrangler config file (default: the one in dir)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dolint dev [--port N] [--persist DIR] [--env NAME] [--config FILE] [dir]")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if len(rest) > 1 {
		fs.Usage()
		return exitError
	}
	dir := "."
	if len(rest) == 1 {
		dir = rest[0]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = devserver.Serve(ctx, devserver.Options{
		Config:  *config,
		Dir:     dir,
		Env:     *env,
		Addr:    net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)),
		Persist: *persist,
		Log:     stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "dolint dev: %v\n", err)
		return exitError
	}
	return exitOK
}
