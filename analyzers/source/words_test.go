package source_test

import (
	"go/token"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
)

var (
	wordFacets  = source.NewWord("facets")
	wordTimeout = source.NewWord("setTimeout")
	wordDollar  = source.NewWord("$state")
)

func TestMentions(t *testing.T) {
	cases := []struct {
		src   string
		words []source.Word
		want  bool
	}{
		{`this.ctx.facets.get("a", f)`, []source.Word{wordFacets}, true},
		{`const { facets } = ctx`, []source.Word{wordFacets}, true},
		{`// facets are started here`, []source.Word{wordFacets}, true}, // comments count: the answer may only err towards yes
		{`ctx["facets"]`, []source.Word{wordFacets}, true},
		{`ctx.facetsList.get()`, []source.Word{wordFacets}, false}, // a longer identifier is another word
		{`ctx.myfacets`, []source.Word{wordFacets}, false},
		{`1facets`, []source.Word{wordFacets}, false}, // a number run, not an identifier
		{`setTimeout(f, 5)`, []source.Word{wordFacets}, false},
		{`setTimeout(f, 5)`, []source.Word{wordFacets, wordTimeout}, true},
		{`x.$state = 1`, []source.Word{wordDollar}, true},
		{`x.state = 1`, []source.Word{wordDollar}, false},
		{`é.facets`, []source.Word{wordFacets}, true},
		{``, []source.Word{wordFacets}, false},
		{`facets`, nil, false},
	}
	for _, c := range cases {
		f := &source.File{Path: "a.ts", AST: jsast.ParseFile(token.NewFileSet(), "a.ts", []byte(c.src))}
		if got := f.Mentions(c.words...); got != c.want {
			t.Errorf("Mentions in %q = %v, want %v", c.src, got, c.want)
		}
	}
	if !(*source.File)(nil).Mentions(wordFacets) || !(&source.File{}).Mentions(wordFacets) {
		t.Error("a file without a tree must mention every word")
	}
}

func TestNewWordRejects(t *testing.T) {
	for _, w := range []string{"", "1a", "a-b", "ctx.facets"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewWord(%q) did not panic", w)
				}
			}()
			source.NewWord(w)
		}()
	}
	// A word already registered is the same Word, even once frozen.
	if source.NewWord("facets") != wordFacets {
		t.Error("registering a word again gave another Word")
	}
}
