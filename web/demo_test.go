package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/internal/testkit/htmlcheck"
)

// TestDemoSite seeds the real demo content (data/demo), as the first start
// of the binary does, and checks that every page of its sitemap serves and
// keeps the rules every page owes (checkPage). It is the one web test that
// may name the demo's content; the others use the fixture.
func TestDemoSite(t *testing.T) {
	ts := newDemoServer(t)
	us := parseURLSet(t, ts.mustGet("/sitemap.xml", http.StatusOK).Body)
	// 4 fixed lists, 3 pages, 3 projects, 10 news.
	if len(us.URLs) < 20 {
		t.Errorf("the demo's sitemap lists %d URLs, want at least 20", len(us.URLs))
	}
	translated := otherLangPaths(t, ts)
	for _, u := range us.URLs {
		path := strings.TrimPrefix(u.Loc, baseURL)
		r := ts.mustGet(path, http.StatusOK)
		if first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/"); translated[path] || first == "az" || first == "ru" {
			continue // checkPage expects English; the language tests check these
		}
		checkPageOf(t, path, r, false) // an organisation's site: no site-wide statement
	}
	home := ts.mustGet("/", http.StatusOK)
	for _, want := range []string{"International Migration Policy Centre", "MOBILAZE"} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("the demo's home page lacks %q", want)
		}
	}
	if r := ts.mustGet("/search?q=baku", http.StatusOK); !strings.Contains(r.Body, "<mark>") {
		t.Error("searching the demo for baku finds nothing")
	}
}

// otherLangPaths are the addresses of the demo's items in languages other
// than English, as the sitemap gives them, unprefixed or under /az/ and
// /ru/. The language tests check those pages; checkPage expects English.
func otherLangPaths(t *testing.T, ts *testServer) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, k := range []content.Kind{content.KindNews, content.KindProject, content.KindPage} {
		rows, _, err := ts.st.AdminList(context.Background(), k, store.ListFilter{Limit: 1000}, ts.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Entry.Lang != content.DefaultLang {
				p := content.Path(k, r.Entry.Slug)
				out[p], out[content.LangPath(r.Entry.Lang, content.DefaultLang, p)] = true, true
			}
		}
	}
	return out
}

// TestDemoShareImage: every page of the demo has a picture for link
// previews, its own or the site's, and news without a lead image name it
// in their NewsArticle.
func TestDemoShareImage(t *testing.T) {
	ts := newDemoServer(t)
	for _, p := range []string{"/", "/news", "/projects", "/about", "/tags/events", "/az", "/sitemap"} {
		doc := htmlcheck.Parse(t, ts.mustGet(p, http.StatusOK).Body)
		if img, ok := htmlcheck.MetaContent(doc, "property", "og:image"); !ok || !strings.HasPrefix(img, baseURL+"/media/") {
			t.Errorf("%s: og:image %q", p, img)
		}
		if img, ok := htmlcheck.MetaContent(doc, "name", "twitter:image"); !ok || img == "" {
			t.Errorf("%s: no twitter:image", p)
		}
	}
}
