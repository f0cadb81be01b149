package export

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"orgsite/internal/config"
	"orgsite/internal/demo"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/web"
)

// TestSite exports the demo site and checks the directory form, that list
// pages become paths, that the search form is left out, and that every
// asset and image the pages use is there.
func TestSite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	st, err := store.Open(ctx, filepath.Join(dir, "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ms, err := media.New(filepath.Join(dir, "media"), 20<<20)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st, ms, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.Corpus(ctx, st, 30, now); err != nil { // enough for a second page of news
		t.Fatal(err)
	}
	h := web.New(web.Deps{Store: st, Media: ms, Config: config.Config{BaseURL: "https://example.org", MaxUpload: 20 << 20},
		Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }})
	out := filepath.Join(dir, "out")
	stats, err := Site(ctx, Source{Handler: h, Store: st, MediaDir: ms.Dir, BaseURL: "https://example.org", Now: now}, out)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Pages < 50 {
		t.Errorf("only %d pages exported", stats.Pages)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("missing %s: %v", name, err)
		}
		return string(b)
	}
	news := read("news/index.html")
	if !strings.Contains(news, `href="/news/page/2/"`) || strings.Contains(news, "?page=") {
		t.Error("news/index.html does not link page 2 as a path")
	}
	if !strings.Contains(read("news/page/2/index.html"), `href="/news/"`) {
		t.Error("page 2 does not link back to the first page")
	}
	if home := read("index.html"); strings.Contains(home, `action="/search`) || !strings.Contains(home, `<link rel="canonical" href="https://example.org/">`) {
		t.Error("the exported home page has a search form that nothing answers, or lost its canonical")
	}
	if item := read("news/mobility-partnership-in-azerbaijan-conference-baku/index.html"); !strings.Contains(item, `href="https://example.org/news/mobility-partnership-in-azerbaijan-conference-baku/"`) {
		t.Error("the news item's canonical is not in directory form")
	}
	if robots := read("robots.txt"); !strings.Contains(robots, "Disallow: /admin\n") {
		t.Errorf("robots.txt rewritten: %q", robots)
	}
	crawlStatic(t, out, "https://example.org")
	read("404.html")
	// Every asset and image a page refers to was written.
	for _, page := range []string{"index.html", "news/mobility-partnership-in-azerbaijan-conference-baku/index.html"} {
		for _, part := range strings.Split(read(page), `"`) {
			if strings.HasPrefix(part, "/assets/") || strings.HasPrefix(part, "/media/") {
				for _, src := range strings.Split(part, ", ") {
					src = strings.Fields(src)[0]
					if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(src))); err != nil {
						t.Errorf("%s refers to %s, not exported", page, src)
					}
				}
			}
		}
	}
}

// crawlStatic serves the export with Go's plain file server, no rules, and
// follows every URL of the sitemap and every local page link from the
// pages it reaches: each must answer 200 at once, never by a redirect.
func crawlStatic(t *testing.T, dir, baseURL string) {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sm, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var queue []string
	for _, m := range regexp.MustCompile(`<loc>([^<]+)</loc>`).FindAllStringSubmatch(string(sm), -1) {
		queue = append(queue, strings.TrimPrefix(m[1], baseURL))
	}
	if len(queue) < 20 {
		t.Fatalf("the sitemap names %d URLs", len(queue))
	}
	link := regexp.MustCompile(`href="(?:` + regexp.QuoteMeta(baseURL) + `)?(/[^"#]*)"`)
	seen := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] || (path.Ext(p) != "" && !strings.HasSuffix(p, "/")) {
			continue // files are checked by the asset loop
		}
		seen[p] = true
		res, err := client.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s answers %d on a plain static server", p, res.StatusCode)
			continue
		}
		for _, m := range link.FindAllStringSubmatch(string(body), -1) {
			queue = append(queue, m[1])
		}
	}
	if len(seen) < 50 {
		t.Errorf("reached only %d pages", len(seen))
	}
}

// TestLinkRewriter: the directory form for the site's own pages, in the
// places each kind of document holds links, and nothing else touched.
func TestLinkRewriter(t *testing.T) {
	l := dirLinks("https://example.org")
	tests := []struct{ file, in, want string }{
		{"/about", `<a href="/about">`, `<a href="/about/">`},
		{"/about", `<a href="/">`, `<a href="/">`},
		{"/about", `<a href="/news?page=2">`, `<a href="/news/page/2/">`},
		{"/about", `<a href="/news/x#part">`, `<a href="/news/x/#part">`},
		{"/about", `<link rel="canonical" href="https://example.org/about">`, `<link rel="canonical" href="https://example.org/about/">`},
		{"/about", `{"url":"https://example.org/projects/x"}`, `{"url":"https://example.org/projects/x/"}`},
		{"/about", `<img src="/media/a.jpg"><a href="/feed.xml">`, `<img src="/media/a.jpg"><a href="/feed.xml">`},
		{"/about", `<a href="https://other.org/x">`, `<a href="https://other.org/x">`},
		{"/about", `<code>/etc/hosts</code>`, `<code>/etc/hosts</code>`}, // page text is no link
		{"/sitemap.xml", `<loc>https://example.org/news/x</loc>`, `<loc>https://example.org/news/x/</loc>`},
		{"/robots.txt", "Disallow: /admin\n", "Disallow: /admin\n"},
	}
	for _, tt := range tests {
		if got := string(l.rewriteFor(tt.file, []byte(tt.in))); got != tt.want {
			t.Errorf("%s: %s → %s, want %s", tt.file, tt.in, got, tt.want)
		}
	}
}
