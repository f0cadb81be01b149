package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"orgsite/internal/demo"
	"orgsite/web/pagecache"
)

// The hot paths. Budgets are checked by bench/run.sh against nginx; these
// show where time goes (go test -bench . -cpuprofile cpu.out ./web/).

func benchGet(b *testing.B, ts *testServer, target string, hdr http.Header) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		for k, v := range hdr {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		ts.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", target, rec.Code)
		}
	}
}

// BenchmarkRenderPage renders pages from the database each time, as after
// every write: the cache's miss path.
func BenchmarkRenderPage(b *testing.B) {
	for _, target := range []string{"/", "/news", "/news/mobility-partnership-in-azerbaijan-conference-baku", "/projects/mobilaze", "/search?q=baku"} {
		b.Run(target, func(b *testing.B) {
			ts := newTestServer(b)
			ts.srv.cache = pagecache.New(0) // stores nothing: every request renders
			benchGet(b, ts, target, nil)
		})
	}
}

// BenchmarkCacheHit serves pages from the page cache, plain and gzip.
func BenchmarkCacheHit(b *testing.B) {
	ts := newTestServer(b)
	for _, enc := range []string{"", "gzip"} {
		b.Run("home/"+enc, func(b *testing.B) {
			benchGet(b, ts, "/", http.Header{"Accept-Encoding": {enc}})
		})
	}
}

// BenchmarkSitemapPart streams a sitemap of 20,000 news items.
func BenchmarkSitemapPart(b *testing.B) {
	ts := newTestServer(b)
	if err := demo.Corpus(context.Background(), ts.st, 20000, ts.clock.Now()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/sitemap.xml", nil)
		rec := httptest.NewRecorder()
		ts.srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
		io.Copy(io.Discard, rec.Body)
	}
	b.ReportMetric(float64(20000), "urls/op")
}
