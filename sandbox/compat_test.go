package sandbox

import "testing"

// A change is on from its date; its enable flag turns it on earlier and
// its disable flag keeps it off later.
func TestCompatFlag(t *testing.T) {
	for _, c := range []struct {
		date  string
		flags []string
		want  bool
	}{
		{"2026-01-19", nil, false},
		{"2026-01-20", nil, true},
		{"2026-04-26", nil, true},
		{"2025-09-01", []string{"rpc_params_dup_stubs"}, true},
		{"2026-04-26", []string{"rpc_params_transfer_stubs"}, false},
		{"2026-04-26", []string{"nodejs_compat"}, true},
	} {
		o := Options{CompatibilityDate: c.date, CompatibilityFlags: c.flags}
		if got := newCompat(&o).rpcParamsDupStubs; got != c.want {
			t.Errorf("%s %v: rpc_params_dup_stubs on = %v, want %v", c.date, c.flags, got, c.want)
		}
	}
}
