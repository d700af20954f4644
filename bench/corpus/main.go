// Command corpus installs the pinned TypeScript/JavaScript corpus used by
// the jsast conformance tests and benchmarks, and prints its size.
//
// Usage:
//
//	go run ./bench/corpus [-tsparse] [-list] [-dir]
//
// The corpus goes to $DOLINT_CORPUS_DIR, or under the user cache
// directory; running it again does nothing once the install is complete.
// With -tsparse it also runs the TypeScript reference parse over every file
// (cached, so later conformance runs start at once).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/corpus"
)

func main() {
	tsparse := flag.Bool("tsparse", false, "also run the TypeScript reference parse over every file")
	printDir := flag.Bool("dir", false, "print the corpus directory only")
	list := flag.Bool("list", false, "print the absolute path of every corpus file")
	flag.Parse()
	if err := run(*tsparse, *list, *printDir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(tsparse, list, printDir bool) error {
	ctx := context.Background()
	dir, err := corpus.Dir()
	if err != nil {
		return err
	}
	if err := corpus.Ensure(ctx, dir); err != nil {
		return err
	}
	files, err := corpus.List(dir)
	if err != nil {
		return err
	}
	if printDir {
		fmt.Println(dir)
		return nil
	}
	if list {
		for _, f := range files {
			fmt.Println(f.Path)
		}
		return nil
	}
	fmt.Printf("corpus: %s\n", dir)
	fmt.Printf("files: %d, %.1f MB\n", len(files), float64(corpus.TotalSize(files))/1e6)

	byExt := map[string][2]int64{}
	byPkg := map[string][2]int64{}
	for _, f := range files {
		ext := strings.ToLower(filepath.Ext(f.Rel))
		if (ext == ".ts" || ext == ".mts" || ext == ".cts") && strings.HasSuffix(strings.ToLower(f.Rel), ".d"+ext) {
			ext = ".d" + ext
		}
		e := byExt[ext]
		byExt[ext] = [2]int64{e[0] + 1, e[1] + f.Size}
		pkg := packageOf(f.Rel)
		p := byPkg[pkg]
		byPkg[pkg] = [2]int64{p[0] + 1, p[1] + f.Size}
	}
	printTable("by extension", byExt)
	printTable("by package", byPkg)

	if tsparse {
		script, err := filepath.Abs(filepath.Join("bench", "tsparse.mjs"))
		if err != nil {
			return err
		}
		if _, err := os.Stat(script); err != nil {
			return fmt.Errorf("run from the repository root: %v", err)
		}
		res, err := corpus.TSParse(ctx, script, dir, files)
		if err != nil {
			return err
		}
		accepted := 0
		keys := map[string]bool{}
		for _, f := range files {
			b, err := os.ReadFile(f.Path)
			if err != nil {
				return err
			}
			k := corpus.Key(b, f.Path)
			if keys[k] {
				continue
			}
			keys[k] = true
			if r := res[k]; r != nil && r.Accepted {
				accepted++
			}
		}
		fmt.Printf("typescript %s: %d distinct parses, %d accepted\n", corpus.TypeScriptVersion(), len(keys), accepted)
	}
	return nil
}

func packageOf(rel string) string {
	parts := strings.SplitN(rel, "/", 3)
	if strings.HasPrefix(rel, "@") && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

func printTable(title string, m map[string][2]int64) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]][1] > m[keys[j]][1] })
	fmt.Printf("%s:\n", title)
	for _, k := range keys {
		fmt.Printf("  %-28s %6d files %8.1f MB\n", k, m[k][0], float64(m[k][1])/1e6)
	}
}
