package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestKey(t *testing.T) {
	search := []string{"q", "page"}
	tests := []struct {
		method, target string
		params         []string
		want           string
	}{
		{"GET", "/news", []string{"page"}, "/news?"},
		{"HEAD", "/news?page=2", []string{"page"}, "/news?page=2"},
		{"GET", "/search?q=baku&page=2", search, "/search?q=baku&page=2"},
		{"GET", "/search?page=2&q=baku&utm=x", search, "/search?q=baku&page=2"}, // order and strangers do not matter
		{"GET", "/?q=" + strings.Repeat("x", 50), nil, "/?"},                    // the home page reads no query
		{"GET", "/news?utm_source=x", []string{"page"}, "/news?"},
		{"GET", "/search?page=2", search, "/search?page=2"},
		{"POST", "/news", nil, ""},
		{"GET", "/search?q=" + strings.Repeat("a", 300), search, ""},
	}
	for _, tt := range tests {
		if got := Key(httptest.NewRequest(tt.method, tt.target, nil), tt.params); got != tt.want {
			t.Errorf("%s %s: key %q, want %q", tt.method, tt.target, got, tt.want)
		}
	}
}

// FuzzKey: a key holds exactly the values the page reads, so two requests
// share a copy only when the page would be the same for both; parameters
// the page does not read never change it.
func FuzzKey(f *testing.F) {
	for _, q := range []string{"", "q=baku&page=2", "page=2&q=baku&utm=x", "q=a%26page%3D3", "q=&page=", "q=1&q=2", "q=%ZZ", "page=2;q=x", "q=+%20+"} {
		f.Add(q)
	}
	params := []string{"q", "page"}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/search", RawQuery: rawQuery}}
		key := Key(r, params)
		if key == "" {
			if len(rawQuery) <= 256 {
				t.Fatalf("no key for a short query %q", rawQuery)
			}
			return
		}
		path, query, ok := strings.Cut(key, "?")
		if !ok || path != "/search" {
			t.Fatalf("key %q for path /search", key)
		}
		got, err := url.ParseQuery(query)
		if err != nil {
			t.Fatalf("key %q does not parse: %v", key, err)
		}
		want := r.URL.Query()
		for _, p := range params {
			if got.Get(p) != want.Get(p) {
				t.Fatalf("query %q: key %q gives %s=%q, the page reads %q", rawQuery, key, p, got.Get(p), want.Get(p))
			}
		}
		for k := range got {
			if k != "q" && k != "page" {
				t.Fatalf("query %q: key %q holds %q, which the page does not read", rawQuery, key, k)
			}
		}
		if len(rawQuery) < 240 {
			r.URL.RawQuery = rawQuery + "&utm_source=x"
			if again := Key(r, params); again != key {
				t.Fatalf("a stranger parameter changed the key: %q → %q", key, again)
			}
		}
	})
}

func TestFreshness(t *testing.T) {
	c := New(1 << 20)
	c.Put("/a?", NewPage(3, t0.Add(time.Hour), "text/html", "public, no-cache", []byte("page"), `"e"`))
	switch {
	case c.Get("/a?", 3, t0) == nil:
		t.Error("a fresh page is missing")
	case c.Get("/a?", 4, t0) != nil:
		t.Error("a page from an older write generation is served")
	case c.Get("/a?", 3, t0.Add(time.Hour)) != nil:
		t.Error("a page is served past its next scheduled change")
	}
}

func TestBounded(t *testing.T) {
	c := New(100)
	c.Put("/big?", NewPage(1, time.Time{}, "text/html", "public, no-cache", make([]byte, 60), `"b"`)) // counted twice: over the limit
	if c.Get("/big?", 1, t0) != nil {
		t.Error("a page larger than the cache was kept")
	}
	c.Put("/a?", NewPage(1, time.Time{}, "text/html", "public, no-cache", make([]byte, 30), `"a"`))
	c.Put("/b?", NewPage(1, time.Time{}, "text/html", "public, no-cache", make([]byte, 30), `"b"`))
	if c.Get("/a?", 1, t0) != nil || c.Get("/b?", 1, t0) == nil {
		t.Error("a full cache does not start afresh with the newest page")
	}
	off := New(0)
	off.Put("/a?", NewPage(1, time.Time{}, "text/html", "public, no-cache", []byte("x"), `"x"`))
	if off.Get("/a?", 1, t0) != nil {
		t.Error("a cache of size 0 keeps pages")
	}
}

func TestForms(t *testing.T) {
	body := []byte(strings.Repeat("<p>Migration policy in practice.</p>\n", 40))
	p := NewPage(1, time.Time{}, "text/html; charset=utf-8", "public, no-cache", body, `"abc"`)
	decode := map[string]func(io.Reader) (io.Reader, error){
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for _, tt := range []struct{ accept, coding, etag string }{
		{"gzip, deflate, br", "br", `"abc-b0"`}, // quick at first
		{"gzip", "gzip", `"abc-gz"`},
		{"br;q=0, gzip", "gzip", `"abc-gz"`},
		{"", "", `"abc"`},
	} {
		h, got := p.Form(tt.accept)
		if h.Get("Content-Encoding") != tt.coding || h.Get("Etag") != tt.etag || h.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%q: headers %v", tt.accept, h)
			continue
		}
		if tt.coding != "" {
			r, err := decode[tt.coding](bytes.NewReader(got))
			if err == nil {
				got, err = io.ReadAll(r)
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.coding, err)
			}
		}
		if !bytes.Equal(got, body) {
			t.Errorf("%q: the body does not come back", tt.accept)
		}
	}
	// The best brotli form replaces the quick one, with its own ETag.
	_, quick := p.Form("br")
	upgrades.busy.Wait()
	h, best := p.Form("br")
	if h.Get("Etag") != `"abc-br"` || h.Get("Content-Length") != strconv.Itoa(len(best)) || len(best) > len(quick) {
		t.Errorf("after the upgrade: %v, %d bytes against %d", h, len(best), len(quick))
	}
	if got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(best))); err != nil || !bytes.Equal(got, body) {
		t.Errorf("the best brotli form does not come back: %v", err)
	}
	// Small pages are not worth compressing.
	small := NewPage(1, time.Time{}, "text/plain", "public, no-cache", []byte("ok"), `"s"`)
	if h, _ := small.Form("br"); h.Get("Content-Encoding") != "" {
		t.Error("a 2-byte page was compressed")
	}
}

func TestUntil(t *testing.T) {
	c := New(1 << 20)
	calls := 0
	next := t0.Add(2 * time.Hour)
	load := func() (time.Time, error) { calls++; return next, nil }
	for range 3 {
		if at, err := c.Until(7, t0, load); err != nil || !at.Equal(next) {
			t.Fatalf("until %v, %v", at, err)
		}
	}
	if calls != 1 {
		t.Errorf("the store was asked %d times in one generation", calls)
	}
	// Nothing scheduled: fresh until midnight, when the dates on pages may change.
	next = time.Time{}
	if at, _ := c.Until(8, t0, load); !at.Equal(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("with nothing scheduled, until %v", at)
	}
}

func TestETagMatch(t *testing.T) {
	for header, want := range map[string]bool{`"a"`: true, `W/"a"`: true, `"b", "a"`: true, `*`: true, `"b"`: false, ``: false} {
		if ETagMatch(header, `"a"`) != want {
			t.Errorf("If-None-Match %q: %v", header, !want)
		}
	}
}

func TestCacheControlKept(t *testing.T) {
	p := NewPage(1, time.Time{}, "text/html", "public, max-age=0, s-maxage=60, stale-while-revalidate=60",
		[]byte(strings.Repeat("x", 600)), `"e"`)
	for _, accept := range []string{"", "gzip", "br"} {
		if h, _ := p.Form(accept); h.Get("Cache-Control") != "public, max-age=0, s-maxage=60, stale-while-revalidate=60" {
			t.Errorf("%q: Cache-Control %q", accept, h.Get("Cache-Control"))
		}
	}
}

// TestEvictsOldest: a full cache makes room by evicting its oldest pages,
// not by emptying itself: a spike of new pages does not throw away every
// page being read.
func TestEvictsOldest(t *testing.T) {
	page := func() *Page {
		return NewPage(1, time.Time{}, "text/html", "public, no-cache", make([]byte, 100), `"e"`)
	}
	c := New(3 * (2*100 + 3)) // room for three pages with three-byte keys
	for _, k := range []string{"/a?", "/b?", "/c?"} {
		c.Put(k, page())
	}
	c.Put("/a?", page()) // put again: now the newest
	c.Put("/d?", page())
	if c.Len() != 3 || c.Get("/b?", 1, t0) != nil {
		t.Errorf("%d pages; /b? (the oldest) still there: %v", c.Len(), c.Get("/b?", 1, t0) != nil)
	}
	for _, k := range []string{"/a?", "/c?", "/d?"} {
		if c.Get(k, 1, t0) == nil {
			t.Errorf("%s evicted", k)
		}
	}
	for range 1000 { // the queue of puts stays bounded
		c.Put("/a?", page())
	}
	if len(c.order) > 2*c.Len()+64 {
		t.Errorf("the eviction queue grew to %d", len(c.order))
	}
}
