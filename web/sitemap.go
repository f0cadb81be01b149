package web

// The XML sitemap: one urlset while the site fits in one, else an index of
// parts of at most 50,000 URLs each.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/sitemap"
	"orgsite/internal/store"
)

// fixedPaths are the list pages that the sitemap names before the content.
var fixedPaths = []string{"/", "/news", "/projects", "/sitemap"}

// sitemapXML is one urlset while the site fits in one, else an index of parts.
func (s *Server) sitemapXML(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	n, err := s.Store.CountPublic(ctx, now)
	if err != nil {
		return err
	}
	parts := sitemap.Parts(n + len(fixedPaths))
	if parts == 1 {
		return s.sitemapURLs(c, 1)
	}
	last, err := s.startXML(c)
	if err != nil {
		return err
	}
	return sitemap.WriteIndex(c.Response(), parts, func(i int) string {
		return s.Config.BaseURL + "/sitemaps/" + sitemap.PartName(i)
	}, last)
}

func (s *Server) sitemapPart(c echo.Context) error {
	name := c.Param("part")
	num, ok := strings.CutPrefix(name, "sitemap-")
	num, ok2 := strings.CutSuffix(num, ".xml")
	i, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || i < 1 || sitemap.PartName(i) != name {
		return content.ErrNotFound
	}
	n, err := s.Store.CountPublic(c.Request().Context(), s.Now())
	if err != nil {
		return err
	}
	if i > sitemap.Parts(n+len(fixedPaths)) {
		return content.ErrNotFound
	}
	return s.sitemapURLs(c, i)
}

// startXML answers 200 with a streamed sitemap document to follow; it
// gives the time of the site's last change, every URL's lastmod at most.
func (s *Server) startXML(c echo.Context) (time.Time, error) {
	last, err := s.Store.LastChange(c.Request().Context(), s.Now())
	if err != nil {
		return time.Time{}, err
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/xml; charset=utf-8")
	c.Response().Header().Set("Cache-Control", "public, no-cache")
	c.Response().WriteHeader(http.StatusOK)
	return last, nil
}

// sitemapURLs streams part i (1-based) of the list of public URLs.
func (s *Server) sitemapURLs(c echo.Context, i int) error {
	ctx, now := c.Request().Context(), s.Now()
	last, err := s.startXML(c)
	if err != nil {
		return err
	}
	w := sitemap.NewWriter(c.Response())
	offset, limit := (i-1)*sitemap.MaxURLs, sitemap.MaxURLs
	if i == 1 {
		for _, p := range fixedPaths {
			if err := w.Add(sitemap.URL{Loc: s.Config.BaseURL + p, LastMod: last}); err != nil {
				return nil // the client went away; nothing more to say
			}
		}
		limit -= len(fixedPaths)
	} else {
		offset -= len(fixedPaths)
	}
	err = s.Store.EachPublic(ctx, now, offset, limit, func(e store.SitemapEntry) error {
		u := sitemap.URL{Loc: s.Config.BaseURL + e.Path, LastMod: e.Modified}
		if e.Image != "" {
			u.Image = s.Config.BaseURL + e.Image
		}
		return w.Add(u)
	})
	if err != nil {
		// Headers are sent: log, and let the truncated XML tell the crawler.
		s.Log.Error("sitemap", "part", i, "err", err)
		return nil
	}
	return w.Close()
}
