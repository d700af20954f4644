package main

import (
	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruledoc"
)

func ruleDocs() []*rule.Doc            { return ruledoc.Docs(all.Rules) }
func markdown(docs []*rule.Doc) string { return ruledoc.Markdown(docs) }
func explain(d *rule.Doc) string       { return ruledoc.Explain(d) }
