package jsrt

import (
	"regexp"
	"strings"

	"github.com/dop251/goja"
)

// htmlToken is one token of HTMLRewriter's input.
type htmlToken struct {
	kind, raw, name    string
	attrs              [][2]string
	selfClosing        bool
	text               string // a comment's text
	publicID, systemID *string
}

var (
	doctypeRe = regexp.MustCompile(`(?is)^<!doctype\s+([^\s>]+)(?:\s+public\s+(?:"([^"]*)"|'([^']*)'))?(?:\s+(?:"([^"]*)"|'([^']*)'))?`)
	rawText   = map[string]bool{"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
		"iframe": true, "noembed": true, "noframes": true, "plaintext": true}
)

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// tokenizeHTML splits src into text, comments, doctypes and tags, the
// contents of script, style and the other raw-text elements being text.
// A "<" that begins no token is text; adjacent text is one token.
func tokenizeHTML(src string) []htmlToken {
	var toks []htmlToken
	text := func(s string) {
		if s == "" {
			return
		}
		if n := len(toks); n > 0 && toks[n-1].kind == "text" {
			toks[n-1].raw += s
			return
		}
		toks = append(toks, htmlToken{kind: "text", raw: s})
	}
	for i := 0; i < len(src); {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			text(src[i:])
			break
		}
		text(src[i : i+lt])
		i += lt
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				toks = append(toks, htmlToken{kind: "comment", raw: rest, text: rest[4:]})
				i = len(src)
				continue
			}
			toks = append(toks, htmlToken{kind: "comment", raw: rest[:end+7], text: rest[4 : 4+end]})
			i += end + 7
		case len(rest) >= 9 && strings.EqualFold(rest[:9], "<!doctype"):
			end := strings.IndexByte(rest, '>')
			raw := rest
			if end >= 0 {
				raw = rest[:end+1]
			}
			t := htmlToken{kind: "doctype", raw: raw}
			if m := doctypeRe.FindStringSubmatchIndex(raw); m != nil {
				t.name = strings.ToLower(raw[m[2]:m[3]])
				pick := func(a, b int) *string {
					for _, k := range []int{a, b} {
						if m[2*k] >= 0 {
							s := raw[m[2*k]:m[2*k+1]]
							return &s
						}
					}
					return nil
				}
				t.publicID, t.systemID = pick(2, 3), pick(4, 5)
			}
			toks = append(toks, t)
			i += len(raw)
		default:
			t, n := scanTag(rest)
			if n == 0 {
				text("<")
				i++
				continue
			}
			toks = append(toks, t)
			i += n
			if t.kind == "start" && rawText[t.name] {
				end := closingTag(src[i:], t.name)
				text(src[i : i+end])
				i += end
			}
		}
	}
	return toks
}

// scanTag reads a start or end tag at the start of s, returning its length,
// or 0 when s does not begin with one.
func scanTag(s string) (htmlToken, int) {
	j := 1
	end := len(s) > 1 && s[1] == '/'
	if end {
		j = 2
	}
	if j >= len(s) || !isLetter(s[j]) {
		return htmlToken{}, 0
	}
	start := j
	for j < len(s) && !isSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		j++
	}
	t := htmlToken{kind: "start", name: strings.ToLower(s[start:j])}
	if end {
		t.kind = "end"
	}
	for j < len(s) {
		switch c := s[j]; {
		case isSpace(c):
			j++
		case c == '>':
			t.raw = s[:j+1]
			t.selfClosing = strings.HasSuffix(strings.TrimRight(s[:j], " \t\n\r\f"), "/")
			return t, j + 1
		case c == '/':
			j++
		default:
			ns := j
			for j < len(s) && !isSpace(s[j]) && s[j] != '=' && s[j] != '>' && s[j] != '/' && s[j] != '"' && s[j] != '\'' {
				j++
			}
			if j == ns {
				j++ // a stray quote
				continue
			}
			name := strings.ToLower(s[ns:j])
			k := j
			for k < len(s) && isSpace(s[k]) {
				k++
			}
			val := ""
			if k < len(s) && s[k] == '=' {
				k++
				for k < len(s) && isSpace(s[k]) {
					k++
				}
				if k < len(s) && (s[k] == '"' || s[k] == '\'') {
					q := strings.IndexByte(s[k+1:], s[k])
					if q < 0 {
						return htmlToken{}, 0
					}
					val = s[k+1 : k+1+q]
					k += q + 2
				} else {
					vs := k
					for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
						k++
					}
					val = s[vs:k]
				}
				j = k
			}
			t.attrs = append(t.attrs, [2]string{name, val})
		}
	}
	return htmlToken{}, 0
}

// closingTag is the offset in s of the end tag of the raw-text element
// name (ASCII case ignored), or len(s).
func closingTag(s, name string) int {
	for i := 0; ; {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			return len(s)
		}
		i += k
		j := i + 2
		if j+len(name) <= len(s) && strings.EqualFold(s[j:j+len(name)], name) {
			j += len(name)
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '>' {
				return i
			}
		}
		i += 2
	}
}

// jsHTMLTokens gives prelude.js the tokens of an HTML document as objects.
func (h *Host) jsHTMLTokens(c goja.FunctionCall) goja.Value {
	vm := h.L.VM
	toks := tokenizeHTML(c.Argument(0).String())
	out := make([]any, len(toks))
	for i, t := range toks {
		o := vm.NewObject()
		o.Set("type", t.kind)
		o.Set("raw", t.raw)
		switch t.kind {
		case "start", "end":
			o.Set("name", t.name)
			attrs := make([]any, len(t.attrs))
			for k, a := range t.attrs {
				attrs[k] = vm.NewArray(a[0], a[1])
			}
			o.Set("attrs", vm.NewArray(attrs...))
			o.Set("selfClosing", t.selfClosing)
		case "comment":
			o.Set("text", t.text)
		case "doctype":
			if t.name == "" {
				o.Set("name", goja.Null())
			} else {
				o.Set("name", t.name)
			}
			for k, p := range map[string]*string{"publicId": t.publicID, "systemId": t.systemID} {
				if p == nil {
					o.Set(k, goja.Null())
				} else {
					o.Set(k, *p)
				}
			}
		}
		out[i] = o
	}
	return vm.NewArray(out...)
}
