package web

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"orgsite/internal/testkit"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestPanicRecovered: a handler that panics gives the visitor the normal
// 500 page, without the panic's text; the log has the panic with its stack
// and the request line; the next request is served as usual.
func TestPanicRecovered(t *testing.T) {
	ts, logs := reliabServer(t, 0)
	ts.srv.echo.GET("/test-panic", func(echo.Context) error { panic("kaboom: internal detail") })
	r := ts.get("/test-panic")
	if r.Code != http.StatusInternalServerError {
		t.Fatalf("panic: %d, want 500", r.Code)
	}
	if !strings.Contains(r.Body, "Something went wrong") || !strings.Contains(r.Body, "</html>") || strings.Contains(r.Body, "kaboom") {
		t.Errorf("the 500 page is not the site's error page, or shows the panic:\n%s", excerpt(r.Body))
	}
	log := logs.String()
	for _, want := range []string{`level=ERROR msg=panic`, `kaboom: internal detail`, `stack="goroutine`, `recover_test.go`,
		`msg=request method=GET path=/test-panic status=500`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	ts.mustGet("/", http.StatusOK)
}

// TestOneLogLinePerRequest: every request, whatever answers it (a handler,
// the router, the canonical-path redirect, the admin guard), leaves exactly
// one structured line with its status and duration, and the query string,
// which may hold what a visitor searched for, is not in it.
func TestOneLogLinePerRequest(t *testing.T) {
	ts, logs := reliabServer(t, 0)
	requests := []struct {
		method, target string
		status         int
	}{
		{"GET", "/", 200},
		{"GET", "/news/", 301},
		{"GET", "/search?q=private+words", 200},
		{"GET", "/no-such-page", 404},
		{"POST", "/", 405},
		{"GET", "/admin", 303},
		{"HEAD", "/healthz", 200},
		{"GET", "/a//b/", 301},
	}
	for _, rq := range requests {
		if r := ts.do(rq.method, rq.target, nil); r.Code != rq.status {
			t.Errorf("%s %s: %d, want %d", rq.method, rq.target, r.Code, rq.status)
		}
	}
	line := regexp.MustCompile(`(?m)^time=\S+ level=\w+ msg=request method=(\w+) path=(\S+) status=(\d+) bytes=\d+ duration=\S+ route=\S+ client=\S+ request_id=\S+$`)
	got := line.FindAllStringSubmatch(logs.String(), -1)
	if len(got) != len(requests) {
		t.Fatalf("%d request lines for %d requests:\n%s", len(got), len(requests), logs.String())
	}
	for i, rq := range requests {
		if got[i][1] != rq.method || got[i][3] != itoa(rq.status) {
			t.Errorf("line %d: %v, want %s %s %d", i, got[i][0], rq.method, rq.target, rq.status)
		}
	}
	if strings.Contains(logs.String(), "private") {
		t.Errorf("the search words reached the log:\n%s", logs.String())
	}
}

// TestClientAddress: X-Forwarded-For names the client only when the peer
// is a trusted proxy; from anyone else it is ignored.
func TestClientAddress(t *testing.T) {
	_, proxies, _ := net.ParseCIDR("10.1.0.0/16")
	tests := []struct {
		trusted []*net.IPNet
		peer    string
		xff     string
		want    string
	}{
		{nil, "203.0.113.9:5000", "198.51.100.1", "203.0.113.9"},
		{[]*net.IPNet{proxies}, "203.0.113.9:5000", "198.51.100.1", "203.0.113.9"},
		{[]*net.IPNet{proxies}, "10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},
		{[]*net.IPNet{proxies}, "10.1.2.3:5000", "198.51.100.1, 10.1.9.9", "198.51.100.1"},
		{[]*net.IPNet{proxies}, "10.1.2.3:5000", "", "10.1.2.3"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.peer
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := ipExtractor(tt.trusted)(r); got != tt.want {
			t.Errorf("peer %s, XFF %q, trusted %v: %s, want %s", tt.peer, tt.xff, tt.trusted, got, tt.want)
		}
	}
}

// TestRequestIDs: every answer carries an X-Request-ID that its log line
// names; one sent by a trusted proxy is kept, one from anyone else or
// with characters that could forge a log line is replaced.
func TestRequestIDs(t *testing.T) {
	var logs testkit.SyncBuffer
	ts := newTestServer(t)
	ts.srv.Log = slog.New(slog.NewTextHandler(&logs, nil))
	first, second := ts.get("/"), ts.get("/")
	a, b := first.Header.Get("X-Request-Id"), second.Header.Get("X-Request-Id")
	if a == "" || a == b || !strings.Contains(logs.String(), "request_id="+a) || !strings.Contains(logs.String(), "route=/ ") {
		t.Errorf("ids %q, %q; log:\n%s", a, b, logs.String())
	}
	// The test's requests come from 192.0.2.1 (httptest), not a trusted proxy.
	if r := ts.do(http.MethodGet, "/", http.Header{"X-Request-Id": {"from-a-stranger"}}); r.Header.Get("X-Request-Id") == "from-a-stranger" {
		t.Error("a stranger's request id was kept")
	}
	_, proxy, _ := net.ParseCIDR("192.0.2.0/24")
	ts.srv.Config.TrustedProxies = []*net.IPNet{proxy}
	if r := ts.do(http.MethodGet, "/", http.Header{"X-Request-Id": {"lb-7f3a:42"}}); r.Header.Get("X-Request-Id") != "lb-7f3a:42" {
		t.Errorf("the proxy's id: %q", r.Header.Get("X-Request-Id"))
	}
	if r := ts.do(http.MethodGet, "/", http.Header{"X-Request-Id": {"x\" level=ERROR msg=forged"}}); strings.Contains(r.Header.Get("X-Request-Id"), "forged") {
		t.Error("an id that forges a log line was kept")
	}
}
