// Package web is orgsite's HTTP layer: the echo routes, thin handlers that
// parse a request, ask the store and render a view, and the middleware that
// every response passes through.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/config"
	"orgsite/internal/media"
	"orgsite/internal/store"
)

// Deps are what the web layer needs from the rest of the program.
type Deps struct {
	Store  *store.Store
	Media  *media.Store
	Config config.Config
	Log    *slog.Logger
	// Now is the clock; tests move it to see schedules take effect.
	Now func() time.Time
}

// Server holds the handlers' dependencies.
type Server struct {
	Deps
	echo  *echo.Echo
	cache *pageCache
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
	s := &Server{Deps: d, echo: e, cache: newPageCache(64 << 20)}
	e.HTTPErrorHandler = s.handleError
	// Every request is logged, and a panic anywhere becomes a 500 page,
	// even before routing. Security headers come next, so that even the
	// redirects and refusals of canonicalPath carry them.
	e.Pre(s.logRequests, s.recoverPanics, s.securityHeaders, s.canonicalPath)
	s.routes()
	return s
}

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// get registers a read-only route for GET and HEAD.
func (s *Server) get(path string, h echo.HandlerFunc) {
	s.echo.Match([]string{http.MethodGet, http.MethodHead}, path, h)
}

// page registers a public page, served through the page cache.
func (s *Server) page(path string, h echo.HandlerFunc) { s.get(path, s.cached(h)) }
