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
const devUsage = "usage: dolint dev [--port N] [--ip ADDR] [--local-protocol http|https] [--persist DIR] [--env NAME] [--config FILE] [--host NAME] [--no-build] [dir]"

func cmdDev(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dolint dev", flag.ContinueOnError)
	port := fs.Int("port", 8787, "the port `N` to listen on (0 picks a free one)")
	ip := fs.String("ip", "127.0.0.1", "the address `ADDR` to listen on, as wrangler dev --ip (0.0.0.0 reaches the network)")
	proto := fs.String("local-protocol", "http", "the `PROTOCOL` to serve: http, or https with a certificate made for the run")
	noBuild := fs.Bool("no-build", false, "do not run the config's build.command before bundling")
	persist := fs.String("persist", "", "keep Durable Object storage in `DIR` between runs")
	env := fs.String("env", "", "serve the environment `NAME` of the config (env.NAME)")
	config := fs.String("config", "", "the wrangler config `FILE` (default: the one in dir)")
	var hosts []string
	fs.Func("host", "also accept requests whose Host header is `NAME` (any port; repeatable); localhost, 127.0.0.1 and [::1] always are", func(v string) error {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hosts = append(hosts, h)
			}
		}
		return nil
	})
	rest, code, ok := parseFlags(fs, args, func(w io.Writer) {
		fmt.Fprintln(w, devUsage+"\n\nServes a Worker, its Durable Objects and its static assets on 127.0.0.1 (or --ip) through dolint's own runtime.\n\nFlags:")
		flagDefaults(w, fs)
	}, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) > 1 {
		fmt.Fprintf(stderr, "dolint dev: one directory at most, got %d (see 'dolint dev --help')\n", len(rest))
		return exitError
	}
	if *proto != "http" && *proto != "https" {
		fmt.Fprintf(stderr, "dolint dev: --local-protocol is http or https, not %q\n", *proto)
		return exitError
	}
	if net.ParseIP(strings.Trim(*ip, "[]")) == nil && *ip != "localhost" {
		fmt.Fprintf(stderr, "dolint dev: --ip %q is not an IP address\n", *ip)
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
	err := devserver.Serve(ctx, devserver.Options{
		Config:          *config,
		Dir:             dir,
		Env:             *env,
		Addr:            net.JoinHostPort(strings.Trim(*ip, "[]"), strconv.Itoa(*port)),
		HTTPS:           *proto == "https",
		Build:           !*noBuild,
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
