package osfile

import (
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func listed(t *testing.T, ls *Listings, dir string) []string {
	t.Helper()
	var out []string
	if err := ls.ReadDir(dir, func(name string, k Kind) { out = append(out, name+"="+string("rds"[k])) }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// A kept listing answers for its directory, even once the directory has
// changed (a run's tree holds still); any other directory is listed.
func TestListingsReadDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.ts"), nil, 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "b.ts"), nil, 0o644)
	var ls Listings
	l := new(Listing)
	l.Add([]byte("kept.ts"), Regular)
	l.Add([]byte("kept"), Dir)
	l.Add([]byte("link"), Symlink)
	ls.Put(dir, l)
	ls.Put(dir, new(Listing)) // the first listing stays
	if got := strings.Join(listed(t, &ls, dir), " "); got != "kept.ts=r kept=d link=s" {
		t.Errorf("kept listing gives %s", got)
	}
	if got := strings.Join(listed(t, &ls, filepath.Join(dir, "sub")), " "); got != "b.ts=r" {
		t.Errorf("a directory not kept lists as %s", got)
	}
	var none *Listings
	if got := strings.Join(listed(t, none, dir), " "); got != "a.ts=r sub=d" {
		t.Errorf("nil Listings list %s", got)
	}
	if err := ls.ReadDir(filepath.Join(dir, "gone"), func(string, Kind) {}); !os.IsNotExist(err) {
		t.Errorf("a missing directory not kept: %v, want it not to exist", err)
	}
}

// MayHold denies a name only when the directory's listing is kept and no
// entry could open by that name on a file system that folds case or
// normalizes Unicode.
func TestListingsMayHold(t *testing.T) {
	var ls Listings
	l := new(Listing)
	l.Add([]byte(".GIT"), Dir)
	l.Add([]byte("wrangler.toml"), Regular)
	ls.Put("/p", l)
	u := new(Listing)
	u.Add([]byte("caf\u00e9"), Regular)
	ls.Put("/u", u)
	for _, c := range []struct {
		dir, name string
		want      bool
	}{
		{"/p", ".git", true},
		{"/p", ".GIT", true},
		{"/p", "wrangler.toml", true},
		{"/p", ".dolint.jsonc", false},
		{"/p", "wrangler.tom", false},
		{"/p", "caf\u00e9", true}, // not ASCII: a file system may spell it otherwise
		{"/u", ".git", true},      // a name not ASCII in the listing may fold to it
		{"/q", ".git", true},      // not kept
	} {
		if got := ls.MayHold(c.dir, c.name); got != c.want {
			t.Errorf("MayHold(%s, %s) = %v, want %v", c.dir, c.name, got, c.want)
		}
	}
	var none *Listings
	if !none.MayHold("/p", ".dolint.jsonc") || none.Listed("/p") {
		t.Error("nil Listings deny a name or hold a listing")
	}
}

// The Listings attached to a run's FileSet are the ones its analyzers
// find; another FileSet has none.
func TestListingsFor(t *testing.T) {
	fset, other := token.NewFileSet(), token.NewFileSet()
	ls := new(Listings)
	Attach(fset, ls)
	if For(fset) != ls || For(other) != nil {
		t.Errorf("For gives %p and %p, want %p and nil", For(fset), For(other), ls)
	}
}

// Kind finds a name as the listing spells it, and only in a listing kept.
func TestListingsKind(t *testing.T) {
	var ls Listings
	l := new(Listing)
	l.Add([]byte("src"), Dir)
	l.Add([]byte("lib"), Symlink)
	ls.Put("/p", l)
	for _, c := range []struct {
		dir, name string
		kind      Kind
		found     bool
	}{
		{"/p", "src", Dir, true},
		{"/p", "lib", Symlink, true},
		{"/p", "SRC", 0, false},
		{"/p", "x", 0, false},
		{"/q", "src", 0, false},
	} {
		if k, found := ls.Kind(c.dir, c.name); k != c.kind || found != c.found {
			t.Errorf("Kind(%s, %s) = %v, %v; want %v, %v", c.dir, c.name, k, found, c.kind, c.found)
		}
	}
}
