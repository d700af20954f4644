package source_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
	"golang.org/x/tools/go/analysis"
)

// classProbe reports what the source analyzer concluded about each class,
// at the class's name, so that testdata states the expected facts next to
// the code they are about.
var classProbe = &analysis.Analyzer{
	Name:       "classprobe",
	Doc:        "report source facts about classes",
	Requires:   []*analysis.Analyzer{source.Analyzer},
	ResultType: reflect.TypeFor[*source.Result](),
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[source.Analyzer].(*source.Result)
		for _, f := range res.Files {
			for _, c := range f.Classes {
				pos := f.AST.Pos(c.NameNode.Start)
				if !c.IsDO {
					pass.Reportf(pos, "class %s ExtendsDO=%s", c.Name, c.ExtendsDO)
					continue
				}
				var bases, bound []string
				for _, b := range c.Bases {
					var s string
					switch b.Kind {
					case source.BaseClass:
						s = "class:" + b.Class.Name
					case source.BaseDurableObject:
						s = "do:" + b.Name
					case source.BaseLibrary:
						s = "lib:" + b.Name
					case source.BaseExternal:
						s = "ext:" + b.Name
					default:
						s = "unknown:" + b.Name
					}
					if len(b.Mixins) > 0 {
						s += fmt.Sprintf("(%d mixins)", len(b.Mixins))
					}
					bases = append(bases, s)
				}
				for _, b := range c.Bindings {
					s := b.Binding.Name.Value
					if b.Script.Env != "" {
						s += "@" + b.Script.Env
					}
					bound = append(bound, s)
				}
				pass.Reportf(pos, "do %s ExtendsDO=%s lib=%s bases=[%s] bound=[%s]", c.Name, c.ExtendsDO, c.Library, strings.Join(bases, " "), strings.Join(bound, " "))
			}
		}
		return res, nil
	},
}

// depProbe reports how each module specifier resolved.
var depProbe = &analysis.Analyzer{
	Name:     "depprobe",
	Doc:      "report how module specifiers resolve",
	Requires: []*analysis.Analyzer{source.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[source.Analyzer].(*source.Result)
		root := filepath.Dir(pass.OtherFiles[0])
		for _, f := range res.Files {
			for _, d := range f.Deps {
				kind := map[source.DepKind]string{
					source.DepNotFound: "notfound", source.DepModule: "module", source.DepAsset: "asset",
					source.DepBuiltin: "builtin", source.DepExternal: "external",
				}[d.Kind]
				where := ""
				if d.Path != "" {
					rel, _ := filepath.Rel(root, d.Path)
					where = " " + filepath.ToSlash(rel)
				}
				pass.Reportf(f.AST.Pos(d.Node.Start), "%s %s%s", d.Spec, kind, where)
			}
		}
		return nil, nil
	},
}

func TestClasses(t *testing.T) {
	ruletest.Run(t, "testdata", &rule.Rule{Analyzer: classProbe}, "chain", "factory")
}

func TestDeps(t *testing.T) {
	ruletest.Run(t, "testdata", &rule.Rule{Analyzer: depProbe}, "monorepo")
}

// formatProbe reports the format wrangler would infer for each script, at
// the script's main.
var formatProbe = &analysis.Analyzer{
	Name:     "formatprobe",
	Doc:      "report the inferred Worker format",
	Requires: []*analysis.Analyzer{source.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[source.Analyzer].(*source.Result)
		for _, s := range res.Scripts {
			if s.Main == nil {
				continue
			}
			f, listener := s.Format()
			msg := "format=" + f.String()
			if listener != nil {
				msg += " listener=" + s.Entry.AST.Text(listener)
			}
			pass.Reportf(s.Main.Pos, "%s", msg)
		}
		return nil, nil
	},
}

func TestFormat(t *testing.T) {
	ruletest.Run(t, "testdata", &rule.Rule{Analyzer: formatProbe}, "formats")
}

// TestFactoryClassesListedOnce checks that the constants one factory makes
// share one entry in Result.Classes, so that rules visit that code once.
func TestFactoryClassesListedOnce(t *testing.T) {
	var got []string
	probe := &analysis.Analyzer{
		Name:     "listprobe",
		Doc:      "list the Durable Object classes",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, c := range pass.ResultOf[source.Analyzer].(*source.Result).Classes {
				got = append(got, c.Name)
			}
			return nil, nil
		},
	}
	dir := filepath.Join("testdata", "src", "factory")
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := driver.Run(projects, rule.SetOf(probe), nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"Base", "Game", "Room", "Lobby"}
	if !slices.Equal(got, want) {
		t.Errorf("Result.Classes = %v, want %v", got, want)
	}
}
