package alarmtime

import "testing"

func TestParseNumber(t *testing.T) {
	for s, want := range map[string]float64{
		"60_000": 60000, "1e3": 1000, "0x10": 16, "0o17": 15, "0b101": 5, "1.5": 1.5, ".5": 0.5, "0": 0,
		"1_893_456_000_000": 1893456000000,
	} {
		got, ok := parseNumber(s)
		if !ok || got != want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	if _, ok := parseNumber("0xZZ"); ok {
		t.Error("parseNumber(0xZZ) succeeded")
	}
}
