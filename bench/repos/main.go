// Command repos runs dolint over a tier of public GitHub repositories that
// use Durable Objects, each pinned at one commit (pins.txt), and compares
// the findings with the judged table in findings.txt.
//
// The repositories are materialised into a cache directory outside this
// repository ($DOLINT_REPOS_DIR, else <user cache dir>/dolint/repos), one
// directory per repository named OWNER+NAME, from a directory of bare git
// mirrors (-mirror DIR or $DOLINT_REPOS_MIRROR, laid out as
// OWNER+NAME/repo) when it holds the repository, else by a shallow git
// fetch of https://github.com/OWNER/NAME at the pinned commit.
//
//	go run ./bench/repos -fetch         # materialise the pins, print the cache directory
//	go run ./bench/repos                # lint and compare with findings.txt
//	go run ./bench/repos -update        # rewrite findings.txt, new lines marked TODO
//
// repos_test.go runs the comparison under `go test` where the cache holds
// every pin, and skips where it does not.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func main() {
	dir := flag.String("dir", "", "cache directory (default $"+EnvDir+" or <user cache dir>/dolint/repos)")
	mirror := flag.String("mirror", os.Getenv(EnvMirror), "directory of bare git mirrors laid out as OWNER+NAME/repo (default $"+EnvMirror+")")
	fetchOnly := flag.Bool("fetch", false, "materialise the pinned repositories, print the cache directory and exit")
	dolint := flag.String("dolint", "", "dolint binary to run (default: build ./cmd/dolint)")
	table := flag.String("table", "bench/repos/findings.txt", "judged findings table")
	update := flag.Bool("update", false, "rewrite the table from this run, keeping the verdicts of findings that remain")
	flag.Parse()
	if err := run(*dir, *mirror, *dolint, *table, *fetchOnly, *update); err != nil {
		fmt.Fprintln(os.Stderr, "repos:", err)
		os.Exit(1)
	}
}

func run(dir, mirror, dolint, table string, fetchOnly, update bool) error {
	ctx := context.Background()
	var err error
	if dir == "" {
		if dir, err = Dir(); err != nil {
			return err
		}
	}
	pins := Pins()
	if err := Ensure(ctx, dir, mirror, pins, os.Stderr); err != nil {
		return err
	}
	if fetchOnly {
		fmt.Println(dir)
		return nil
	}
	return check(ctx, dir, dolint, table, pins, update)
}
