package web

import "github.com/labstack/echo/v4"

// adminMediaRoutes registers the media screens of the admin area.
func (s *Server) adminMediaRoutes(a *echo.Group) {}
