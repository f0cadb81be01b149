package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

// adminRedirectRoutes registers the redirects list, where editors see the
// automatic redirects and add old addresses of a previous website.
func (s *Server) adminRedirectRoutes(a *echo.Group) {
	a.GET("/redirects", s.redirects)
	a.POST("/redirects", s.addRedirect)
	a.POST("/redirects/:id/delete", s.deleteRedirect)
}

func (s *Server) redirects(c echo.Context) error {
	return s.renderRedirects(c, http.StatusOK, admin.RedirectsPage{Code: "301", Errors: admin.Errors{}})
}

func (s *Server) renderRedirects(c echo.Context, status int, p admin.RedirectsPage) error {
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	const per = 50
	rows, total, err := s.Store.Redirects(c.Request().Context(), per, (page-1)*per)
	if err != nil {
		return err
	}
	p.Page, p.Total, p.Pages = page, total, max(1, (total+per-1)/per)
	if page > p.Pages {
		return content.ErrNotFound
	}
	p.Chrome, err = s.chromeFlash(c, "Redirects")
	if err != nil {
		return err
	}
	if len(p.Errors) > 0 {
		p.Chrome.PageTitle = "Error: " + p.Chrome.PageTitle
	}
	for _, r := range rows {
		p.Rows = append(p.Rows, admin.RedirectRow{ID: r.ID, From: r.From, To: r.To, Code: r.Code, Auto: r.Kind == "auto", Hits: r.Hits, Updated: r.UpdatedAt})
	}
	return s.render(c, status, admin.Redirects(p))
}

// oldPath checks the old address of a redirect and returns it as the
// router will see it, with percent escapes decoded.
func oldPath(v string) (string, string) {
	switch {
	case v == "":
		return "", "Give the old address, starting with /."
	case strings.Contains(v, "://") || !strings.HasPrefix(v, "/"):
		return "", "Give only the path of the old address, starting with /, such as /old-site/about.html (without https:// and the domain)."
	case strings.HasPrefix(v, "//"):
		return "", "The old address cannot start with //."
	case len(v) > 500:
		return "", "The old address is too long: at most 500 characters."
	case strings.ContainsAny(v, "?#"):
		return "", "Leave out the part from ? or #: redirects match the path only."
	case strings.ContainsRune(v, '\\'):
		return "", "Use / instead of \\ in the address."
	}
	p, err := url.PathUnescape(v)
	if err != nil || strings.IndexFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 || strings.ContainsRune(p, '\\') {
		return "", "The old address contains a % that is not followed by two hexadecimal digits, or characters that cannot be in an address."
	}
	switch {
	case p == "/":
		return "", "The home page cannot be redirected."
	case p == "/admin" || strings.HasPrefix(p, "/admin/") || p == "/assets" || strings.HasPrefix(p, "/assets/"):
		return "", "Addresses under /admin and /assets belong to the site itself and cannot be redirected."
	case strings.HasPrefix(p, "//"):
		return "", "The old address cannot start with //."
	}
	return p, ""
}

func (s *Server) addRedirect(c echo.Context) error {
	errs := admin.Errors{}
	p := admin.RedirectsPage{Errors: errs}
	p.From = formText(c, "from", 500, errs, "The old address")
	p.To = formText(c, "to", 500, errs, "The new address")
	p.Code = c.FormValue("code")
	r := store.Redirect{Code: http.StatusMovedPermanently}
	if errs["from"] == "" {
		var msg string
		if r.From, msg = oldPath(p.From); msg != "" {
			errs["from"] = msg
		}
	}
	switch p.Code {
	case "301":
		switch {
		case errs["to"] != "":
		case p.To == "":
			errs["to"] = "Give the new address, such as /about, or choose “Gone”."
		case strings.HasPrefix(strings.ToLower(p.To), "http:") || strings.HasPrefix(strings.ToLower(p.To), "https:"):
			errs["to"] = "Redirects lead to pages of this site only: give the path, starting with /, such as /about."
		default:
			if msg := sitePath(p.To); msg != "" {
				errs["to"] = msg
			} else if u, err := url.Parse(p.To); err == nil && r.From != "" && u.Path == r.From {
				errs["to"] = "The new address is the same as the old one."
			}
		}
		// Stored escaped, as a Location header wants it: /über → /%C3%BCber.
		if u, err := url.Parse(p.To); err == nil {
			r.To = u.String()
		}
	case "410":
		r.Code = http.StatusGone
		if p.To != "" && errs["to"] == "" {
			errs["to"] = "A “Gone” address leads nowhere: leave the new address empty, or choose “Moved”."
		}
	default:
		errs["code"] = "Choose Moved or Gone."
		p.Code = "301"
	}
	if len(errs) > 0 {
		return s.renderRedirects(c, http.StatusUnprocessableEntity, p)
	}
	if err := s.Store.AddRedirect(c.Request().Context(), &r, s.Now()); errors.Is(err, content.ErrConflict) {
		errs["from"] = "There is already a redirect from " + r.From + ". Delete it first to replace it."
		return s.renderRedirects(c, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/redirects?msg=added")
}

func (s *Server) deleteRedirect(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteRedirect(c.Request().Context(), id, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/redirects?msg=deleted")
}
