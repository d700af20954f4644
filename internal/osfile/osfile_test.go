package osfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// ReadFile agrees with os.ReadFile on contents and on errors, word for
// word, for what a lint run meets: files of any size, links, a directory
// where a file is wanted, a missing file or directory.
func TestReadFileLikeOS(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := bytes.Repeat([]byte("export const x = 1;\n"), 50000)
	names := []string{
		write("empty.ts", nil),
		write("one.ts", []byte("x")),
		write("page.ts", bytes.Repeat([]byte("a"), 4096)),
		write("odd.ts", bytes.Repeat([]byte("b"), 511)),
		write("big.ts", big),
		filepath.Join(dir, "missing.ts"),
		filepath.Join(dir, "nodir", "x.ts"),
		filepath.Join(dir, "one.ts", "x.ts"),
		dir,
		"bad\x00name",
	}
	if runtime.GOOS != "windows" {
		if err := os.Symlink("big.ts", filepath.Join(dir, "link.ts")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("nowhere.ts", filepath.Join(dir, "dangling.ts")); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Join(dir, "link.ts"), filepath.Join(dir, "dangling.ts"))
	}
	if runtime.GOOS == "linux" {
		names = append(names, "/proc/self/cmdline") // size 0, contents all the same
	}
	for _, name := range names {
		want, werr := os.ReadFile(name)
		got, gerr := ReadFile(name)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || reflect.TypeOf(gerr) != reflect.TypeOf(werr) {
			t.Errorf("%s: error %v (%T), os.ReadFile says %v (%T)", name, gerr, gerr, werr, werr)
		}
		if !errors.Is(gerr, os.ErrNotExist) == errors.Is(werr, os.ErrNotExist) {
			t.Errorf("%s: errors.Is(ErrNotExist) differs", name)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes, os.ReadFile %d", name, len(got), len(want))
		}
	}
	if got, _ := ReadFile(filepath.Join(dir, "big.ts")); !bytes.Equal(got, big) {
		t.Errorf("big.ts: read %d bytes, want %d", len(got), len(big))
	}
}

func TestReadDirLikeOS(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"src", "node_modules", ".git", "é"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 300; i++ { // more than one getdents buffer
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file%03d-%s.ts", i, strings.Repeat("n", 40))), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if runtime.GOOS != "windows" {
		os.Symlink("src", filepath.Join(dir, "lnk"))
		os.Symlink("nowhere", filepath.Join(dir, "dangling"))
	}
	list := func(d string) ([]string, error) {
		var out []string
		err := ReadDir(d, func(name string, k Kind) { out = append(out, fmt.Sprint(name, k)) })
		sort.Strings(out)
		return out, err
	}
	osList := func(d string) ([]string, error) {
		es, err := os.ReadDir(d)
		var out []string
		for _, e := range es {
			out = append(out, fmt.Sprint(e.Name(), kindOf(e.Type())))
		}
		sort.Strings(out)
		return out, err
	}
	for _, d := range []string{dir, filepath.Join(dir, "src"), filepath.Join(dir, "missing"), filepath.Join(dir, "file000-"+strings.Repeat("n", 40)+".ts")} {
		got, gerr := list(d)
		want, werr := osList(d)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !errors.Is(gerr, os.ErrNotExist) != !errors.Is(werr, os.ErrNotExist) {
			t.Errorf("%s: error %v, os.ReadDir says %v", d, gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: listed\n%v\nos.ReadDir lists\n%v", d, got, want)
		}
	}
	if got, _ := list(dir); len(got) < 306 {
		t.Errorf("listed %d entries, want 306 or more", len(got))
	}
}
