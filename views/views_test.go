package views

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"orgsite/internal/content"
	"orgsite/internal/testkit/htmlcheck"
)

// TestPages checks what crawlers, screen readers and the CSP rely on, on
// every public page.
func TestPages(t *testing.T) {
	const base = "https://impc.example.org"
	for _, tt := range samplePages() {
		t.Run(tt.name, func(t *testing.T) {
			page := render(t, tt.c)
			doc := htmlcheck.Parse(t, page)

			if !strings.HasPrefix(page, "<!DOCTYPE html><html lang=\"en\">") {
				t.Errorf("page starts %q, want the doctype and <html lang=\"en\">", page[:min(40, len(page))])
			}
			if n := len(htmlcheck.ByAtom(doc, atom.H1)); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			if ts := htmlcheck.ByAtom(doc, atom.Title); len(ts) != 1 || !strings.Contains(htmlcheck.Text(ts[0]), "International Migration Policy Centre") {
				t.Errorf("title missing or without the site name")
			}
			if d, _ := htmlcheck.MetaContent(doc, "name", "description"); d == "" {
				t.Error("no meta description")
			}
			var canonical string
			for _, l := range htmlcheck.ByAtom(doc, atom.Link) {
				if htmlcheck.Attr(l, "rel") == "canonical" {
					canonical = htmlcheck.Attr(l, "href")
				}
			}
			if !strings.HasPrefix(canonical, base+"/") {
				t.Errorf("canonical %q is not absolute", canonical)
			}
			if u, _ := htmlcheck.MetaContent(doc, "property", "og:url"); u != canonical {
				t.Errorf("og:url %q, want the canonical %q", u, canonical)
			}
			for _, p := range []string{"og:title", "og:description", "og:type", "og:site_name"} {
				if v, _ := htmlcheck.MetaContent(doc, "property", p); v == "" {
					t.Errorf("no %s", p)
				}
			}
			if v, _ := htmlcheck.MetaContent(doc, "name", "twitter:card"); v != "summary" && v != "summary_large_image" {
				t.Errorf("twitter:card %q", v)
			}

			// The skip link is the first thing to focus and leads to main.
			focusable := htmlcheck.FindAll(doc, func(n *html.Node) bool {
				return n.DataAtom == atom.A || n.DataAtom == atom.Input || n.DataAtom == atom.Button
			})
			if len(focusable) == 0 || !htmlcheck.HasClass(focusable[0], "skip-link") || htmlcheck.Attr(focusable[0], "href") != "#main" ||
				htmlcheck.Text(focusable[0]) != "Skip to main content" {
				t.Error("the first focusable element is not the skip link to #main")
			}
			if m := htmlcheck.ByAtom(doc, atom.Main); len(m) != 1 || htmlcheck.Attr(m[0], "id") != "main" || htmlcheck.Attr(m[0], "tabindex") != "-1" {
				t.Error(`want one <main id="main" tabindex="-1">`)
			}

			footers := htmlcheck.ByAtom(doc, atom.Footer)
			if len(footers) != 1 {
				t.Fatalf("%d footers", len(footers))
			}
			links := map[string]string{}
			for _, a := range htmlcheck.ByAtom(footers[0], atom.A) {
				links[htmlcheck.Text(a)] = htmlcheck.Attr(a, "href")
			}
			for text, href := range map[string]string{"Site map": "/sitemap", "Legal notice": "/legal", "News feed": "/feed.xml"} {
				if links[text] != href {
					t.Errorf("footer link %q → %q, want %q", text, links[text], href)
				}
			}

			// The CSP allows no inline style and no inline script.
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				if _, ok := htmlcheck.AttrOK(n, "style"); ok {
					t.Errorf("<%s> has a style attribute", n.Data)
				}
				if n.DataAtom == atom.Style {
					t.Error("a <style> element")
				}
				if n.DataAtom == atom.Script {
					if htmlcheck.Attr(n, "type") != "application/ld+json" {
						t.Errorf("a script of type %q", htmlcheck.Attr(n, "type"))
					} else if !json.Valid([]byte(htmlcheck.Text(n))) {
						t.Errorf("invalid JSON-LD %q", htmlcheck.Text(n))
					}
				}
				if n.DataAtom == atom.Img {
					for _, a := range []string{"alt", "width", "height", "decoding"} {
						if _, ok := htmlcheck.AttrOK(n, a); !ok {
							t.Errorf("img %q without %s", htmlcheck.Attr(n, "src"), a)
						}
					}
				}
			}
			if strings.Contains(page, "style=") {
				t.Error(`"style=" appears in the page`)
			}

			ids := map[string]bool{}
			for n := range doc.Descendants() {
				if id := htmlcheck.Attr(n, "id"); n.Type == html.ElementNode && id != "" {
					if ids[id] {
						t.Errorf("duplicate id %q", id)
					}
					ids[id] = true
				}
			}

			if v := htmlcheck.FundingRuleViolations(page); len(v) > 0 {
				t.Errorf("funding rules broken: %q", v)
			}
		})
	}
}

func TestPageDetails(t *testing.T) {
	pages := map[string]string{}
	for _, p := range samplePages() {
		pages[p.name] = render(t, p.c)
	}
	tests := []struct {
		page    string
		want    []string
		notWant []string
	}{
		{"home", []string{
			"<title>International Migration Policy Centre – Migration policy that works for people and states</title>",
			`<a href="/" aria-current="page">Home</a>`,
			"Latest news", "Current projects", "Funders and partners", `href="/news"`, `href="/projects"`,
			`<span class="badge badge-ongoing">Ongoing</span>`, `<span class="badge badge-upcoming">Upcoming</span>`,
			`loading="lazy"`, `<article class="lead-story">`,
		}, []string{`aria-label="Breadcrumb"`}},
		{"news list", []string{
			"<title>News – International Migration Policy Centre</title>",
			`<a href="/news" aria-current="page">News</a>`,
			`<nav class="pager" aria-label="Pagination">`, "Page 1 of 3", `href="/news?page=2" rel="next"`,
			`<link rel="next" href="https://impc.example.org/news?page=2">`,
		}, []string{`rel="prev"`}},
		{"news list empty", []string{"No news has been published yet"}, []string{"Pagination"}},
		{"news item", []string{
			`<a href="/news" aria-current="true">News</a>`,
			`<meta property="og:type" content="article">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<meta property="og:image:alt" content="Speakers on the podium`,
			`<a href="/projects/mobilaze">Support to the Implementation of the Mobility Partnership with Azerbaijan (MOBILAZE)</a>`,
			`<a href="/tags/project-news">Project news</a>`,
			`fetchpriority="high"`, `<figcaption>Photo: IMPC</figcaption>`,
			`sizes="(min-width: 48rem) 46rem, 100vw"`,
			`<time datetime="2024-03-09T10:00:00+04:00">9 March 2024</time>`,
			"<table><tr><th>Session</th></tr></table>", "Related news", `href="mailto:?subject=`, "https://www.linkedin.com/sharing/share-offsite/?url=",
			`<span aria-current="page">Mobility Partnership in Azerbaijan</span>`,
			`"name":"Home \u003c/script\u003e"`,
		}, []string{`<a href="/news/mobility-partnership-in-azerbaijan">Mobility Partnership in Azerbaijan</a>`}},
		{"project list", []string{
			"Ongoing projects", "Upcoming projects", "Completed projects",
			`card-completed`, `<span class="badge badge-completed">Completed</span>`,
		}, nil},
		{"project ongoing", []string{
			`<p class="band-acronym">MOBILAZE</p>`, "<h1>Support to the Implementation of the Mobility Partnership with Azerbaijan</h1>", `href="#project-facts"`,
			`<a href="/projects" aria-current="true">Projects</a>`,
			"<dt>Duration</dt><dd>June 2021 – May 2024</dd>", "<dt>Status</dt><dd>Ongoing</dd>",
			"<dt>Countries</dt><dd>Azerbaijan</dd>", "<dt>Duty stations</dt><dd>Baku</dd>",
			"<dt>Donors</dt><dd>European Union</dd>", "Implementing agency", "Thematic areas",
			`<a href="/tags/capacity-development">Capacity development</a>`,
			"News from this project", `alt="Ministry of Foreign Affairs of Azerbaijan"`,
		}, []string{"This project is completed"}},
		{"project completed", []string{"This project is completed", "<dt>Status</dt><dd>Completed</dd>"}, nil},
		{"tag", []string{"<h1>Tagged: Project news</h1>", `href="/tags/project-news" rel="prev"`, "Page 2 of 2"}, nil},
		{"search hits", []string{
			`<meta name="robots" content="noindex">`,
			`<input id="search-q" type="search" name="q" value="baku" required>`,
			"1 result for “baku”",
			"…a conference in <mark>Baku</mark> &lt;b&gt;on&lt;/b&gt; mobility…",
			`<p class="result-kind">News</p>`,
		}, []string{"<b>on</b>"}},
		{"search none", []string{"0 results for “zzz”", "No results"}, nil},
		{"search form", []string{`name="q"`}, []string{"results for", "No results"}},
		{"sitemap", []string{"<h1>Site map</h1>", `<a href="/about">About us</a>`, `<a href="/projects/mobilaze">`, `<a href="/tags/mobility-partnership">`}, nil},
		{"error", []string{"<h1>Page not found</h1>", "Error 404", `<input id="error-q"`, `<a href="/sitemap">Site map</a>`,
			`<meta name="robots" content="noindex">`, `<link rel="canonical" href="https://impc.example.org/nowhere">`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			page, ok := pages[tt.page]
			if !ok {
				t.Fatalf("no sample page %q", tt.page)
			}
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(page, w) {
					t.Errorf("page has %s", w)
				}
			}
		})
	}
}

func TestNavCurrent(t *testing.T) {
	tests := []struct{ path, item, want string }{
		{"/", "/", "page"},
		{"/news", "/", ""},
		{"/news", "/news", "page"},
		{"/news/some-item", "/news", "true"},
		{"/newsletter", "/news", ""},
		{"/projects/x", "/projects/", "true"},
	}
	for _, tt := range tests {
		if got := navCurrent(tt.path, tt.item); got != tt.want {
			t.Errorf("navCurrent(%q, %q) = %q, want %q", tt.path, tt.item, got, tt.want)
		}
	}
}

func TestPageTitle(t *testing.T) {
	site := Site{Name: "IMPC", Tagline: "Policy"}
	tests := []struct{ title, want string }{
		{"", "IMPC – Policy"},
		{"IMPC", "IMPC – Policy"},
		{"News", "News – IMPC"},
	}
	for _, tt := range tests {
		if got := pageTitle(site, Meta{Title: tt.title}); got != tt.want {
			t.Errorf("pageTitle(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestLazyImages(t *testing.T) {
	page := render(t, samplePages()[3].c) // the news item
	doc := htmlcheck.Parse(t, page)
	var lead, cards int
	for _, img := range htmlcheck.ByAtom(doc, atom.Img) {
		switch {
		case htmlcheck.Attr(img, "fetchpriority") == "high":
			lead++
			if _, lazy := htmlcheck.AttrOK(img, "loading"); lazy {
				t.Error("the lead image loads lazily")
			}
		case strings.HasPrefix(htmlcheck.Attr(img, "src"), "/media/"):
			cards++
			if htmlcheck.Attr(img, "loading") != "lazy" {
				t.Errorf("image %q is not lazy", htmlcheck.Attr(img, "src"))
			}
		}
	}
	if lead != 1 {
		t.Errorf("%d lead images, want 1", lead)
	}
	// An image without srcset gets no sizes either.
	plain := render(t, picture(content.Image{Src: "/media/a.jpg", Width: 10, Height: 5, Alt: "a"}, sizesCard, false))
	if strings.Contains(plain, "srcset") || strings.Contains(plain, "sizes") {
		t.Errorf("srcset or sizes without a srcset: %s", plain)
	}
	if !slices.Contains(strings.Fields(plain), `width="10"`) {
		t.Errorf("no width: %s", plain)
	}
}

func TestRepeatsBody(t *testing.T) {
	body := "<p>The second call for proposals closed on 28 February with <strong>46 applications</strong>.</p><p>More.</p>"
	tests := []struct {
		summary string
		want    bool
	}{
		{"The second call for proposals closed on 28 February with 46…", true},
		{"The second call for proposals closed on 28 February with 46 applications.", true},
		{"Seven projects were selected from 46 applications.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := repeatsBody(tt.summary, body); got != tt.want {
			t.Errorf("repeatsBody(%q) = %v", tt.summary, got)
		}
	}
}

func TestPagerNumbers(t *testing.T) {
	for _, tt := range []struct {
		page, pages int
		want        []int
	}{
		{1, 1, []int{1}},
		{1, 5, []int{1, 2, 3, 4, 5}},
		{1, 10, []int{1, 2, 3, 0, 10}},
		{6, 12, []int{1, 0, 4, 5, 6, 7, 8, 0, 12}},
		{12, 12, []int{1, 0, 10, 11, 12}},
		{4, 10, []int{1, 2, 3, 4, 5, 6, 0, 10}},
	} {
		got := Pager{Page: tt.page, Pages: tt.pages}.Numbers()
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("page %d of %d: %v, want %v", tt.page, tt.pages, got, tt.want)
		}
	}
}
