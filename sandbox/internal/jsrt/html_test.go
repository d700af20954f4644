package jsrt

import (
	"fmt"
	"strings"
	"testing"
)

func TestTokenizeHTML(t *testing.T) {
	src := `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">` +
		`<P Class=a data-x='1' hidden>a < b <br/><script>if (x</scripty>1) y()</SCRIPT ><!-- c --></p>tail<!-- open`
	var got []string
	for _, tk := range tokenizeHTML(src) {
		s := tk.kind + " " + tk.raw
		switch tk.kind {
		case "start", "end":
			s = fmt.Sprintf("%s %s %v %v", tk.kind, tk.name, tk.attrs, tk.selfClosing)
		case "doctype":
			s = fmt.Sprintf("doctype %s %s %s", tk.name, *tk.publicID, *tk.systemID)
		case "comment":
			s = "comment " + tk.text
		}
		got = append(got, s)
	}
	want := []string{
		"doctype html -//W3C//DTD HTML 4.01//EN http://www.w3.org/TR/html4/strict.dtd",
		"start p [[class a] [data-x 1] [hidden ]] false",
		"text a < b ",
		"start br [] true",
		"start script [] false",
		"text if (x</scripty>1) y()",
		"end script [] false",
		"comment  c ",
		"end p [] false",
		"text tail",
		"comment  open",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
