// Command build makes dolint's npm packages: one package per platform,
// holding that platform's binary, and the dolint package, whose
// optionalDependencies name them all so that npm installs only the one
// whose os and cpu match (the way esbuild and Biome ship theirs).
//
//	go run ./npm/build -version 1.2.3 -out dist/npm [-platforms host] [-pack]
//
// It is run from the module root. -pack also runs npm pack in each package,
// leaving the tarballs in -out.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dolint-dev/dolint/npm/build/npmdist"
)

func main() {
	version := flag.String("version", "", "the version to stamp, without a leading v (required)")
	out := flag.String("out", "dist/npm", "where the packages (and tarballs) go")
	platforms := flag.String("platforms", "all", `"all", "host", or npm platform names such as linux-x64,darwin-arm64`)
	pack := flag.Bool("pack", false, "run npm pack in each package")
	flag.Parse()
	plats, err := npmdist.Select(*platforms)
	if err == nil {
		_, err = npmdist.Build(npmdist.Options{Version: *version, Out: *out, Platforms: plats, Pack: *pack, Log: os.Stderr})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}
