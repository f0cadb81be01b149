package htmlcheck

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"orgsite/internal/content"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// euStatements are the sentences the EU visibility rules allow beside the
// emblem, in every language the site can be written in: English first.
var euStatements = func() []string {
	out := []string{content.StandardStatements["en"].Funded, content.StandardStatements["en"].CoFunded}
	for _, l := range content.Langs() {
		if st := content.StandardStatements[l.Code]; l.Code != "en" {
			out = append(out, st.Funded, st.CoFunded)
		}
	}
	return out
}()

// FundingRuleViolations checks every funding block (an element of class
// "funding") in a rendered page against the EU visibility rules and
// describes each breach; nil means the page keeps them:
//
//   - every EU emblem (img.eu-emblem) has the funding statement in the same
//     parent element, as a visible sibling;
//   - no block states EU funding without the emblem;
//   - every logo declares its drawn height in data-logo-height, equal to its
//     height attribute, and none is taller than the emblem;
//   - the blocks of one page do not contradict each other ("Funded by" in
//     the footer, "Co-funded by" in the project's block).
func FundingRuleViolations(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"funding check: cannot parse the page: " + err.Error()}
	}
	var out []string
	said := map[int]bool{} // which statements (by kind: 0 funded, 1 co-funded) the page makes
	for i, sec := range FindAll(doc, func(n *html.Node) bool { return HasClass(n, "funding") }) {
		out = append(out, checkFunding(i+1, sec)...)
		text := Text(sec)
		for j, s := range euStatements {
			if strings.Contains(text, s) {
				said[j%2] = true
			}
		}
	}
	if said[0] && said[1] {
		out = append(out, "the page says both that the European Union funded and that it co-funded what it shows")
	}
	return out
}

func checkFunding(nth int, sec *html.Node) []string {
	var out []string
	report := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("funding block %d: ", nth)+fmt.Sprintf(format, args...))
	}
	imgs := FindAll(sec, func(n *html.Node) bool { return n.DataAtom == atom.Img })
	var emblems, logos []*html.Node
	for _, img := range imgs {
		if HasClass(img, "eu-emblem") {
			emblems = append(emblems, img)
		} else {
			logos = append(logos, img)
		}
	}
	if len(emblems) == 0 {
		text := Text(sec)
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
			report("logo %q: %v", Attr(img, "alt"), err)
			continue
		}
		if smallest >= 0 && h > smallest {
			report("logo %q is %dpx high, taller than the EU emblem (%dpx)", Attr(img, "alt"), h, smallest)
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
		if slices.Contains(euStatements, Text(c)) {
			return true
		}
	}
	return false
}

// logoHeight reads an image's drawn height from data-logo-height and checks
// it against the height the browser is told.
func logoHeight(img *html.Node) (int, error) {
	v := Attr(img, "data-logo-height")
	if v == "" {
		return 0, fmt.Errorf("no data-logo-height")
	}
	h, err := strconv.Atoi(v)
	if err != nil || h <= 0 {
		return 0, fmt.Errorf("bad data-logo-height %q", v)
	}
	if Attr(img, "height") != v {
		return 0, fmt.Errorf("height %q differs from data-logo-height %q", Attr(img, "height"), v)
	}
	return h, nil
}

func hidden(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	_, isHidden := AttrOK(n, "hidden")
	return isHidden || HasClass(n, "visually-hidden") || Attr(n, "aria-hidden") == "true"
}
