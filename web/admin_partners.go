package web

import "github.com/labstack/echo/v4"

// adminPartnerRoutes registers the partners screens of the admin area.
func (s *Server) adminPartnerRoutes(a *echo.Group) {}
