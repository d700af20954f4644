package main

import (
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruledoc"
)

func markdown(docs []*rule.Doc) string { return ruledoc.Markdown(docs) }
func explain(d *rule.Doc) string       { return ruledoc.Explain(d) }
