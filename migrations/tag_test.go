package migrations

import "testing"

func TestNextTag(t *testing.T) {
	for _, c := range []struct {
		tags []string
		want string
	}{
		{nil, "v1"},
		{[]string{"v1", "v2"}, "v3"},
		{[]string{"v1", "v3", "v2"}, "v4"}, // the highest counter, not the last
		{[]string{"v01"}, "v02"},
		{[]string{"v09"}, "v10"},
		{[]string{"v99"}, "v100"},
		{[]string{"1", "2"}, "3"},
		{[]string{"migration-7"}, "migration-8"},
		{[]string{"2024-01-01-init"}, "v2"},
		{[]string{"2024-01-01"}, "v2"},
		{[]string{"20240101"}, "v2"},
		{[]string{"init", "second"}, "v3"},
		{[]string{"v3", "init"}, "v4"}, // the fallback v3 is taken
		// A tag only an earlier version used is never reused.
		{[]string{"v3", "v1", "v2"}, "v4"},
	} {
		if got := NextTag(c.tags); got != c.want {
			t.Errorf("NextTag(%q) = %q, want %q", c.tags, got, c.want)
		}
	}
}
