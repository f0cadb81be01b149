package web

import "github.com/labstack/echo/v4"

// adminPageRoutes registers the pages screens of the admin area.
func (s *Server) adminPageRoutes(a *echo.Group) {}
