package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/views"
	"orgsite/web/pagecache"
)

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a component as an HTML page. It renders into a buffer
// first, so a failing component yields a clean error page instead of half a
// page with status 200, and so a 200 can carry an ETag and answer 304.
func (s *Server) render(c echo.Context, status int, comp templ.Component) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	return s.send(c, status, "text/html; charset=utf-8", buf.Bytes())
}

// send writes a finished body with validators for caches: a strong ETag
// from the bytes, and a 304 when the client already has them. Public pages
// may be stored by browsers and CDNs but must be revalidated, so that a
// publish or unpublish shows on the very next request.
func (s *Server) send(c echo.Context, status int, contentType string, body []byte) error {
	h := c.Response().Header()
	if status == http.StatusOK {
		sum := sha256.Sum256(body)
		etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
		if e := s.storeCached(c, contentType, body, etag); e != nil {
			return s.writeCached(c, e)
		}
		h.Set("ETag", etag)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "public, no-cache")
		}
		if match := c.Request().Header.Get("If-None-Match"); match != "" && pagecache.ETagMatch(match, etag) {
			return c.NoContent(http.StatusNotModified)
		}
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return c.Blob(status, contentType, body)
}

// site loads what every page needs from the settings and the menu.
func (s *Server) site(ctx context.Context) (views.Site, error) {
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return views.Site{}, err
	}
	now := s.Now()
	site := views.Site{Name: set.SiteName(), Tagline: set.Tagline, Intro: set.Intro, BaseURL: s.Config.BaseURL,
		FooterText: set.FooterText, LegalPath: set.Legal(), Zone: set.Zone(), Now: now}
	site.L = s.texts.For(site.Lang)
	for _, l := range set.Menu {
		site.Menu = append(site.Menu, views.MenuItem{Label: l.Label, Path: string(l.Path)})
	}
	if set.FooterProject != "" {
		if p, err := s.Store.PublicProject(ctx, set.FooterProject, now); err == nil {
			site.Funding = &p
		}
	}
	return site, nil
}

// pageBuilder is what a public handler hands to renderPage.
type pageBuilder func(site views.Site) (templ.Component, error)

// renderPage loads the site chrome, builds the page and renders it.
func (s *Server) renderPage(c echo.Context, build pageBuilder) error {
	site, err := s.site(c.Request().Context())
	if err != nil {
		return err
	}
	comp, err := build(site)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, comp)
}
