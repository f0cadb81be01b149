package web

import "github.com/labstack/echo/v4"

// adminTrashRoutes registers the trash screens of the admin area.
func (s *Server) adminTrashRoutes(a *echo.Group) {}
