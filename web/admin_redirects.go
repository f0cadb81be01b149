package web

import "github.com/labstack/echo/v4"

// adminRedirectRoutes registers the redirects screens of the admin area.
func (s *Server) adminRedirectRoutes(a *echo.Group) {}
