//go:build unix

package resolve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchImport is one import of the generated monorepo.
type benchImport struct {
	project, from, spec string
}

// writeMonorepo writes a workspace of packages and apps: every package
// exports an unbuilt dist/ and extends a shared tsconfig with paths, every
// file imports its siblings, other packages (by name, by subpath, some
// through node_modules links), a path alias, an installed package and a
// builtin.
func writeMonorepo(tb testing.TB, root string, packages, apps, files int) []benchImport {
	write := func(name, content string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write(".git/HEAD", "ref: refs/heads/main\n")
	write("package.json", `{"private": true, "workspaces": ["apps/*", "packages/*"]}`)
	write("tsconfig.base.json", `{
		// shared options
		"compilerOptions": {"strict": true, "paths": {"@shared/*": ["./packages/pkg0/src/*"]}},
	}`)
	write("node_modules/hono/package.json", `{"name": "hono", "exports": {".": "./dist/index.js"}}`)
	write("node_modules/hono/dist/index.js", "")
	var imports []benchImport
	dirs := []string{}
	for i := range packages {
		d := fmt.Sprintf("packages/pkg%d", i)
		dirs = append(dirs, d)
		write(d+"/package.json", fmt.Sprintf(`{"name": "@acme/pkg%d", "exports": {".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"}, "./*": {"types": "./dist/*.d.ts", "import": "./dist/*.js"}}}`, i))
		write(d+"/tsconfig.json", `{"extends": "../../tsconfig.base.json"}`)
		if i%2 == 0 {
			link := filepath.Join(root, "node_modules", "@acme", fmt.Sprintf("pkg%d", i))
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				tb.Fatal(err)
			}
			if err := os.Symlink(filepath.Join("..", "..", d), link); err != nil {
				tb.Skip(err)
			}
		}
	}
	for i := range apps {
		d := fmt.Sprintf("apps/app%d", i)
		dirs = append(dirs, d)
		write(d+"/package.json", fmt.Sprintf(`{"name": "app%d"}`, i))
		write(d+"/tsconfig.json", `{"extends": "../../tsconfig.base.json", "compilerOptions": {"baseUrl": "."}}`)
	}
	for n, d := range dirs {
		for f := range files {
			name := "index"
			if f > 0 {
				name = fmt.Sprintf("file%d", f)
			}
			from := filepath.Join(root, d, "src", name+".ts")
			write(d+"/src/"+name+".ts", "")
			project := filepath.Join(root, d)
			other := (n*7 + f) % packages
			for _, spec := range []string{
				fmt.Sprintf("./file%d.js", (f+1)%(files-1)+1),
				fmt.Sprintf("./file%d", (f+2)%(files-1)+1),
				fmt.Sprintf("../src/file%d", (f+3)%(files-1)+1),
				fmt.Sprintf("@acme/pkg%d", other),
				fmt.Sprintf("@acme/pkg%d", (other+1)%packages),
				fmt.Sprintf("@acme/pkg%d/file%d", (other+2)%packages, f%(files-1)+1),
				fmt.Sprintf("@shared/file%d", f%(files-1)+1),
				"hono",
				"cloudflare:workers",
			} {
				imports = append(imports, benchImport{project, from, spec})
			}
		}
	}
	return imports
}

// BenchmarkResolve resolves every import of a monorepo of 150 packages and
// 20 apps with 20 files each, from as many goroutines as the run has
// cores, the way the source analyzer does. "cold" starts each pass with a
// new cache, as one run does; "warm" reuses it, as the projects of a run
// after the first one do.
func BenchmarkResolve(b *testing.B) {
	root := b.TempDir()
	imports := writeMonorepo(b, root, 150, 20, 20)
	byProject := map[string][]benchImport{}
	for _, im := range imports {
		byProject[im.project] = append(byProject[im.project], im)
	}
	run := func(c *Cache) {
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for project, ims := range byProject {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				r := NewShared(project, nil, c)
				for _, im := range ims {
					if res := r.Resolve(im.from, im.spec); res.Kind == NotFound {
						b.Errorf("%s: %q not found", im.from, im.spec)
					}
				}
			}()
		}
		wg.Wait()
	}
	for _, warm := range []bool{false, true} {
		name := "cold"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			c := NewCache()
			if warm {
				run(c)
			}
			start := cpuTime()
			for b.Loop() {
				if !warm {
					c = NewCache()
				}
				run(c)
			}
			// CPU time, not wall time: the machines that run this are
			// shared, and the resolver's cost is its CPU.
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N*len(imports)), "cpu-ns/import")
			b.ReportMetric(float64(len(imports)), "imports")
		})
	}
}

// cpuTime is the CPU time the process has used, in user and system mode.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
