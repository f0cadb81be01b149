package web

import "github.com/labstack/echo/v4"

// adminAuditRoutes registers the audit screens of the admin area.
func (s *Server) adminAuditRoutes(a *echo.Group) {}
