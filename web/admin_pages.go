package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
	"orgsite/views/admin"
)

// adminPageRoutes registers the pages screens of the admin area.
func (s *Server) adminPageRoutes(a *echo.Group) {
	a.GET("/pages", s.adminList(content.KindPage, "/admin/pages"))
	a.GET("/pages/new", s.pageNew)
	a.POST("/pages/new", s.pageSave)
	a.GET("/pages/:id", s.pageEdit)
	a.POST("/pages/:id", s.pageSave)
	a.POST("/pages/:id/trash", s.trashItem(content.KindPage))
	s.historyRoutes(a, content.KindPage, "/pages")
}

// maxMenuOrder bounds the menu position; no menu has that many entries.
const maxMenuOrder = 999

func (s *Server) pageNew(c echo.Context) error {
	f := admin.PageForm{EntryForm: admin.EntryForm{Status: string(content.StatusDraft), Errors: admin.Errors{}}, MenuOrder: "0"}
	return s.renderPageForm(c, http.StatusOK, f)
}

func (s *Server) pageEdit(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	p, err := s.Store.PageByID(ctx, id)
	if err != nil {
		return err
	}
	f := admin.PageForm{EntryForm: fillEntryForm(content.KindPage, p.Entry, s.siteZone(ctx), now), MenuOrder: strconv.Itoa(p.MenuOrder)}
	return s.renderPageForm(c, http.StatusOK, f)
}

func (s *Server) renderPageForm(c echo.Context, status int, f admin.PageForm) error {
	title := "Add a page"
	if f.ID != 0 {
		title = "Edit: " + f.Title
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	f.Chrome = ch
	if len(f.Errors) > 0 {
		f.Chrome.PageTitle = "Error: " + f.Chrome.PageTitle
	}
	return s.render(c, status, admin.PageEdit(f))
}

// pageSave creates or updates a plain page from the posted form: it shows
// the form again with every problem, previews without saving, or saves and
// answers 303 to the edit page.
func (s *Server) pageSave(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	zone := s.siteZone(ctx)
	var id int64
	var old content.Page
	if c.Param("id") != "" {
		var err error
		if id, err = idParam(c); err != nil {
			return err
		}
		if old, err = s.Store.PageByID(ctx, id); err != nil {
			return err
		}
	}
	var p content.Page
	f := admin.PageForm{}
	if err := s.entryForm(c, content.KindPage, id, zone, &p.Entry, &f.EntryForm); err != nil {
		return err
	}
	if id != 0 {
		saved := fillEntryForm(content.KindPage, old.Entry, zone, now)
		f.State, f.Updated, f.PublicURL, f.PreviewURL = saved.State, saved.Updated, saved.PublicURL, saved.PreviewURL
	}
	errs := f.Errors
	f.MenuOrder = strings.TrimSpace(c.FormValue("menu_order"))
	if f.MenuOrder != "" {
		n, err := strconv.Atoi(f.MenuOrder)
		if err != nil || n < 0 || n > maxMenuOrder {
			errs["menu_order"] = "Enter a whole number from 0 to " + itoa(maxMenuOrder) + "; 0 means no particular place."
		}
		p.MenuOrder = n
	}
	if c.FormValue("action") == "preview" {
		f.Preview = markdown.Render(f.Body)
		if f.Preview == "" {
			f.Preview = "<p><em>The body is empty.</em></p>"
		}
		return s.renderPageForm(c, http.StatusOK, f)
	}
	if len(errs) > 0 {
		return s.renderPageForm(c, http.StatusUnprocessableEntity, f)
	}
	if err := s.Store.SavePage(ctx, &p, now); err != nil {
		if errors.Is(err, content.ErrConflict) {
			errs["slug"] = "Another page or the site itself already uses this address. Choose another slug."
			return s.renderPageForm(c, http.StatusConflict, f)
		}
		if s.unavailable(c, err) {
			return s.renderPageForm(c, http.StatusServiceUnavailable, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/pages/"+itoa64(p.ID)+"?saved=1")
}
