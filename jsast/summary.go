package jsast

import "sort"

// Range is a [start, end) pair of byte offsets.
type Range [2]int

// Summary is a JSON-friendly digest of a parse, used by
// `dolint debug parse --json` and to compare against the TypeScript parser.
// Ranges follow TypeScript's node.getStart()..node.end convention in UTF-8
// byte offsets; every list is sorted by start, then end.
type Summary struct {
	File      string         `json:"file"`
	Errors    []SummaryError `json:"errors"` // in the order the parser found them
	Classes   []SummaryClass `json:"classes"`
	Calls     []Range        `json:"calls"`
	Templates []Range        `json:"templates"`
	Strings   []Range        `json:"strings"`
}

// SummaryError is a syntax error with a 1-based line and byte column.
type SummaryError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Offset  int    `json:"offset"`
	Message string `json:"message"`
}

// SummaryClass is a class declaration or expression.
type SummaryClass struct {
	Name    string          `json:"name"` // empty for anonymous classes
	Range   Range           `json:"range"`
	Methods []SummaryMethod `json:"methods"`
}

// SummaryMethod is a method, constructor or accessor of a class.
type SummaryMethod struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"` // "method", "constructor", "get" or "set"
	Range Range  `json:"range"`
}

// Summarize digests f.
func Summarize(f *File) *Summary {
	s := &Summary{
		File:      f.Name,
		Errors:    []SummaryError{},
		Classes:   []SummaryClass{},
		Calls:     []Range{},
		Templates: []Range{},
		Strings:   []Range{},
	}
	for _, e := range f.Errors {
		line, col := f.Position(e.Offset)
		s.Errors = append(s.Errors, SummaryError{Line: line, Column: col, Offset: int(e.Offset), Message: e.Message})
	}
	Inspect(f.Root, func(n *Node) bool {
		if n == nil {
			return false
		}
		r := Range{int(n.Start), int(n.End)}
		switch n.Kind {
		case KindClassDecl, KindClassExpr:
			c := SummaryClass{Range: r, Methods: []SummaryMethod{}}
			if n.Name != nil {
				c.Name = f.Text(n.Name)
			}
			for _, m := range n.List {
				kind := ""
				switch m.Kind {
				case KindMethodDecl:
					kind = "method"
				case KindConstructor:
					kind = "constructor"
				case KindGetAccessor:
					kind = "get"
				case KindSetAccessor:
					kind = "set"
				default:
					continue
				}
				name := "constructor"
				if m.Name != nil {
					name = f.Text(m.Name)
				}
				c.Methods = append(c.Methods, SummaryMethod{Name: name, Kind: kind, Range: Range{int(m.Start), int(m.End)}})
			}
			s.Classes = append(s.Classes, c)
		case KindCall:
			s.Calls = append(s.Calls, r)
		case KindTemplateExpr, KindNoSubstitutionTemplate:
			s.Templates = append(s.Templates, r)
		case KindStringLiteral:
			s.Strings = append(s.Strings, r)
		}
		return true
	})
	sortRanges(s.Calls)
	sortRanges(s.Templates)
	sortRanges(s.Strings)
	sort.SliceStable(s.Classes, func(i, j int) bool { return less(s.Classes[i].Range, s.Classes[j].Range) })
	return s
}

func less(a, b Range) bool {
	if a[0] != b[0] {
		return a[0] < b[0]
	}
	return a[1] < b[1]
}

func sortRanges(rs []Range) {
	sort.Slice(rs, func(i, j int) bool { return less(rs[i], rs[j]) })
}
