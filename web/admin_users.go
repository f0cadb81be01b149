package web

import "github.com/labstack/echo/v4"

// adminUserRoutes registers the users screens of the admin area.
func (s *Server) adminUserRoutes(a *echo.Group) {}
