// Package htmlcheck reads rendered pages in tests: parse, find elements,
// read attributes and text, and check a page against rules (such as the EU
// funding visibility rules) that no single assertion covers.
//
// It is for tests only: only _test.go files may import it.
package htmlcheck

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Parse parses a page, failing the test if it cannot.
func Parse(t testing.TB, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// FindAll lists the elements under n, n included, that match.
func FindAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// ByAtom lists the elements under n of one kind.
func ByAtom(n *html.Node, a atom.Atom) []*html.Node {
	return FindAll(n, func(d *html.Node) bool { return d.DataAtom == a })
}

// Attr is the value of an attribute, "" when it is absent.
func Attr(n *html.Node, key string) string {
	v, _ := AttrOK(n, key)
	return v
}

// AttrOK is the value of an attribute and whether it is there.
func AttrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// HasClass reports whether class is one of n's classes.
func HasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(Attr(n, "class")), class)
}

// Text is the text of n with runs of white space made single spaces.
func Text(n *html.Node) string {
	if n.Type == html.TextNode {
		return strings.Join(strings.Fields(n.Data), " ")
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// MetaContent is the content of <meta key="name">, and whether there is one.
func MetaContent(doc *html.Node, key, name string) (string, bool) {
	for _, m := range ByAtom(doc, atom.Meta) {
		if Attr(m, key) == name {
			return Attr(m, "content"), true
		}
	}
	return "", false
}

// LinkHref is the href of the first <link rel="rel">.
func LinkHref(doc *html.Node, rel string) string {
	for _, l := range ByAtom(doc, atom.Link) {
		if Attr(l, "rel") == rel {
			return Attr(l, "href")
		}
	}
	return ""
}

// Hrefs lists the href of every <a> inside n.
func Hrefs(n *html.Node) []string {
	var out []string
	for _, a := range ByAtom(n, atom.A) {
		out = append(out, Attr(a, "href"))
	}
	return out
}

// JSONLDTypes parses every JSON-LD script of a page and returns their @type
// values, failing the test on a script that is not valid JSON or not in the
// schema.org context.
func JSONLDTypes(t testing.TB, doc *html.Node) []string {
	t.Helper()
	var types []string
	for _, s := range ByAtom(doc, atom.Script) {
		if Attr(s, "type") != "application/ld+json" {
			continue
		}
		var raw string
		if s.FirstChild != nil {
			raw = s.FirstChild.Data
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Errorf("JSON-LD is not valid JSON: %v\n%s", err, raw)
			continue
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD @context = %v, want https://schema.org", v["@context"])
		}
		types = append(types, fmt.Sprint(v["@type"]))
	}
	return types
}

// StartTags yields the start and self-closing tags of page in order, read
// by the tokenizer as written: no tree is built, so a browser's repairs move
// or drop nothing.
func StartTags(page string) iter.Seq[html.Token] {
	return func(yield func(html.Token) bool) {
		z := html.NewTokenizer(strings.NewReader(page))
		for {
			switch z.Next() {
			case html.ErrorToken:
				return
			case html.StartTagToken, html.SelfClosingTagToken:
				if !yield(z.Token()) {
					return
				}
			}
		}
	}
}
