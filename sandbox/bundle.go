package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

// wrangler's default module rules: .sql is text too, as Drizzle's Durable
// Object migrations import it.
var loaders = map[string]api.Loader{".wasm": api.LoaderBinary, ".txt": api.LoaderText, ".html": api.LoaderText, ".sql": api.LoaderText, ".bin": api.LoaderBinary}

// maxSourceFile bounds each file the bundle reads. Workers are at most a
// few megabytes; the bound is far above that, and far below what reading
// a huge or endless file would take.
//
// maxBundleInput bounds all the files one bundle reads together: many
// files each under maxSourceFile (they compress to little in a
// repository) would otherwise add up to any amount of memory. Variables
// so that tests need not read as much.
var (
	maxSourceFile  int64 = 32 << 20
	maxBundleInput int64 = 128 << 20
)

// fence keeps bundling inside the project. esbuild reads whatever the code
// imports, and the bundle's code runs and answers requests, so an import of
// "/etc/passwd" or "../../secret.txt" would publish the file. Only files
// below the repository root (the directory holding .git, else the project
// directory) and in node_modules directories may be read, and only
// regular files of bounded size: a device such as /dev/zero never ends.
type fence struct {
	root    string   // as given
	allowed []string // real paths of the root and of node_modules

	mu   sync.Mutex
	read int64 // bytes of the files loaded so far
}

func newFence(dir string) *fence {
	root := dir
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			root = d
			break
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	f := &fence{root: root}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		f.allowed = append(f.allowed, r)
	}
	// esbuild looks for packages in every ancestor's node_modules, as
	// Node does.
	for d := dir; ; {
		if r, err := filepath.EvalSymlinks(filepath.Join(d, "node_modules")); err == nil {
			f.allowed = append(f.allowed, r)
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	return f
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// check says why path may not be read, naming the file as what: nothing
// about the file beyond that it is outside, not regular or too large.
func (f *fence) check(path, what string) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		// Missing: esbuild reports it as it would any missing file. A
		// path that lexically leaves the project is refused all the
		// same, so that errors do not tell which host files exist.
		if !within(path, f.root) && !f.inside(path) {
			return f.outside(what)
		}
		return nil
	}
	if !f.inside(real) {
		return f.outside(what)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; the bundle reads only the project's source files", what)
	}
	if fi.Size() > maxSourceFile {
		return fmt.Errorf("%s is larger than %d MiB, the most the bundle reads from one file", what, maxSourceFile>>20)
	}
	return nil
}

// load is check for a file the bundle is about to read, counting it
// against maxBundleInput.
func (f *fence) load(path, what string) error {
	if err := f.check(path, what); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.read += fi.Size()
	if f.read > maxBundleInput {
		return fmt.Errorf("%s takes the files the bundle reads past %d MiB together", what, maxBundleInput>>20)
	}
	return nil
}

// leaks reports whether quoting from the file at path could reveal a file
// outside the project.
func (f *fence) leaks(path string) bool {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return !within(path, f.root) && !f.inside(path)
	}
	return !f.inside(real)
}

func (f *fence) inside(real string) bool {
	for _, d := range f.allowed {
		if within(real, d) {
			return true
		}
	}
	return false
}

func (f *fence) outside(what string) error {
	return fmt.Errorf("%s is outside the project: the bundle reads only files below %s and in node_modules", what, f.root)
}

// resolving marks the resolutions the fence asks esbuild for itself.
type resolving struct{}

// realPath is path with symlinks resolved; for a file that does not exist
// (yet), its directory's.
func realPath(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}

// projectPlugin fences imports in (see fence) and serves the overlay.
//
// The overlay replaces files' contents by absolute path. esbuild loads a
// file by its real path, so a file reached through a symlink (a linked
// source directory, a shared config) is matched by its real path too.
func projectPlugin(fc *fence, overlay map[string][]byte) api.Plugin {
	files := map[string][]byte{}
	for p, data := range overlay {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		files[abs] = data
		if r := realPath(abs); r != abs {
			if _, taken := overlay[r]; !taken {
				files[r] = data
			}
		}
	}
	return api.Plugin{
		Name: "project",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if _, ours := args.PluginData.(resolving); ours {
					return api.OnResolveResult{}, nil
				}
				what := fmt.Sprintf("import %q", args.Path)
				if args.Kind == api.ResolveEntryPoint {
					what = fmt.Sprintf("the entry module %q", args.Path)
				}
				if path, query, ok := assetQuery(args.Path); ok {
					r := b.Resolve(path, api.ResolveOptions{Importer: args.Importer, Namespace: args.Namespace,
						ResolveDir: args.ResolveDir, Kind: args.Kind, PluginData: resolving{}})
					if len(r.Errors) > 0 || r.Namespace != "file" {
						return api.OnResolveResult{}, nil // esbuild's error, as without the query
					}
					if _, ok := files[r.Path]; !ok {
						if err := fc.check(r.Path, what); err != nil {
							return api.OnResolveResult{}, err
						}
					}
					return api.OnResolveResult{Path: r.Path, Namespace: "asset", PluginData: query}, nil
				}
				r := b.Resolve(args.Path, api.ResolveOptions{Importer: args.Importer, Namespace: args.Namespace,
					ResolveDir: args.ResolveDir, Kind: args.Kind, With: args.With, PluginData: resolving{}})
				switch {
				case len(r.Errors) > 0:
					// Only a path can leave the project; a package name
					// that does not resolve is esbuild's to report.
					if p := args.Path; filepath.IsAbs(p) || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
						if !filepath.IsAbs(p) {
							p = filepath.Join(args.ResolveDir, p)
						}
						if _, ok := files[p]; !ok {
							if err := fc.check(p, what); err != nil {
								return api.OnResolveResult{}, err
							}
						}
					}
				case r.External || r.Namespace != "file":
				default:
					if _, ok := files[r.Path]; ok {
						break
					}
					if err := fc.check(r.Path, what); err != nil {
						return api.OnResolveResult{}, err
					}
				}
				return api.OnResolveResult{}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "asset"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				what := fmt.Sprintf("%q", args.Path)
				if args.PluginData == "url" {
					// Vite gives the URL the asset is served at; which
					// one does not matter to the code that imports it.
					url := "/" + filepath.Base(args.Path)
					return api.OnLoadResult{Contents: &url, Loader: api.LoaderText}, nil
				}
				data, ok := files[args.Path]
				if !ok {
					if err := fc.load(args.Path, what); err != nil {
						return api.OnLoadResult{}, err
					}
					var err error
					if data, err = os.ReadFile(args.Path); err != nil {
						return api.OnLoadResult{}, err
					}
				}
				contents := string(data)
				loader := api.LoaderText
				if args.PluginData == "inline" {
					loader = api.LoaderDataURL
				}
				return api.OnLoadResult{Contents: &contents, Loader: loader}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				data, ok := files[args.Path]
				if !ok {
					data, ok = files[realPath(args.Path)]
				}
				if !ok {
					// Whatever resolved it (an import pattern such as
					// `./${name}.txt` is expanded without asking the
					// resolver), only a file inside is read. A file
					// outside is not named: the pattern may have matched
					// any file of a host directory.
					what := "a file that an import pattern matched"
					if !fc.leaks(args.Path) {
						what = fmt.Sprintf("%q", args.Path)
					}
					return api.OnLoadResult{}, fc.load(args.Path, what)
				}
				contents := string(data)
				loader, ok := loaders[filepath.Ext(args.Path)]
				if !ok {
					loader = loaderFor(args.Path)
				}
				return api.OnLoadResult{Contents: &contents, Loader: loader, ResolveDir: filepath.Dir(args.Path)}, nil
			})
		},
	}
}

// assetQuery splits the query off a Vite asset import ("./a.md?raw",
// "./logo.svg?url", "./font.woff2?inline"), which esbuild takes for part
// of the file name: ?raw is the file's text, ?url a URL string, ?inline a
// data URL.
func assetQuery(path string) (file, query string, ok bool) {
	file, query, ok = strings.Cut(path, "?")
	if !ok {
		return path, "", false
	}
	switch query {
	case "raw", "url", "inline":
		return file, query, true
	}
	return path, "", false
}

// loaderFor picks esbuild's default loader for a source file extension.
func loaderFor(path string) api.Loader {
	switch filepath.Ext(path) {
	case ".ts", ".mts", ".cts":
		return api.LoaderTS
	case ".tsx":
		return api.LoaderTSX
	case ".jsx":
		return api.LoaderJSX
	case ".json":
		return api.LoaderJSON
	case ".css":
		return api.LoaderCSS
	}
	return api.LoaderJS
}

// BundleError is a bundling failure with esbuild's positions.
type BundleError struct {
	Messages []string // "file:line:col: text"
	// topLevelAwait: the CommonJS bundle failed on a top-level await.
	topLevelAwait bool
}

func (e *BundleError) Error() string { return "bundling failed:\n" + strings.Join(e.Messages, "\n") }

// bundleHere turns the Worker's entry module (TypeScript allowed) into one
// CommonJS script. goja lacks async generators, for-await and import(),
// and does not parse a class field named get or set (Hono's context has
// both), so esbuild lowers those: import() to a require in a promise,
// public class fields to assignments in the constructor; everything else
// goja runs natively.
//
// CommonJS has no top-level await, which esbuild then refuses; such a
// Worker is bundled as an ES module and its body run in an async function
// instead (see wrapTopLevelAwait).
//
// overlay replaces files' contents by absolute path. A plugin serves them
// and keeps every import inside the project (see projectPlugin);
// resolution still sees the real directory tree.
//
// With sourceMap, esbuild also writes a source map of the script (as a
// separate output, so the script itself is the same).
func bundleHere(main, dir string, overlay map[string][]byte, sourceMap bool) (js string, srcMap []byte, err error) {
	if !filepath.IsAbs(main) && dir != "" {
		main = filepath.Join(dir, main)
	}
	abs, err := filepath.Abs(main)
	if err != nil {
		return "", nil, err
	}
	wd := dir
	if wd == "" {
		wd = filepath.Dir(abs)
	}
	wd, _ = filepath.Abs(wd)
	fc := newFence(wd)
	js, srcMap, err = build(abs, wd, fc, overlay, sourceMap, false)
	var be *BundleError
	if errors.As(err, &be) && be.topLevelAwait {
		js, srcMap, err = build(abs, wd, fc, overlay, sourceMap, true)
		if err == nil {
			js, err = wrapTopLevelAwait(js)
		}
	}
	return js, srcMap, err
}

// viteEnv is import.meta.env as Vite sets it in a production build of a
// server bundle, without .env files: a Worker built with Vite reads it at
// load (import.meta.env.MODE, say), where esbuild alone leaves it
// undefined and the read throws.
const viteEnv = `{"MODE":"production","DEV":false,"PROD":true,"SSR":true,"BASE_URL":"/"}`

// build runs esbuild once: CommonJS, or with esm an ES module whose
// cloudflare: and node: imports are require calls (see requireShims).
func build(abs, wd string, fc *fence, overlay map[string][]byte, sourceMap, esm bool) (js string, srcMap []byte, err error) {
	sm := api.SourceMapNone
	if sourceMap {
		sm = api.SourceMapExternal
	}
	opts := api.BuildOptions{
		EntryPoints:   []string{abs},
		Bundle:        true,
		Write:         false,
		Format:        api.FormatCommonJS,
		Platform:      api.PlatformNeutral,
		Target:        api.ES2022,
		Supported:     map[string]bool{"async-generator": false, "for-await": false, "top-level-await": false, "class-field": false, "dynamic-import": false},
		External:      []string{"cloudflare:*", "node:*"},
		Conditions:    []string{"workerd", "worker", "browser"},
		MainFields:    []string{"browser", "module", "main"},
		AbsWorkingDir: wd,
		LogLevel:      api.LogLevelSilent,
		Outfile:       "worker.js",
		Charset:       api.CharsetUTF8,
		Loader:        loaders,
		Define:        map[string]string{"import.meta.env": viteEnv},
		Plugins:       []api.Plugin{bareBuiltins(esm), projectPlugin(fc, overlay)},
		Sourcemap:     sm,
	}
	if esm {
		opts.Format = api.FormatESModule
		delete(opts.Supported, "top-level-await")
		opts.External = nil
		// A script has no import.meta; CommonJS output gives it as {}.
		opts.Define["import.meta"] = "{}"
		opts.Plugins = append([]api.Plugin{requireShims}, opts.Plugins...)
	}
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		be := &BundleError{}
		for _, m := range res.Errors {
			if strings.Contains(m.Text, "Top-level await") {
				be.topLevelAwait = true
			}
			if m.Location != nil && fc.leaks(filepath.Join(wd, m.Location.File)) {
				// esbuild reads a tsconfig's "extends" itself, past the
				// plugin, and quotes what it could not parse. Only the
				// name of such a file may be told.
				be.Messages = append(be.Messages, fmt.Sprintf("%s: %v", m.Location.File,
					fc.outside(fmt.Sprintf("%q (a configuration file esbuild followed)", m.Location.File))))
				continue
			}
			if m.Location != nil {
				be.Messages = append(be.Messages, fmt.Sprintf("%s:%d:%d: %s", m.Location.File, m.Location.Line, m.Location.Column+1, m.Text))
			} else {
				be.Messages = append(be.Messages, m.Text)
			}
		}
		return "", nil, be
	}
	for _, f := range res.OutputFiles {
		switch {
		case strings.HasSuffix(f.Path, ".js"):
			js = string(f.Contents)
		case strings.HasSuffix(f.Path, ".js.map"):
			srcMap = f.Contents
		}
	}
	if js == "" {
		return "", nil, fmt.Errorf("bundling %s produced no JavaScript", abs)
	}
	return js, srcMap, nil
}

// nodeBuiltin matches the names of Node.js's built-in modules without the
// node: prefix, with a subpath ("path/posix", "fs/promises").
var nodeBuiltin = regexp.MustCompile(`^(assert|async_hooks|buffer|child_process|cluster|console|constants|crypto|dgram|diagnostics_channel|dns|domain|events|fs|http|http2|https|inspector|module|net|os|path|perf_hooks|process|punycode|querystring|readline|repl|stream|string_decoder|sys|timers|tls|trace_events|tty|url|util|v8|vm|wasi|worker_threads|zlib)(/[a-z_/]+)?$`)

// bareBuiltins resolves an import of a Node.js built-in module written
// without node: ("path") that no installed package answers to the node:
// module, as wrangler does under nodejs_compat; the runtime then says
// whether the project's flags provide it.
func bareBuiltins(esm bool) api.Plugin {
	return api.Plugin{
		Name: "bare-builtins",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: nodeBuiltin.String()}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				switch args.PluginData.(type) {
				case bareBuiltin, resolving:
					return api.OnResolveResult{}, nil
				}
				r := b.Resolve(args.Path, api.ResolveOptions{Importer: args.Importer, Namespace: args.Namespace,
					ResolveDir: args.ResolveDir, Kind: args.Kind, With: args.With, PluginData: bareBuiltin{}})
				if len(r.Errors) == 0 {
					return api.OnResolveResult{}, nil
				}
				if esm {
					return api.OnResolveResult{Path: "node:" + args.Path, Namespace: "runtime-module"}, nil
				}
				return api.OnResolveResult{Path: "node:" + args.Path, External: true}, nil
			})
		},
	}
}

type bareBuiltin struct{}

// requireShims turns the runtime's modules (cloudflare:, node:) into
// CommonJS modules that require them, so that an ES module bundle imports
// nothing and can run as the body of a function.
var requireShims = api.Plugin{
	Name: "require-shims",
	Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^(cloudflare|node):`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if args.Namespace == "runtime-module" {
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			}
			return api.OnResolveResult{Path: args.Path, Namespace: "runtime-module"}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "runtime-module"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			src := "module.exports = require(" + strconv.Quote(args.Path) + ");"
			return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
		})
	},
}

// exportClause is how esbuild ends an ES module bundle: one export clause
// naming the entry module's exports.
var exportClause = regexp.MustCompile(`(?s)\nexport \{([^{}]*)\};\s*$`)

// wrapTopLevelAwait turns an ES module bundle into a script whose body
// runs in an async function: module.dolintTopLevel (a name no bundle sets
// itself) is the promise of its completion, which copies the exports onto
// module.exports (see settleTopLevel). Line numbers stay those of the
// bundle, for its source map.
func wrapTopLevelAwait(js string) (string, error) {
	var exports []string
	m := exportClause.FindStringSubmatchIndex(js)
	if m != nil {
		for _, spec := range strings.Split(js[m[2]:m[3]], ",") {
			spec = strings.TrimSpace(spec)
			if spec == "" {
				continue
			}
			local, name, ok := strings.Cut(spec, " as ")
			if !ok {
				name = local
			}
			exports = append(exports, strconv.Quote(strings.TrimSpace(name))+": "+strings.TrimSpace(local))
		}
		js = js[:m[0]]
	}
	return "module.dolintTopLevel = (async () => {" + js + "\nreturn {" + strings.Join(exports, ", ") + "};\n})().then((x) => { Object.assign(module.exports, x); });\n", nil
}

// settleTopLevel waits for the body of a bundle that wrapTopLevelAwait
// made, whose promise the module function left in module.dolintTopLevel. goja
// runs the promise jobs when the module function returns, and a Worker's
// top-level await can await nothing else (I/O is refused outside a
// request), so the body has finished by then, or never will.
func (iso *isolate) settleTopLevel(module *goja.Object) error {
	v := module.Get("dolintTopLevel")
	if v == nil {
		return nil
	}
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return nil
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		return nil
	case goja.PromiseStateRejected:
		se := iso.scriptError(p.Result())
		return fmt.Errorf("sandbox: Uncaught %s: %s", se.Name, se.Message)
	}
	return errors.New("sandbox: the Worker's top-level await never settles: it waits on something that only a request could complete")
}
