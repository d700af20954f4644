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
	"strings"
	"syscall"
	"time"

	"github.com/dolint-dev/dolint/sandbox/devserver"
)

// devShutdown bounds how long dolint dev takes to stop after a signal; a
// second signal stops it at once.
var devShutdown = 5 * time.Second

// exit ends the process when dolint dev cannot stop in an orderly way.
var exit = os.Exit

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
	var hosts []string
	fs.Func("host", "also accept requests whose Host header is `NAME` (any port; repeatable); localhost, 127.0.0.1 and [::1] always are", func(v string) error {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hosts = append(hosts, h)
			}
		}
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dolint dev [--port N] [--persist DIR] [--env NAME] [--config FILE] [--host NAME] [dir]")
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
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	defer close(served)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case <-sigs:
		case <-served:
			return
		}
		cancel()
		// Serve returns within devShutdown even when a script or a
		// storage operation ignores the stop; this is the backstop, and
		// the answer to an impatient second Ctrl-C.
		select {
		case <-served:
			return
		case <-sigs:
			fmt.Fprintln(stderr, "dolint dev: stopped without waiting for scripts and storage")
		case <-time.After(devShutdown + 2*time.Second):
			fmt.Fprintln(stderr, "dolint dev: could not stop in an orderly way")
		}
		exit(exitError)
	}()
	err = devserver.Serve(ctx, devserver.Options{
		Config:          *config,
		Dir:             dir,
		Env:             *env,
		Addr:            net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)),
		Persist:         *persist,
		Log:             stderr,
		Hosts:           hosts,
		ShutdownTimeout: devShutdown,
	})
	cancel()
	if err != nil {
		fmt.Fprintf(stderr, "dolint dev: %v\n", err)
		return exitError
	}
	return exitOK
}
