package output

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dolint-dev/dolint/internal/rule"
)

// GitHub writes one workflow command per finding, which GitHub Actions
// turns into an annotation on the file and line:
//
//	::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message
//
// Paths are relative to root, the repository root, as annotations require.
// Info findings become notices.
func GitHub(w io.Writer, fs []Finding, root string) error {
	var b bytes.Buffer
	for _, f := range fs {
		cmd := "error"
		switch f.sev {
		case rule.Warning:
			cmd = "warning"
		case rule.Info:
			cmd = "notice"
		}
		var props []string
		prop := func(k, v string) { props = append(props, k+"="+escapeProperty(v)) }
		if file := rootRel(root, f.start.Filename, f.File); file != "" {
			prop("file", file)
			if f.Line > 0 {
				prop("line", fmt.Sprint(f.Line))
				prop("col", fmt.Sprint(f.Column))
				prop("endLine", fmt.Sprint(f.EndLine))
				prop("endColumn", fmt.Sprint(f.EndColumn))
			}
		}
		prop("title", "dolint "+f.Rule)
		msg := f.Message
		for _, r := range f.Related {
			msg += fmt.Sprintf("\n%s:%d:%d: %s", rootRel(root, r.abs, r.File), r.Line, r.Column, r.Message)
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// rootRel returns abs relative to root, or fallback when abs is unknown or
// outside root.
func rootRel(root, abs, fallback string) string {
	if abs == "" || root == "" {
		return fallback
	}
	r, err := filepath.Rel(root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// escapeData escapes a workflow command's message: a newline would end
// the command and % starts an escape.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty also escapes the separators of the property list.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
