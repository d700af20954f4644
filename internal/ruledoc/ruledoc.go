// Package ruledoc renders rule documentation: rules.md, `dolint explain`
// and `dolint rules` all come from the rules' Doc values through here.
package ruledoc

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/txtar"
)

// Markdown renders the whole rules.md.
func Markdown(docs []*rule.Doc) string {
	var b strings.Builder
	b.WriteString("# dolint rules\n\n")
	b.WriteString("<!-- Generated from the rules' own documentation by `go run ./cmd/dolint rules --markdown > rules.md`. Do not edit. -->\n\n")
	b.WriteString("| rule | severity | category | fix | what it catches |\n|---|---|---|---|---|\n")
	for _, d := range docs {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s |\n", d.Name, d.Name, d.Severity, d.Category, d.Safety, d.Title)
	}
	for _, d := range docs {
		b.WriteString("\n")
		writeDoc(&b, d, "##")
	}
	return b.String()
}

// Explain renders one rule for the terminal (Markdown reads well as text).
func Explain(d *rule.Doc) string {
	var b strings.Builder
	writeDoc(&b, d, "#")
	return b.String()
}

func writeDoc(b *strings.Builder, d *rule.Doc, h string) {
	fmt.Fprintf(b, "%s %s\n\n", h, d.Name)
	fmt.Fprintf(b, "%s.\n\n", capitalize(d.Title))
	fmt.Fprintf(b, "Severity: %s. Category: %s. Fix: %s.\n\n", d.Severity, d.Category, d.Safety)
	section(b, h, "What it does", d.What)
	section(b, h, "Why is this bad?", d.Why)
	if d.Bad != "" {
		fmt.Fprintf(b, "%s# Example\n\n%s", h, files(d.Bad))
	}
	if d.Good != "" {
		fmt.Fprintf(b, "%s# Use instead\n\n%s", h, files(d.Good))
	}
	if d.Safety != rule.NoFix {
		body := strings.TrimSpace(d.Fix)
		switch d.Safety {
		case rule.Safe:
			body += "\n\nThe fix is safe: `dolint fix` applies it."
		case rule.Unsafe:
			body += "\n\nThe fix is unsafe: it may change behaviour, so `dolint fix` applies it only with `--unsafe`."
		case rule.DisplayOnly:
			body += "\n\nThe fix is a suggestion only and is never applied."
		}
		section(b, h, "Fix safety", body)
	}
	section(b, h, "Options", d.Options)
	if len(d.References) > 0 {
		fmt.Fprintf(b, "%s# References\n\n", h)
		for _, r := range d.References {
			fmt.Fprintf(b, "- <%s>\n", r)
		}
		b.WriteString("\n")
	}
}

func section(b *strings.Builder, h, title, body string) {
	body = strings.TrimSpace(body)
	if body == "" {
		return
	}
	fmt.Fprintf(b, "%s# %s\n\n%s\n\n", h, title, body)
}

// files renders a txtar archive as one fenced block per file. An example
// that tells a history has git commands among its files ("git commit -m
// ..."), each shown as the command, so that the files before it read as
// committed and those after it as the working tree.
func files(archive string) string {
	var b strings.Builder
	for _, f := range txtar.Parse([]byte(archive)).Files {
		if strings.HasPrefix(f.Name, "git ") {
			fmt.Fprintf(&b, "```sh\n$ %s\n```\n\n", f.Name)
			continue
		}
		fmt.Fprintf(&b, "`%s`:\n\n```%s\n%s```\n\n", f.Name, lang(f.Name), f.Data)
	}
	return b.String()
}

func lang(name string) string {
	switch {
	case strings.HasSuffix(name, ".jsonc"):
		return "jsonc"
	case strings.HasSuffix(name, ".json"):
		return "json"
	case strings.HasSuffix(name, ".toml"):
		return "toml"
	case strings.HasSuffix(name, ".tsx"):
		return "tsx"
	case strings.HasSuffix(name, ".ts"):
		return "ts"
	}
	return "js"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
