// Command realworld runs dolint over real Worker projects: the templates
// that pinned npm packages ship (packages.json). It downloads them with
// `npm pack` into a cache directory outside the repository
// ($DOLINT_REALWORLD_DIR, else <user cache dir>/dolint/realworld), fills in
// their template placeholders, lints every project with the dolint CLI and
// compares the findings with the reviewed list in expected.txt.
//
//	go run ./bench/realworld            # report; exit 1 on a crash or a difference
//	go run ./bench/realworld -update    # rewrite expected.txt, new lines marked TODO
//
// realworld_test.go runs the same check under `go test` when node and npm
// are installed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/bench/internal/judged"
)

const expectHeader = `# Reviewed dolint findings on real Worker projects (see main.go).
# One finding a line: project | rule | file:line | message prefix | verdict.
# project is <npm package>@<version>/<directory in the package>; file is
# relative to the project. Every line is a finding checked against the
# project's code and the reference facts, and says why it is right. A
# finding not listed here fails the check (a new false positive, or a true
# finding to review and add); so does a listed one that disappears.
`

func main() {
	dir := flag.String("dir", "", "corpus directory (default $"+EnvDir+" or the user cache directory)")
	dolint := flag.String("dolint", "", "dolint binary to run (default: build ./cmd/dolint)")
	expect := flag.String("expect", filepath.Join("bench", "realworld", "expected.txt"), "expectation file")
	update := flag.Bool("update", false, "rewrite the expectation file from this run, keeping the verdicts that still match")
	list := flag.Bool("list", false, "list the projects and exit")
	flag.Parse()
	if err := run(*dir, *dolint, *expect, *update, *list); err != nil {
		fmt.Fprintln(os.Stderr, "realworld:", err)
		os.Exit(1)
	}
}

func run(dir, dolint, expect string, update, list bool) error {
	ctx := context.Background()
	var err error
	if dir == "" {
		if dir, err = Dir(); err != nil {
			return err
		}
	}
	if err := Ensure(ctx, dir); err != nil {
		return err
	}
	projects, err := Projects(dir)
	if err != nil {
		return err
	}
	if list {
		for _, p := range projects {
			do := ""
			if p.DurableObjects {
				do = "  (Durable Objects)"
			}
			fmt.Printf("%s/%s%s\n", p.ID, p.Config, do)
		}
		return nil
	}
	if dolint == "" {
		tmp, err := os.MkdirTemp("", "dolint-realworld-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if dolint, err = judged.BuildDolint(ctx, tmp); err != nil {
			return err
		}
	}
	findings, failures := Lint(ctx, dolint, projects)
	fmt.Print(Summary(projects, findings))
	for _, f := range failures {
		fmt.Printf("FAIL %s: %s\n", f.Project, f.Err)
	}

	src, err := judged.ReadTable(expect, update)
	if err != nil {
		return err
	}
	old, err := ParseExpectations(src)
	if err != nil {
		return fmt.Errorf("%s: %v", expect, err)
	}
	if update {
		if err := os.WriteFile(expect, FormatExpectations(expectHeader, findings, old), 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s\n", expect)
		old, _ = ParseExpectations(FormatExpectations(expectHeader, findings, old))
	}
	unexpected, missing := Compare(findings, old)
	for _, f := range unexpected {
		fmt.Printf("NEW  %s: %s\n", f.key(), f.Message)
	}
	for _, e := range missing {
		fmt.Printf("GONE %s (%s:%d): %q\n", e.key(), expect, e.At, e.Message)
	}
	unreviewed := 0
	for _, e := range old {
		if !e.Reviewed() {
			unreviewed++
			fmt.Printf("TODO %s (%s:%d)\n", e.key(), expect, e.At)
		}
	}
	if len(failures)+len(unexpected)+len(missing)+unreviewed > 0 {
		return fmt.Errorf("%d crashes, %d new findings, %d gone, %d unreviewed", len(failures), len(unexpected), len(missing), unreviewed)
	}
	return nil
}

// Summary counts the projects per package and the findings per rule.
func Summary(projects []Project, findings []Finding) string {
	var b strings.Builder
	type count struct{ all, do int }
	perPkg := map[string]*count{}
	var pkgs []string
	total := count{}
	for _, p := range projects {
		pkg := p.Package
		c := perPkg[pkg]
		if c == nil {
			c = &count{}
			perPkg[pkg] = c
			pkgs = append(pkgs, pkg)
		}
		c.all++
		total.all++
		if p.DurableObjects {
			c.do++
			total.do++
		}
	}
	for _, pkg := range pkgs {
		fmt.Fprintf(&b, "%-40s %3d projects, %2d with Durable Objects\n", pkg, perPkg[pkg].all, perPkg[pkg].do)
	}
	fmt.Fprintf(&b, "%-40s %3d projects, %2d with Durable Objects\n", "total", total.all, total.do)
	perRule := map[string]int{}
	for _, f := range findings {
		perRule[f.Rule]++
	}
	rules := make([]string, 0, len(perRule))
	for r := range perRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	fmt.Fprintf(&b, "%d findings", len(findings))
	for _, r := range rules {
		fmt.Fprintf(&b, ", %s %d", r, perRule[r])
	}
	b.WriteString("\n")
	return b.String()
}
