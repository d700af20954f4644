package corpus

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Range is a half-open byte range [Start, End) in a file. TypeScript's
// convention is used throughout: a node starts at its first token (leading
// comments excluded; decorators and modifiers included) and ends after its
// last character.
type Range [2]int

// Kind is a node kind whose ranges are compared.
type Kind int

const (
	Classes   Kind = iota // class declarations and expressions
	Methods               // methods, constructors and accessors of classes
	Calls                 // call expressions (not new, not tagged templates)
	Templates             // template literals, with or without substitutions
	Strings               // string literals, anywhere
	NumKinds
)

var kindNames = [NumKinds]string{"classes", "methods", "calls", "templates", "strings"}

func (k Kind) String() string { return kindNames[k] }

// Ranges holds, per kind, ranges sorted by start then end.
type Ranges [NumKinds][]Range

// Dialect is how a file is parsed: "ts", "tsx", "js" or "jsx".
func Dialect(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tsx":
		return "tsx"
	case ".jsx":
		return "jsx"
	case ".js", ".mjs", ".cjs":
		return "js"
	}
	return "ts"
}

// Diagnostic is the first syntax error of a file. Line and Column are
// 1-based; Column and Offset count bytes.
type Diagnostic struct {
	Message string `json:"message"`
	Offset  int    `json:"offset"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

// TSResult is what the TypeScript parser reported for one file.
type TSResult struct {
	SHA256      string      `json:"sha256"`
	Kind        string      `json:"kind"`
	TS          string      `json:"ts"`
	InvalidUTF8 bool        `json:"invalidUTF8"`
	Accepted    bool        `json:"accepted"`
	Error       *Diagnostic `json:"error"`
	Classes     []Range     `json:"classes"`
	Methods     []Range     `json:"methods"`
	Calls       []Range     `json:"calls"`
	Templates   []Range     `json:"templates"`
	Strings     []Range     `json:"strings"`
}

// Ranges returns r's ranges indexed by Kind.
func (r *TSResult) Ranges() Ranges {
	return Ranges{r.Classes, r.Methods, r.Calls, r.Templates, r.Strings}
}

// Key identifies a parse: the same bytes parse differently as .js and .ts.
func Key(content []byte, name string) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:]) + ":" + Dialect(name)
}

// ReadResults reads a tsparse cache file. Lines that do not decode (a torn
// write of an interrupted run) are skipped: their files are parsed again.
// When want is not nil, only the records whose Key it holds are decoded:
// the cache of the whole corpus is large, and a run often needs a slice.
func ReadResults(path string, into map[string]*TSResult, want map[string]bool) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		line := sc.Bytes()
		if want != nil {
			if k, ok := peekKey(line); ok && !want[k] {
				continue
			}
		}
		var r TSResult
		if json.Unmarshal(line, &r) != nil || r.SHA256 == "" {
			continue
		}
		into[r.SHA256+":"+r.Kind] = &r
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("corpus: reading %s: %v", path, err)
	}
	return nil
}

// peekKey reads the Key of a record without decoding it, relying on the
// field order tsparse.mjs writes: sha256 first, kind second.
func peekKey(line []byte) (string, bool) {
	const pre = `{"sha256":"`
	if !bytes.HasPrefix(line, []byte(pre)) || len(line) < len(pre)+64 {
		return "", false
	}
	sha := line[len(pre) : len(pre)+64]
	rest := line[len(pre)+64:]
	const mid = `","kind":"`
	if !bytes.HasPrefix(rest, []byte(mid)) {
		return "", false
	}
	rest = rest[len(mid):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return "", false
	}
	return string(sha) + ":" + string(rest[:end]), true
}

// CachePath is where TSParse keeps the reference results for dir. The
// schema number must match SCHEMA in tsparse.mjs.
func CachePath(dir string) string {
	return filepath.Join(dir, "tsparse-"+TypeScriptVersion()+"-v1.jsonl")
}

// TSParse returns the TypeScript parser's results for files, keyed by Key,
// running script (bench/tsparse.mjs) under node for the files whose results
// are not cached yet. It returns ErrNoNode when node is not installed.
func TSParse(ctx context.Context, script, dir string, files []File) (map[string]*TSResult, error) {
	cache := CachePath(dir)
	want := map[string]bool{}
	keys := make([]string, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("corpus: %v", err)
		}
		keys[i] = Key(b, f.Path)
		want[keys[i]] = true
	}
	res := map[string]*TSResult{}
	if err := ReadResults(cache, res, want); err != nil {
		return nil, err
	}
	var missing []string
	for i, f := range files {
		if res[keys[i]] == nil {
			missing = append(missing, f.Path)
		}
	}
	if len(missing) == 0 {
		return res, nil
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, ErrNoNode
	}
	cmd := exec.CommandContext(ctx, node, "--max-old-space-size=8192", script, "--corpus", dir, "--cache", cache)
	cmd.Stdin = strings.NewReader(strings.Join(missing, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("corpus: node %s failed: %v\n%s", script, err, tail(stderr.Bytes(), 4000))
	}
	if err := ReadResults(cache, res, want); err != nil {
		return nil, err
	}
	return res, nil
}
