// Package suppress reads dolint's suppression directives:
//
//	// dolint:ignore RULE[,RULE...] reason      this line and the next
//	// dolint:file-ignore RULE[,RULE...] reason the whole file
//
// In TOML the comment starts with #. A reason is required, as in
// staticcheck: a suppression nobody can explain is a finding of its own.
package suppress

import (
	"bytes"
	"strings"
)

// Directive is one suppression comment.
type Directive struct {
	Offset, End int // the directive text within the file, from "dolint:"
	Line        int // 1-based line of the comment
	File        bool
	Rules       []string
	Reason      string
	Used        bool
}

// Covers reports whether d suppresses a finding of rule on line.
func (d *Directive) Covers(rule string, line int) bool {
	if !d.File && line != d.Line && line != d.Line+1 {
		return false
	}
	for _, r := range d.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// Parse finds the directives of a file. A directive must sit in a line
// comment (// or, in TOML, #) or a block comment.
func Parse(filename string, src []byte) []*Directive {
	if !hasMark(src) {
		return nil
	}
	toml := strings.HasSuffix(filename, ".toml")
	var out []*Directive
	line, off := 1, 0
	for len(src) > 0 {
		nl := bytes.IndexByte(src, '\n')
		text := src
		if nl >= 0 {
			text = src[:nl]
		}
		if d := parseLine(text, toml); d != nil {
			d.Line = line
			d.Offset += off
			d.End += off
			out = append(out, d)
		}
		if nl < 0 {
			break
		}
		src = src[nl+1:]
		off += nl + 1
		line++
	}
	return out
}

func parseLine(text []byte, toml bool) *Directive {
	i := bytes.Index(text, []byte("dolint:"))
	if i < 0 {
		return nil
	}
	before := strings.TrimRight(string(text[:i]), " \t")
	block := strings.HasSuffix(before, "/*")
	switch {
	case block, strings.HasSuffix(before, "//"):
	case toml && strings.HasSuffix(before, "#"):
	default:
		return nil
	}
	rest := string(text[i+len("dolint:"):])
	// The directive ends where its comment does, or where a second comment
	// starts on the same line ("// dolint:ignore R reason // note").
	if block {
		if j := strings.Index(rest, "*/"); j >= 0 {
			rest = rest[:j]
		}
	}
	for _, marker := range []string{" //", " # "} {
		if marker == " # " && !toml {
			continue
		}
		if j := strings.Index(rest, marker); j >= 0 {
			rest = rest[:j]
		}
	}
	rest = strings.TrimRight(rest, " \t\r")
	end := i + len("dolint:") + len(rest)
	var d Directive
	switch {
	case strings.HasPrefix(rest, "ignore"):
		rest = rest[len("ignore"):]
	case strings.HasPrefix(rest, "file-ignore"):
		d.File = true
		rest = rest[len("file-ignore"):]
	default:
		return nil
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil
	}
	fields := strings.Fields(rest)
	if len(fields) > 0 {
		for _, r := range strings.Split(fields[0], ",") {
			if r != "" {
				d.Rules = append(d.Rules, r)
			}
		}
		d.Reason = strings.Join(fields[1:], " ")
	}
	d.Offset, d.End = i, end
	return &d
}

const mark = "dolint:"

// hasMark reports whether src holds mark anywhere. Every file a run reads
// is looked through, and almost none holds a directive: looking for the
// colon alone, and then at the name before it, is twice as quick as
// bytes.Contains, which stops at every 'd', a letter code holds more of.
func hasMark(src []byte) bool {
	for i := len(mark) - 1; i < len(src); i++ {
		j := bytes.IndexByte(src[i:], ':')
		if j < 0 {
			return false
		}
		i += j
		if string(src[i-len(mark)+1:i]) == mark[:len(mark)-1] {
			return true
		}
	}
	return false
}
