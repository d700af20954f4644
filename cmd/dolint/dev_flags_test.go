package main

import (
	"strings"
	"testing"
)

func TestDevFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dev", "--local-protocol", "ftp"}, `--local-protocol is http or https, not "ftp"`},
		{[]string{"dev", "--ip", "my-laptop"}, `--ip "my-laptop" is not an IP address`},
	} {
		var out, errOut strings.Builder
		if code := run(c.args, &out, &errOut); code != exitError || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", c.args, code, errOut.String(), c.want)
		}
	}
	var out, errOut strings.Builder
	run([]string{"dev", "--help"}, &out, &errOut)
	for _, f := range []string{"-ip", "-local-protocol", "-no-build"} {
		if !strings.Contains(out.String()+errOut.String(), f) {
			t.Errorf("--help does not list %s", f)
		}
	}
}
