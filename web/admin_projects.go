package web

import "github.com/labstack/echo/v4"

// adminProjectRoutes registers the projects screens of the admin area.
func (s *Server) adminProjectRoutes(a *echo.Group) {}
