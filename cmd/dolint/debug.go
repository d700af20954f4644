package main

import (
	"fmt"
	"io"
)

func cmdDebug(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "parse" {
		fmt.Fprintln(stderr, "usage: dolint debug parse [--json] FILE...")
		return exitError
	}
	return cmdDebugParse(args[1:], stdout, stderr)
}
