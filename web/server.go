// Package web is orgsite's HTTP layer: the one route table, the public
// handlers (pages, feeds, sitemaps, files), the middleware every response
// passes through and the error handler. The admin area's handlers live in
// web/admin, the forms they read in web/form, the page cache in
// web/pagecache.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/i18n"
	"orgsite/internal/metrics"
	"orgsite/web/admin"
	"orgsite/web/pagecache"
)

// Deps are what the web layer needs from the rest of the program; the
// admin area needs the same.
type Deps = admin.Deps

// Server holds the handlers' dependencies.
type Server struct {
	Deps
	echo  *echo.Echo
	cache *pagecache.Cache
	// sitemaps keeps the XML sitemaps apart from the pages: a part of
	// 50,000 URLs is 10 MB, and a crawler's visit should not push out
	// the pages visitors read.
	sitemaps *pagecache.Cache
	set      settingsCache
	admin    *admin.Server
	texts    *i18n.Bundle // the interface in every language
	// Request ids: a random prefix per process and a counter.
	idPrefix string
	idCount  atomic.Uint64
}

// New builds the router with every route and middleware.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	texts, err := i18n.Load()
	if err != nil {
		// The catalogues are embedded: a broken one is a broken build.
		panic(err)
	}
	s := &Server{Deps: d, echo: e, cache: pagecache.New(64 << 20), sitemaps: pagecache.New(32 << 20), texts: texts, idPrefix: newIDPrefix()}
	if d.Metrics != nil {
		s.cache.Late = d.Metrics.ScheduleLag
		d.Metrics.Cache("pages", cacheStats(s.cache))
		d.Metrics.Cache("sitemaps", cacheStats(s.sitemaps))
	}
	s.admin = admin.New(d, s.render, s.site)
	s.admin.Resolves = s.resolves
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(d.Config.TrustedProxies)
	s.routes()
	return s
}

// ipExtractor finds a request's client address: the peer's, unless the
// peer is one of the trusted proxies, whose X-Forwarded-For then names the
// client. Echo's default would believe the header from anyone.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// get registers a read-only route for GET and HEAD.
func (s *Server) get(path string, h echo.HandlerFunc) {
	s.echo.Match([]string{http.MethodGet, http.MethodHead}, path, h)
}

// cachedGet registers a public GET (and HEAD) served through the page
// cache; params are the query parameters the handler reads.
func (s *Server) cachedGet(path string, h echo.HandlerFunc, params ...string) {
	s.get(path, s.cached(s.cache, h, params))
}

// cacheStats reads a page cache's counts for the metrics.
func cacheStats(c *pagecache.Cache) func() metrics.CacheStats {
	return func() metrics.CacheStats {
		st := c.Stats()
		return metrics.CacheStats{Hits: st.Hits, Misses: st.Misses, Evictions: st.Evictions, Pages: st.Pages, Bytes: st.Bytes}
	}
}

// newIDPrefix starts this process's request ids: random, so that ids of
// two runs or two servers never meet.
func newIDPrefix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "-"
}

// resolves reports whether path answers the public now: 200, or a
// redirect (a renamed page's old address). It asks the router itself, as
// a visitor would, so lists, pages and languages are all covered.
func (s *Server) resolves(ctx context.Context, path string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if err != nil {
		return false
	}
	req.RemoteAddr = "127.0.0.1:0"
	w := &statusOnly{header: http.Header{}}
	s.ServeHTTP(w, req)
	return w.code == 0 || w.code < 400
}

// statusOnly is a ResponseWriter that keeps the status and drops the body.
type statusOnly struct {
	header http.Header
	code   int
}

func (w *statusOnly) Header() http.Header { return w.header }
func (w *statusOnly) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return len(b), nil
}
func (w *statusOnly) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
