package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

func (s *Server) Redirects(c echo.Context) error {
	return s.renderRedirects(c, http.StatusOK, view.RedirectsPage{Code: "301", Errors: view.Errors{}})
}

func (s *Server) renderRedirects(c echo.Context, status int, p view.RedirectsPage) error {
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
		p.Rows = append(p.Rows, view.RedirectRow{ID: r.ID, From: r.From, To: r.To, Code: r.Code, Auto: r.Kind == "auto", Hits: r.Hits, Updated: r.UpdatedAt})
	}
	return s.render(c, status, view.Redirects(p))
}

func (s *Server) AddRedirect(c echo.Context) error {
	errs := view.Errors{}
	p := view.RedirectsPage{Errors: errs}
	p.From = formText(c, "from", 500, errs, "The old address")
	p.To = formText(c, "to", 500, errs, "The new address")
	p.Code = c.FormValue("code")
	r := store.Redirect{Code: http.StatusMovedPermanently}
	if errs["from"] == "" {
		var err error
		r.From, err = content.ParseRedirectSource(p.From)
		errs.Add("from", err)
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
			if _, err := content.ParseLocalPath(p.To); err != nil {
				errs.Add("to", err)
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

func (s *Server) DeleteRedirect(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteRedirect(c.Request().Context(), id, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/redirects?msg=deleted")
}
