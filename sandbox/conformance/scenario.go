package conformance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Scenario is one Worker and the steps driven against it.
type Scenario struct {
	Name        string `json:"-"`
	File        string `json:"-"`
	Worker      string `json:"worker"`
	Description string `json:"description"`
	// CompatibilityDate and CompatibilityFlags, when set, replace the
	// worker's, so that one worker is observed on both sides of a change.
	CompatibilityDate  string   `json:"compatibilityDate,omitempty"`
	CompatibilityFlags []string `json:"compatibilityFlags,omitempty"`
	Steps              []Step   `json:"steps"`
}

// Step is one action of a scenario. Exactly one of the kind fields is set;
// see the package documentation.
type Step struct {
	ID string `json:"id"`

	Fetch  *string          `json:"fetch,omitempty"`
	Method string           `json:"method,omitempty"`
	Body   *json.RawMessage `json:"body,omitempty"`

	Connect *string `json:"connect,omitempty"`
	Conn    string  `json:"conn,omitempty"`

	Send   *string `json:"send,omitempty"`
	Text   string  `json:"text,omitempty"`
	Binary []byte  `json:"-"`

	Recv      *string `json:"recv,omitempty"`
	TimeoutMs int     `json:"timeoutMs,omitempty"`

	Close  *string `json:"close,omitempty"`
	Code   int     `json:"code,omitempty"`
	Reason string  `json:"reason,omitempty"`

	Sleep     *int    `json:"sleep,omitempty"`
	Hibernate *string `json:"hibernate,omitempty"`
}

// UnmarshalJSON reads "binary" as a list of byte values, as the Node driver
// does, rather than Go's base64.
func (s *Step) UnmarshalJSON(data []byte) error {
	type plain Step
	var aux struct {
		plain
		Binary []int `json:"binary"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		return err
	}
	*s = Step(aux.plain)
	for _, b := range aux.Binary {
		if b < 0 || b > 255 {
			return fmt.Errorf("step %q: binary value %d is not a byte", s.ID, b)
		}
		s.Binary = append(s.Binary, byte(b))
	}
	return nil
}

// Kind names the step's kind.
func (s *Step) Kind() string {
	kinds := []string{}
	add := func(set bool, k string) {
		if set {
			kinds = append(kinds, k)
		}
	}
	add(s.Fetch != nil, "fetch")
	add(s.Connect != nil, "connect")
	add(s.Send != nil, "send")
	add(s.Recv != nil, "recv")
	add(s.Close != nil, "close")
	add(s.Sleep != nil, "sleep")
	add(s.Hibernate != nil, "hibernate")
	if len(kinds) != 1 {
		return ""
	}
	return kinds[0]
}

var compatDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// LoadScenarios reads every scenario in dir/scenarios, sorted by name, and
// checks that it names an existing worker and well-formed, uniquely named steps.
func LoadScenarios(dir string) ([]*Scenario, error) {
	files, err := filepath.Glob(filepath.Join(dir, "scenarios", "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*Scenario
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sc := &Scenario{File: f, Name: strings.TrimSuffix(filepath.Base(f), ".json")}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(sc); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		if d := sc.CompatibilityDate; d != "" && !compatDate.MatchString(d) {
			return nil, fmt.Errorf("%s: compatibilityDate %q is not YYYY-MM-DD", f, d)
		}
		if _, err := os.Stat(filepath.Join(dir, "workers", sc.Worker, "wrangler.jsonc")); err != nil {
			return nil, fmt.Errorf("%s: worker %q: %v", f, sc.Worker, err)
		}
		seen := map[string]bool{}
		for i := range sc.Steps {
			st := &sc.Steps[i]
			if st.ID == "" || seen[st.ID] {
				return nil, fmt.Errorf("%s: step %d: missing or duplicate id %q", f, i, st.ID)
			}
			seen[st.ID] = true
			if st.Kind() == "" {
				return nil, fmt.Errorf("%s: step %q: needs exactly one of fetch, connect, send, recv, close, sleep, hibernate", f, st.ID)
			}
		}
		out = append(out, sc)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenarios in %s", filepath.Join(dir, "scenarios"))
	}
	return out, nil
}

// Hash identifies everything a scenario's observed results depend on: the
// scenario, its worker's files, the shared harness, the driver and the
// Miniflare version.
func (sc *Scenario) Hash(testdata string, driver []byte) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "miniflare %s\n", MiniflareVersion)
	h.Write(driver)
	add := func(path string) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "\n%d\n", len(data))
		h.Write(data)
		return nil
	}
	fmt.Fprintf(h, "scenario %s\n", sc.Name)
	if err := add(sc.File); err != nil {
		return "", err
	}
	for _, d := range []string{filepath.Join(testdata, "workers", "_harness"), filepath.Join(testdata, "workers", sc.Worker)} {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(testdata, p)
			fmt.Fprintf(h, "\nfile %s\n", filepath.ToSlash(rel))
			return add(p)
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
