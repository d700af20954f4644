package verify

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
)

// The environment a verification run gives a Worker: what production
// would provide outside the code under test (the network, KV namespaces,
// queues, AI, secrets, tables that migrations create). Without it a check
// sees a refusal that both versions share and that says nothing about the
// fix, so the fix could not be judged at all.

// outbox records the outbound requests a session's stub answered, so a
// verdict can cite what the Worker sent.
type outbox struct {
	mu   sync.Mutex
	sent []sandbox.Outbound
}

func (o *outbox) answer(req sandbox.Outbound) sandbox.StubReply {
	o.mu.Lock()
	if len(o.sent) < 64 {
		o.sent = append(o.sent, req)
	}
	o.mu.Unlock()
	return sandbox.StubReply{Status: 200}
}

// note says which outbound requests and connections were answered by the
// stub, for a verdict; "" when none were. A socket's writes belong to its
// connection and are not counted apart.
func (o *outbox) note() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var sent []sandbox.Outbound
	for _, r := range o.sent {
		if r.Method != "SEND" {
			sent = append(sent, r)
		}
	}
	if len(sent) == 0 {
		return ""
	}
	first := sent[0]
	more := ""
	if n := len(sent) - 1; n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	if first.Method == "CONNECT" {
		return fmt.Sprintf("; a connection to %s (cloudflare:sockets)%s answered by the stub, which sends no data", strings.TrimPrefix(first.URL, "tcp://"), more)
	}
	return fmt.Sprintf("; outbound %s %s%s answered by the stub (200, empty body)", first.Method, first.URL, more)
}

// envRef finds the env properties code reads: env.NAME, env["NAME"] and
// destructuring is left out (rare in Durable Objects, and a miss only
// leaves a binding undefined, as before).
var envRef = lazyRegexp(`\benv\s*(?:\?\.|\.)\s*([A-Za-z_$][A-Za-z0-9_$]*)|\benv\[\s*["']([A-Za-z_$][A-Za-z0-9_$]*)["']\s*\]`)

// standIns lists the env names the project's sources read that neither a
// var nor a Durable Object binding provides: KV, R2, D1, queues, service
// bindings, Workflows, AI, Vectorize, Analytics Engine, Hyperdrive, rate
// limiters, secrets and objects of other scripts all arrive this way.
func standIns(p *project.Project, overlay map[string][]byte) []string {
	// Every session of a check walks the same tree: remember the names
	// per directory and overlay.
	var key strings.Builder
	key.WriteString(p.Options.Dir)
	for _, k := range sortedKeys(overlay) {
		fmt.Fprintf(&key, "\x00%s\x00%x", k, sha256.Sum256(overlay[k]))
	}
	for k := range p.Options.Vars {
		fmt.Fprintf(&key, "\x01%s", k)
	}
	for _, b := range p.Options.Bindings {
		fmt.Fprintf(&key, "\x02%s", b.Name)
	}
	standInCache.Lock()
	if names, ok := standInCache.m[key.String()]; ok {
		standInCache.Unlock()
		return names
	}
	standInCache.Unlock()
	names := findStandIns(p, overlay)
	standInCache.Lock()
	if standInCache.m == nil || len(standInCache.m) > 256 {
		standInCache.m = map[string][]string{}
	}
	standInCache.m[key.String()] = names
	standInCache.Unlock()
	return names
}

var standInCache struct {
	sync.Mutex
	m map[string][]string
}

func findStandIns(p *project.Project, overlay map[string][]byte) []string {
	have := map[string]bool{}
	for k := range p.Options.Vars {
		have[k] = true
	}
	for _, b := range p.Options.Bindings {
		have[b.Name] = true
	}
	found := map[string]bool{}
	eachSource(p.Options.Dir, overlay, func(path string, src []byte) {
		for _, m := range envRef().FindAllSubmatch(src, -1) {
			n := string(m[1])
			if n == "" {
				n = string(m[2])
			}
			if !have[n] && !jsBuiltinProp[n] {
				found[n] = true
			}
		}
	})
	out := make([]string, 0, len(found))
	for n := range found {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var jsBuiltinProp = map[string]bool{"constructor": true, "hasOwnProperty": true, "toString": true, "valueOf": true}

// eachSource calls f with each JavaScript, TypeScript and SQL file below
// dir (dependencies, build output and hidden directories left out), in the
// overlay's version where it has one.
func eachSource(dir string, overlay map[string][]byte, f func(path string, src []byte)) {
	if dir == "" {
		return
	}
	n := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if path != dir && (name == "node_modules" || name == "dist" || name == ".wrangler" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".ts", ".tsx", ".js", ".mjs", ".jsx", ".mts", ".sql":
		default:
			return nil
		}
		if n++; n > 2000 {
			return filepath.SkipAll
		}
		src, ok := project.Lookup(overlay, path)
		if !ok {
			info, err := d.Info()
			if err != nil || info.Size() > 1<<20 {
				return nil
			}
			if src, err = os.ReadFile(path); err != nil {
				return nil
			}
		}
		f(path, src)
		return nil
	})
}

// ---- schema ----

var ddlStart = lazyRegexp("(?i)\\bcreate\\s+(?:unique\\s+)?(?:table|index)\\s+(?:if\\s+not\\s+exists\\s+)?[\"`'\\[]?([A-Za-z_][A-Za-z0-9_]*)")

// ddlStatements returns the CREATE TABLE and CREATE INDEX statements in
// src: in a .sql file or a migration, or in a string literal of code,
// where it ends at the closing parenthesis that balances its first one.
func ddlStatements(src []byte) []string {
	var out []string
	s := string(src)
	for _, loc := range ddlStart().FindAllStringIndex(s, -1) {
		i := loc[0]
		depth, opened := 0, false
		end := -1
		for j := loc[1]; j < len(s) && j < loc[1]+8000; j++ {
			switch s[j] {
			case '(':
				depth++
				opened = true
			case ')':
				depth--
				if opened && depth == 0 {
					end = j + 1
				}
			case ';', '`':
				if !opened {
					j = len(s)
				}
			}
			if end >= 0 {
				break
			}
		}
		if end < 0 {
			continue
		}
		stmt := strings.TrimSpace(s[i:end])
		if strings.Contains(stmt, "${") {
			continue
		}
		out = append(out, stmt)
	}
	return out
}

// tableOf is the table a CREATE statement creates, or "" for an index.
func tableOf(stmt string) string {
	m := ddlStart().FindStringSubmatch(stmt)
	if m == nil || !createTableStart().MatchString(stmt) {
		return ""
	}
	return strings.ToLower(m[1])
}

// projectSchema gathers the project's CREATE TABLE and CREATE INDEX
// statements for tables that own is not seen creating (the class creates
// those itself, and creating them first would make its own CREATE fail).
// Where the project creates none of the tables the statements under test
// use, it infers them from those statements.
func projectSchema(dir string, overlay map[string][]byte, own []byte, underTest []byte) []string {
	ownTables := map[string]bool{}
	for _, st := range ddlStatements(own) {
		if t := tableOf(st); t != "" {
			ownTables[t] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	created := map[string]bool{}
	eachSource(dir, overlay, func(path string, src []byte) {
		for _, st := range ddlStatements(src) {
			t := tableOf(st)
			if ownTables[t] || seen[st] {
				continue
			}
			seen[st] = true
			if t != "" {
				created[t] = true
			}
			out = append(out, st)
		}
	})
	// Tables first, so that an index never precedes its table.
	sort.SliceStable(out, func(i, j int) bool { return tableOf(out[i]) != "" && tableOf(out[j]) == "" })
	for _, st := range inferSchema(underTest) {
		if t := tableOf(st); !created[t] && !ownTables[t] {
			out = append(out, st)
		}
	}
	return out
}

var (
	sqlTableRef      = lazyRegexp(`(?i)\b(?:from|join|into|update)\s+["\x60\[]?([A-Za-z_][A-Za-z0-9_]*)`)
	sqlInsert        = lazyRegexp(`(?i)\binsert\s+(?:or\s+\w+\s+)?into\s+["\x60\[]?([A-Za-z_][A-Za-z0-9_]*)["\x60\]]?\s*\(([^)]*)\)`)
	sqlColumn        = lazyRegexp(`(?i)\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|<|>|!=|<>|\blike\b|\bin\b|\bis\b)`)
	sqlSelect        = lazyRegexp(`(?is)\bselect\s+(.*?)\s+from\b`)
	createTableStart = lazyRegexp(`(?i)^create\s+table`)
	dmlStart         = lazyRegexp(`(?i)^\s*(select|insert|update|delete|replace|with)\b`)
	identifier       = lazyRegexp(`^[A-Za-z_][A-Za-z0-9_]*$`)
	sqlString        = lazyRegexp("`[^`]*`|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'")
)

var sqlWords = map[string]bool{"select": true, "from": true, "where": true, "and": true, "or": true, "not": true,
	"null": true, "set": true, "values": true, "limit": true, "order": true, "by": true, "as": true, "on": true,
	"distinct": true, "count": true, "case": true, "when": true, "then": true, "else": true, "end": true}

// inferSchema makes a table for each table the SQL strings in src use
// but do not create, with the columns they name, untyped (SQLite takes
// any value in such a column).
func inferSchema(src []byte) []string {
	cols := map[string]map[string]bool{}
	var order []string
	for _, lit := range sqlString().FindAll(src, -1) {
		q := string(lit[1 : len(lit)-1])
		refs := sqlTableRef().FindAllStringSubmatch(q, -1)
		if len(refs) == 0 || !dmlStart().MatchString(q) {
			continue
		}
		tables := []string{}
		for _, r := range refs {
			t := strings.ToLower(r[1])
			if sqlWords[t] || strings.HasPrefix(t, "_cf_") || strings.HasPrefix(t, "sqlite_") {
				continue
			}
			if cols[t] == nil {
				cols[t] = map[string]bool{}
				order = append(order, t)
			}
			tables = append(tables, t)
		}
		if len(tables) == 0 {
			continue
		}
		add := func(c string) {
			c = strings.Trim(strings.TrimSpace(c), "\"`[]")
			if i := strings.LastIndex(c, "."); i >= 0 {
				c = c[i+1:]
			}
			if !identifier().MatchString(c) || sqlWords[strings.ToLower(c)] {
				return
			}
			// A column named beside one table belongs to it; in a join
			// every table gets it, which only widens them.
			for _, t := range tables {
				cols[t][c] = true
			}
		}
		if m := sqlInsert().FindStringSubmatch(q); m != nil {
			for _, c := range strings.Split(m[2], ",") {
				add(c)
			}
		}
		if m := sqlSelect().FindStringSubmatch(q); m != nil {
			for _, c := range strings.Split(m[1], ",") {
				if f := strings.Fields(c); len(f) > 0 {
					add(f[0])
				}
			}
		}
		for _, m := range sqlColumn().FindAllStringSubmatch(q, -1) {
			add(m[1])
		}
	}
	var out []string
	for _, t := range order {
		var cs []string
		for c := range cols[t] {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		if len(cs) == 0 {
			cs = []string{"id"}
		}
		out = append(out, fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", t, strings.Join(cs, ", ")))
	}
	return out
}

// ---- sessions of a fix ----

// open loads one version of the fix's project with what the fix's check
// needs beyond the config: a synthetic binding for a class no config
// binds, and the schema of tables created elsewhere.
func (c *fixCtx) open(env string, overlay map[string][]byte, start time.Time, mods ...func(*sandbox.Options)) (*session, error) {
	original := sameOverlay(overlay, c.before)
	if c.synthetic != "" {
		p, err := project.Open(c.config, env, overlay)
		if err != nil {
			return nil, err
		}
		overlay = c.exportFromMain(p, overlay)
		mods = append([]func(*sandbox.Options){c.bindSynthetic}, mods...)
	}
	if len(c.schema) > 0 {
		schema := c.schema
		mods = append(mods, func(o *sandbox.Options) { o.Schema = schema })
	}
	key := fmt.Sprintf("%s\x00%p", env, overlay)
	s, dropped, err := openDropping(c.config, env, overlay, start, c.unexported[key], mods...)
	if dropped != nil {
		if c.unexported == nil {
			c.unexported = map[string]map[string]bool{}
		}
		c.unexported[key] = dropped
	}
	if err == nil {
		if original {
			s.peak = &c.originalStartup
		}
		c.missing = dedupe(append(c.missing, s.missing...))
	} else {
		c.missing = dedupe(append(append(c.missing, missingOf(err)...), unresolvedPackages(err)...))
	}
	return s, err
}

// sameOverlay reports whether a and b are the same map, not equal ones.
func sameOverlay(a, b map[string][]byte) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// syntheticBinding names the binding a check gives a class that no config
// binds, so that an object of it can be reached.
func syntheticBinding(class string) string { return "DOLINT_VERIFY_" + class }

func (c *fixCtx) bindSynthetic(o *sandbox.Options) {
	o.Bindings = append(o.Bindings, sandbox.Binding{Name: syntheticBinding(c.synthetic), ClassName: c.synthetic})
	if _, ok := o.Classes[c.synthetic]; !ok {
		if o.Classes == nil {
			o.Classes = map[string]sandbox.Backend{}
		}
		o.Classes[c.synthetic] = c.syntheticBackend
	}
}

// exportFromMain re-exports the synthetic class from the main module when
// the class lives in another module the Worker does not export it from,
// as a Worker that bound the class would have to.
func (c *fixCtx) exportFromMain(p *project.Project, overlay map[string][]byte) map[string][]byte {
	main := p.Options.Main
	if main == "" {
		return overlay
	}
	if !filepath.IsAbs(main) {
		main = filepath.Join(p.Options.Dir, main)
	}
	if filepath.Clean(main) == filepath.Clean(c.fix.File) {
		return overlay
	}
	src, err := read(overlay, main)
	if err != nil {
		return overlay
	}
	exported := regexp.MustCompile(`export\s+(?:default\s+)?(?:abstract\s+)?class\s+` + regexp.QuoteMeta(c.synthetic) + `\b|export\s*\{[^}]*\b` + regexp.QuoteMeta(c.synthetic) + `\b[^}]*\}`)
	if exported.Match(src) {
		return overlay
	}
	rel, err := filepath.Rel(filepath.Dir(main), c.fix.File)
	if err != nil {
		return overlay
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	out := make(map[string][]byte, len(overlay)+1)
	for k, v := range overlay {
		out[k] = v
	}
	out[main] = append(append([]byte(nil), src...), []byte(fmt.Sprintf("\nexport { %s } from %q;\n", c.synthetic, rel))...)
	return out
}

// useSchema gives the fix's sessions the project's schema when the
// original, run on an empty database, stops at a table or column that
// does not exist: the tables are made elsewhere (a migration, another
// module, a .sql file), and without them neither version gets to the
// statement the fix changed.
func (c *fixCtx) useSchema(env, binding string, src []byte, m *member, args []any) {
	// The fixed version too: the original may stop earlier, at the very
	// statement the fix removes.
	for _, overlay := range []map[string][]byte{c.before, c.after} {
		s, err := c.open(env, overlay, epoch)
		if err != nil {
			continue
		}
		_, cerr := s.call(binding, "dolint-verify-schema-probe", m.Name, args)
		s.close()
		if missingSchema(cerr) {
			c.schema = projectSchema(filepath.Dir(c.config), c.before, src, src)
			return
		}
	}
}

func missingSchema(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "no such column") ||
		strings.Contains(err.Error(), "has no column named"))
}

// patchMain gives a config without "main" (a Worker built by another tool,
// or one that only declares objects) the fix's own module as its entry
// point, in both versions' overlays, so that the class the fix changes can
// load; the note says so.
func (c *fixCtx) patchMain() {
	if _, err := project.Open(c.config, "", c.before); err == nil || !strings.Contains(err.Error(), `no "main" entry point`) {
		return
	}
	if filepath.Clean(c.fix.File) == filepath.Clean(c.config) {
		return
	}
	rel, err := filepath.Rel(filepath.Dir(c.config), c.fix.File)
	if err != nil || strings.HasPrefix(rel, "..") {
		return
	}
	rel = filepath.ToSlash(rel)
	patch := func(overlay map[string][]byte) map[string][]byte {
		src, err := read(overlay, c.config)
		if err != nil {
			return overlay
		}
		var out []byte
		if strings.HasSuffix(c.config, ".toml") {
			out = append([]byte(fmt.Sprintf("main = %q\n", rel)), src...)
		} else {
			i := strings.IndexByte(string(src), '{')
			if i < 0 {
				return overlay
			}
			out = append(append(append([]byte(nil), src[:i+1]...), []byte(fmt.Sprintf("\n  %q: %q,", "main", rel))...), src[i+1:]...)
		}
		m := make(map[string][]byte, len(overlay)+1)
		for k, v := range overlay {
			m[k] = v
		}
		m[c.config] = out
		return m
	}
	c.before, c.after = patch(c.before), patch(c.after)
	c.mainPatched = rel
}
