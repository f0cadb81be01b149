package web

import (
	"net/http"
	"strings"
	"testing"
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
	for _, u := range us.URLs {
		path := strings.TrimPrefix(u.Loc, baseURL)
		r := ts.mustGet(path, http.StatusOK)
		checkPage(t, path, r)
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
