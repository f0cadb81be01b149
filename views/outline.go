package views

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"orgsite/internal/markdown"
)

// Heading is one entry of a body's table of contents.
type Heading struct {
	ID   string
	Text string
}

// ContentsMin is how many h2 headings a body needs for a table of
// contents: a short text is read at a glance without one.
const ContentsMin = 3

// h2 matches a level-two heading of stored HTML. The body was cleaned by
// the markdown policy when saved, so its tags are written one way: "<h2>"
// or `<h2 id="…">`, never split or nested.
var h2 = regexp.MustCompile(`<h2( id="[^"]*")?>([\s\S]*?)</h2>`)

// outline gives a body its table of contents: the text of each h2, and the
// body with an id on each h2 that had none (an imported body's), so that
// the contents can link them. A body with fewer than ContentsMin h2
// headings comes back as it is, with no contents.
func outline(body string) (string, []Heading) {
	if strings.Count(body, "<h2") < ContentsMin {
		return body, nil
	}
	var toc []Heading
	out := h2.ReplaceAllStringFunc(body, func(m string) string {
		parts := h2.FindStringSubmatch(m)
		id := strings.TrimSuffix(strings.TrimPrefix(parts[1], ` id="`), `"`)
		if id == "" {
			id = "section-" + strconv.Itoa(len(toc)+1)
		}
		toc = append(toc, Heading{ID: html.UnescapeString(id), Text: markdown.PlainText(parts[2])})
		return `<h2 id="` + id + `">` + parts[2] + `</h2>`
	})
	if len(toc) < ContentsMin {
		return body, nil
	}
	return out, toc
}

// shareLinks are the addresses that share a page on other sites: plain
// links, no script of theirs on our pages.
func shareLinks(site Site, title, path string) []shareLink {
	u := url.QueryEscape(site.Abs(path))
	t := url.QueryEscape(title)
	return []shareLink{
		{Name: site.L.T("ShareEmail"), Href: "mailto:?subject=" + strings.ReplaceAll(t, "+", "%20") + "&body=" + u, Class: "share-email"},
		{Name: "LinkedIn", Href: "https://www.linkedin.com/sharing/share-offsite/?url=" + u, Class: "share-linkedin"},
		{Name: "Facebook", Href: "https://www.facebook.com/sharer/sharer.php?u=" + u, Class: "share-facebook"},
		{Name: "X", Href: "https://x.com/intent/post?url=" + u + "&text=" + t, Class: "share-x"},
	}
}

// shareLink is one way to share a page.
type shareLink struct {
	Name, Href, Class string
}
