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
	if len(args) == 0 || args[0] != "parse" {
		fmt.Fprintln(stderr, "usage: dolint debug parse [--json] FILE...")
		return exitError
	}
	return cmdDebugParse(args[1:], stdout, stderr)
}

// cmdDebugParse answers "why does dolint not see my class?": it prints the
// syntax errors dolint finds, and with --json what it sees in each file.
func cmdDebugParse(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dolint debug parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON summary per file: classes with methods, calls, template and string literals (byte ranges)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "usage: dolint debug parse [--json] FILE...")
		return exitError
	}
	code := exitOK
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
