package verify

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"

	"github.com/dolint-dev/dolint/sandbox"
)

// Finding where an object accepts a WebSocket.
//
// A check that talks to an object over a WebSocket must first get one
// from the object's fetch, which apps route: by path, by query parameter,
// and often only for a resource that exists (a room, a stream), answering
// 404 until a request creates it. The check learns the route the way a
// test of the app would be written: it tries the paths and parameters the
// code names, and where the app routes a path but has nothing there yet,
// it creates the resource with a PUT or POST to the same URL first.

var routeWord = lazyRegexp(`(?:\bcase|[!=]==)\s*['"]([A-Za-z0-9_-]{1,30})['"]`)

var pathLiteral = lazyRegexp("['\"`]/?([A-Za-z0-9_-]{1,30}(?:/[A-Za-z0-9_-]{1,30}){0,2})/?['\"`]")

// routeTemplate is a route pattern as routers write them: /rooms/:id/ws.
var routeTemplate = lazyRegexp("['\"`](/[A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.:*-]*)*)['\"`]")

var templateParam = lazyRegexp(`:[A-Za-z_][A-Za-z0-9_]*\??|\*`)

// pathRegexp is a regular expression literal that matches paths: its
// first character is a slash, after an optional ^.
var pathRegexp = lazyRegexp(`/(\^?\\/(?:[^/\\\n]|\\.){1,200})/[dgimsuy]*`)

var queryKey = lazyRegexp(`searchParams\.(?:get|has)\(\s*['"]([A-Za-z0-9_-]{1,30})['"]\s*\)`)

var relativeImport = lazyRegexp(`(?:\bfrom|\bimport\(?)\s*['"](\.{1,2}/[^'"\n]+)['"]`)

// wsRoute is where a check connects: the URL's path and query, and the
// request that must create the resource first (method and URL; none when
// create is "").
type wsRoute struct {
	path       string
	create     string
	createPath string
}

// maxProbes bounds the requests a route search sends.
const maxProbes = 400

// findWSPath finds where the object's fetch accepts a WebSocket ("/" when
// it finds nowhere). Probing runs in a session of the original of its
// own, so that what the probes do stays out of the scenario; both
// versions then use the route. All probes go to one object, whose module
// graph is evaluated once.
//
// Answers steer the search as they would a person writing a test: a 404
// that differs from the one a path nothing routes gets is a route with
// nothing there yet, so a PUT, else a POST, to the URL creates it; a 4xx
// whose body names a query parameter the code reads asks for it, so the
// parameter is added with each value the code compares with.
func (c *fixCtx) findWSPath(env, binding string) wsRoute {
	src, err := read(c.before, c.fix.File)
	if err != nil {
		return wsRoute{}
	}
	probe, err := c.open(env, c.before, epoch)
	if err != nil {
		return wsRoute{}
	}
	defer probe.close()
	const obj = "dolint-verify-ws-probe"
	type answer struct {
		status int
		body   string
	}
	probes := 0
	hung := false
	upgrade := func(path string) (answer, bool) {
		probes++
		a, err := withTimeout("fetch()", func() (answer, error) {
			conn, res, err := probe.rt.ConnectObjectWebSocket(binding, obj, wsRequestAt(path))
			if err == nil {
				conn.Close(1000, "")
				return answer{status: 101}, nil
			}
			if res == nil {
				return answer{}, err
			}
			b, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
			return answer{res.StatusCode, string(b)}, err
		})
		// An object that does not answer one probe within callTimeout
		// would hold up each of the rest as long.
		hung = hung || err != nil && strings.Contains(err.Error(), "did not finish within")
		return a, err == nil
	}
	imported := c.importedSources(src)
	keys, values := queryVocabulary(src, imported)
	unrouted, _ := upgrade("/dolint-verify-unrouted/x/y")
	queue := []wsRoute{}
	for _, p := range wsCandidates(src, imported) {
		queue = append(queue, wsRoute{path: p})
	}
	seen := map[wsRoute]bool{}
	for len(queue) > 0 && probes < maxProbes && !hung {
		r := queue[0]
		queue = queue[1:]
		if seen[r] {
			continue
		}
		seen[r] = true
		if r.create != "" {
			probes++
			ok, err := probe.create(binding, obj, r)
			hung = hung || err != nil && strings.Contains(err.Error(), "did not finish within")
			if !ok {
				continue
			}
		}
		a, ok := upgrade(r.path)
		if ok {
			return r
		}
		// What the answer asks for goes first: it is evidence, where
		// the rest of the queue is guesses.
		var next []wsRoute
		if a.status == http.StatusNotFound && a.body != unrouted.body && r.create == "" {
			for _, m := range []string{"PUT", "POST"} {
				next = append(next, wsRoute{path: r.path, create: m, createPath: r.path})
			}
		}
		if a.status >= 400 && a.status < 500 && a.status != http.StatusNotFound {
			for _, k := range keys {
				if !mentions(a.body, k) || strings.Contains(r.path, "?"+k+"=") || strings.Contains(r.path, "&"+k+"=") {
					continue
				}
				sep := "?"
				if strings.Contains(r.path, "?") {
					sep = "&"
				}
				for _, v := range values {
					next = append(next, wsRoute{path: r.path + sep + k + "=" + v, create: r.create, createPath: r.createPath})
				}
			}
		}
		queue = append(next, queue...)
	}
	return wsRoute{}
}

// mentions reports whether body names word as a word of its own.
func mentions(body, word string) bool {
	for i := 0; ; {
		j := strings.Index(body[i:], word)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(word)
		if (j == 0 || !isWordByte(body[j-1])) && (end == len(body) || !isWordByte(body[end])) {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

// queryVocabulary is what the check may put in a query: the parameters
// the fix's module and the modules it imports read, and the words they
// compare with.
func queryVocabulary(src []byte, imported [][]byte) (keys, values []string) {
	seenK, seenV := map[string]bool{}, map[string]bool{}
	for _, s := range append([][]byte{src}, imported...) {
		for _, m := range queryKey().FindAllSubmatch(s, -1) {
			if k := string(m[1]); !seenK[k] && len(keys) < 16 {
				seenK[k] = true
				keys = append(keys, k)
			}
		}
		for _, m := range routeWord().FindAllSubmatch(s, -1) {
			if w := string(m[1]); !seenV[w] && len(values) < 24 {
				seenV[w] = true
				values = append(values, w)
			}
		}
	}
	return keys, values
}

// create sends the request that makes the resource at r.createPath, with
// an empty body, and reports whether the object answered 2xx; the error
// is the request's, or a timeout's.
func (s *session) create(binding, obj string, r wsRoute) (bool, error) {
	if r.create == "" {
		return true, nil
	}
	status, err := withTimeout(r.create+" "+r.createPath, func() (int, error) {
		req := httptest.NewRequest(r.create, "http://dolint.invalid"+r.createPath, strings.NewReader(""))
		res, err := s.rt.FetchObject(binding, obj, req)
		if res == nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		return res.StatusCode, nil
	})
	return status >= 200 && status < 300, err
}

// connectWS opens a WebSocket to the object on the session's route,
// creating the resource first where the route needs one; an object that
// does not answer within callTimeout is an error.
func (s *session) connectWS(binding, obj string) (*sandbox.WebSocketConn, error) {
	if _, err := s.create(binding, obj, s.ws); err != nil && strings.Contains(err.Error(), "did not finish within") {
		return nil, err
	}
	// Whether the creation took, the upgrade tells.
	return withTimeout("fetch()", func() (*sandbox.WebSocketConn, error) {
		conn, _, err := s.rt.ConnectObjectWebSocket(binding, obj, s.wsRequest())
		return conn, err
	})
}

// wsCandidates are the URLs to try, most likely first: "/", paths made of
// the module's string literals, alone or after a first segment (routes
// such as /:session/ws), pairs of the words it compares with, route
// templates and path patterns of the module and of the modules it imports,
// and then each of those with a query parameter the module reads, set to
// a word it compares with.
func wsCandidates(src []byte, imported [][]byte) []string {
	cands := []string{"/"}
	seen := map[string]bool{"/": true}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			cands = append(cands, p)
		}
	}
	for _, m := range pathLiteral().FindAllSubmatch(src, -1) {
		if len(cands) >= 60 {
			break
		}
		add("/" + string(m[1]))
		add("/dolint/" + string(m[1]))
	}
	var words []string
	wordSeen := map[string]bool{}
	for _, m := range routeWord().FindAllSubmatch(src, -1) {
		if w := string(m[1]); !wordSeen[w] && len(words) < 12 {
			wordSeen[w] = true
			words = append(words, w)
		}
	}
	for _, a := range words {
		for _, b := range words {
			if a != b {
				add("/dolint/" + a + "/" + b)
			}
		}
	}
	// Paths that a router or a pattern of this module or the modules it
	// imports matches: the likeliest bases for a query.
	var bases []string
	for _, s := range append([][]byte{src}, imported...) {
		for _, m := range routeTemplate().FindAllSubmatch(s, -1) {
			if t := string(m[1]); strings.ContainsAny(t, ":*") {
				p := templateParam().ReplaceAllString(t, "dolint")
				if !seen[p] {
					bases = append(bases, p)
				}
				add(p)
			}
		}
		for _, m := range pathRegexp().FindAllSubmatch(s, -1) {
			if p, ok := examplePath(string(m[1])); ok && p != "/" {
				if !seen[p] {
					bases = append(bases, p)
				}
				add(p)
			}
		}
	}
	var keys []string
	keySeen := map[string]bool{}
	for _, m := range queryKey().FindAllSubmatch(src, -1) {
		if k := string(m[1]); !keySeen[k] && len(keys) < 6 {
			keySeen[k] = true
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return cands
	}
	for _, base := range append(bases, cands...) {
		for _, k := range keys {
			for _, w := range words {
				add(base + "?" + k + "=" + w)
			}
		}
	}
	return cands
}

// examplePath returns a path that the regular expression re (the body of
// a literal that starts with \/) matches, with "dolint" for each group,
// class or wildcard; false when re uses more than that.
func examplePath(re string) (string, bool) {
	re = strings.TrimPrefix(re, "^")
	re = strings.TrimSuffix(re, "$")
	p, ok := examplePart(re)
	if !ok || !strings.HasPrefix(p, "/") || strings.Contains(p, "//") {
		return "", false
	}
	return p, true
}

func examplePart(re string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(re); {
		ch := re[i]
		next := i + 1
		switch {
		case ch == '\\' && i+1 < len(re):
			next = i + 2
			switch n := re[i+1]; {
			case n == '/' || n == '.' || n == '-' || n == '_':
				b.WriteByte(n)
			case n == 'd':
				b.WriteString("1")
			case n == 'w':
				b.WriteString("dolint")
			default:
				return "", false
			}
		case ch == '(':
			j := closing(re, i)
			if j < 0 {
				return "", false
			}
			inner := re[i+1 : j]
			if strings.HasPrefix(inner, "?<") && !strings.HasPrefix(inner, "?<=") && !strings.HasPrefix(inner, "?<!") {
				k := strings.IndexByte(inner, '>')
				if k < 0 {
					return "", false
				}
				inner = inner[k+1:]
			} else if strings.HasPrefix(inner, "?:") {
				inner = inner[2:]
			} else if strings.HasPrefix(inner, "?") {
				return "", false
			}
			if k := topLevelBar(inner); k >= 0 {
				inner = inner[:k]
			}
			part, ok := examplePart(inner)
			if !ok {
				return "", false
			}
			b.WriteString(part)
			next = j + 1
		case ch == '[':
			j := strings.IndexByte(re[i+1:], ']')
			if j < 0 {
				return "", false
			}
			b.WriteString("dolint")
			next = i + 1 + j + 1
		case ch == '.':
			b.WriteString("dolint")
		case ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_':
			b.WriteByte(ch)
		default:
			return "", false
		}
		// A quantifier keeps the one occurrence written; {m,n} too.
		for next < len(re) && strings.IndexByte("?*+", re[next]) >= 0 {
			next++
		}
		if next < len(re) && re[next] == '{' {
			k := strings.IndexByte(re[next:], '}')
			if k < 0 {
				return "", false
			}
			next += k + 1
			if next < len(re) && re[next] == '?' {
				next++
			}
		}
		i = next
	}
	return b.String(), true
}

// closing is the index of the parenthesis that closes the one at i.
func closing(re string, i int) int {
	return walkParens(re, i, func(j, depth int) bool { return re[j] == ')' && depth == 0 })
}

// topLevelBar is the index of the first | outside parentheses, or -1.
func topLevelBar(re string) int {
	return walkParens(re, 0, func(j, depth int) bool { return re[j] == '|' && depth == 0 })
}

// walkParens gives at each unescaped byte of re from i on, with the
// depth of parentheses after it, and returns the first index at accepts,
// or -1.
func walkParens(re string, i int, at func(j, depth int) bool) int {
	depth := 0
	for j := i; j < len(re); j++ {
		switch re[j] {
		case '\\':
			j++
			continue
		case '(':
			depth++
		case ')':
			depth--
		}
		if at(j, depth) {
			return j
		}
	}
	return -1
}

// importedSources are the modules that the fix's module imports by a
// relative path, and those that they import, two levels deep, as the
// version without the fix has them.
func (c *fixCtx) importedSources(src []byte) [][]byte {
	var out [][]byte
	seen := map[string]bool{filepath.Clean(c.fix.File): true}
	type module struct {
		path string
		src  []byte
	}
	level := []module{{c.fix.File, src}}
	for depth := 0; depth < 2 && len(level) > 0; depth++ {
		var next []module
		for _, m := range level {
			for _, im := range relativeImport().FindAllSubmatch(m.src, -1) {
				if len(out) >= 60 {
					return out
				}
				base := filepath.Join(filepath.Dir(m.path), string(im[1]))
				for _, p := range []string{base, base + ".ts", base + ".js", base + ".tsx", base + ".mjs", filepath.Join(base, "index.ts"), filepath.Join(base, "index.js")} {
					if seen[p] {
						break
					}
					if b, err := read(c.before, p); err == nil {
						seen[p], seen[base] = true, true
						out = append(out, b)
						next = append(next, module{p, b})
						break
					}
				}
			}
		}
		level = next
	}
	return out
}

// routeNote says, for a verdict, that the check created the resource its
// WebSocket route needs; "" when it did not.
func (s *session) routeNote() string {
	if s.ws.create == "" {
		return ""
	}
	return fmt.Sprintf("; the object answers 404 on %s until a %s to it creates what it serves, so the check sent one first", s.ws.createPath, s.ws.create)
}
