package views

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// euStatements are the sentences the EU visibility rules allow beside the
// emblem.
var euStatements = []string{"Funded by the European Union", "Co-funded by the European Union"}

// FundingRuleViolations checks every funding block (an element of class
// "funding") in a rendered page against the EU visibility rules and
// describes each breach; nil means the page keeps them:
//
//   - every EU emblem (img.eu-emblem) has the funding statement in the same
//     parent element, as a visible sibling;
//   - no block states EU funding without the emblem;
//   - every logo declares its drawn height in data-logo-height, equal to its
//     height attribute, and none is taller than the emblem.
func FundingRuleViolations(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"funding check: cannot parse the page: " + err.Error()}
	}
	var out []string
	for i, sec := range findAll(doc, func(n *html.Node) bool { return hasClass(n, "funding") }) {
		out = append(out, checkFunding(i+1, sec)...)
	}
	return out
}

func checkFunding(nth int, sec *html.Node) []string {
	var out []string
	report := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("funding block %d: ", nth)+fmt.Sprintf(format, args...))
	}
	imgs := findAll(sec, func(n *html.Node) bool { return n.DataAtom == atom.Img })
	var emblems, logos []*html.Node
	for _, img := range imgs {
		if hasClass(img, "eu-emblem") {
			emblems = append(emblems, img)
		} else {
			logos = append(logos, img)
		}
	}
	if len(emblems) == 0 {
		text := textOf(sec)
		for _, s := range euStatements {
			if strings.Contains(text, s) {
				report("states %q without the EU emblem", s)
			}
		}
		return out
	}

	smallest := -1 // height of the smallest emblem: every logo must fit under it
	for _, e := range emblems {
		if !hasStatementSibling(e) {
			report("EU emblem without the statement %q or %q beside it in the same element", euStatements[0], euStatements[1])
		}
		h, err := logoHeight(e)
		if err != nil {
			report("EU emblem: %v", err)
			continue
		}
		if smallest < 0 || h < smallest {
			smallest = h
		}
	}
	for _, img := range logos {
		h, err := logoHeight(img)
		if err != nil {
			report("logo %q: %v", attr(img, "alt"), err)
			continue
		}
		if smallest >= 0 && h > smallest {
			report("logo %q is %dpx high, taller than the EU emblem (%dpx)", attr(img, "alt"), h, smallest)
		}
	}
	return out
}

// hasStatementSibling reports whether the emblem's parent element also holds
// a funding statement that is not hidden.
func hasStatementSibling(emblem *html.Node) bool {
	parent := emblem.Parent
	if parent == nil {
		return false
	}
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		if c == emblem || hidden(c) {
			continue
		}
		if slices.Contains(euStatements, textOf(c)) {
			return true
		}
	}
	return false
}

// logoHeight reads an image's drawn height from data-logo-height and checks
// it against the height the browser is told.
func logoHeight(img *html.Node) (int, error) {
	v := attr(img, "data-logo-height")
	if v == "" {
		return 0, fmt.Errorf("no data-logo-height")
	}
	h, err := strconv.Atoi(v)
	if err != nil || h <= 0 {
		return 0, fmt.Errorf("bad data-logo-height %q", v)
	}
	if attr(img, "height") != v {
		return 0, fmt.Errorf("height %q differs from data-logo-height %q", attr(img, "height"), v)
	}
	return h, nil
}

func hidden(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	_, isHidden := attrOK(n, "hidden")
	return isHidden || hasClass(n, "visually-hidden") || attr(n, "aria-hidden") == "true"
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// textOf is the text of n with runs of white space made single spaces.
func textOf(n *html.Node) string {
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

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
