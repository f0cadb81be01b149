package export

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// TestSite exports the demo site and checks that the files are the bytes
// the server sends, that list pages become paths, and that every asset and
// image the pages use is there.
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
	stats, err := Site(ctx, Source{Handler: h, Store: st, MediaDir: ms.Dir, Now: now}, out)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Pages < 50 {
		t.Errorf("only %d pages exported", stats.Pages)
	}
	serve := func(target string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec.Body.String()
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("missing %s: %v", name, err)
		}
		return string(b)
	}
	for file, target := range map[string]string{
		"index.html": "/", "news/mobility-partnership-in-azerbaijan-conference-baku.html": "/news/mobility-partnership-in-azerbaijan-conference-baku",
		"projects/mobilaze.html": "/projects/mobilaze", "legal.html": "/legal", "sitemap.xml": "/sitemap.xml", "feed.xml": "/feed.xml",
	} {
		if got := read(file); got != serve(target) {
			t.Errorf("%s differs from what the server sends for %s", file, target)
		}
	}
	page2 := read("news/page/2.html")
	if !strings.Contains(read("news.html"), `href="/news/page/2"`) || strings.Contains(read("news.html"), "?page=") {
		t.Error("news.html does not link page 2 as a path")
	}
	if !strings.Contains(page2, `href="/news"`) {
		t.Error("page 2 does not link back to the first page")
	}
	read("404.html")
	// Every asset and image a page refers to was written.
	for _, page := range []string{"index.html", "news/mobility-partnership-in-azerbaijan-conference-baku.html"} {
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
