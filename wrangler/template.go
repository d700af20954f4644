package wrangler

// Project templates (create-cloudflare's among them) ship configs whose
// values are placeholders that the tool copying the template fills in:
// "name": "<WORKER_NAME>", "compatibility_date": "<COMPATIBILITY_DATE>",
// "name": "{{ name }}". Such a value says nothing about the Worker that
// will exist, so it is recorded rather than judged.

// HasPlaceholder reports whether s holds a template placeholder: <NAME>
// (two or more upper-case letters, digits and underscores, starting with a
// letter) or
// {{ name }} (an identifier or dotted path, spaces allowed inside the
// braces).
func HasPlaceholder(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			if n := angle(s[i+1:]); n > 0 {
				return true
			}
		case '{':
			if n := braces(s[i:]); n > 0 {
				return true
			}
		}
	}
	return false
}

// angle returns the length of NAME> at the start of s, or 0.
func angle(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		case c == '>' && i > 1:
			return i + 1
		default:
			return 0
		}
		i++
	}
	return 0
}

// braces returns the length of {{ name }} at the start of s, or 0.
func braces(s string) int {
	if len(s) < 5 || s[0] != '{' || s[1] != '{' {
		return 0
	}
	i := 2
	for i < len(s) && s[i] == ' ' {
		i++
	}
	start := i
	for i < len(s) {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c == '.' || c == '-' || i > start && c >= '0' && c <= '9' {
			i++
			continue
		}
		break
	}
	if i == start {
		return 0
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i+1 < len(s) && s[i] == '}' && s[i+1] == '}' {
		return i + 2
	}
	return 0
}

// placeholders records every string value below v, keys excluded, that
// holds a placeholder. Values under vars and define are the Worker's own
// strings, where {{ name }} may well be a run-time template, and dolint
// checks none of them, so they are left out.
func (b *builder) placeholders(v *value) {
	switch v.kind {
	case kString:
		if HasPlaceholder(v.str) {
			b.cfg.Placeholders = append(b.cfg.Placeholders, b.str(v))
		}
	case kArray:
		for _, e := range v.elems {
			b.placeholders(e)
		}
	case kObject:
		for i := range v.members {
			if k := v.members[i].key; k != "vars" && k != "define" {
				b.placeholders(v.members[i].val)
			}
		}
	}
}

// Placeholder returns the placeholder value that overlaps [pos, end), or
// nil. A problem found there is about the template, not about a Worker.
func (c *Config) Placeholder(p Problem) *String {
	for _, s := range c.Placeholders {
		if p.Pos < s.End && s.Pos < p.End || p.Pos == s.Pos {
			return s
		}
	}
	return nil
}
