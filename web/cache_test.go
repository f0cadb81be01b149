package web

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"orgsite/assets"
	"orgsite/internal/config"
	"orgsite/internal/content"
)

// TestCacheNeverStale: every page is rendered into the cache first, then
// the content changes in each way it can; the very next request must show
// the change.
func TestCacheNeverStale(t *testing.T) {
	ts := newTestServer(t)
	pages := []string{"/", "/news", "/tags/events", "/search?q=zebracorn", "/feed.xml", "/sitemap"}
	warm := func() {
		for _, p := range pages {
			ts.mustGet(p, http.StatusOK)
		}
	}
	present := func(when string, want bool) {
		t.Helper()
		for _, p := range pages {
			r := ts.mustGet(p, http.StatusOK)
			if got := strings.Contains(r.Body, "/news/zebracorn-item"); got != want {
				t.Errorf("%s: %s shows the item: %v, want %v", when, p, got, want)
			}
		}
	}
	warm()
	// Scheduled for an hour from now: not there until the clock gets there,
	// though nothing is written in between.
	n := publishedNews("zebracorn-item", "zebracorn", ts.clock.Now().Add(time.Hour))
	ts.saveNews(n, "Events")
	present("scheduled", false)
	ts.clock.Add(time.Hour + time.Second)
	present("its time came", true)

	// Unpublished: gone on the next request.
	n.Status = content.StatusDraft
	ts.saveNews(n, "Events")
	present("unpublished", false)

	// Published again, then expiring in a minute.
	n.Status = content.StatusPublished
	n.ExpiresAt = ts.clock.Now().Add(time.Minute)
	ts.saveNews(n, "Events")
	present("republished", true)
	ts.clock.Add(2 * time.Minute)
	present("expired", false)
}

// TestCacheGzipAndETags: pages and the XML sitemaps (index and part) come
// compressed as the client accepts, with ETags that answer 304.
func TestCacheGzipAndETags(t *testing.T) {
	ts := newTestServer(t)
	for _, target := range []string{"/", "/sitemap.xml", "/sitemaps/sitemap-1.xml"} {
		t.Run(target, func(t *testing.T) { checkCompressedAndETags(t, ts, target) })
	}
}

func checkCompressedAndETags(t *testing.T, ts *testServer, target string) {
	plain := ts.mustGet(target, http.StatusOK)
	gz := ts.do(http.MethodGet, target, http.Header{"Accept-Encoding": {"gzip, deflate"}})
	br := ts.do(http.MethodGet, target, http.Header{"Accept-Encoding": {"gzip, deflate, br"}})
	if br.Header.Get("Content-Encoding") != "br" || len(br.Body) >= len(gz.Body) {
		t.Errorf("brotli: %q, %d bytes against gzip's %d", br.Header.Get("Content-Encoding"), len(br.Body), len(gz.Body))
	}
	if unbr, err := io.ReadAll(brotli.NewReader(strings.NewReader(br.Body))); err != nil || string(unbr) != plain.Body {
		t.Errorf("the brotli body differs from the plain one: %v", err)
	}
	if gz.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip not served: %v", gz.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(gz.Body)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if string(body) != plain.Body {
		t.Fatal("the gzip body differs from the plain one")
	}
	if gz.Header.Get("ETag") == plain.Header.Get("ETag") || plain.Header.Get("ETag") == "" {
		t.Fatalf("ETags: plain %q gzip %q must differ", plain.Header.Get("ETag"), gz.Header.Get("ETag"))
	}
	for _, r := range []response{plain, gz} {
		enc := r.Header.Get("Content-Encoding")
		hdr := http.Header{"If-None-Match": {r.Header.Get("ETag")}}
		if enc != "" {
			hdr.Set("Accept-Encoding", "gzip")
		}
		if again := ts.do(http.MethodGet, target, hdr); again.Code != http.StatusNotModified || again.Body != "" {
			t.Errorf("If-None-Match (%q): %d", enc, again.Code)
		}
	}
	if r := ts.do(http.MethodGet, target, http.Header{"Accept-Encoding": {"gzip;q=0"}}); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent though refused with q=0")
	}
}

// TestAssetsCompressed: text assets come compressed when the browser
// accepts it, and decompress to the very bytes of the file.
func TestAssetsCompressed(t *testing.T) {
	ts := newTestServer(t)
	css := assets.Path("css/site.css")
	plain := ts.mustGet(css, http.StatusOK)
	for enc, read := range map[string]func(string) (io.Reader, error){
		"gzip": func(s string) (io.Reader, error) { return gzip.NewReader(strings.NewReader(s)) },
		"br":   func(s string) (io.Reader, error) { return brotli.NewReader(strings.NewReader(s)), nil },
	} {
		r := ts.do(http.MethodGet, css, http.Header{"Accept-Encoding": {enc}})
		if r.Header.Get("Content-Encoding") != enc || len(r.Body) >= len(plain.Body)/2 {
			t.Errorf("%s: %q, %d bytes of %d", enc, r.Header.Get("Content-Encoding"), len(r.Body), len(plain.Body))
			continue
		}
		zr, err := read(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(zr); string(b) != plain.Body {
			t.Errorf("%s: decompressed body differs", enc)
		}
		if again := ts.do(http.MethodGet, css, http.Header{"Accept-Encoding": {enc}, "If-None-Match": {r.Header.Get("ETag")}}); again.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match gave %d", enc, again.Code)
		}
	}
}

// TestCDNMaxAge: with --cdn-max-age, public pages may be kept by a shared
// cache for that long; without, they are revalidated every time. The admin
// area is never stored.
func TestCDNMaxAge(t *testing.T) {
	ts := newTestServer(t)
	if cc := ts.mustGet("/news", http.StatusOK).Header.Get("Cache-Control"); cc != "public, no-cache" {
		t.Errorf("default: %q", cc)
	}
	cdn := *ts
	cdn.srv = New(Deps{Store: ts.st, Media: ts.ms, Now: ts.clock.Now,
		Config: config.Config{BaseURL: baseURL, DB: ts.st.Path(), Media: ts.ms.Dir, Addr: "127.0.0.1:0", MaxUpload: 20 << 20, CDNMaxAge: 120}})
	want := "public, max-age=0, s-maxage=120, stale-while-revalidate=120"
	for _, p := range []string{"/", "/news", "/feed.xml", "/news/" + fxConferenceSlug} {
		for _, enc := range []string{"", "gzip"} {
			if cc := cdn.do(http.MethodGet, p, http.Header{"Accept-Encoding": {enc}}).Header.Get("Cache-Control"); cc != want {
				t.Errorf("%s (%q): %q, want %q", p, enc, cc, want)
			}
		}
	}
	if cc := cdn.do(http.MethodGet, "/admin/login", nil).Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("admin: %q", cc)
	}
}

// TestCacheKeysIgnoreStrangers: a query parameter a page does not read
// does not make a new copy of it, so random parameters cannot force a
// render (and a maximum-effort compression) per request.
func TestCacheKeysIgnoreStrangers(t *testing.T) {
	ts := newTestServer(t)
	ts.mustGet("/", http.StatusOK)
	ts.mustGet("/news", http.StatusOK)
	// Change a title behind the store's back: a page rendered now shows
	// it, a copy from the cache does not.
	db, err := sql.Open("sqlite", ts.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE news SET title = 'Rendered again' WHERE slug = ?", fxConferenceSlug); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		for _, p := range []string{"/?q=" + strconv.Itoa(i), "/news?utm_source=" + strconv.Itoa(i), "/?page=" + strconv.Itoa(i)} {
			if strings.Contains(ts.mustGet(p, http.StatusOK).Body, "Rendered again") {
				t.Fatalf("%s was rendered, not served from the cache", p)
			}
		}
	}
	// The parameters a page reads still tell its copies apart.
	if strings.Contains(ts.mustGet("/search?q="+fxSearchWord, http.StatusOK).Body, "No results") {
		t.Error("search ignores its query")
	}
}
