package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"

	view "orgsite/views/admin"
)

// AuditLog lists who did what, newest first.
func (s *Server) AuditLog(c echo.Context) error {
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	const per = 50
	entries, total, err := s.Store.AuditLog(c.Request().Context(), per, (page-1)*per)
	if err != nil {
		return err
	}
	pages, err := listPage(page, total, per)
	if err != nil {
		return err
	}
	ch, err := s.chrome(c, "Audit log")
	if err != nil {
		return err
	}
	p := view.AuditPage{Chrome: ch, Page: page, Pages: pages, Total: total}
	for _, e := range entries {
		p.Entries = append(p.Entries, view.AuditRow{At: e.At, By: e.UserName, Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	return s.render(c, http.StatusOK, view.Audit(p))
}
