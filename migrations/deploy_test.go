package migrations

import (
	"strings"
	"testing"
)

func tags(t *testing.T, u *Upload) string {
	t.Helper()
	if u == nil {
		return "<nothing>"
	}
	var out []string
	for _, st := range u.Steps {
		out = append(out, tagOf(st))
	}
	return strings.Join(out, ",")
}

func TestPending(t *testing.T) {
	_, st := steps(t, `[{"tag": "v1"}, {"tag": "v2"}, {"tag": "v1"}, {"tag": "v3"}]`)
	cases := []struct {
		deployed string
		want     string
		old      string
		notFound bool
	}{
		{deployed: "", want: "v1,v2,v1,v3"},
		// findIndex: the first v1 wins, so v2, the second v1 and v3 are
		// all sent again.
		{deployed: "v1", want: "v2,v1,v3", old: "v1"},
		{deployed: "v2", want: "v1,v3", old: "v2"},
		{deployed: "v3", want: "<nothing>"},
		{deployed: "v9", want: "v1,v2,v1,v3", old: "v9", notFound: true},
	}
	for _, c := range cases {
		u := Pending(st, c.deployed)
		if got := tags(t, u); got != c.want {
			t.Errorf("Pending(%q) = %s, want %s", c.deployed, got, c.want)
		}
		if u == nil {
			continue
		}
		if u.OldTag != c.old || u.NewTag != "v3" || u.NotFound != c.notFound {
			t.Errorf("Pending(%q) = %+v", c.deployed, u)
		}
	}
	if Pending(nil, "v1") != nil {
		t.Error("no steps should send nothing")
	}

	u := Pending(st, "gone")
	want := `The published script chat-staging has a migration tag "gone, which was not found in your wrangler.jsonc file. You may have already deleted it. Applying all available migrations to the script...`
	if got := u.Warning("chat-staging", "wrangler.jsonc"); got != want {
		t.Errorf("warning = %q", got)
	}
	if Pending(st, "v1").Warning("x", "y") != "" || (*Upload)(nil).Warning("x", "y") != "" {
		t.Error("warning without NotFound")
	}
}

func TestDuplicateTags(t *testing.T) {
	cfg, st := steps(t, `[{"tag": "v1"}, {"tag": "v2"}, {"tag": "v1"}, {"tag": "v2"}, {"tag": "v1"}, {"tag": "v3"}]`)
	d := DuplicateTags(st)
	if len(d) != 2 || d[0].Tag != "v1" || d[1].Tag != "v2" || len(d[0].Repeats) != 2 || len(d[1].Repeats) != 1 {
		t.Fatalf("duplicates = %+v", d)
	}
	if off := cfg.File.Offset(d[0].First.Pos); off != offsetOf(t, cfg, `"v1"`, 0) {
		t.Errorf("first v1 at %d", off)
	}
	if off := cfg.File.Offset(d[0].Repeats[1].Pos); off != offsetOf(t, cfg, `"v1"`, 2) {
		t.Errorf("last v1 at %d", off)
	}
	if off := cfg.File.Offset(d[1].Repeats[0].Pos); off != offsetOf(t, cfg, `"v2"`, 1) {
		t.Errorf("second v2 at %d", off)
	}
	_, st = steps(t, `[{"tag": "a"}, {"tag": "b"}]`)
	if d := DuplicateTags(st); len(d) != 0 {
		t.Errorf("unique tags reported: %+v", d)
	}
}
