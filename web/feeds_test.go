package web

import (
	"database/sql"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/testkit"
	"orgsite/internal/testkit/htmlcheck"
)

func TestRobots(t *testing.T) {
	ts := newTestServer(t)
	r := ts.mustGet("/robots.txt", http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	lines := strings.Split(r.Body, "\n")
	for _, want := range []string{"User-agent: *", "Allow: /", "Disallow: /admin", "Sitemap: " + baseURL + "/sitemap.xml"} {
		if !slices.Contains(lines, want) {
			t.Errorf("robots.txt lacks the line %q:\n%s", want, r.Body)
		}
	}
	// Nothing public is disallowed.
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "Disallow:"); ok && strings.TrimSpace(v) != "/admin" {
			t.Errorf("robots.txt disallows %q", v)
		}
	}
}

// TestRobotsReadAlike: a reader that takes the first rule matching a path
// (Python's robotparser) and one that takes the longest (RFC 9309) agree:
// the admin area is disallowed, the site allowed.
func TestRobotsReadAlike(t *testing.T) {
	ts := newTestServer(t)
	type rule struct {
		allow bool
		path  string
	}
	var rules []rule
	for _, l := range strings.Split(ts.mustGet("/robots.txt", http.StatusOK).Body, "\n") {
		if v, ok := strings.CutPrefix(l, "Allow: "); ok {
			rules = append(rules, rule{true, v})
		} else if v, ok := strings.CutPrefix(l, "Disallow: "); ok {
			rules = append(rules, rule{false, v})
		}
	}
	firstMatch := func(p string) bool {
		for _, r := range rules {
			if strings.HasPrefix(p, r.path) {
				return r.allow
			}
		}
		return true
	}
	longestMatch := func(p string) bool {
		best, allow := -1, true
		for _, r := range rules {
			if strings.HasPrefix(p, r.path) && (len(r.path) > best || len(r.path) == best && r.allow) {
				best, allow = len(r.path), r.allow
			}
		}
		return allow
	}
	for p, want := range map[string]bool{"/": true, "/news": true, "/az/news/x": true, "/admin": false, "/admin/login": false} {
		if firstMatch(p) != want || longestMatch(p) != want {
			t.Errorf("%s: first match %v, longest match %v, want %v", p, firstMatch(p), longestMatch(p), want)
		}
	}
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t)
	r := ts.mustGet("/healthz", http.StatusOK)
	if strings.TrimSpace(r.Body) != "ok" {
		t.Errorf("body %q, want ok", r.Body)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
	}
	if r := ts.mustGet("/readyz", http.StatusOK); strings.TrimSpace(r.Body) != "ready" || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/readyz: %q, %q", r.Body, r.Header.Get("Cache-Control"))
	}
	// When the database is gone, the check says so instead of ok.
	ts.st.Close()
	if r := ts.get("/readyz"); r.Code != http.StatusServiceUnavailable || !strings.Contains(r.Body, "not ready") {
		t.Errorf("/readyz with the database closed: %d %q", r.Code, r.Body)
	}
	r = ts.get("/healthz")
	if r.Code != http.StatusServiceUnavailable {
		t.Errorf("with the database closed: %d, want 503", r.Code)
	}
	// And pages fail cleanly, with a 5xx that leaks nothing.
	r = ts.get("/news")
	if r.Code < 500 || strings.Contains(r.Body, "sql") || strings.Contains(r.Body, "database is closed") {
		t.Errorf("with the database closed /news answers %d: %s", r.Code, excerpt(r.Body))
	}
}

// Sitemaps.org 0.9 with Google's image extension.
type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Images  []struct {
			Loc string `xml:"http://www.google.com/schemas/sitemap-image/1.1 loc"`
		} `xml:"http://www.google.com/schemas/sitemap-image/1.1 image"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

func parseURLSet(t *testing.T, body string) urlset {
	t.Helper()
	var us urlset
	if err := xml.Unmarshal([]byte(body), &us); err != nil {
		t.Fatalf("sitemap is not a sitemaps.org urlset: %v\n%s", err, excerpt(body))
	}
	return us
}

func TestSitemapXML(t *testing.T) {
	ts := newTestServer(t)
	now := ts.clock.Now()
	// Content that must stay out: a draft, a scheduled and an expired item,
	// and a trashed one.
	hidden := ts.saveUnlistedNews("sm")
	trashed := publishedNews("sm-trashed", "smtrashed", now.Add(-time.Hour))
	ts.saveNews(trashed)
	if err := ts.st.Trash(ts.ctx(), content.KindNews, trashed.ID, now); err != nil {
		t.Fatal(err)
	}

	r := ts.mustGet("/sitemap.xml", http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.HasPrefix(r.Body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Error("no XML declaration")
	}
	us := parseURLSet(t, r.Body)
	// 4 fixed lists, then the fixture's pages, projects and news.
	if want := 4 + len(fxPages) + len(fxProjects) + len(fxNews); len(us.URLs) != want {
		t.Errorf("%d URLs, want %d", len(us.URLs), want)
	}
	seen := map[string]bool{}
	images := 0
	for _, u := range us.URLs {
		if !strings.HasPrefix(u.Loc, baseURL+"/") {
			t.Errorf("loc %q is not absolute on %s", u.Loc, baseURL)
		}
		if seen[u.Loc] {
			t.Errorf("loc %q twice", u.Loc)
		}
		seen[u.Loc] = true
		lm, err := time.Parse(time.RFC3339, u.LastMod)
		if err != nil {
			t.Errorf("%s: lastmod %q is not a W3C datetime: %v", u.Loc, u.LastMod, err)
		} else if lm.After(now) {
			t.Errorf("%s: lastmod %s is in the future", u.Loc, u.LastMod)
		}
		for _, img := range u.Images {
			images++
			if !strings.HasPrefix(img.Loc, baseURL+"/media/") {
				t.Errorf("%s: image %q is not an absolute media URL", u.Loc, img.Loc)
			}
			// The image is really served.
			path := strings.TrimPrefix(img.Loc, baseURL)
			if r := ts.get(path); r.Code != http.StatusOK {
				t.Errorf("sitemap image %s: %d", path, r.Code)
			}
		}
		// Every URL of the sitemap answers 200.
		path := strings.TrimPrefix(u.Loc, baseURL)
		if r := ts.get(path); r.Code != http.StatusOK {
			t.Errorf("sitemap URL %s: %d", path, r.Code)
		}
	}
	if images < len(fxNews) {
		t.Errorf("%d image:image entries, want one per fixture news item (%d)", images, len(fxNews))
	}
	for _, want := range []string{"/", "/news", "/projects", "/sitemap", "/about", "/contact", "/legal",
		"/projects/" + fxOngoing.Slug, "/projects/" + fxCompleted.Slug, "/projects/" + fxUpcoming.Slug, "/news/" + fxConferenceSlug} {
		if !seen[baseURL+want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	for _, slug := range append(hidden, trashed.Slug) {
		if seen[baseURL+"/news/"+slug] {
			t.Errorf("sitemap lists unpublished %s", slug)
		}
	}
	// The sitemap is well-formed for any title: escape-worthy slugs cannot
	// exist, but check the XML escapes anyway via a strict decoder.
	dec := xml.NewDecoder(strings.NewReader(r.Body))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Errorf("strict XML: %v", err)
			}
			break
		}
	}

	// The scheduled item joins when its time comes.
	ts.clock.Add(time.Hour)
	if !strings.Contains(ts.mustGet("/sitemap.xml", http.StatusOK).Body, "<loc>"+baseURL+"/news/sm-future</loc>") {
		t.Error("the scheduled item is not in the sitemap at its time")
	}
	// A single urlset answers as part 1 too.
	ts.mustGet("/sitemaps/sitemap-1.xml", http.StatusOK)
	ts.mustGet("/sitemaps/sitemap-2.xml", http.StatusNotFound)
}

// Atom 1.0.
type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string     `xml:"http://www.w3.org/2005/Atom id"`
	Title   string     `xml:"http://www.w3.org/2005/Atom title"`
	Updated string     `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Author  struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []struct {
		ID        string     `xml:"http://www.w3.org/2005/Atom id"`
		Title     string     `xml:"http://www.w3.org/2005/Atom title"`
		Updated   string     `xml:"http://www.w3.org/2005/Atom updated"`
		Published string     `xml:"http://www.w3.org/2005/Atom published"`
		Links     []atomLink `xml:"http://www.w3.org/2005/Atom link"`
		Content   struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom content"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

func TestFeed(t *testing.T) {
	ts := newTestServer(t)
	hidden := ts.saveUnlistedNews("feed")

	r := ts.mustGet("/feed.xml", http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
		t.Fatalf("not an Atom feed: %v", err)
	}
	if f.ID == "" || f.Title != fxSiteName || f.Author.Name == "" {
		t.Errorf("feed id %q, title %q, author %q", f.ID, f.Title, f.Author.Name)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	var self, alternate string
	for _, l := range f.Links {
		switch l.Rel {
		case "self":
			self = l.Href
		case "alternate":
			alternate = l.Href
		}
	}
	if self != baseURL+"/feed.xml" || !strings.HasPrefix(alternate, baseURL) {
		t.Errorf("feed links self %q, alternate %q", self, alternate)
	}
	// The feed's home is the home page's canonical address, to the slash.
	if canonical := htmlcheck.LinkHref(htmlcheck.Parse(t, ts.mustGet("/", http.StatusOK).Body), "canonical"); alternate != canonical || f.ID != baseURL+"/" {
		t.Errorf("feed alternate %q and id %q, home canonical %q", alternate, f.ID, canonical)
	}
	if len(f.Entries) != len(fxNews) {
		t.Errorf("%d entries, want the %d published fixture items", len(f.Entries), len(fxNews))
	}
	var prev time.Time
	for i, e := range f.Entries {
		var link string
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				link = l.Href
			}
			if !strings.HasPrefix(l.Href, baseURL+"/") {
				t.Errorf("entry %d: link %q is not absolute", i, l.Href)
			}
		}
		if !strings.HasPrefix(link, baseURL+"/news/") {
			t.Errorf("entry %d: alternate link %q", i, link)
		}
		if e.ID == "" || e.Title == "" {
			t.Errorf("entry %d: id %q, title %q", i, e.ID, e.Title)
		}
		up, err := time.Parse(time.RFC3339, e.Updated)
		if err != nil {
			t.Errorf("entry %d: updated %q: %v", i, e.Updated, err)
		}
		pub, err := time.Parse(time.RFC3339, e.Published)
		if err != nil {
			t.Errorf("entry %d: published %q: %v", i, e.Published, err)
		}
		if up.Before(pub) {
			t.Errorf("entry %d: updated %s before published %s", i, e.Updated, e.Published)
		}
		if i > 0 && pub.After(prev) {
			t.Errorf("entry %d is newer than the one before: not newest first", i)
		}
		prev = pub
		if e.Content.Type != "html" || e.Content.Body == "" {
			t.Errorf("entry %d: content type %q, %d bytes", i, e.Content.Type, len(e.Content.Body))
		}
		// Relative links inside the content are made absolute.
		for _, attr := range []string{`href="/`, `src="/`, `href='/`, `src='/`} {
			if strings.Contains(e.Content.Body, attr) {
				t.Errorf("entry %d: a relative %s…\" link left in the content", i, attr)
			}
		}
		for _, bad := range []string{"<script", "javascript:", "onerror="} {
			if strings.Contains(strings.ToLower(e.Content.Body), bad) {
				t.Errorf("entry %d: content carries %q", i, bad)
			}
		}
	}
	link := baseURL + "/projects/" + fxOngoing.Slug
	if !strings.Contains(r.Body, "href=&#34;"+link+"&#34;") && !strings.Contains(r.Body, `href="`+link+`"`) &&
		!strings.Contains(r.Body, "href=&quot;"+link+"&quot;") {
		t.Errorf("the body's link to %s is not made absolute", link)
	}
	for _, slug := range hidden {
		if strings.Contains(r.Body, "/news/"+slug) {
			t.Errorf("the feed carries unpublished %s", slug)
		}
	}
	ts.clock.Add(time.Hour)
	if !strings.Contains(ts.mustGet("/feed.xml", http.StatusOK).Body, baseURL+"/news/feed-future") {
		t.Error("the scheduled item is not in the feed at its time")
	}
}

func TestAssets(t *testing.T) {
	ts := newTestServer(t)
	css := assetURL("css/site.css")
	r := ts.mustGet(css, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", cc)
	}
	etag := r.Header.Get("ETag")
	if etag == "" || len(r.Body) == 0 {
		t.Fatalf("ETag %q, %d bytes", etag, len(r.Body))
	}
	if nm := ts.do(http.MethodGet, css, http.Header{"If-None-Match": {etag}}); nm.Code != http.StatusNotModified || nm.Body != "" {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and nothing", nm.Code, len(nm.Body))
	}
	// The home page links exactly this fingerprinted file.
	if !strings.Contains(ts.mustGet("/", http.StatusOK).Body, `href="`+css+`"`) {
		t.Error("the page does not link the fingerprinted stylesheet")
	}
	for _, name := range []string{"img/favicon.svg", "logos/eu.svg"} {
		r := ts.mustGet(assetURL(name), http.StatusOK)
		if r.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s: Content-Type %q", name, r.Header.Get("Content-Type"))
		}
	}
	// Only fingerprinted URLs exist; a stale or bare name is 404.
	for _, p := range []string{"/assets/css/site.css", "/assets/css/site.0000000000.css", "/assets/", "/assets", "/assets/css/"} {
		if r := ts.get(p); r.Code != http.StatusNotFound && r.Code != http.StatusMovedPermanently {
			t.Errorf("GET %s: %d", p, r.Code)
		}
	}
}

// mediaName is the stored file name of a fixture news item's lead image.
func (ts *testServer) mediaName() string {
	ts.t.Helper()
	n, err := ts.st.PublicNews(ts.ctx(), "en", fxConferenceSlug, ts.clock.Now())
	if err != nil {
		ts.t.Fatal(err)
	}
	name, ok := strings.CutPrefix(n.LeadImage.Src, "/media/")
	if !ok || name == "" {
		ts.t.Fatalf("lead image %q is not a media URL", n.LeadImage.Src)
	}
	return name
}

func TestMedia(t *testing.T) {
	ts := newTestServer(t)
	name := ts.mediaName()
	r := ts.mustGet("/media/"+name, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "image/jpeg" {
		t.Errorf("Content-Type %q, want image/jpeg", ct)
	}
	if !strings.HasPrefix(r.Body, "\xff\xd8\xff") {
		t.Error("the body is not a JPEG")
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("media without nosniff")
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", cc)
	}
	lm := r.Header.Get("Last-Modified")
	if lm == "" {
		t.Fatal("no Last-Modified")
	}
	if nm := ts.do(http.MethodGet, "/media/"+name, http.Header{"If-Modified-Since": {lm}}); nm.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d, want 304", nm.Code)
	}
	if pr := ts.do(http.MethodGet, "/media/"+name, http.Header{"Range": {"bytes=0-9"}}); pr.Code != http.StatusPartialContent || len(pr.Body) != 10 {
		t.Errorf("Range: %d with %d bytes", pr.Code, len(pr.Body))
	}
	if h := ts.do(http.MethodHead, "/media/"+name, nil); h.Code != http.StatusOK {
		t.Errorf("HEAD: %d", h.Code)
	}
	// Every variant named in the page's srcset is served.
	page := ts.mustGet("/news/"+fxConferenceSlug, http.StatusOK).Body
	variants := 0
	for _, part := range strings.Split(page, "/media/")[1:] {
		end := strings.IndexAny(part, ` "'`)
		if end <= 0 {
			continue
		}
		variants++
		if r := ts.get("/media/" + part[:end]); r.Code != http.StatusOK {
			t.Errorf("/media/%s linked from the page: %d", part[:end], r.Code)
		}
	}
	if variants < 2 {
		t.Errorf("the news page links %d media files, want the image and its variants", variants)
	}
	// A well-formed name that does not exist.
	ts.mustGet("/media/"+strings.Repeat("0", 32)+".jpg", http.StatusNotFound)
}

// TestTraversal tries to reach files outside /assets and /media in many
// encodings. None may answer 200 or show a file's content.
func TestTraversal(t *testing.T) {
	ts := newTestServer(t)
	name := ts.mediaName()
	stem := strings.TrimSuffix(name, ".jpg")
	var targets []string
	for _, prefix := range []string{"/assets/", "/media/"} {
		for _, p := range []string{
			"../go.mod",
			"../../go.mod",
			"%2e%2e/go.mod",
			"%2E%2E/go.mod",
			"..%2fgo.mod",
			"..%2f..%2fgo.mod",
			"..%2F..%2Fgo.mod",
			"%2e%2e%2fgo.mod",
			"%2e%2e%2f%2e%2e%2fgo.mod",
			"%2e%2e%2fdata",
			"%2e%2e",
			"..",
			".",
			"%2e",
			"%252e%252e%252fgo.mod",
			"..%252f..%252fgo.mod",
			"%25%32%65%25%32%65/go.mod",
			`..\go.mod`,
			`..\..\go.mod`,
			"..%5cgo.mod",
			"..%5C..%5Cgo.mod",
			"%2e%2e%5cgo.mod",
			"x%00.jpg",
			name + "%00.html",
			name + "%00",
			"%00" + name,
			name + "/",
			name + "/..",
			name + "%2f..%2f..%2fgo.mod",
			stem + ".jpg.html",
			stem + ".JPG",
			"./" + name,
			".%2f" + name,
			"%2f" + name,
			"/" + name,
			"//etc/passwd",
			"%2fetc%2fpasswd",
			"..%c0%afgo.mod",
			"..%c1%9cgo.mod",
			"%c0%ae%c0%ae/go.mod",
			"..;/go.mod",
			"....//go.mod",
			".../go.mod",
			"orgsite.db",
			"../orgsite.db",
			"..%2forgsite.db",
			"css/../../go.mod",
			"css/%2e%2e/%2e%2e/go.mod",
			"css/site.css/../../../go.mod",
			"%u002e%u002e/go.mod",
			"\\..\\go.mod",
		} {
			targets = append(targets, prefix+p)
		}
	}
	for _, target := range targets {
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			r := ts.do(m, target, nil)
			if r.Code == http.StatusOK || r.Code >= 500 {
				t.Errorf("%s %s: %d", m, target, r.Code)
			}
			if r.Code >= 300 && r.Code < 400 {
				// A trailing-slash redirect is fine, as long as it stays inside.
				loc := r.Header.Get("Location")
				if !safeLocation(loc) || (!strings.HasPrefix(loc, "/assets/") && !strings.HasPrefix(loc, "/media/")) {
					t.Errorf("%s %s: %d to %q", m, target, r.Code, loc)
				}
				continue
			}
			if r.Code != http.StatusNotFound && r.Code != http.StatusBadRequest {
				t.Errorf("%s %s: %d, want 404 or 400", m, target, r.Code)
			}
			for _, leak := range []string{"module orgsite", "root:x:0", "SQLite format", "\xff\xd8\xff", "go 1."} {
				if strings.Contains(r.Body, leak) {
					t.Errorf("%s %s: the body carries %q", m, target, leak)
				}
			}
		}
	}
}

// TestSitemapIndex fills the site past the 50,000 URLs of one sitemap file.
// The rows are written with one SQL statement on a second connection to the
// database: saving 50,000 items one by one through the store takes minutes.
func TestSitemapIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts 50,000 news items")
	}
	ts := newTestServer(t)
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(ts.st.Path())+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const extra = 50_000
	pub := testStart.Add(-30 * 24 * time.Hour).Unix()
	_, err = db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO news (lang, slug, title, status, published_at, created_at, updated_at)
		SELECT 'en', 'bulk-' || i, 'Bulk item ' || i, 'published', ? - i, ?, ? FROM n`, extra, pub, pub, pub)
	if err != nil {
		t.Fatalf("bulk insert: %v", err)
	}
	total, err := ts.st.CountPublic(ts.ctx(), ts.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	urls := total + 4 // the fixed lists
	if urls <= 50_000 || urls > 100_000 {
		t.Fatalf("%d URLs: the test needs two parts", urls)
	}

	r := ts.mustGet("/sitemap.xml", http.StatusOK)
	var idx sitemapIndex
	if err := xml.Unmarshal([]byte(r.Body), &idx); err != nil {
		t.Fatalf("/sitemap.xml is not a sitemap index: %v\n%s", err, excerpt(r.Body))
	}
	if len(idx.Sitemaps) != 2 {
		t.Fatalf("%d parts, want 2", len(idx.Sitemaps))
	}
	seen := map[string]bool{}
	count := 0
	for i, sm := range idx.Sitemaps {
		want := baseURL + "/sitemaps/sitemap-" + strconv.Itoa(i+1) + ".xml"
		if sm.Loc != want {
			t.Errorf("part %d at %q, want %q", i+1, sm.Loc, want)
		}
		if _, err := time.Parse(time.RFC3339, sm.LastMod); err != nil {
			t.Errorf("part %d lastmod %q: %v", i+1, sm.LastMod, err)
		}
		part := ts.mustGet(strings.TrimPrefix(sm.Loc, baseURL), http.StatusOK)
		us := parseURLSet(t, part.Body)
		if len(us.URLs) > 50_000 {
			t.Errorf("part %d has %d URLs, more than 50,000", i+1, len(us.URLs))
		}
		if len(part.Body) > 50<<20 {
			t.Errorf("part %d is %d bytes, more than 50 MB", i+1, len(part.Body))
		}
		for _, u := range us.URLs {
			if seen[u.Loc] {
				t.Errorf("%s is in two parts", u.Loc)
			}
			seen[u.Loc] = true
			count++
		}
	}
	if count != urls {
		t.Errorf("the parts hold %d URLs, want %d", count, urls)
	}
	for _, want := range []string{"/", "/about", "/projects/" + fxOngoing.Slug, "/news/" + fxConferenceSlug, "/news/bulk-1", "/news/bulk-50000"} {
		if !seen[baseURL+want] {
			t.Errorf("no part lists %s", want)
		}
	}
	ts.mustGet("/sitemaps/sitemap-3.xml", http.StatusNotFound)
	ts.mustGet("/sitemaps/sitemap-0.xml", http.StatusNotFound)

	// A full part, kept only gzipped, is the same document in every form,
	// and a crawler that has it gets a 304.
	checkCompressedAndETags(t, ts, "/sitemaps/sitemap-1.xml")
	plain := ts.mustGet("/sitemaps/sitemap-1.xml", http.StatusOK)
	for _, coding := range []string{"gzip", "br"} {
		start := time.Now()
		z := ts.do(http.MethodGet, "/sitemaps/sitemap-1.xml", http.Header{"Accept-Encoding": {coding}})
		t.Logf("part 1: %d bytes, %d as %s (first request %v)", len(plain.Body), len(z.Body), coding, time.Since(start))
		if z.Header.Get("Content-Encoding") != coding || len(z.Body) > len(plain.Body)/10 {
			t.Errorf("%s: %q, %d bytes of %d", coding, z.Header.Get("Content-Encoding"), len(z.Body), len(plain.Body))
		}
		again := ts.do(http.MethodGet, "/sitemaps/sitemap-1.xml", http.Header{"Accept-Encoding": {coding}, "If-None-Match": {z.Header.Get("ETag")}})
		if again.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", coding, again.Code)
		}
	}
}

// TestMediaSandboxed: an uploaded file runs nothing in the site's origin
// (CSP sandbox), and a document is downloaded rather than shown.
func TestMediaSandboxed(t *testing.T) {
	ts := newTestServer(t)
	img := ts.mustGet("/media/"+ts.mediaName(), http.StatusOK)
	if csp := img.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox;") {
		t.Errorf("image CSP %q", csp)
	}
	f, err := ts.srv.Media.Save(strings.NewReader(testkit.PDF))
	if err != nil {
		t.Fatal(err)
	}
	doc := ts.mustGet("/media/"+f.Name, http.StatusOK)
	if cd := doc.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("document Content-Disposition %q", cd)
	}
	if csp := doc.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox;") {
		t.Errorf("document CSP %q", csp)
	}
}
