package verify

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/dolint-dev/dolint/jsast"
)

// site is where a fix's finding stands in the source: the class around it
// and the member around that.
type site struct {
	Class  string
	Method *member // nil when the finding is outside any member
	// Members are the class's callable instance methods, in source order.
	Members []*member
}

type member struct {
	Name   string // "constructor" for the constructor
	Params []param
	Static bool
	Getter bool
}

type param struct {
	Name     string
	Type     *jsast.Node // nil when unannotated
	Default  *jsast.Node
	Optional bool
	Rest     bool
}

// locate finds the class and member holding line (1-based) of src.
func locate(path string, src []byte, line int) (*site, error) {
	f := jsast.Parse(path, src)
	if len(f.Errors) > 0 {
		return nil, fmt.Errorf("%s does not parse: %s", path, f.Errors[0].Message)
	}
	off := lineOffset(src, line)
	if off < 0 {
		return nil, fmt.Errorf("%s has no line %d", path, line)
	}
	text := func(n *jsast.Node) string { return string(src[n.Start:n.End]) }
	var best *jsast.Node
	var bestName string
	var varName string
	jsast.Inspect(f.Root, func(n *jsast.Node) bool {
		if n == nil {
			return false
		}
		if n.Kind == jsast.KindVarDecl && n.Name != nil && n.Name.Kind == jsast.KindIdentifier {
			varName = text(n.Name)
		}
		if (n.Kind == jsast.KindClassDecl || n.Kind == jsast.KindClassExpr) && int(n.Start) <= off && off < int(n.End) {
			best = n
			switch {
			case n.Name != nil:
				bestName = text(n.Name)
			case n.Kind == jsast.KindClassExpr:
				bestName = varName
			default:
				bestName = "default"
			}
		}
		return n.Kind == jsast.KindFile || int(n.Start) <= off && off < int(n.End)
	})
	if best == nil {
		return nil, fmt.Errorf("%s:%d is not inside a class", path, line)
	}
	s := &site{Class: bestName}
	for _, m := range best.List {
		var fn *jsast.Node
		name := ""
		switch m.Kind {
		case jsast.KindConstructor:
			fn, name = m, "constructor"
		case jsast.KindMethodDecl, jsast.KindGetAccessor:
			fn = m
		case jsast.KindPropertyDecl:
			if m.Y != nil && (m.Y.Kind == jsast.KindArrowFunc || m.Y.Kind == jsast.KindFuncExpr) {
				fn = m.Y
			}
		}
		if name == "" && m.Name != nil {
			name = text(m.Name)
		}
		mem := &member{Name: name, Static: m.Has(jsast.FlagStatic), Getter: m.Kind == jsast.KindGetAccessor}
		if fn != nil {
			for _, p := range fn.Params() {
				if p.Kind != jsast.KindParameter {
					continue
				}
				pn := ""
				if p.Name != nil {
					pn = text(p.Name)
				}
				mem.Params = append(mem.Params, param{Name: pn, Type: p.Type, Default: p.Y,
					Optional: p.Has(jsast.FlagOptional), Rest: p.Has(jsast.FlagRest)})
			}
		}
		if int(m.Start) <= off && off < int(m.End) {
			s.Method = mem
		}
		if fn != nil && !mem.Static && name != "constructor" && !strings.HasPrefix(name, "#") {
			s.Members = append(s.Members, mem)
		}
	}
	return s, nil
}

func lineOffset(src []byte, line int) int {
	if line < 1 {
		return -1
	}
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(string(src[off:]), '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	// The first non-blank byte of the line, so that a finding on a line
	// that opens a member is inside it.
	for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
		off++
	}
	return off
}

// Sample strings cover the edge cases SQL text and string handling get
// wrong: empty, a lone quote, a name with a quote, non-ASCII, LIKE
// wildcards.
var (
	sampleStrings = []any{"a", "hello", "", "'", "O'Brien", "ünïcødé 🙂", "100%_off"}
	sampleNumbers = []any{1.0, 0.0, -1.0, 1.5}
	sampleBools   = []any{true, false}
	// hostileStrings are SQL fragments that change a query built by
	// concatenation; bound as parameters they are plain data.
	hostileStrings = []string{"' OR '1'='1", "1; DROP TABLE x", `"; DELETE FROM x; --`, "x' --"}
)

// samples returns sample values for a parameter, or an error naming the
// type the sandbox cannot generate values of.
func samples(src []byte, p param) ([]any, error) {
	if p.Type == nil {
		if p.Default != nil {
			return samplesOfValue(src, p.Default)
		}
		return nil, fmt.Errorf("parameter %s has no type annotation", p.Name)
	}
	vs, err := samplesOfType(src, p.Type)
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %v", p.Name, err)
	}
	if p.Rest {
		return nil, fmt.Errorf("parameter %s is a rest parameter", p.Name)
	}
	return vs, nil
}

func samplesOfValue(src []byte, n *jsast.Node) ([]any, error) {
	switch n.Kind {
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return sampleStrings, nil
	case jsast.KindNumericLiteral:
		return sampleNumbers, nil
	case jsast.KindTrue, jsast.KindFalse:
		return sampleBools, nil
	}
	return nil, fmt.Errorf("cannot tell the type of default value %s", src[n.Start:n.End])
}

func samplesOfType(src []byte, t *jsast.Node) ([]any, error) {
	text := strings.TrimSpace(string(src[t.Start:t.End]))
	switch t.Kind {
	case jsast.KindKeywordType:
		switch text {
		case "string":
			return sampleStrings, nil
		case "number":
			return sampleNumbers, nil
		case "boolean":
			return sampleBools, nil
		}
	case jsast.KindParenType:
		return samplesOfType(src, t.X)
	case jsast.KindArrayType:
		el, err := samplesOfType(src, t.X)
		if err != nil {
			return nil, err
		}
		return arraysOf(el), nil
	case jsast.KindTypeRef:
		if (text == "Array" || strings.HasPrefix(text, "Array<") || strings.HasPrefix(text, "ReadonlyArray<")) && len(t.TypeArgs()) == 1 {
			el, err := samplesOfType(src, t.TypeArgs()[0])
			if err != nil {
				return nil, err
			}
			return arraysOf(el), nil
		}
	case jsast.KindLiteralType:
		if v, ok := literal(text); ok {
			return []any{v}, nil
		}
	case jsast.KindUnionType:
		var out []any
		for _, m := range t.List {
			vs, err := samplesOfType(src, m)
			if err != nil {
				return nil, err
			}
			out = append(out, vs...)
		}
		return out, nil
	}
	return nil, fmt.Errorf("the sandbox cannot make values of type %s", text)
}

func literal(text string) (any, bool) {
	if s, err := strconv.Unquote(text); err == nil {
		return s, true
	}
	if strings.HasPrefix(text, "'") && strings.HasSuffix(text, "'") && len(text) >= 2 {
		return text[1 : len(text)-1], true
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return f, true
	}
	switch text {
	case "true":
		return true, true
	case "false":
		return false, true
	case "null":
		return nil, true
	}
	return nil, false
}

// arraysOf makes arrays of sample elements: empty, one, several.
func arraysOf(el []any) []any {
	out := []any{[]any{}}
	if len(el) > 0 {
		out = append(out, []any{el[0]})
	}
	if len(el) > 1 {
		out = append(out, append([]any(nil), el...))
	}
	return out
}

// argVectors builds argument lists for a member: the i-th list takes each
// parameter's i-th sample (cycling), so every sample of every parameter is
// used at least once without a combinatorial blow-up.
func argVectors(src []byte, m *member) ([][]any, error) {
	var per [][]any
	most := 1
	for _, p := range m.Params {
		vs, err := samples(src, p)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			return nil, fmt.Errorf("parameter %s has no sample values", p.Name)
		}
		per = append(per, vs)
		most = max(most, len(vs))
	}
	out := make([][]any, most)
	for i := range out {
		args := make([]any, len(per))
		for j, vs := range per {
			args[j] = vs[i%len(vs)]
		}
		out[i] = args
	}
	return out, nil
}

// throwingArgs returns arguments meant to make a method fail part-way: an
// array parameter gets valid elements followed by a BigInt, which SQL
// bindings and string methods reject. ok is false when no parameter takes
// an array.
func throwingArgs(src []byte, m *member) ([]any, bool) {
	vecs, err := argVectors(src, m)
	if err != nil || len(vecs) == 0 {
		return nil, false
	}
	args := append([]any(nil), vecs[len(vecs)-1]...)
	for i, a := range args {
		if arr, ok := a.([]any); ok && len(arr) > 0 {
			args[i] = append(append([]any(nil), arr...), big.NewInt(1))
			return args, true
		}
	}
	return nil, false
}

// afterHas reports whether class, in the fixed version of the finding's
// file, has an instance method named name.
func (c *fixCtx) afterHas(class, name string) bool {
	src, err := read(c.after, c.fix.File)
	if err != nil {
		return false
	}
	re := regexp.MustCompile(`\bclass\s+` + regexp.QuoteMeta(class) + `\b`)
	loc := re.FindIndex(src)
	if loc == nil {
		return false
	}
	s, err := locate(c.fix.File, src, 1+strings.Count(string(src[:loc[0]]), "\n"))
	if err != nil {
		return false
	}
	for _, m := range s.Members {
		if m.Name == name {
			return true
		}
	}
	return false
}
