package web

// What the site offers feed readers and crawlers: the Atom feed and
// robots.txt.

import (
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/feed"
)

func (s *Server) feed(c echo.Context) error {
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	site, err := s.site(ctx, lang)
	if err != nil {
		return err
	}
	items, err := s.Store.FeedNews(ctx, lang, now, 20)
	if err != nil {
		return err
	}
	f := feed.Feed{Lang: string(lang), Title: site.Name, Subtitle: site.Tagline, SiteURL: site.Abs(site.Path("/")), SelfURL: site.Abs(site.Path("/feed.xml")),
		Author: site.Name, Updated: now}
	for i, n := range items {
		e := feed.Entry{Title: n.Title, URL: site.Abs(site.ItemPath(content.KindNews, n.Slug)), Published: n.PublishedAt, Updated: n.UpdatedAt,
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
//
// The srcset of a body image goes: its addresses are relative, and its
// src is already a copy of the column's width.
func absolutize(html, base string) string {
	html = bodySrcset.ReplaceAllString(html, "")
	return strings.NewReplacer(`href="/`, `href="`+base+`/`, `src="/`, `src="`+base+`/`).Replace(html)
}

// bodySrcset is the srcset and sizes markdown writes for a library image.
var bodySrcset = regexp.MustCompile(` srcset="[^"]*" sizes="[^"]*"`)

func (s *Server) robots(c echo.Context) error {
	// Disallow before Allow: first-match readers (Python's robotparser)
	// and longest-match ones (RFC 9309, Google) then read it the same way.
	body := "User-agent: *\nDisallow: /admin\nAllow: /\n\nSitemap: " + s.Config.BaseURL + "/sitemap.xml\n"
	return s.send(c, http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}
