package dosrc

import "github.com/dolint-dev/dolint/jsast"

// TemplatePart is one literal stretch of a template: the text before the
// first substitution, or after one substitution up to the next or to the
// closing backtick.
type TemplatePart struct {
	Start, End int32  // the raw text, delimiters (` ${ }) excluded
	Raw        string // the source text, escapes not decoded
}

// TemplateParts splits a template literal into its literal parts; there is
// one more part than substitutions (n.List). For a no-substitution
// template it returns the single part. ok is false for other nodes and
// for templates whose delimiters are not where a well-formed template
// has them (a tree recovered from a syntax error).
func TemplateParts(f *jsast.File, n *jsast.Node) (parts []TemplatePart, ok bool) {
	src := f.Src
	part := func(s, e int32) TemplatePart { return TemplatePart{Start: s, End: e, Raw: string(src[s:e])} }
	if n == nil || n.End > int32(len(src)) || n.Start < 0 || n.End-n.Start < 2 || src[n.Start] != '`' {
		return nil, false
	}
	switch n.Kind {
	case jsast.KindNoSubstitutionTemplate:
		if src[n.End-1] != '`' {
			return nil, false
		}
		return []TemplatePart{part(n.Start+1, n.End-1)}, true
	case jsast.KindTemplateExpr:
	default:
		return nil, false
	}
	if len(n.List) == 0 {
		return nil, false
	}
	// The head ends at the first unescaped "${".
	i := n.Start + 1
	for ; i+1 < n.End; i++ {
		if src[i] == '\\' {
			i++
			continue
		}
		if src[i] == '$' && src[i+1] == '{' {
			break
		}
	}
	if i+1 >= n.End || i+2 > n.List[0].Start {
		return nil, false
	}
	parts = append(parts, part(n.Start+1, i))
	for k, span := range n.List {
		if span.Expr() == nil || span.End > n.End {
			return nil, false
		}
		// The substitution closes at the first '}' after its expression;
		// only blanks and comments can stand between.
		j := span.Expr().End
		for j < span.End && src[j] != '}' {
			switch {
			case src[j] == '/' && j+1 < span.End && src[j+1] == '*':
				for j += 2; j+1 < span.End && (src[j] != '*' || src[j+1] != '/'); j++ {
				}
				j += 2
			case src[j] == '/' && j+1 < span.End && src[j+1] == '/':
				for j < span.End && src[j] != '\n' {
					j++
				}
			default:
				j++
			}
		}
		if j >= span.End {
			return nil, false
		}
		end := span.End
		last := k == len(n.List)-1
		switch {
		case last && src[end-1] == '`':
			end--
		case !last && end-2 > j && src[end-2] == '$' && src[end-1] == '{':
			end -= 2
		default:
			return nil, false
		}
		parts = append(parts, part(j+1, end))
	}
	return parts, true
}
