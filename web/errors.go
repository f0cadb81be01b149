package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/views"
	"orgsite/web/admin"
)

// badRequest is a 400 whose message is shown to the visitor.
func badRequest(msg string) error { return echo.NewHTTPError(http.StatusBadRequest, msg) }

// handleError is the one place that turns errors into responses: a status,
// and a page that helps. Only 5xx are logged as errors; their details never
// reach the visitor.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, ""
	var he *echo.HTTPError
	unavail := admin.IsUnavailable(err)
	switch {
	case unavail:
		status = http.StatusServiceUnavailable
	case errors.As(err, &he):
		status = he.Code
		if m, ok := he.Message.(string); ok {
			msg = m
		}
	case errors.Is(err, content.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, content.ErrGone):
		status = http.StatusGone
	}
	r := c.Request()
	if status >= 500 {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = ""
	}
	p := views.ErrorPage{Status: status, Meta: views.Meta{Path: r.URL.Path, NoIndex: true}}
	switch status {
	case http.StatusNotFound:
		p.Heading = "Page not found"
		p.Message = "We could not find a page at this address. It may have moved, or the link may be mistyped."
	case http.StatusGone:
		p.Heading = "This page has been removed"
		p.Message = "The content that was published here has been withdrawn and is no longer available."
	case http.StatusMethodNotAllowed:
		p.Heading = "Method not allowed"
		p.Message = "This address cannot be used that way."
	case http.StatusTooManyRequests:
		p.Heading = "Too many attempts"
	case http.StatusForbidden:
		p.Heading = "Not allowed"
	case http.StatusRequestEntityTooLarge:
		p.Heading = "Too large"
		p.Message = s.admin.UploadLimitMessage()
	default:
		if unavail {
			p.Heading = "Changes cannot be saved right now"
			p.Message = admin.UnavailablePage
		} else if status >= 500 {
			p.Heading = "Something went wrong"
			p.Message = "The site could not answer this request. Please try again in a moment."
		} else {
			p.Heading = "That request could not be handled"
		}
	}
	if msg != "" && !strings.EqualFold(msg, http.StatusText(status)) {
		p.Message = msg
	} else if p.Message == "" {
		p.Message = http.StatusText(status) + "."
	}
	p.Meta.Title = p.Heading
	if r.Method == http.MethodHead || wantsPlain(r.URL.Path) {
		c.Response().Header().Set("Cache-Control", "no-store")
		c.String(status, p.Heading+": "+p.Message+"\n")
		return
	}
	site, serr := s.site(r.Context())
	if serr != nil {
		// The database is not answering: still say something useful.
		c.String(status, p.Heading+": "+p.Message+"\n")
		return
	}
	if rerr := s.render(c, status, views.Error(site, p)); rerr != nil {
		s.Log.Error("render error page", "err", rerr)
		c.String(status, p.Heading+"\n")
	}
}

// wantsPlain reports paths for machines and files, which get a short text
// answer instead of an HTML page.
func wantsPlain(path string) bool {
	return strings.HasPrefix(path, "/assets/") || strings.HasPrefix(path, "/media/") ||
		strings.HasSuffix(path, ".xml") || strings.HasSuffix(path, ".txt") || path == "/healthz"
}
