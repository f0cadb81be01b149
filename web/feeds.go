package web

// What the site offers machines: the XML sitemap (an index of parts past
// 50,000 URLs), the Atom feed and robots.txt.

import (
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/feed"
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

func (s *Server) feed(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	site, err := s.site(ctx)
	if err != nil {
		return err
	}
	items, err := s.Store.FeedNews(ctx, now, 20)
	if err != nil {
		return err
	}
	f := feed.Feed{Title: site.Name, Subtitle: site.Tagline, SiteURL: site.BaseURL, SelfURL: site.Abs("/feed.xml"), Author: site.Name, Updated: now}
	for i, n := range items {
		e := feed.Entry{Title: n.Title, URL: site.Abs(content.Path(content.KindNews, n.Slug)), Published: n.PublishedAt, Updated: n.UpdatedAt,
			Summary: n.Summary, HTML: absolutize(n.BodyHTML, site.BaseURL)}
		if e.Updated.Before(e.Published) {
			e.Updated = e.Published
		}
		if n.LeadImage.Present() {
			e.Image = site.Abs(n.LeadImage.Src)
			e.ImageType = mime.TypeByExtension(path.Ext(n.LeadImage.Src))
		}
		if i == 0 || e.Updated.After(f.Updated) {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	if len(items) == 0 {
		f.Updated = site.Now
	}
	var b strings.Builder
	if err := feed.Write(&b, f); err != nil {
		return err
	}
	return s.send(c, http.StatusOK, "application/atom+xml; charset=utf-8", []byte(b.String()))
}

// absolutize makes the site-relative links of a body absolute, since feed
// readers show entries away from the site.
func absolutize(html, base string) string {
	return strings.NewReplacer(`href="/`, `href="`+base+`/`, `src="/`, `src="`+base+`/`).Replace(html)
}

func (s *Server) robots(c echo.Context) error {
	body := "User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: " + s.Config.BaseURL + "/sitemap.xml\n"
	return s.send(c, http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}
