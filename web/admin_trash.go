package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

// adminTrashRoutes registers the trash: what was deleted, to restore or to
// delete for good after a confirmation.
func (s *Server) adminTrashRoutes(a *echo.Group) {
	a.GET("/trash", s.trash)
	a.POST("/trash/:kind/:id/restore", s.restoreItem)
	a.GET("/trash/:kind/:id/delete", s.purgeConfirm)
	a.POST("/trash/:kind/:id/delete", s.purgeItem)
}

func trashRow(t store.TrashItem) admin.TrashRow {
	return admin.TrashRow{Kind: t.Kind, ID: t.ID, Title: t.Title, Path: content.Path(t.Kind, t.Slug), Deleted: t.DeletedAt}
}

func (s *Server) trash(c echo.Context) error {
	items, err := s.Store.TrashList(c.Request().Context())
	if err != nil {
		return err
	}
	ch, err := s.chromeFlash(c, "Trash")
	if err != nil {
		return err
	}
	p := admin.TrashPage{Chrome: ch}
	for _, t := range items {
		p.Items = append(p.Items, trashRow(t))
	}
	return s.render(c, http.StatusOK, admin.Trash(p))
}

// trashed finds the item in the trash named by the path; any other kind,
// id or an item not in the trash is 404.
func (s *Server) trashed(c echo.Context) (store.TrashItem, error) {
	k := content.Kind(c.Param("kind"))
	switch k {
	case content.KindNews, content.KindProject, content.KindPage:
	default:
		return store.TrashItem{}, content.ErrNotFound
	}
	id, err := idParam(c)
	if err != nil {
		return store.TrashItem{}, err
	}
	return s.Store.TrashedItem(c.Request().Context(), k, id)
}

func (s *Server) restoreItem(c echo.Context) error {
	t, err := s.trashed(c)
	if err != nil {
		return err
	}
	if err := s.Store.Restore(c.Request().Context(), t.Kind, t.ID, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/trash?msg=restored")
}

func (s *Server) purgeConfirm(c echo.Context) error {
	return s.renderPurge(c, http.StatusOK, "")
}

func (s *Server) renderPurge(c echo.Context, status int, msg string) error {
	t, err := s.trashed(c)
	if err != nil {
		return err
	}
	ch, err := s.chrome(c, "Delete permanently: "+t.Title)
	if err != nil {
		return err
	}
	return s.render(c, status, admin.PurgeConfirm(admin.PurgePage{Chrome: ch, Item: trashRow(t), Error: msg}))
}

func (s *Server) purgeItem(c echo.Context) error {
	if c.FormValue("confirm") != "yes" {
		return s.renderPurge(c, http.StatusUnprocessableEntity, "Confirm with the button below to delete the item permanently.")
	}
	t, err := s.trashed(c)
	if err != nil {
		return err
	}
	if err := s.Store.Purge(c.Request().Context(), t.Kind, t.ID, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/trash?msg=purged")
}
