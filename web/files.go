package web

// The site's files: assets (CSS, JS, logos) by their fingerprinted names,
// compressed once, and uploaded media from the media folder.

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/assets"
	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/web/pagecache"
)

// asset serves an embedded asset, compressed when the client accepts it,
// cached for a year: its name changes with its content.
func (s *Server) asset(c echo.Context) error {
	f, ok := assets.Lookup(c.Request().URL.Path)
	if !ok {
		return content.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	body, etag := f.Body, f.ETag
	if f.Gzip != nil {
		h.Set("Vary", "Accept-Encoding")
		switch accept := c.Request().Header.Get("Accept-Encoding"); {
		case pagecache.Accepts(accept, "br"):
			body, etag = f.Brotli, strings.TrimSuffix(f.ETag, `"`)+`-br"`
			h.Set("Content-Encoding", "br")
		case pagecache.Accepts(accept, "gzip"):
			body, etag = f.Gzip, strings.TrimSuffix(f.ETag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if pagecache.ETagMatch(c.Request().Header.Get("If-None-Match"), etag) {
		h.Del("Content-Encoding")
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, f.ContentType, body)
}

// mediaFile serves an uploaded file, never sniffed as another type.
func (s *Server) mediaFile(c echo.Context) error {
	name := c.Param("name")
	f, info, err := s.Media.Open(name)
	if errors.Is(err, media.ErrNotFound) {
		return content.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	// Stored names are random and never reused, so a file never changes.
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set(echo.HeaderContentType, media.ContentType(name))
	// Whatever a file holds, it runs nothing in the site's origin: no
	// script, no form, no plugin; a document is downloaded, not shown.
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'")
	if strings.HasSuffix(name, ".pdf") {
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	http.ServeContent(c.Response(), c.Request(), "", info.ModTime(), f)
	return nil
}
