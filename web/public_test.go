package web

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"orgsite/assets"
	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/internal/testkit/htmlcheck"
)

// htmlPages are the public pages of the fixture site, with what each must
// show.
var htmlPages = []struct {
	path     string
	contains []string
	ld       []string // JSON-LD @types the page must carry
}{
	{"/", []string{fxSiteName, "Latest news", "Current projects", "Funders and partners"}, []string{"Organization"}},
	{"/news", []string{"<h1>News</h1>", fxConferenceTitle}, []string{"BreadcrumbList"}},
	{"/news/" + fxConferenceSlug, []string{fxConferenceTitle, `href="/projects/` + fxOngoing.Slug + `"`, `href="/tags/events"`, fxConferenceAlt}, []string{"NewsArticle", "BreadcrumbList"}},
	{"/news/" + fxSekiSlug, []string{"Şəki"}, []string{"NewsArticle", "BreadcrumbList"}},
	{"/projects", []string{"<h1>Projects</h1>", fxOngoing.Acronym, fxCompleted.Acronym, fxUpcoming.Acronym, "Completed projects"}, []string{"BreadcrumbList"}},
	{"/projects/" + fxOngoing.Slug, []string{fxOngoing.Acronym, "Funded by the European Union", fxSiteName, fxOngoing.Station, fxOngoing.Country}, []string{"BreadcrumbList"}},
	{"/projects/" + fxCompleted.Slug, []string{fxCompleted.Acronym, "This project is completed", "Co-funded by the European Union"}, []string{"BreadcrumbList"}},
	{"/projects/" + fxUpcoming.Slug, []string{fxUpcoming.Acronym}, []string{"BreadcrumbList"}},
	{"/about", []string{"About"}, []string{"BreadcrumbList"}},
	{"/contact", []string{"Contact"}, []string{"BreadcrumbList"}},
	{"/legal", []string{"Legal notice", fxLegalStreet + " 12"}, []string{"BreadcrumbList"}},
	{"/tags/events", []string{"Tagged: Events", fxConferenceTitle}, []string{"BreadcrumbList"}},
	{"/search?q=" + fxSearchWord, []string{"<mark>"}, []string{"BreadcrumbList"}},
	{"/sitemap", []string{"<h1>Site map</h1>", `href="/projects/` + fxOngoing.Slug + `"`, `href="/about"`, `href="/news/` + fxConferenceSlug + `"`}, []string{"BreadcrumbList"}},
}

func TestPublicPages(t *testing.T) {
	ts := newTestServer(t)
	for _, tt := range htmlPages {
		t.Run(tt.path, func(t *testing.T) {
			ts.t = t
			r := ts.mustGet(tt.path, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, want := range tt.contains {
				if !strings.Contains(r.Body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			checkPage(t, tt.path, r)
			types := htmlcheck.JSONLDTypes(t, htmlcheck.Parse(t, r.Body))
			for _, want := range tt.ld {
				if !slices.Contains(types, want) {
					t.Errorf("JSON-LD types %v lack %s", types, want)
				}
			}
		})
	}
}

// checkPage checks what every HTML page owes crawlers, screen readers and
// the EU rules: one h1, lang, title, description, absolute canonical and
// og:url, a skip link, the footer links and the footer funding block.
func checkPage(t *testing.T, path string, r response) {
	t.Helper()
	checkPageOf(t, path, r, true)
}

// checkPageOf is checkPage for a site with a funding block in its footer
// (siteFunding: a project's own site, as the fixture) or without (an
// organisation's, as the demo).
func checkPageOf(t *testing.T, path string, r response, siteFunding bool) {
	t.Helper()
	if !strings.HasPrefix(r.Body, "<!DOCTYPE html>") {
		t.Errorf("no doctype: %q", excerpt(r.Body[:min(len(r.Body), 40)]))
	}
	if !strings.Contains(r.Body, `<html lang="en"`) {
		t.Error(`no <html lang="en"`)
	}
	if n := strings.Count(r.Body, "<h1"); n != 1 {
		t.Errorf("%d <h1 in the page, want exactly 1", n)
	}
	doc := htmlcheck.Parse(t, r.Body)
	if ts := htmlcheck.ByAtom(doc, atom.Title); len(ts) != 1 || htmlcheck.Text(ts[0]) == "" {
		t.Error("missing or empty <title>")
	}
	if d, ok := htmlcheck.MetaContent(doc, "name", "description"); !ok || strings.TrimSpace(d) == "" {
		t.Error("missing or empty meta description")
	}
	canonical := htmlcheck.LinkHref(doc, "canonical")
	if !strings.HasPrefix(canonical, baseURL+"/") {
		t.Errorf("canonical %q is not absolute on %s", canonical, baseURL)
	}
	if og, _ := htmlcheck.MetaContent(doc, "property", "og:url"); og != canonical {
		t.Errorf("og:url %q, want the canonical %q", og, canonical)
	}
	for _, p := range []string{"og:title", "og:description", "og:type"} {
		if v, _ := htmlcheck.MetaContent(doc, "property", p); v == "" {
			t.Errorf("no %s", p)
		}
	}
	if v, _ := htmlcheck.MetaContent(doc, "name", "twitter:card"); v == "" {
		t.Error("no twitter:card")
	}
	if v, _ := htmlcheck.MetaContent(doc, "property", "og:image"); v != "" && !strings.HasPrefix(v, baseURL+"/") {
		t.Errorf("og:image %q is not absolute", v)
	}
	skip := htmlcheck.FindAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.A && htmlcheck.HasClass(n, "skip-link") })
	if len(skip) != 1 || htmlcheck.Attr(skip[0], "href") != "#main" {
		t.Error("no skip link to #main")
	} else if len(htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.Attr(n, "id") == "main" })) != 1 {
		t.Error("the skip link's target #main is missing")
	}
	footers := htmlcheck.ByAtom(doc, atom.Footer)
	if len(footers) == 0 {
		t.Fatal("no footer")
	}
	footer := footers[len(footers)-1]
	links := htmlcheck.Hrefs(footer)
	for _, want := range []string{"/sitemap", "/legal"} {
		if !slices.Contains(links, want) {
			t.Errorf("footer links %v lack %s", links, want)
		}
	}
	// The fixture shows fxOngoing's funding in the footer of every page,
	// but on a page with a funding block of its own (a project, an item
	// of a funded project): one screen, one statement.
	ff := htmlcheck.FindAll(footer, func(n *html.Node) bool { return htmlcheck.HasClass(n, "footer-funding") })
	own := htmlcheck.FindAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Section && htmlcheck.HasClass(n, "funding") })
	switch {
	case len(own) > 0 && len(ff) > 0:
		t.Error("the page has its own funding block and the footer's too")
	case !siteFunding && len(ff) > 0:
		t.Error("an organisation's site shows a funding block in the footer")
	case siteFunding && len(own) == 0 && (len(ff) != 1 || !strings.Contains(htmlcheck.Text(ff[0]), "Funded by the European Union") ||
		len(htmlcheck.FindAll(ff[0], func(n *html.Node) bool { return htmlcheck.HasClass(n, "eu-emblem") })) != 1):
		t.Error("footer lacks the funding block with the EU emblem and statement")
	}
	if v := htmlcheck.FundingRuleViolations(r.Body); len(v) > 0 {
		t.Errorf("EU visibility rules broken on %s:\n%s", path, strings.Join(v, "\n"))
	}
	// No inline script may run: every script is JSON-LD data or external.
	for _, s := range htmlcheck.ByAtom(doc, atom.Script) {
		if htmlcheck.Attr(s, "type") != "application/ld+json" && htmlcheck.Attr(s, "src") == "" {
			t.Errorf("inline script %q would be blocked by the CSP", htmlcheck.Text(s))
		}
	}
	for _, n := range htmlcheck.FindAll(doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				t.Errorf("<%s %s=…> would be blocked by the CSP", n.Data, a.Key)
			}
		}
	}
}

func TestErrorPagesAreFullPages(t *testing.T) {
	ts := newTestServer(t)
	for _, tt := range []struct {
		path string
		code int
	}{
		{"/no-such-page", http.StatusNotFound},
		{"/news/no-such-item", http.StatusNotFound},
		{"/news?page=abc", http.StatusBadRequest},
	} {
		t.Run(tt.path, func(t *testing.T) {
			ts.t = t
			r := ts.mustGet(tt.path, tt.code)
			if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			checkPage(t, tt.path, r)
			if !strings.Contains(r.Body, `<meta name="robots" content="noindex"`) {
				t.Error("an error page must not be indexed")
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q on an error, want no-store", cc)
			}
		})
	}
	r := ts.get("/no-such-page")
	for _, want := range []string{"Page not found", `href="/sitemap"`, `action="/search"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the 404 page is not helpful: it lacks %q", want)
		}
	}
}

func TestNewsPagination(t *testing.T) {
	ts := newTestServer(t)
	// The fixture has 10 news items; 5 more make 15, two pages of 12.
	if len(fxNews) != 10 {
		t.Fatalf("the fixture has %d news items; this test wants 10", len(fxNews))
	}
	for i := range 5 {
		ts.saveNews(publishedNews("extra-"+strconv.Itoa(i), "extra"+strconv.Itoa(i), testStart.Add(-time.Duration(i+1)*time.Minute)))
	}
	p1 := ts.mustGet("/news", http.StatusOK)
	doc := htmlcheck.Parse(t, p1.Body)
	if next := htmlcheck.LinkHref(doc, "next"); next != baseURL+"/news?page=2" {
		t.Errorf("page 1 rel=next %q", next)
	}
	if htmlcheck.LinkHref(doc, "prev") != "" {
		t.Error("page 1 has rel=prev")
	}
	if !strings.Contains(p1.Body, `href="/news/extra-0"`) || strings.Contains(p1.Body, "/news/"+fxOldestNews(1)[0]) {
		t.Error("page 1 does not hold the 12 newest items")
	}

	p2 := ts.mustGet("/news?page=2", http.StatusOK)
	checkPage(t, "/news?page=2", p2)
	doc = htmlcheck.Parse(t, p2.Body)
	if c := htmlcheck.LinkHref(doc, "canonical"); c != baseURL+"/news?page=2" {
		t.Errorf("page 2 canonical %q", c)
	}
	if prev := htmlcheck.LinkHref(doc, "prev"); prev != baseURL+"/news" {
		t.Errorf("page 2 rel=prev %q", prev)
	}
	if htmlcheck.LinkHref(doc, "next") != "" {
		t.Error("the last page has rel=next")
	}
	// 15 items: the 3 oldest fixture items are on page 2.
	for _, slug := range fxOldestNews(3) {
		if !strings.Contains(p2.Body, `href="/news/`+slug+`"`) {
			t.Errorf("page 2 lacks %s", slug)
		}
	}
	if strings.Contains(p2.Body, `href="/news/extra-0"`) {
		t.Error("page 2 repeats an item of page 1")
	}
	if title := htmlcheck.Text(htmlcheck.ByAtom(doc, atom.Title)[0]); !strings.Contains(title, "page 2") {
		t.Errorf("page 2 title %q does not say which page", title)
	}
	d1, _ := htmlcheck.MetaContent(htmlcheck.Parse(t, p1.Body), "name", "description")
	if d2, _ := htmlcheck.MetaContent(doc, "name", "description"); d2 == d1 || !strings.Contains(d2, "page 2") {
		t.Errorf("page 2 description %q repeats page 1's %q", d2, d1)
	}

	ts.mustGet("/news?page=3", http.StatusNotFound)
	ts.mustGet("/news?page=999", http.StatusNotFound)
	ts.mustGet("/news?page=1", http.StatusOK)
}

// TestIndexableIsTheSitemap: a page is meant for search results exactly
// when the sitemap names it. Later pages of lists and tag pages are
// noindex (their links followed) and not in the sitemap; first pages are
// indexable and in it.
func TestIndexableIsTheSitemap(t *testing.T) {
	ts := newTestServer(t)
	for i := range 5 {
		ts.saveNews(publishedNews("extra-"+strconv.Itoa(i), "extra"+strconv.Itoa(i), testStart.Add(-time.Duration(i+1)*time.Minute)))
	}
	sitemap := ts.mustGet("/sitemap.xml", http.StatusOK).Body
	for _, tc := range []struct {
		path      string
		indexable bool
	}{
		{"/", true}, {"/news", true}, {"/projects", true}, {"/news/" + fxConferenceSlug, true},
		{"/news?page=2", false}, {fxEventsPath, false}, {"/search?q=" + fxSearchWord, false},
	} {
		robots, _ := htmlcheck.MetaContent(htmlcheck.Parse(t, ts.mustGet(tc.path, http.StatusOK).Body), "name", "robots")
		noindex := strings.Contains(robots, "noindex")
		listed := strings.Contains(sitemap, "<loc>"+baseURL+strings.ReplaceAll(tc.path, "&", "&amp;")+"</loc>")
		if noindex == tc.indexable || listed != tc.indexable {
			t.Errorf("%s: robots %q, in the sitemap %v; want indexable and listed: %v", tc.path, robots, listed, tc.indexable)
		}
	}
}

func TestPageParam(t *testing.T) {
	ts := newTestServer(t)
	for _, q := range []string{"abc", "0", "-1", "1e9", "1.5", "%20", "0x10", "99999999999999999999", "1%00", "１"} {
		for _, base := range []string{"/news", "/tags/events", "/search?q=" + fxSearchWord + "&x=1"} {
			target := base + "?page=" + q
			if strings.Contains(base, "?") {
				target = base + "&page=" + q
			}
			r := ts.get(target)
			if r.Code != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400", target, r.Code)
				continue
			}
			if !strings.Contains(r.Body, "page number must be a whole number") {
				t.Errorf("GET %s: the 400 does not say what is wrong", target)
			}
		}
	}
	// An empty page parameter is the first page.
	ts.mustGet("/news?page=", http.StatusOK)
	ts.mustGet("/tags/events?page=2", http.StatusNotFound)
}

func TestNotFound(t *testing.T) {
	ts := newTestServer(t)
	for _, p := range []string{
		"/news/no-such-item", "/projects/no-such-project", "/tags/unknown", "/no-such-page",
		"/news/Mobility-Partnership", "/admin-is-not-a-page/x", "/feed", "/sitemap.html",
		"/sitemaps/sitemap-2.xml", "/sitemaps/sitemap-0.xml", "/sitemaps/sitemap-01.xml", "/sitemaps/x.xml",
		"/sitemaps/sitemap-1.xml.gz", "/sitemaps/sitemap--1.xml",
	} {
		if r := ts.get(p); r.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, r.Code)
		}
	}
	// A tag that exists but only on unpublished content is unknown to the public.
	draft := publishedNews("secret-tagged", "secret", testStart.Add(-time.Hour))
	draft.Status = content.StatusDraft
	ts.saveNews(draft, "Secret tag")
	ts.mustGet("/tags/secret-tag", http.StatusNotFound)
	ts.mustGet("/sitemaps/sitemap-1.xml", http.StatusOK)
}

func TestProjectPages(t *testing.T) {
	ts := newTestServer(t)
	r := ts.mustGet("/projects/"+fxOngoing.Slug, http.StatusOK)
	doc := htmlcheck.Parse(t, r.Body)
	h1 := htmlcheck.Text(htmlcheck.ByAtom(doc, atom.H1)[0])
	if !strings.Contains(h1, fxOngoing.Title) {
		t.Errorf("h1 %q", h1)
	}
	main := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.Attr(n, "id") == "main" })[0]
	blocks := htmlcheck.FindAll(main, func(n *html.Node) bool { return htmlcheck.HasClass(n, "funding") })
	if len(blocks) != 1 {
		t.Fatalf("%d funding blocks in the project page's main, want 1", len(blocks))
	}
	text := htmlcheck.Text(blocks[0])
	for _, want := range []string{"Funded by the European Union", fxSiteName} {
		if !strings.Contains(text, want) {
			t.Errorf("the funding block lacks %q: %s", want, text)
		}
	}
	if strings.Contains(r.Body, "This project is completed") {
		t.Error("an ongoing project is marked completed")
	}
	// The project lists its news.
	if !strings.Contains(r.Body, `href="/news/`+fxConferenceSlug+`"`) {
		t.Error("the project page does not list its news")
	}

	lam := ts.mustGet("/projects/"+fxCompleted.Slug, http.StatusOK)
	if !strings.Contains(lam.Body, "notice-completed") {
		t.Error("the completed project is not marked")
	}
	list := ts.mustGet("/projects", http.StatusOK)
	i, j := strings.Index(list.Body, "Completed projects"), strings.Index(list.Body, `href="/projects/`+fxCompleted.Slug+`"`)
	if i < 0 || j < i {
		t.Error("fxCompleted is not listed under the completed projects")
	}

	// Phases follow the clock: when fxUpcoming starts it is ongoing, and
	// when fxOngoing ends it is marked completed, without any edit.
	ts.clock.Set(time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)) // fxOngoing ends 2027-05-31, fxUpcoming starts 2027-01-01
	if r := ts.mustGet("/projects/"+fxOngoing.Slug, http.StatusOK); !strings.Contains(r.Body, "This project is completed") {
		t.Error("fxOngoing ended on 2027-05-31 but is not marked completed on 2027-06-01")
	}
	if r := ts.mustGet("/projects/"+fxUpcoming.Slug, http.StatusOK); strings.Contains(r.Body, "This project is completed") {
		t.Error("fxUpcoming is marked completed while it runs")
	}
}

func TestFundingVisibility(t *testing.T) {
	ts := newTestServer(t)
	projects, err := ts.st.PublicProjects(ts.ctx(), "en", ts.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	eu := 0
	for _, p := range projects {
		if !p.EUFunded() {
			continue
		}
		eu++
		r := ts.mustGet("/projects/"+p.Slug, http.StatusOK)
		if v := htmlcheck.FundingRuleViolations(r.Body); len(v) > 0 {
			t.Errorf("/projects/%s breaks the EU visibility rules:\n%s", p.Slug, strings.Join(v, "\n"))
		}
		want := "Funded by the European Union"
		if p.Statement == content.StatementCoFunded {
			want = "Co-funded by the European Union"
		}
		doc := htmlcheck.Parse(t, r.Body)
		main := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.Attr(n, "id") == "main" })[0]
		blocks := htmlcheck.FindAll(main, func(n *html.Node) bool { return htmlcheck.HasClass(n, "funding") })
		if len(blocks) == 0 || !strings.Contains(htmlcheck.Text(blocks[0]), want) {
			t.Errorf("/projects/%s: no funding block saying %q", p.Slug, want)
			continue
		}
		if len(htmlcheck.FindAll(blocks[0], func(n *html.Node) bool { return htmlcheck.HasClass(n, "eu-emblem") })) != 1 {
			t.Errorf("/projects/%s: the funding block has no EU emblem", p.Slug)
		}
	}
	if eu != len(fxProjects) {
		t.Errorf("%d EU-funded projects in the fixture, want %d", eu, len(fxProjects))
	}
}

// visibility reports where a news item shows up on the public site.
type visibility struct {
	page     int // status of the item's own URL
	news     bool
	home     bool
	sitemap  bool
	feed     bool
	search   bool
	tag      bool
	humanMap bool
}

func (ts *testServer) where(slug, word string) visibility {
	ts.t.Helper()
	link := `href="/news/` + slug + `"`
	abs := baseURL + "/news/" + slug
	v := visibility{page: ts.get("/news/" + slug).Code}
	v.news = strings.Contains(ts.mustGet("/news", http.StatusOK).Body, link)
	v.home = strings.Contains(ts.mustGet("/", http.StatusOK).Body, link)
	v.sitemap = strings.Contains(ts.mustGet("/sitemap.xml", http.StatusOK).Body, "<loc>"+abs+"</loc>")
	v.feed = strings.Contains(ts.mustGet("/feed.xml", http.StatusOK).Body, abs)
	v.search = strings.Contains(ts.mustGet("/search?q="+word, http.StatusOK).Body, link)
	if r := ts.get("/tags/rules"); r.Code == http.StatusOK {
		v.tag = strings.Contains(r.Body, link)
	}
	v.humanMap = strings.Contains(ts.mustGet("/sitemap", http.StatusOK).Body, link)
	return v
}

var (
	everywhere = visibility{page: http.StatusOK, news: true, home: true, sitemap: true, feed: true, search: true, tag: true, humanMap: true}
	nowhere    = visibility{page: http.StatusNotFound}
	gone       = visibility{page: http.StatusGone}
)

func TestPublicationRules(t *testing.T) {
	ts := newTestServer(t)
	now := ts.clock.Now()
	check := func(what, slug, word string, want visibility) {
		t.Helper()
		if got := ts.where(slug, word); got != want {
			t.Errorf("%s: seen %+v, want %+v", what, got, want)
		}
	}

	draft := publishedNews("rules-draft", "draftword", now.Add(-time.Hour))
	draft.Status = content.StatusDraft
	ts.saveNews(draft, "Rules")
	check("draft", "rules-draft", "draftword", nowhere)

	// A published item makes the tag public, so the tag page can be checked too.
	live := publishedNews("rules-live", "liveword", now.Add(-time.Minute))
	ts.saveNews(live, "Rules")
	check("published", "rules-live", "liveword", everywhere)

	sched := publishedNews("rules-scheduled", "scheduledword", now.Add(time.Hour))
	ts.saveNews(sched, "Rules")
	check("scheduled, before its time", "rules-scheduled", "scheduledword", nowhere)
	ts.clock.Add(time.Hour)
	check("scheduled, at its time", "rules-scheduled", "scheduledword", everywhere)
	ts.clock.Add(time.Hour)
	check("scheduled, after its time", "rules-scheduled", "scheduledword", everywhere)
	now = ts.clock.Now()

	expired := publishedNews("rules-expired", "expiredword", now.Add(-48*time.Hour))
	expired.ExpiresAt = now.Add(-time.Second)
	ts.saveNews(expired, "Rules")
	check("expired", "rules-expired", "expiredword", nowhere)

	expiring := publishedNews("rules-expiring", "expiringword", now.Add(-48*time.Hour))
	expiring.ExpiresAt = now.Add(30 * time.Minute)
	ts.saveNews(expiring, "Rules")
	check("expiring, before its end", "rules-expiring", "expiringword", everywhere)
	ts.clock.Add(30 * time.Minute)
	check("expiring, at its end", "rules-expiring", "expiringword", nowhere)

	if err := ts.st.Trash(ts.ctx(), content.KindNews, live.ID, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	check("trashed", "rules-live", "liveword", gone)
	if r := ts.get("/news/rules-live"); !strings.Contains(r.Body, "removed") {
		t.Error("the 410 page does not say the content was removed")
	}
	// A trashed fixture item leaves the project page and related lists too.
	conf, err := ts.st.PublicNews(ts.ctx(), "en", fxConferenceSlug, ts.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.st.Trash(ts.ctx(), content.KindNews, conf.ID, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	ts.mustGet("/news/"+fxConferenceSlug, http.StatusGone)
	for _, p := range []string{"/projects/" + fxOngoing.Slug, "/tags/events", "/news", "/", "/sitemap", "/search?q=conference"} {
		if strings.Contains(ts.get(p).Body, `href="/news/`+fxConferenceSlug+`"`) {
			t.Errorf("%s still links the trashed item", p)
		}
	}

	// Trashing twice is not found, not a second trash.
	if err := ts.st.Trash(ts.ctx(), content.KindNews, live.ID, ts.clock.Now()); err == nil {
		t.Error("trashing a trashed item succeeded")
	}
}

func TestRenamedSlugRedirects(t *testing.T) {
	ts := newTestServer(t)
	n := publishedNews("first-name", "renameword", testStart.Add(-time.Hour))
	ts.saveNews(n)
	ts.mustGet("/news/first-name", http.StatusOK)

	redirects := func(from, to string) {
		t.Helper()
		r := ts.get(from)
		if r.Code != http.StatusMovedPermanently || r.Header.Get("Location") != to {
			t.Errorf("GET %s: %d to %q, want 301 to %s", from, r.Code, r.Header.Get("Location"), to)
		}
	}

	n.Slug = "second-name"
	ts.saveNews(n)
	ts.mustGet("/news/second-name", http.StatusOK)
	redirects("/news/first-name", "/news/second-name")

	n.Slug = "third-name"
	ts.saveNews(n)
	ts.mustGet("/news/third-name", http.StatusOK)
	// No chains: every old URL leads straight to the newest.
	redirects("/news/first-name", "/news/third-name")
	redirects("/news/second-name", "/news/third-name")
	// A HEAD request is redirected the same way.
	if r := ts.do(http.MethodHead, "/news/first-name", nil); r.Code != http.StatusMovedPermanently {
		t.Errorf("HEAD old slug: %d", r.Code)
	}
	// The sitemap names only the current URL.
	sm := ts.mustGet("/sitemap.xml", http.StatusOK).Body
	if strings.Contains(sm, "/news/first-name<") || strings.Contains(sm, "/news/second-name<") || !strings.Contains(sm, "/news/third-name<") {
		t.Error("the sitemap does not follow the rename")
	}

	// Renaming back to the first name makes it live again, and no redirect
	// loops from it.
	n.Slug = "first-name"
	ts.saveNews(n)
	ts.mustGet("/news/first-name", http.StatusOK)
	redirects("/news/second-name", "/news/first-name")
	redirects("/news/third-name", "/news/first-name")

	// A draft renamed before it was ever published leaves no redirect.
	d := publishedNews("draft-name", "draftrename", testStart.Add(-time.Hour))
	d.Status = content.StatusDraft
	ts.saveNews(d)
	d.Slug = "draft-renamed"
	ts.saveNews(d)
	ts.mustGet("/news/draft-name", http.StatusNotFound)

	// A manual redirect from an old site's address.
	if err := ts.st.AddRedirect(ts.ctx(), &store.Redirect{From: "/old/news.php", To: "/news", Code: 301}, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	redirects("/old/news.php", "/news")
	if err := ts.st.AddRedirect(ts.ctx(), &store.Redirect{From: "/old-about", To: "/about", Code: 301}, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	redirects("/old-about", "/about")
	// A redirect never hides live content: a real page wins over a redirect.
	if err := ts.st.AddRedirect(ts.ctx(), &store.Redirect{From: "/contact", To: "/about", Code: 301}, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	ts.mustGet("/contact", http.StatusOK)
	// Only GET and HEAD follow redirects.
	if r := ts.do(http.MethodPost, "/old-about", nil); r.Code == http.StatusMovedPermanently || r.Code >= 500 {
		t.Errorf("POST to a redirected path: %d", r.Code)
	}
}

// safeLocation reports whether a redirect target stays on this site: a
// path starting with exactly one slash.
func safeLocation(loc string) bool {
	if !strings.HasPrefix(loc, "/") {
		return false
	}
	if len(loc) > 1 && (loc[1] == '/' || loc[1] == '\\') {
		return false
	}
	u, err := url.Parse(loc)
	return err == nil && u.Host == "" && u.Scheme == ""
}

func TestTrailingSlashes(t *testing.T) {
	ts := newTestServer(t)
	for _, tt := range []struct{ from, to string }{
		{"/news/", "/news"},
		{"/news/x/", "/news/x"},
		{"/news/" + fxConferenceSlug + "/", "/news/" + fxConferenceSlug},
		{"/about/?a=1", "/about?a=1"},
		{"/news/?page=2", "/news?page=2"},
		{"/projects//", "/projects"},
		{"/news/%C3%A9/", "/news/%C3%A9"},
	} {
		r := ts.get(tt.from)
		if r.Code != http.StatusMovedPermanently || r.Header.Get("Location") != tt.to {
			t.Errorf("GET %s: %d to %q, want 301 to %s", tt.from, r.Code, r.Header.Get("Location"), tt.to)
		}
	}
	// The root has no slash to strip.
	ts.mustGet("/", http.StatusOK)
}

func TestNoOpenRedirect(t *testing.T) {
	ts := newTestServer(t)
	for _, target := range []string{
		"//evil.example/",
		"///evil.example/",
		"////evil.example//",
		`/\evil.example/`,
		`/\\evil.example/`,
		`/\/evil.example/`,
		"/%2F%2Fevil.example/",
		"/%2f/evil.example/",
		"/%5Cevil.example/",
		"/%5C%5Cevil.example/",
		"/%2F%5Cevil.example/",
		"/%09/evil.example/",
		"/%0d%0aLocation:%20http://evil.example/",
		"/.//evil.example/",
		"/%2e%2e//evil.example/",
		"//evil.example/%2e%2e/",
		"//evil.example/news/",
		"/http://evil.example/",
		"/https:%2F%2Fevil.example/",
		"//evil.example/?a=b",
	} {
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			r := ts.do(m, target, nil)
			if r.Code >= 500 {
				t.Errorf("%s %s: %d", m, target, r.Code)
			}
			loc := r.Header.Get("Location")
			if r.Code >= 300 && r.Code < 400 && !safeLocation(loc) {
				t.Errorf("%s %s: %d redirects off-site to %q", m, target, r.Code, loc)
			}
			if loc != "" && (r.Code < 300 || r.Code >= 400) {
				t.Errorf("%s %s: Location %q on a %d", m, target, loc, r.Code)
			}
		}
	}
	// Redirects stored by staff cannot lead off-site either: the store
	// refuses them, or they are not followed off-site.
	for _, to := range []string{"//evil.example", `/\evil.example`, "///evil.example"} {
		if err := ts.st.AddRedirect(ts.ctx(), &store.Redirect{From: "/x", To: to, Code: 301}, ts.clock.Now()); err == nil {
			if r := ts.get("/x"); r.Code >= 300 && r.Code < 400 && !safeLocation(r.Header.Get("Location")) {
				t.Errorf("a stored redirect leads off-site: %q", r.Header.Get("Location"))
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	ts := newTestServer(t)
	long := "/news/" + strings.Repeat("a", 8<<10)
	targets := []string{
		long,
		"/" + strings.Repeat("x", 8<<10),
		"/" + strings.Repeat("a/", 2000),
		"/%ff",
		"/news/%ff",
		"/news/%00",
		"/news/%",
		"/news/%zz",
		"/news/../../etc/passwd",
		"/news/..%2f..%2fetc%2fpasswd",
		"/news/%2e%2e",
		"/news/é",
		"/news/%C3%A9t%C3%A9",
		"/news/日本",
		"/news/\U0001F600",
		"/projects/<script>alert(1)</script>",
		"/projects/%3Cscript%3Ealert(1)%3C/script%3E",
		"/tags/%3Cscript%3E",
		"/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"/news?page=" + strings.Repeat("9", 5000),
		"/search?q=" + strings.Repeat("x", 100<<10),
		"/news?" + strings.Repeat("a=b&", 10000),
		"/search?q=%zz",
		"/search?q=%",
		"/search?q=a&q=b",
		"/search?q[]=a",
		"/news?page[]=1",
		"/?%00=%00",
		"/sitemap.xml?x=%ff",
		"/feed.xml/",
		"/robots.txt/x",
		"/healthz?x=1",
		"*",
		"http://evil.example/news",
		"/news;jsessionid=1",
		"/news#fragment",
	}
	for _, target := range targets {
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			r := ts.do(m, target, nil)
			name := target
			if len(name) > 80 {
				name = name[:80] + "…"
			}
			if r.Code >= 500 {
				t.Errorf("%s %s: %d\n%s", m, name, r.Code, excerpt(r.Body))
			}
			if strings.Contains(r.Body, "<script>alert(1)") {
				t.Errorf("%s %s: the path is reflected unescaped", m, name)
			}
		}
	}
	// 100 KB of query is refused with a clear 400, not a 500.
	r := ts.get("/search?q=" + strings.Repeat("x", 100<<10))
	if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "shorter") {
		t.Errorf("100 KB search: %d", r.Code)
	}
	ts.mustGet(long, http.StatusNotFound)
	ts.mustGet("/news/%00", http.StatusNotFound)
	ts.mustGet("/news/é", http.StatusNotFound)
}

func TestMethods(t *testing.T) {
	ts := newTestServer(t)
	paths := []string{"/", "/news", "/news/" + fxConferenceSlug, "/projects", "/projects/" + fxOngoing.Slug, "/about",
		"/tags/events", "/search?q=" + fxSearchWord, "/sitemap", "/sitemap.xml", "/feed.xml", "/robots.txt", "/healthz",
		"/assets/css/site.css", "/media/x.jpg", "/no-such-page", "/news/"}
	for _, p := range paths {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, http.MethodTrace, "PROPFIND", "BREW"} {
			r := ts.do(m, p, http.Header{"Content-Length": {"0"}})
			if r.Code >= 500 {
				t.Errorf("%s %s: %d", m, p, r.Code)
			}
			if m != http.MethodOptions && r.Code != http.StatusMethodNotAllowed && r.Code != http.StatusNotFound && r.Code != http.StatusBadRequest {
				t.Errorf("%s %s: %d, want 405 or 404", m, p, r.Code)
			}
			if m == http.MethodTrace && strings.Contains(r.Body, "Host: example.org") {
				t.Errorf("TRACE %s echoes the request", p)
			}
		}
	}
	// HEAD answers like GET.
	for _, p := range []string{"/", "/news", "/feed.xml", "/sitemap.xml", "/robots.txt"} {
		g, h := ts.get(p), ts.do(http.MethodHead, p, nil)
		if g.Code != h.Code || g.Header.Get("Content-Type") != h.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q, GET: %d %q", p, h.Code, h.Header.Get("Content-Type"), g.Code, g.Header.Get("Content-Type"))
		}
	}
}

// awkwardQueries are things people (and robots) type into a search box.
var awkwardQueries = []string{
	`"`, `""`, `"lakeport`, `*`, `lakeport*`, `**`, `AND`, `OR NOT`, `NEAR(`, `NEAR(lakeport mobility, 2)`, `(`, `)`, `-`, `+`, `:`, `^`,
	`title:lakeport`, `lakeport"mobility`, `'`, `\`, `%`, `_`, `Şəki`, `seki`, `Seki`, `日本`, "\U0001F600", "🇪🇺 lakeport",
	strings.Repeat("a ", 500), strings.Repeat("x", 200), strings.Repeat("x", 201), "lakeport\x00", "\x00", "\xff\xfe", "lake\xffport",
	"{lakeport}", "lakeport OR", "NOT lakeport", "lakeport AND mobility", "l*a*k*e", "*lakeport", "lakeport -mobility", "^lakeport", "lakeport:", "'; DROP TABLE news; --",
	"<script>alert(1)</script>", "&amp;", "\u0301", "a\u0301", " ", "\t\n", "%00", "\x01lakeport\x02", "Lake" + "\u200b" + "port",
}

func TestSearchAwkwardQueries(t *testing.T) {
	ts := newTestServer(t)
	for _, q := range awkwardQueries {
		target := "/search?q=" + url.QueryEscape(q)
		r := ts.get(target)
		trimmed := strings.TrimSpace(q)
		if len(trimmed) > 200 {
			// The handler refuses long queries with a clear message.
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "shorter") {
				t.Errorf("q=%q (%d bytes): %d, want a 400 asking for a shorter query", excerpt(q), len(trimmed), r.Code)
			}
			continue
		}
		if r.Code != http.StatusOK {
			t.Errorf("q=%q: %d\n%s", excerpt(q), r.Code, excerpt(r.Body))
			continue
		}
		if trimmed != "" && !strings.Contains(r.Body, `class="result"`) && !strings.Contains(r.Body, "No results") {
			t.Errorf("q=%q: neither results nor a no-results message", excerpt(q))
		}
		for _, sn := range htmlcheck.FindAll(htmlcheck.Parse(t, r.Body), func(n *html.Node) bool { return htmlcheck.HasClass(n, "snippet") }) {
			if strings.ContainsAny(htmlcheck.Text(sn), "\x01\x02") {
				t.Errorf("q=%q: raw match markers in a snippet", excerpt(q))
			}
		}
		if strings.Contains(r.Body, "<script>alert(1)") {
			t.Errorf("q=%q: the query is reflected unescaped", excerpt(q))
		}
	}
}

func TestSearchResults(t *testing.T) {
	ts := newTestServer(t)
	r := ts.mustGet("/search?q="+fxSearchWord, http.StatusOK)
	doc := htmlcheck.Parse(t, r.Body)
	marks := htmlcheck.ByAtom(doc, atom.Mark)
	if len(marks) == 0 {
		t.Fatalf("no <mark> in the results for %s", fxSearchWord)
	}
	for _, m := range marks {
		if !strings.EqualFold(htmlcheck.Text(m), fxSearchWord) {
			t.Errorf("<mark>%s</mark> does not hold the matched word", htmlcheck.Text(m))
		}
	}
	if strings.ContainsAny(r.Body, "\x01\x02") {
		t.Error("raw match markers in the page")
	}
	if v, _ := htmlcheck.MetaContent(doc, "name", "robots"); v != "noindex" {
		t.Error("search results should not be indexed")
	}
	// The header search box and the page's own keep what was typed.
	if !strings.Contains(r.Body, `value="`+fxSearchWord+`"`) {
		t.Error("the search form does not keep the query")
	}

	for _, tt := range []struct {
		q    string
		want string // a path among the results
	}{
		{fxSearchWord, "/news/" + fxConferenceSlug},
		{strings.ToUpper(fxSearchWord), "/news/" + fxConferenceSlug},
		{"mobil*", "/projects/" + fxOngoing.Slug},
		{fxOngoing.Slug, "/projects/" + fxOngoing.Slug},
		{"Şəki", "/news/" + fxSekiSlug},
		{"şəki", "/news/" + fxSekiSlug},
		{fxLegalStreet, "/legal"},
		{`"mobility partnership"`, "/projects/" + fxOngoing.Slug},
		{"Gəncə", "/news/" + fxSekiSlug},
	} {
		r := ts.mustGet("/search?q="+url.QueryEscape(tt.q), http.StatusOK)
		if !strings.Contains(r.Body, `href="`+tt.want+`"`) {
			t.Errorf("search %q does not find %s", tt.q, tt.want)
		}
	}

	r = ts.mustGet("/search?q=zzzznothing", http.StatusOK)
	if !strings.Contains(r.Body, "No results") {
		t.Error("no no-results message")
	}
	r = ts.mustGet("/search", http.StatusOK)
	if strings.Contains(r.Body, "No results") {
		t.Error("an empty search shows no-results")
	}
}

// TestSearchDiacriticFolding: visitors without an Azerbaijani keyboard
// type "Seki" for Şəki and "Gence" for Gəncə.
func TestSearchDiacriticFolding(t *testing.T) {
	ts := newTestServer(t)
	for _, q := range []string{"Seki", "seki", "Gence", "gence"} {
		r := ts.mustGet("/search?q="+url.QueryEscape(q), http.StatusOK)
		if !strings.Contains(r.Body, `href="/news/`+fxSekiSlug+`"`) {
			t.Errorf("search %q does not find the Şəki and Gəncə item", q)
		}
	}
}

func TestSearchPagination(t *testing.T) {
	ts := newTestServer(t)
	for i := range 14 {
		ts.saveNews(publishedNews("pag-"+strconv.Itoa(i), "paginationword", testStart.Add(-time.Duration(i+1)*time.Minute)))
	}
	r := ts.mustGet("/search?q=paginationword", http.StatusOK)
	if n := strings.Count(r.Body, `class="result"`); n != 12 {
		t.Errorf("page 1: %d results, want 12", n)
	}
	if !strings.Contains(r.Body, "page=2") {
		t.Error("no link to page 2")
	}
	r = ts.mustGet("/search?q=paginationword&page=2", http.StatusOK)
	if n := strings.Count(r.Body, `class="result"`); n != 2 {
		t.Errorf("page 2: %d results, want 2", n)
	}
	ts.mustGet("/search?q=paginationword&page=3", http.StatusNotFound)
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t)
	n, err := ts.st.PublicNews(ts.ctx(), "en", fxConferenceSlug, testStart)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		"/", "/news", "/news/" + fxConferenceSlug, "/search?q=" + fxSearchWord, "/sitemap", "/about",
		"/sitemap.xml", "/feed.xml", "/robots.txt", "/healthz", assetURL("css/site.css"), n.LeadImage.Src,
		"/no-such-page", "/news?page=abc", "/media/nothing.jpg", "/assets/nothing.css",
		// Redirects and errors raised before routing must carry them too.
		"/news/", "/about/?a=1", `/\evil.example/`,
	} {
		r := ts.get(target)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" {
			t.Errorf("GET %s (%d): no Content-Security-Policy", target, r.Code)
			continue
		}
		directives := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			directives[name] = value
		}
		script := directives["script-src"]
		if script == "" {
			script = directives["default-src"]
		}
		if script == "" || strings.Contains(script, "unsafe-inline") || strings.Contains(script, "unsafe-eval") || strings.Contains(script, "*") {
			t.Errorf("GET %s: weak script-src %q", target, script)
		}
		if directives["frame-ancestors"] != "'none'" {
			t.Errorf("GET %s: frame-ancestors %q, want 'none'", target, directives["frame-ancestors"])
		}
		if directives["object-src"] != "'none'" {
			t.Errorf("GET %s: object-src %q", target, directives["object-src"])
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", target, h.Get("X-Content-Type-Options"))
		}
		if h.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: no Referrer-Policy", target)
		}
		if h.Get("Strict-Transport-Security") == "" {
			t.Errorf("GET %s: no HSTS although the base URL is https", target)
		}
		if strings.Contains(strings.ToLower(h.Get("Server")+h.Get("X-Powered-By")), "echo") {
			t.Errorf("GET %s: the server names its framework", target)
		}
	}
}

func TestETags(t *testing.T) {
	ts := newTestServer(t)
	for _, p := range []string{"/", "/news", "/news/" + fxConferenceSlug, "/projects/" + fxOngoing.Slug, "/about", "/sitemap", "/feed.xml", "/robots.txt"} {
		r := ts.mustGet(p, http.StatusOK)
		etag := r.Header.Get("ETag")
		if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 4 {
			t.Errorf("GET %s: ETag %q", p, etag)
			continue
		}
		if cc := r.Header.Get("Cache-Control"); cc != "public, no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want public, no-cache", p, cc)
		}
		if again := ts.mustGet(p, http.StatusOK); again.Header.Get("ETag") != etag {
			t.Errorf("GET %s: the ETag changes between two identical requests", p)
		}
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
			nm := ts.do(http.MethodGet, p, http.Header{"If-None-Match": {inm}})
			if nm.Code != http.StatusNotModified {
				t.Errorf("GET %s with If-None-Match %s: %d, want 304", p, inm, nm.Code)
			}
			if nm.Body != "" {
				t.Errorf("GET %s: a 304 with a body", p)
			}
			if nm.Header.Get("ETag") != etag {
				t.Errorf("GET %s: a 304 without the ETag", p)
			}
		}
		if r := ts.do(http.MethodGet, p, http.Header{"If-None-Match": {`"stale"`}}); r.Code != http.StatusOK {
			t.Errorf("GET %s with a stale ETag: %d", p, r.Code)
		}
	}
	// A publish changes the lists' ETags at once.
	before := ts.mustGet("/news", http.StatusOK).Header.Get("ETag")
	ts.saveNews(publishedNews("etag-news", "etagword", testStart.Add(-time.Minute)))
	if r := ts.do(http.MethodGet, "/news", http.Header{"If-None-Match": {before}}); r.Code != http.StatusOK {
		t.Errorf("after a publish /news still answers %d to the old ETag", r.Code)
	}
}

// assetURL is the fingerprinted URL of an embedded asset.
func assetURL(name string) string { return assets.Path(name) }

// TestHostileContent saves content that tries to break out of every place
// it is shown: HTML text and attributes, JSON-LD, the sitemap and the feed.
func TestHostileContent(t *testing.T) {
	ts := newTestServer(t)
	const evil = `</script><script>alert(1)</script>"'><img src=x onerror=alert(2)>&amp;`
	n := &content.News{Entry: content.Entry{
		Slug:    "hostile",
		Title:   "Hostile " + evil,
		Summary: "Summary " + evil,
		BodyMD: "Body hostileword <script>alert(3)</script> [click](javascript:alert(4)) " +
			"<a href=\"/x\" onclick=\"alert(5)\">x</a> <iframe src=\"https://evil.example\"></iframe>\n\n![pic](/media/x.jpg)",
		Status:      content.StatusPublished,
		PublishedAt: testStart.Add(-time.Minute),
	}}
	ts.saveNews(n, "Hostile "+evil)
	for _, p := range []string{"/news/hostile", "/news", "/", "/search?q=hostileword", "/sitemap", "/search?q=" + url.QueryEscape(evil)} {
		r := ts.mustGet(p, http.StatusOK)
		for _, bad := range []string{"<script>alert", "<iframe", `"'><img`} {
			if strings.Contains(r.Body, bad) {
				t.Errorf("%s carries %q", p, bad)
			}
		}
		doc := htmlcheck.Parse(t, r.Body)
		htmlcheck.JSONLDTypes(t, doc) // every JSON-LD block still parses
		for _, s := range htmlcheck.ByAtom(doc, atom.Script) {
			if htmlcheck.Attr(s, "type") != "application/ld+json" {
				t.Errorf("%s: a <script> element of type %q", p, htmlcheck.Attr(s, "type"))
			}
		}
		for _, n := range htmlcheck.FindAll(doc, func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>", p, n.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", p, n.Data, a.Key, a.Val)
				}
			}
		}
		if n := len(htmlcheck.ByAtom(doc, atom.Iframe)); n > 0 {
			t.Errorf("%s: %d iframes", p, n)
		}
	}
	// The machine formats stay well-formed XML.
	for _, p := range []string{"/sitemap.xml", "/feed.xml"} {
		body := ts.mustGet(p, http.StatusOK).Body
		dec := xml.NewDecoder(strings.NewReader(body))
		dec.Strict = true
		for {
			if _, err := dec.Token(); err != nil {
				if err != io.EOF {
					t.Errorf("%s is not well-formed: %v", p, err)
				}
				break
			}
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s carries a raw script", p)
		}
	}
	// The tag's own page works with the odd name.
	ts.mustGet("/tags/"+content.Slugify("Hostile "+evil), http.StatusOK)
}

// TestPublishedWithoutDate: an item saved as published without a date must
// be treated the same everywhere, either public in every list or nowhere.
func TestPublishedWithoutDate(t *testing.T) {
	ts := newTestServer(t)
	n := publishedNews("no-date", "nodateword", time.Time{})
	ts.saveNews(n)
	page := ts.get("/news/no-date").Code
	listed := strings.Contains(ts.mustGet("/news", http.StatusOK).Body, `href="/news/no-date"`)
	found := strings.Contains(ts.mustGet("/search?q=nodateword", http.StatusOK).Body, `href="/news/no-date"`)
	if (page == http.StatusOK) != listed || listed != found {
		t.Errorf("published without a date: its URL answers %d, listed on /news: %v, found by search: %v", page, listed, found)
	}
}

// TestSearchQueryControlCharacters: what a visitor typed is shown back in the
// title and the search box; control characters and broken UTF-8 must not
// reach the page (they make it invalid HTML).
func TestSearchQueryControlCharacters(t *testing.T) {
	ts := newTestServer(t)
	w := fxSearchWord
	for _, q := range []string{"\x01" + w + "\x02", w + "\x00", "\x1b[31m" + w, w[:2] + "\xff" + w[2:]} {
		r := ts.mustGet("/search?q="+url.QueryEscape(q), http.StatusOK)
		for i, c := range []byte(r.Body) {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
				t.Errorf("q=%q: control character %#x in the page at %d", q, c, i)
				break
			}
		}
		if !utf8.ValidString(r.Body) {
			t.Errorf("q=%q: the page is not valid UTF-8", q)
		}
		if (q == "\x01"+w+"\x02" || q == w+"\x00") && !strings.Contains(r.Body, `class="result"`) {
			t.Errorf("q=%q: %s is not found", q, w)
		}
	}
}

// TestRelatedProjectHidden: a news item never links a project the public
// cannot see.
func TestRelatedProjectHidden(t *testing.T) {
	ts := newTestServer(t)
	p := &content.Project{Entry: content.Entry{Slug: "hidden-project", Title: "Hidden project", Status: content.StatusDraft,
		PublishedAt: testStart.Add(-time.Hour)}}
	if err := ts.st.SaveProject(ts.ctx(), p, nil, store.ProjectPartners{}, testStart); err != nil {
		t.Fatal(err)
	}
	n := publishedNews("about-hidden", "hiddenproj", testStart.Add(-time.Minute))
	n.ProjectID = p.ID
	ts.saveNews(n)
	r := ts.mustGet("/news/about-hidden", http.StatusOK)
	if strings.Contains(r.Body, "/projects/hidden-project") {
		t.Error("the news item links a draft project")
	}
	ts.mustGet("/projects/hidden-project", http.StatusNotFound)
	if strings.Contains(ts.mustGet("/projects", http.StatusOK).Body, "hidden-project") {
		t.Error("/projects lists a draft project")
	}
}

// TestSearchCapped: a word in more items than the count's cap says "more
// than 1,000 results", pages stop at the cap, and the best matches (here
// the one with the word in its title) still come first.
func TestSearchCapped(t *testing.T) {
	ts := newTestServer(t)
	now := ts.clock.Now()
	items := make([]content.News, store.SearchCap+100)
	for i := range items {
		items[i] = *publishedNews(fmt.Sprintf("bulk-%d", i), "ordinary", now.Add(-time.Duration(i+1)*time.Hour))
		items[i].BodyMD = "Notes on zephyrology and other things."
	}
	items[50].Title = "Zephyrology explained"
	if err := ts.st.ImportNews(ts.ctx(), items, nil, now); err != nil {
		t.Fatal(err)
	}
	r := ts.mustGet("/search?q=zephyrology", http.StatusOK)
	if !strings.Contains(r.Body, "More than 1000 results") {
		t.Errorf("no capped count:\n%s", excerpt(r.Body))
	}
	first := strings.Index(r.Body, "Zephyrology explained")
	other := strings.Index(r.Body, "Test item ordinary")
	if first < 0 || other < 0 || first > other {
		t.Errorf("the title match is not first (at %d, another at %d)", first, other)
	}
	last := (store.SearchCap + perPage - 1) / perPage
	ts.mustGet(fmt.Sprintf("/search?q=zephyrology&page=%d", last), http.StatusOK)
	ts.mustGet(fmt.Sprintf("/search?q=zephyrology&page=%d", last+1), http.StatusNotFound)
}

// TestRelatedNews: the sidebar lists the news that share the most with
// the item (a shared tag counts one, its project two), newest first among
// equals, never the item itself, a draft or an unrelated item.
func TestRelatedNews(t *testing.T) {
	ts := newTestServer(t)
	p := &content.Project{Entry: content.Entry{Slug: "rel-project", Title: "Related project", Status: content.StatusPublished,
		PublishedAt: testStart.Add(-time.Hour)}}
	if err := ts.st.SaveProject(ts.ctx(), p, nil, store.ProjectPartners{}, testStart); err != nil {
		t.Fatal(err)
	}
	at := func(h int) time.Time { return testStart.Add(-time.Duration(h) * time.Minute) }
	item := func(slug string, h int, project bool, tags ...string) {
		n := publishedNews(slug, slug, at(h))
		if project {
			n.ProjectID = p.ID
		}
		ts.saveNews(n, tags...)
	}
	item("main", 1, true, "Alpha", "Beta")
	item("both-tags", 9, false, "Alpha", "Beta") // 2
	item("project-only", 5, true)                // 2, newer
	item("tag-and-project", 20, true, "Alpha")   // 3
	item("other-tag", 2, false, "Gamma")         // 0
	item("one-tag", 3, false, "Beta")            // 1
	item("one-tag-older", 30, false, "Beta")     // 1, fifth
	draft := publishedNews("draft", "draft", at(4))
	draft.Status = content.StatusDraft
	ts.saveNews(draft, "Alpha", "Beta")
	doc := htmlcheck.Parse(t, ts.mustGet("/news/main", http.StatusOK).Body)
	box := htmlcheck.FindAll(doc, func(n *html.Node) bool { return htmlcheck.Attr(n, "class") == "related" })
	if len(box) != 1 {
		t.Fatalf("%d related lists", len(box))
	}
	want := "/news/tag-and-project /news/project-only /news/both-tags /news/one-tag"
	if got := strings.Join(htmlcheck.Hrefs(box[0]), " "); got != want {
		t.Errorf("related news:\n got %s\nwant %s", got, want)
	}
}
