// Command fixyield measures how many of the fixes `dolint fix --unsafe`
// would apply to the public repositories (see bench/README.md) its sandbox
// verifies, which it cannot, and why, and which it rejects. A rejection is
// compared with judged.txt, where each line reads
//
//	right|wrong OWNER+NAME FILE:LINE RULE
//
// so that a correct fix rejected shows up as a failure of the run.
//
//	go run ./bench/fixyield [-repos DIR] [-only SUBSTRING] [-v]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

func main() {
	reposFlag := flag.String("repos", "", "the repositories' cache directory (default $DOLINT_REPOS_DIR, else <user cache dir>/dolint/repos)")
	only := flag.String("only", "", "only repositories whose directory name contains this")
	verbose := flag.Bool("v", false, "print each fix's verdict")
	timeout := flag.Duration("timeout", 10*time.Minute, "time allowed for one repository")
	install := flag.String("install", "", "copy the projects whose fixes wait for dependencies into this `DIR`, install their dependencies there with npm (scripts off), and count those repositories again")
	flag.Parse()
	dir, err := reposDir(*reposFlag)
	if err != nil {
		fatal(err)
	}
	judged, err := readJudged("bench/fixyield/judged.txt")
	if err != nil {
		fatal(err)
	}
	bin := filepath.Join(os.TempDir(), fmt.Sprintf("dolint-fixyield-%d", os.Getpid()))
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/dolint-dev/dolint/cmd/dolint").CombinedOutput(); err != nil {
		fatal(fmt.Errorf("building dolint: %v\n%s", err, out))
	}
	defer os.Remove(bin)
	entries, err := os.ReadDir(dir)
	if err != nil {
		fatal(err)
	}
	var t tally
	t.reasons = map[string]int{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || !strings.Contains(e.Name(), *only) {
			continue
		}
		repo := e.Name()
		fixes, err := run(bin, filepath.Join(dir, repo), *timeout)
		if err != nil {
			fmt.Printf("%s: %v\n", repo, err)
			t.failedRepos++
			continue
		}
		t.repos++
		for _, f := range fixes {
			f.repo = repo
			t.add(f, judged)
			if *verbose || f.status == "rejected" {
				fmt.Printf("%s %s:%d %s: %s %s\n", repo, f.file, f.line, f.rule, f.status, f.reason)
			}
		}
	}
	t.print()
	if *install != "" && len(t.waiting) > 0 {
		fmt.Printf("\ninstalling dependencies of %d projects under %s\n", len(t.waiting), *install)
		var again tally
		again.reasons = map[string]int{}
		for _, repo := range installAll(dir, *install, t.waiting) {
			fixes, err := run(bin, filepath.Join(*install, repo), *timeout)
			if err != nil {
				fmt.Printf("%s: %v\n", repo, err)
				again.failedRepos++
				continue
			}
			again.repos++
			for _, f := range fixes {
				f.repo = repo
				again.add(f, judged)
				if *verbose || f.status == "rejected" {
					fmt.Printf("%s %s:%d %s: %s %s\n", repo, f.file, f.line, f.rule, f.status, f.reason)
				}
			}
		}
		fmt.Print("\nwith dependencies installed, over those repositories:")
		again.print()
		t.wrongRejections += again.wrongRejections
	}
	if t.wrongRejections > 0 {
		os.Exit(1)
	}
}

var installHint = regexp.MustCompile("run `[^`]+` in (.+?), then dolint fix again")

// installAll copies each project directory into scratch (as
// OWNER+NAME/relative path) and installs its dependencies with npm,
// whatever its lockfile, since npm is what the bench can count on. It
// returns the repositories copied.
func installAll(cache, scratch string, projects map[string]string) []string {
	repos := map[string]bool{}
	for projDir, repo := range projects {
		rel, err := filepath.Rel(filepath.Join(cache, repo), projDir)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		dst := filepath.Join(scratch, repo, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			continue
		}
		if err := exec.Command("cp", "-r", projDir, filepath.Dir(dst)+"/").Run(); err != nil {
			continue
		}
		out, err := npmInstall(dst)
		if err != nil && dropDevDependencies(dst) {
			// A dev dependency npm cannot fetch (a tarball URL, a git
			// repository) stops the whole install, though the Worker's
			// bundle needs only the runtime dependencies.
			fmt.Printf("%s: npm install failed (%s); again without devDependencies\n", repo, firstLine(out))
			out, err = npmInstall(dst)
		}
		if err != nil {
			fmt.Printf("%s: npm install failed: %v %s\n", repo, err, firstLine(out))
		}
		repos[repo] = true
	}
	var out []string
	for r := range repos {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

func npmInstall(dir string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "install", "--ignore-scripts", "--omit=optional", "--legacy-peer-deps", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// dropDevDependencies removes devDependencies from the copied project's
// package.json, reporting whether there were any.
func dropDevDependencies(dir string) bool {
	path := filepath.Join(dir, "package.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var pkg map[string]json.RawMessage
	if json.Unmarshal(b, &pkg) != nil {
		return false
	}
	if _, ok := pkg["devDependencies"]; !ok {
		return false
	}
	delete(pkg, "devDependencies")
	out, err := json.MarshalIndent(pkg, "", "  ")
	return err == nil && os.WriteFile(path, out, 0o644) == nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

type fixVerdict struct {
	repo, file, rule string
	line             int
	status           string // verified, unverifiable, rejected
	check, reason    string
}

var (
	appliedRE  = regexp.MustCompile(`^(.+):(\d+): fixed \(([a-z0-9]+)\): .* \[(verified|unverifiable): (.*)\]$`)
	rejectedRE = regexp.MustCompile(`^(.+):(\d+): not fixed \(([a-z0-9]+)\): .*?: verification failed \(([^)]*)\): (.*)$`)
	explainRE  = regexp.MustCompile(`^dependencies are not installed`)
)

// run runs dolint fix at the repository's root, writing nothing, with every
// verdict in full.
func run(bin, root string, timeout time.Duration) ([]fixVerdict, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "fix", "--unsafe", "--diff", "--explain-verdicts", "./...")
	cmd.Dir = root
	out, _ := cmd.Output()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("did not finish within %s", timeout)
	}
	var fixes []fixVerdict
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		l := sc.Text()
		if m := appliedRE.FindStringSubmatch(l); m != nil {
			f := fixVerdict{file: m[1], line: atoi(m[2]), rule: m[3], status: m[4], reason: m[5]}
			f.check = f.reason
			if f.status == "unverifiable" {
				f.check = category(f.reason)
			}
			fixes = append(fixes, f)
		} else if m := rejectedRE.FindStringSubmatch(l); m != nil {
			fixes = append(fixes, fixVerdict{file: m[1], line: atoi(m[2]), rule: m[3], status: "rejected", check: m[4], reason: m[5]})
		}
	}
	return fixes, nil
}

// category groups unverifiable reasons by their cause.
func category(reason string) string {
	switch {
	case explainRE.MatchString(reason):
		return "dependencies not installed"
	case strings.Contains(reason, "no sandbox check fits"):
		return "no check for the rule"
	case strings.Contains(reason, "no project"):
		return "fix belongs to no project"
	case strings.Contains(reason, "no durable_objects binding"):
		return "class not bound"
	case strings.Contains(reason, "does not load"):
		return "project does not load"
	case strings.Contains(reason, "cannot generate") || strings.Contains(reason, "cannot make"):
		return "argument types"
	case strings.Contains(reason, "RPC cannot call") || strings.Contains(reason, "is not inside"):
		return "not reachable by a call"
	case strings.Contains(reason, "before and after the fix") || strings.Contains(reason, "before the fix too") || strings.Contains(reason, "before the fix either"):
		return "both versions fail alike"
	}
	if i := strings.IndexAny(reason, ":("); i > 0 && i < 60 {
		return reason[:i]
	}
	if len(reason) > 60 {
		return reason[:60]
	}
	return reason
}

type tally struct {
	repos, failedRepos                         int
	verified, unverifiable, rejected, waitDeps int
	rightRejections, wrongRejections, unjudged int
	reasons                                    map[string]int
	unjudgedList                               []string
	// waiting maps the project directories of fixes that wait for
	// dependencies to their repository.
	waiting map[string]string
}

func (t *tally) add(f fixVerdict, judged map[string]string) {
	switch f.status {
	case "verified":
		t.verified++
	case "unverifiable":
		t.unverifiable++
		t.reasons[f.check]++
		if f.check == "dependencies not installed" {
			t.waitDeps++
			if m := installHint.FindStringSubmatch(f.reason); m != nil {
				if t.waiting == nil {
					t.waiting = map[string]string{}
				}
				t.waiting[m[1]] = f.repo
			}
		}
	case "rejected":
		t.rejected++
		key := fmt.Sprintf("%s %s:%d %s", f.repo, f.file, f.line, f.rule)
		switch judged[key] {
		case "right":
			t.rightRejections++
		case "wrong":
			t.wrongRejections++
		default:
			t.unjudged++
			t.unjudgedList = append(t.unjudgedList, key)
		}
	}
}

func (t *tally) print() {
	total := t.verified + t.unverifiable + t.rejected
	fmt.Printf("\n%d repositories (%d did not finish): %d fixes: %d verified, %d unverifiable, %d rejected\n",
		t.repos, t.failedRepos, total, t.verified, t.unverifiable, t.rejected)
	if total > 0 {
		fmt.Printf("verified: %.0f%% of all fixes; %.0f%% of the fixes whose dependencies are installed (%d wait for an install)\n",
			pct(t.verified, total), pct(t.verified, total-t.waitDeps), t.waitDeps)
	}
	keys := make([]string, 0, len(t.reasons))
	for k := range t.reasons {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return t.reasons[keys[i]] > t.reasons[keys[j]] || t.reasons[keys[i]] == t.reasons[keys[j]] && keys[i] < keys[j]
	})
	for _, k := range keys {
		fmt.Printf("  unverifiable, %s: %d\n", k, t.reasons[k])
	}
	fmt.Printf("rejections: %d right, %d wrong (a correct fix rejected), %d not judged\n", t.rightRejections, t.wrongRejections, t.unjudged)
	for _, u := range t.unjudgedList {
		fmt.Printf("  not judged: %s\n", u)
	}
}

func pct(a, b int) float64 {
	if b <= 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func readJudged(path string) (map[string]string, error) {
	out := map[string]string{}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		verdict, key, ok := strings.Cut(l, " ")
		if !ok || verdict != "right" && verdict != "wrong" {
			return nil, fmt.Errorf("%s: bad line %q", path, l)
		}
		out[key] = verdict
	}
	return out, nil
}

func reposDir(flagDir string) (string, error) {
	if flagDir != "" {
		return flagDir, nil
	}
	if d := os.Getenv("DOLINT_REPOS_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "dolint", "repos"), nil
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "fixyield:", err)
	os.Exit(2)
}
