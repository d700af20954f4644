// Command dolint finds the Durable Objects mistakes that a deploy or the
// runtime would hit, in Cloudflare Worker projects.
//
//	dolint [flags] [patterns]   lint (default pattern ./...)
//	dolint fix [patterns]       apply fixes
//	dolint dev [dir]            serve a Worker locally
//	dolint rules                list the rules
//	dolint explain RULE         show a rule's documentation
//	dolint debug parse FILE...  show how dolint parses a source file
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/all"
)

// version is set at release time with -ldflags "-X main.version=...";
// otherwise versionOf reads it from the build.
var version = ""

// versionOf is the version a build reports: the stamped one, else the main
// module's version as the go command recorded it (go install ...@v1.2.3
// records v1.2.3, a build in a tagged checkout the tag, and one elsewhere
// a pseudo-version), without its leading "v"; "devel" when there is none.
func versionOf(stamped string, info *debug.BuildInfo) string {
	if stamped != "" {
		return strings.TrimPrefix(stamped, "v")
	}
	if info != nil && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return "devel"
}

func dolintVersion() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(version, info)
}

func main() {
	stop := startProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK       = 0 // nothing at or above the failing severity
	exitFindings = 1 // findings at or above it
	exitError    = 2 // usage or internal error
)

func run(args []string, stdout, stderr io.Writer) int {
	rules := all.Rules()
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return cmdRules(rules, args[1:], stdout, stderr)
		case "fix":
			return cmdFix(rules, args[1:], stdout, stderr)
		case "dev":
			return cmdDev(args[1:], stdout, stderr)
		case "lsp":
			return cmdLSP(args[1:], stdout, stderr)
		case "explain":
			return cmdExplain(rules, args[1:], stdout, stderr)
		case "debug":
			return cmdDebug(args[1:], stdout, stderr)
		case "version", "--version", "-version":
			fmt.Fprintf(stdout, "dolint %s\n", dolintVersion())
			return exitOK
		case "help":
			// dolint help fix is dolint fix --help.
			if len(args) > 1 && args[1] != "help" && slices.Contains(commands, args[1]) {
				return run([]string{args[1], "--help"}, stdout, stderr)
			}
			usage(stdout)
			return exitOK
		}
		if c, ok := unknownCommand(args[0]); ok {
			fmt.Fprintf(stderr, "dolint: unknown command %q; did you mean 'dolint %s'? (a pattern must name a directory or file; see 'dolint --help')\n", args[0], c)
			return exitError
		}
	}
	return cmdLint(rules, args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `dolint finds Durable Objects mistakes in Cloudflare Worker projects.

Usage:
  dolint [flags] [patterns]     lint Worker projects (default: ./...)
  dolint fix [--unsafe] [--diff] [--rule RULE] [patterns]
                                apply the fixes of safe (and with --unsafe, unsafe)
                                rules; --diff shows them and writes nothing
  dolint dev [--port N] [--ip ADDR] [--persist DIR] [--env NAME] [--no-build] [dir]
                                serve a Worker, its Durable Objects and its assets
                                locally through dolint's own runtime (no Node needed)
  dolint lsp                    run the language server for editors (stdio)
  dolint rules [--markdown]     list the rules
  dolint explain RULE           show a rule's documentation
  dolint debug parse [--json] FILE...
                                show syntax errors (and with --json, a summary
                                of classes, calls and literals) as dolint sees them
  dolint version, --version     print the version

A pattern is a directory (its wrangler config), a config file, or dir/...
(every Worker project below dir; node_modules, .git and .wrangler are skipped).

Run 'dolint --help' for the lint flags, 'dolint COMMAND --help' for a command's.
`)
}
