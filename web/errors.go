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
	r := c.Request()
	status, msg := statusOf(err)
	if status >= 500 {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = ""
	}
	p := s.errorPage(status, admin.IsUnavailable(err), msg)
	p.Meta = views.Meta{Title: p.Heading, Path: r.URL.Path, NoIndex: true}
	if r.Method == http.MethodHead || wantsPlain(r.URL.Path) {
		c.Response().Header().Set("Cache-Control", "no-store")
		c.String(status, p.Heading+": "+p.Message+"\n")
		return
	}
	site, serr := s.site(r.Context(), s.langOf(c))
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

// statusOf is the status an error answers, and the message it carries
// for the visitor, if any.
func statusOf(err error) (int, string) {
	var he *echo.HTTPError
	switch {
	case admin.IsUnavailable(err):
		return http.StatusServiceUnavailable, ""
	case errors.As(err, &he):
		msg, _ := he.Message.(string)
		return he.Code, msg
	case errors.Is(err, content.ErrNotFound):
		return http.StatusNotFound, ""
	case errors.Is(err, content.ErrGone):
		return http.StatusGone, ""
	}
	return http.StatusInternalServerError, ""
}

// errorWords are the heading and message of the error pages that say the
// same whatever the cause.
var errorWords = map[int][2]string{
	http.StatusNotFound:              {"Page not found", "We could not find a page at this address. It may have moved, or the link may be mistyped."},
	http.StatusGone:                  {"This page has been removed", "The content that was published here has been withdrawn and is no longer available."},
	http.StatusMethodNotAllowed:      {"Method not allowed", "This address cannot be used that way."},
	http.StatusTooManyRequests:       {"Too many attempts", ""},
	http.StatusForbidden:             {"Not allowed", ""},
	http.StatusRequestEntityTooLarge: {"Too large", ""},
}

// errorPage words the page of a status; msg, when the handler gave one,
// says more than the standard words.
func (s *Server) errorPage(status int, unavailable bool, msg string) views.ErrorPage {
	p := views.ErrorPage{Status: status}
	words, known := errorWords[status]
	p.Heading, p.Message = words[0], words[1]
	switch {
	case status == http.StatusRequestEntityTooLarge:
		p.Message = s.admin.UploadLimitMessage()
	case known:
	case unavailable:
		p.Heading, p.Message = "Changes cannot be saved right now", admin.UnavailablePage
	case status >= 500:
		p.Heading, p.Message = "Something went wrong", "The site could not answer this request. Please try again in a moment."
	default:
		p.Heading = "That request could not be handled"
	}
	if msg != "" && !strings.EqualFold(msg, http.StatusText(status)) {
		p.Message = msg
	} else if p.Message == "" {
		p.Message = http.StatusText(status) + "."
	}
	return p
}

// wantsPlain reports paths for machines and files, which get a short text
// answer instead of an HTML page.
func wantsPlain(path string) bool {
	return strings.HasPrefix(path, "/assets/") || strings.HasPrefix(path, "/media/") ||
		strings.HasSuffix(path, ".xml") || strings.HasSuffix(path, ".txt") || path == "/healthz" || path == "/readyz"
}
