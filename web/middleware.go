package web

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
)

// canonicalPath sends paths with a trailing slash to the same path without
// it, so that every page has one URL. Leading slashes are folded first:
// "//evil.example/" must not become a redirect to another site.
func (s *Server) canonicalPath(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		p := r.URL.Path
		if len(p) > 1 && strings.HasSuffix(p, "/") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			target, err := content.CanonicalPath(p)
			if err != nil {
				return echo.NewHTTPError(http.StatusBadRequest, err.Error())
			}
			// An old site's address ("/2026/11/12/conference/", as
			// WordPress writes them) goes to its new one in one step.
			if rd, err := s.Store.FindRedirect(r.Context(), strings.TrimRight(p, "/")); err == nil && rd.Code == http.StatusMovedPermanently && rd.To != "" {
				c.Response().Header().Set("Cache-Control", "public, max-age=3600")
				return c.Redirect(http.StatusMovedPermanently, rd.To)
			}
			if r.URL.RawQuery != "" {
				return c.Redirect(http.StatusMovedPermanently, target.String()+"?"+r.URL.RawQuery)
			}
			return c.Redirect(http.StatusMovedPermanently, target.String())
		}
		return next(c)
	}
}

// redirects answers an address that nothing else answers from the
// redirects table: renamed slugs and a previous site's URLs lead on with a
// 301, deleted content is 410 Gone. Only a 404 costs the lookup.
func (s *Server) redirects(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		path := r.URL.Path // as asked for, before a language prefix is taken off
		err := next(c)
		if err == nil || !notFound(err) || r.Method != http.MethodGet && r.Method != http.MethodHead || c.Response().Committed {
			return err
		}
		rd, rerr := s.Store.FindRedirect(r.Context(), path)
		if rerr != nil {
			return err
		}
		if rd.Code == http.StatusMovedPermanently && rd.To != "" {
			c.Response().Header().Set("Cache-Control", "public, max-age=3600")
			return c.Redirect(http.StatusMovedPermanently, rd.To)
		}
		return content.ErrGone
	}
}

// notFound reports whether err answers 404.
func notFound(err error) bool {
	var he *echo.HTTPError
	return errors.Is(err, content.ErrNotFound) || errors.As(err, &he) && he.Code == http.StatusNotFound
}

// contentSecurityPolicy allows only the site's own scripts, styles, images
// and forms; no inline script can run, and no site may frame ours. The one
// inline style allowed is style, the brand colour's rule the layout writes
// (views.Layout), by its hash: the rule changes with the settings only, so
// cached pages keep matching it, and no other inline style runs.
func contentSecurityPolicy(style string) string {
	styles := "'self'"
	if style != "" {
		sum := sha256.Sum256([]byte(style))
		styles += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'self'; img-src 'self' data:; style-src " + styles + "; script-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	// Built once, with canonical keys: every response carries them, so the
	// per-request cost is a few map stores of shared, read-only slices.
	headers := http.Header{
		"X-Content-Type-Options":     {"nosniff"},
		"Referrer-Policy":            {"strict-origin-when-cross-origin"},
		"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
		"X-Frame-Options":            {"DENY"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
	}
	if s.Config.Secure() {
		headers["Strict-Transport-Security"] = []string{"max-age=31536000; includeSubDomains"}
	}
	return func(c echo.Context) error {
		h := c.Response().Header()
		for k, v := range headers {
			h[k] = v
		}
		h["Content-Security-Policy"] = s.policy(c.Request().Context())
		return next(c)
	}
}

// logRequests writes one structured line per request: method, path,
// route pattern, status, bytes, duration, client address (after trusted
// proxies) and request id, which the answer carries as X-Request-ID so that
// a visitor's report finds its line. It logs the path without the query
// string, which may carry what a visitor searched for.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start, path := time.Now(), c.Request().URL.Path // as asked for, before a language prefix is taken off
		id := s.requestID(c)
		c.Response().Header()["X-Request-Id"] = []string{id}
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		r, res := c.Request(), c.Response()
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		d, route := time.Since(start), routeOf(c)
		s.Log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("path", path),
			slog.Int("status", res.Status), slog.Int64("bytes", res.Size),
			slog.Duration("duration", d), slog.String("route", route),
			slog.String("client", c.RealIP()), slog.String("request_id", id))
		s.Metrics.Request(route, res.Status, d)
		return nil
	}
}

// requestID is the request's id: the one a trusted proxy gave it (so that
// its logs and ours meet), else a new one, unique in this process and
// across restarts, made without a random read per request.
func (s *Server) requestID(c echo.Context) string {
	if v := c.Request().Header.Get("X-Request-Id"); v != "" && len(v) <= 64 && validRequestID(v) && s.fromTrustedProxy(c) {
		return v
	}
	return s.idPrefix + strconv.FormatUint(s.idCount.Add(1), 36)
}

// validRequestID allows the characters proxies use in ids (letters,
// digits, - _ . :), nothing that could forge a log line.
func validRequestID(v string) bool {
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':') {
			return false
		}
	}
	return true
}

// fromTrustedProxy reports whether the request comes straight from one of
// the --trusted-proxies.
func (s *Server) fromTrustedProxy(c echo.Context) bool {
	host, _, err := net.SplitHostPort(c.Request().RemoteAddr)
	ip := net.ParseIP(host)
	if err != nil || ip == nil {
		return false
	}
	for _, n := range s.Config.TrustedProxies {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// routeOf is the route pattern that answered ("/news/:slug"): a label
// with few values, where raw paths would make one series per address.
func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" && p != "/*" {
		return p
	}
	return "unmatched"
}

// recoverPanics turns a panic in a handler into a logged 500 page.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", c.Request().URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", v)
			}
		}()
		return next(c)
	}
}
