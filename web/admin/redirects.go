package admin

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// Redirects lists the redirects with the form that adds one.
func (s *Server) Redirects(c echo.Context) error {
	return s.renderRedirects(c, http.StatusOK, view.RedirectsPage{Redirect: form.Redirect{Code: "301", Errors: form.Errors{}}})
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
	p.Page, p.Total = page, total
	if p.Pages, err = listPage(page, total, per); err != nil {
		return err
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

// AddRedirect adds a redirect from the posted form.
func (s *Server) AddRedirect(c echo.Context) error {
	v, err := values(c)
	if err != nil {
		return err
	}
	f := form.ReadRedirect(v)
	f.Validate()
	if len(f.Errors) > 0 {
		return s.renderRedirects(c, http.StatusUnprocessableEntity, view.RedirectsPage{Redirect: f})
	}
	var r store.Redirect
	r.From, r.To, r.Code = f.Apply()
	if err := s.Store.AddRedirect(c.Request().Context(), &r, s.Now()); errors.Is(err, content.ErrConflict) {
		f.Exists()
		return s.renderRedirects(c, http.StatusUnprocessableEntity, view.RedirectsPage{Redirect: f})
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/redirects?msg=added")
}

// DeleteRedirect deletes a redirect.
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
