package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// canonicalPath sends paths with a trailing slash to the same path without
// it, so that every page has one URL. Leading slashes are folded first:
// "//evil.example/" must not become a redirect to another site.
func (s *Server) canonicalPath(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		p := r.URL.Path
		if len(p) > 1 && strings.HasSuffix(p, "/") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			target := "/" + strings.Trim(p, "/")
			for strings.HasPrefix(target, "//") {
				target = target[1:]
			}
			if strings.ContainsAny(target, "\\\r\n") {
				return echo.NewHTTPError(http.StatusBadRequest, "That address is not valid.")
			}
			target = (&url.URL{Path: target}).EscapedPath()
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			return c.Redirect(http.StatusMovedPermanently, target)
		}
		return next(c)
	}
}

// contentSecurityPolicy allows only the site's own scripts, styles, images
// and forms; no inline script or style can run, and no site may frame ours.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	// Built once, with canonical keys: every response carries them, so the
	// per-request cost is a few map stores of shared, read-only slices.
	headers := http.Header{
		"Content-Security-Policy":    {contentSecurityPolicy},
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
		return next(c)
	}
}

// logRequests writes one structured line per request. It logs the path
// without the query string, which may carry what a visitor searched for.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		r, res := c.Request(), c.Response()
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		s.Log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", res.Status), slog.Int64("bytes", res.Size),
			slog.Duration("duration", time.Since(start)))
		return nil
	}
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
