package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dolint-dev/dolint/jsast"
)

func cmdDebug(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprint(stdout, debugUsage)
		return exitOK
	}
	if len(args) == 0 || args[0] != "parse" {
		fmt.Fprint(stderr, debugUsage)
		return exitError
	}
	return cmdDebugParse(args[1:], stdout, stderr)
}

// cmdDebugParse answers "why does dolint not see my class?": it prints the
// syntax errors dolint finds, and with --json what it sees in each file.
func cmdDebugParse(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dolint debug parse", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print a JSON summary per file: classes with methods, calls, template and string literals (byte ranges)")
	files, code, ok := parseFlags(fs, args, func(w io.Writer) {
		fmt.Fprint(w, debugUsage+"\nFlags:\n")
		flagDefaults(w, fs)
	}, stdout, stderr)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, debugUsage)
		return exitError
	}
	code = exitOK
	var sums []*jsast.Summary
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "dolint: %v\n", err)
			code = exitError
			continue
		}
		f := jsast.Parse(name, src)
		for _, e := range f.Errors {
			line, col := f.Position(e.Offset)
			fmt.Fprintf(stderr, "%s:%d:%d: %s\n", name, line, col, e.Message)
		}
		if len(f.Errors) > 0 && code == exitOK {
			code = exitFindings
		}
		if *asJSON {
			sums = append(sums, jsast.Summarize(f))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sums); err != nil {
			fmt.Fprintf(stderr, "dolint: %v\n", err)
			return exitError
		}
	}
	return code
}
