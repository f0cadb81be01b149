package web

import "github.com/labstack/echo/v4"

// adminAccountRoutes registers the account screens of the admin area.
func (s *Server) adminAccountRoutes(a *echo.Group) {}
