package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

func trashRow(t store.TrashItem) view.TrashRow {
	return view.TrashRow{Kind: t.Kind, ID: t.ID, Title: t.Title, Path: content.Path(t.Kind, t.Slug), Deleted: t.DeletedAt}
}

// TrashList lists what was deleted, newest first.
func (s *Server) TrashList(c echo.Context) error {
	items, err := s.Store.TrashList(c.Request().Context())
	if err != nil {
		return err
	}
	ch, err := s.chromeFlash(c, "Trash")
	if err != nil {
		return err
	}
	p := view.TrashPage{Chrome: ch}
	for _, t := range items {
		p.Items = append(p.Items, trashRow(t))
	}
	return s.render(c, http.StatusOK, view.Trash(p))
}

// trashed finds the item in the trash named by the path; any other kind,
// id or an item not in the trash is 404.
func (s *Server) trashed(c echo.Context) (store.TrashItem, error) {
	k, ok := content.ParseKind(c.Param("kind"))
	if !ok {
		return store.TrashItem{}, content.ErrNotFound
	}
	id, err := idParam(c)
	if err != nil {
		return store.TrashItem{}, err
	}
	return s.Store.TrashedItem(c.Request().Context(), k, id)
}

// RestoreItem takes an item out of the trash, as it was.
func (s *Server) RestoreItem(c echo.Context) error {
	t, err := s.trashed(c)
	if err != nil {
		return err
	}
	if err := s.Store.Restore(c.Request().Context(), t.Kind, t.ID, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/trash?msg=restored")
}

// PurgeConfirm asks before deleting an item for good.
func (s *Server) PurgeConfirm(c echo.Context) error {
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
	return s.render(c, status, view.PurgeConfirm(view.PurgePage{Chrome: ch, Item: trashRow(t), Error: msg}))
}

// PurgeItem deletes an item from the trash for good, once confirmed.
func (s *Server) PurgeItem(c echo.Context) error {
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

// Trash moves an item of kind k to the trash.
func (s *Server) Trash(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		if err := s.Store.Trash(c.Request().Context(), k, id, s.Now()); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/trash?done=1")
	}
}
