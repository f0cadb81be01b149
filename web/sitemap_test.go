package web

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
)

// sitemapXSD is the sitemaps.org schema as the npm package sitemap ships
// it, installed with the quality tools (cd e2e/quality && npm ci).
const sitemapXSD = "../e2e/quality/node_modules/sitemap/schema/sitemap.xsd"

// TestSitemapLanguages has an independent reader check the sitemap of a
// site in three languages: xmllint validates it against the sitemaps.org
// schema, with other namespaces (the XHTML links, Google's images) allowed,
// and every translated URL names all its versions, itself included,
// reciprocally, with x-default at the default language's.
func TestSitemapLanguages(t *testing.T) {
	schema := laxSitemapSchema(t)
	ts := newTestServer(t)
	ctx, now := ts.ctx(), ts.clock.Now()
	set, err := ts.st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.Languages = []content.Lang{"en", "az", "ru"}
	if err := ts.st.SaveSettings(ctx, set, now); err != nil {
		t.Fatal(err)
	}
	translated := translatedItems(ts)

	r := ts.mustGet("/sitemap.xml", 200)
	file := filepath.Join(t.TempDir(), "sitemap.xml")
	if err := os.WriteFile(file, []byte(r.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, file).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: the sitemap is not valid: %v\n%s", err, out)
	}
	urls := readSitemapAlternates(t, r.Body)
	for _, u := range translated {
		if len(urls[u]) == 0 {
			t.Errorf("%s has no alternates (listed: %t)", u, urls[u] != nil)
		}
	}
	for loc, alts := range urls {
		checkAlternates(t, urls, loc, alts)
	}
	if draft := "https://example.org/ru/news/sitemap-seminar-ru"; urls[draft] != nil {
		t.Errorf("a draft translation is in the sitemap: %s", draft)
	}
}

// translatedItems saves a news item in three languages, a page in two and
// a news item whose only translation is a draft; it returns the URLs that
// must carry alternates.
func translatedItems(ts *testServer) []string {
	ts.t.Helper()
	at := ts.clock.Now().Add(-time.Hour)
	news := publishedNews("sitemap-conference", "conference", at)
	ts.saveNews(news)
	for _, tr := range []struct{ lang, slug string }{{"az", "sitemap-konfrans"}, {"ru", "sitemap-konferentsiya"}} {
		n := publishedNews(tr.slug, tr.slug, at)
		n.Lang, n.Group = content.Lang(tr.lang), news.Group
		ts.saveNews(n)
	}
	seminar := publishedNews("sitemap-seminar", "seminar", at)
	ts.saveNews(seminar)
	draft := publishedNews("sitemap-seminar-ru", "seminar", at)
	draft.Lang, draft.Group, draft.Status = "ru", seminar.Group, content.StatusDraft
	ts.saveNews(draft)
	page := &content.Page{Entry: content.Entry{Slug: "sitemap-team", Title: "Team", Status: content.StatusPublished, PublishedAt: at}}
	if err := ts.st.SavePage(ts.ctx(), page, ts.clock.Now()); err != nil {
		ts.t.Fatal(err)
	}
	az := &content.Page{Entry: content.Entry{Lang: "az", Group: page.Group, Slug: "sitemap-komanda", Title: "Komanda", Status: content.StatusPublished, PublishedAt: at}}
	if err := ts.st.SavePage(ts.ctx(), az, ts.clock.Now()); err != nil {
		ts.t.Fatal(err)
	}
	var urls []string
	for _, p := range []string{"/news/sitemap-conference", "/az/news/sitemap-konfrans", "/ru/news/sitemap-konferentsiya",
		"/sitemap-team", "/az/sitemap-komanda", "/", "/az", "/ru", "/az/news", "/ru/projects", "/ru/sitemap"} {
		urls = append(urls, "https://example.org"+p)
	}
	return urls
}

// checkAlternates checks one URL's alternates: itself among them, one per
// language, each naming the same set back, and x-default at the English
// (default) version.
func checkAlternates(t *testing.T, urls map[string]map[string]string, loc string, alts map[string]string) {
	t.Helper()
	if len(alts) == 0 {
		return
	}
	self := false
	for lang, href := range alts {
		self = self || (href == loc && lang != content.XDefault)
		if lang == content.XDefault {
			continue
		}
		back, listed := urls[href]
		if !listed {
			t.Errorf("%s: alternate %s %s is not in the sitemap", loc, lang, href)
		} else if !sameAlternates(back, alts) {
			t.Errorf("%s names %s as its %s version, which names %v back, not %v", loc, href, lang, back, alts)
		}
	}
	if !self {
		t.Errorf("%s is not among its own alternates %v", loc, alts)
	}
	if def, ok := alts["en"]; ok && alts[content.XDefault] != def {
		t.Errorf("%s: x-default is %q, want the English version %s", loc, alts[content.XDefault], def)
	}
}

func sameAlternates(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// readSitemapAlternates parses a urlset into each URL's alternates, by
// hreflang; a URL without any maps to an empty map.
func readSitemapAlternates(t *testing.T, body string) map[string]map[string]string {
	t.Helper()
	var set struct {
		URLs []struct {
			Loc   string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatalf("sitemap: %v", err)
	}
	urls := map[string]map[string]string{}
	for _, u := range set.URLs {
		alts := map[string]string{}
		for _, l := range u.Links {
			if l.Rel != "alternate" || alts[l.Hreflang] != "" {
				t.Errorf("%s: link rel=%q hreflang=%q: want one rel=alternate per language", u.Loc, l.Rel, l.Hreflang)
			}
			alts[l.Hreflang] = l.Href
		}
		urls[u.Loc] = alts
	}
	return urls
}

// laxSitemapSchema is the shipped sitemap.xsd with its wildcard for other
// namespaces made lax: the schema has no declaration for the XHTML links or
// Google's images, and strict would reject them. It skips loudly when the
// schema or xmllint is missing, and fails instead with CI set.
func laxSitemapSchema(t *testing.T) string {
	t.Helper()
	xsd, err := os.ReadFile(sitemapXSD)
	if err != nil {
		needSitemapTool(t, "the sitemaps.org schema (npm package sitemap)", "cd e2e/quality && npm ci")
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		needSitemapTool(t, "xmllint", "apt-get install -y libxml2-utils")
	}
	const strict = `<xsd:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="strict"/>`
	if n := strings.Count(string(xsd), strict); n != 2 {
		t.Fatalf("%s has %d wildcards for other namespaces, want 2 (urlset and url): has the package changed?", sitemapXSD, n)
	}
	lax := strings.ReplaceAll(string(xsd), strict, strings.Replace(strict, "strict", "lax", 1))
	file := filepath.Join(t.TempDir(), "sitemap.xsd")
	if err := os.WriteFile(file, []byte(lax), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// needSitemapTool skips when a tool is missing, saying how to install it;
// with CI set it fails instead.
func needSitemapTool(t *testing.T, what, install string) {
	t.Helper()
	msg := what + " is not installed; to run this check: " + install
	if os.Getenv("CI") != "" {
		t.Fatal("FAILED, CI is set: " + msg)
	}
	t.Skip("SKIPPED: " + msg)
}
