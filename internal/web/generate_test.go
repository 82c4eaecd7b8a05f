package web

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/a-h/templ/generator"
	"github.com/a-h/templ/parser/v2"
)

// TestGeneratedViews fails when a *_templ.go file differs from what
// `make generate` writes for its .templ file, or has no .templ file. It
// runs the generator of the templ version in go.mod the way the templ
// command does (parse, generate, gofmt), so it needs no network and no
// installed command.
func TestGeneratedViews(t *testing.T) {
	root := moduleRoot(t)
	sources, err := filepath.Glob("*.templ")
	if err != nil || len(sources) == 0 {
		t.Fatalf("no .templ files: %v", err)
	}
	for _, src := range sources {
		tf, err := parser.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		abs, _ := filepath.Abs(src)
		rel, _ := filepath.Rel(root, abs) // `templ generate` runs at the module root
		var b bytes.Buffer
		if _, err := generator.Generate(tf, &b, generator.WithFileName(filepath.ToSlash(rel)), generator.WithVersion(templ.Version())); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		want, err := format.Source(b.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		out := strings.TrimSuffix(src, ".templ") + "_templ.go"
		if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale or missing: run `make generate`", out)
		}
	}
	generated, _ := filepath.Glob("*_templ.go")
	for _, g := range generated {
		if _, err := os.Stat(strings.TrimSuffix(g, "_templ.go") + ".templ"); err != nil {
			t.Errorf("%s has no .templ file: delete it", g)
		}
	}
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}
