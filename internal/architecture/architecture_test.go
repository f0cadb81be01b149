package architecture

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// root is the module's folder.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// sourceFiles parses every hand-written, non-test Go file of the module.
func sourceFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset, files := token.NewFileSet(), map[string]*ast.File{}
	base := root(t)
	err := filepath.WalkDir(base, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		name := d.Name()
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, path)
		files[filepath.ToSlash(rel)] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fset, files
}

// funcs calls visit for every function and function literal.
func funcs(files map[string]*ast.File, visit func(file, name string, fn ast.Node, body *ast.BlockStmt)) {
	for file, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch fn := n.(type) {
			case *ast.FuncDecl:
				if fn.Body != nil {
					visit(file, fn.Name.Name, fn, fn.Body)
				}
			case *ast.FuncLit:
				visit(file, "func literal", fn, fn.Body)
			}
			return true
		})
	}
}

// TestFunctionsAreShort: no function is longer than a screen.
func TestFunctionsAreShort(t *testing.T) {
	const maxLines = 60
	fset, files := sourceFiles(t)
	funcs(files, func(file, name string, fn ast.Node, body *ast.BlockStmt) {
		if n := fset.Position(body.Rbrace).Line - fset.Position(fn.Pos()).Line + 1; n > maxLines {
			t.Errorf("%s:%d: %s has %d lines, more than %d", file, fset.Position(fn.Pos()).Line, name, n, maxLines)
		}
	})
}

// TestFunctionsAreSimple: no function has a cyclomatic complexity over 15,
// counted as gocyclo counts it (1, plus one per if, for, case and && or ||).
func TestFunctionsAreSimple(t *testing.T) {
	const maxComplexity = 15
	fset, files := sourceFiles(t)
	for file, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if c := complexity(fn); c > maxComplexity {
				t.Errorf("%s:%d: %s has complexity %d, more than %d", file, fset.Position(fn.Pos()).Line, fn.Name.Name, c, maxComplexity)
			}
		}
	}
}

func complexity(fn ast.Node) int {
	c := 1
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if n.List != nil {
				c++
			}
		case *ast.CommClause:
			if n.Comm != nil {
				c++
			}
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}

// TestNoSwitchOnKind: what differs between kinds of content is in the kind
// table (content.Kinds) or in a map keyed by kind, never in a switch.
func TestNoSwitchOnKind(t *testing.T) {
	fset, files := sourceFiles(t)
	for file, f := range files {
		if strings.HasPrefix(file, "internal/content/") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			cc, ok := n.(*ast.CaseClause)
			if !ok {
				return true
			}
			for _, e := range cc.List {
				if sel, ok := e.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Kind") && isIdent(sel.X, "content") {
					t.Errorf("%s:%d: a case on %s; read the kind table instead", file, fset.Position(cc.Pos()).Line, sel.Sel.Name)
				}
			}
			return true
		})
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// TestImports: dependencies point one way. cmd → web → internal/* →
// content; views know content's types but never the store; content and
// auth import no package of ours; the test kit is for tests only.
func TestImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "./...")
	cmd.Dir = root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rules := []struct {
		pkg       string // a package, or a prefix ending in /
		forbidden []string
	}{
		{"orgsite/internal/content", []string{"orgsite/"}},
		{"orgsite/internal/auth", []string{"orgsite/"}},
		{"orgsite/internal/", []string{"orgsite/web", "orgsite/views", "orgsite/cmd", "orgsite/internal/testkit", "github.com/labstack/echo"}},
		{"orgsite/views", []string{"orgsite/internal/store", "orgsite/web/admin", "orgsite/web/pagecache"}},
		{"orgsite/views/", []string{"orgsite/internal/store", "orgsite/web/admin", "orgsite/web/pagecache"}},
		{"orgsite/web/form", []string{"orgsite/internal/store", "github.com/labstack/echo", "orgsite/views"}},
		{"orgsite/web/pagecache", []string{"orgsite/"}},
		{"orgsite/web", []string{"orgsite/internal/testkit"}},
		{"orgsite/web/admin", []string{"orgsite/internal/testkit", "orgsite/web/pagecache"}},
		{"orgsite/cmd/", []string{"orgsite/internal/testkit"}},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if strings.HasPrefix(pkg, "orgsite/internal/testkit") {
			continue
		}
		for _, r := range rules {
			if pkg != r.pkg && !(strings.HasSuffix(r.pkg, "/") && strings.HasPrefix(pkg, r.pkg)) {
				continue
			}
			for _, imp := range strings.Fields(imports) {
				for _, f := range r.forbidden {
					if strings.HasPrefix(imp, f) && imp != pkg {
						t.Errorf("%s imports %s", pkg, imp)
					}
				}
			}
		}
	}
}
