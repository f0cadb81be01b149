package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/views"
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
		if match := c.Request().Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
			return c.NoContent(http.StatusNotModified)
		}
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return c.Blob(status, contentType, body)
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// site loads what every page needs from the settings and the menu.
func (s *Server) site(ctx context.Context) (views.Site, error) {
	now := s.Now()
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return views.Site{}, err
	}
	site := views.Site{
		Name:       or(set["site_name"], "orgsite"),
		Tagline:    set["tagline"],
		Intro:      set["intro"],
		BaseURL:    s.Config.BaseURL,
		FooterText: set["footer_text"],
		LegalPath:  or(set["legal_path"], "/legal"),
		Zone:       zoneOf(set),
		Now:        now,
	}
	for _, line := range strings.Split(set["menu"], "\n") {
		label, path, ok := strings.Cut(line, "|")
		path = strings.TrimSpace(path)
		// Only site paths: never "//host" or a backslash, which browsers
		// may read as another site.
		if ok && strings.TrimSpace(label) != "" && strings.HasPrefix(path, "/") && !strings.HasPrefix(path, "//") && !strings.Contains(path, "\\") {
			site.Menu = append(site.Menu, views.MenuItem{Label: strings.TrimSpace(label), Path: path})
		}
	}
	if slug := set["footer_project"]; slug != "" {
		if p, err := s.Store.PublicProject(ctx, slug, now); err == nil {
			site.Funding = &p
		}
	}
	return site, nil
}

// zoneOf is the site's time zone from its settings; UTC when unset or
// unknown.
func zoneOf(set map[string]string) *time.Location {
	zone, err := time.LoadLocation(set["timezone"])
	if err != nil || set["timezone"] == "" {
		return time.UTC
	}
	return zone
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

// page is what a public handler hands to renderPage.
type page func(site views.Site) (templ.Component, error)

// renderPage loads the site chrome, builds the page and renders it.
func (s *Server) renderPage(c echo.Context, build page) error {
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
