package web

import "github.com/labstack/echo/v4"

// adminSettingsRoutes registers the settings screens of the admin area.
func (s *Server) adminSettingsRoutes(a *echo.Group) {}
