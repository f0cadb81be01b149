package web

// The XML sitemap: one urlset while the site fits in one, else an index of
// parts of at most 50,000 URLs each.

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/sitemap"
	"orgsite/internal/store"
	"orgsite/web/pagecache"
)

// fixedPaths are the list pages that the sitemap names before the content,
// in every site language.
var fixedPaths = []string{"/", "/news", "/projects", "/sitemap"}

// sitemapSize gives the site's languages (the default first) and how many
// URLs the sitemap names: the fixed pages in each language and every
// public item.
func (s *Server) sitemapSize(ctx context.Context) ([]content.Lang, int, error) {
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.Store.CountPublic(ctx, s.Now())
	langs := set.Langs()
	return langs, n + len(fixedPaths)*len(langs), err
}

// sitemapXML is one urlset while the site fits in one, else an index of parts.
func (s *Server) sitemapXML(c echo.Context) error {
	langs, n, err := s.sitemapSize(c.Request().Context())
	if err != nil {
		return err
	}
	parts := sitemap.Parts(n)
	if parts == 1 {
		return s.sitemapURLs(c, 1, langs)
	}
	last, err := s.Store.LastChange(c.Request().Context(), s.Now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = sitemap.WriteIndex(&buf, parts, func(i int) string {
		return s.Config.BaseURL + "/sitemaps/" + sitemap.PartName(i)
	}, last)
	if err != nil {
		return err
	}
	return s.send(c, http.StatusOK, xmlType, buf.Bytes())
}

// sitemapPart serves part i of the sitemap. It does not count the site
// (a walk of every public item): a part past the end is found empty, and
// 404s, before anything is sent.
func (s *Server) sitemapPart(c echo.Context) error {
	name := c.Param("part")
	num, ok := strings.CutPrefix(name, "sitemap-")
	num, ok2 := strings.CutSuffix(num, ".xml")
	i, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || i < 1 || sitemap.PartName(i) != name {
		return content.ErrNotFound
	}
	set, err := s.Store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return s.sitemapURLs(c, i, set.Langs())
}

const xmlType = "application/xml; charset=utf-8"

// sitemapURLs serves part i (1-based) of the list of public URLs in every
// site language; langs are the site's, the default first. A part with no
// URL (past the end) is a 404. It is written whole before it is sent, so
// that it has an ETag, answers 304 and is compressed once per change in
// the sitemap cache, and a failing query is an error page rather than a
// truncated document; a part of 50,000 URLs is built gzipped.
func (s *Server) sitemapURLs(c echo.Context, i int, langs []content.Lang) error {
	ctx, now := c.Request().Context(), s.Now()
	// The time of the site's last change: every URL's lastmod at most.
	last, err := s.Store.LastChange(ctx, now)
	if err != nil {
		return err
	}
	b := pagecache.NewBuilder()
	w := sitemap.NewWriter(b)
	n := 0
	add := func(u sitemap.URL) error { n++; return w.Add(u) }
	fixed := s.fixedURLs(langs, last)
	offset, limit := (i-1)*sitemap.MaxURLs-len(fixed), sitemap.MaxURLs
	if i == 1 {
		for _, u := range fixed {
			if err := add(u); err != nil {
				return err
			}
		}
		offset, limit = 0, limit-len(fixed)
	}
	alts := s.alternatesOnce(langs[0])
	err = s.Store.EachPublic(ctx, now, offset, limit, func(e store.SitemapEntry) error {
		u := sitemap.URL{Loc: s.Config.BaseURL + e.Path, LastMod: e.Modified, Alternates: alts(e.Versions)}
		if e.Image != "" {
			u.Image = s.Config.BaseURL + e.Image
		}
		return add(u)
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return content.ErrNotFound // i == 1 always has the fixed pages
	}
	if err := w.Close(); err != nil {
		return err
	}
	return s.sendBuilt(c, xmlType, b)
}

// fixedURLs are the fixed pages in every site language, changed when the
// site last changed, each with its versions in the other languages.
func (s *Server) fixedURLs(langs []content.Lang, last time.Time) []sitemap.URL {
	var out []sitemap.URL
	for _, p := range fixedPaths {
		versions := make([]content.Hreflang, len(langs))
		for i, l := range langs {
			versions[i] = content.Hreflang{Lang: string(l), Path: content.LangPath(l, langs[0], p)}
		}
		alts := s.alternates(versions, langs[0])
		for _, v := range versions {
			out = append(out, sitemap.URL{Loc: s.Config.BaseURL + v.Path, LastMod: last, Alternates: alts})
		}
	}
	return out
}

// alternates are the hreflang links of a page published in versions, as
// absolute URLs; none for a page in one language.
func (s *Server) alternates(versions []content.Hreflang, def content.Lang) []sitemap.Alternate {
	links := content.Hreflangs(versions, def)
	if links == nil {
		return nil
	}
	out := make([]sitemap.Alternate, len(links))
	for i, l := range links {
		out[i] = sitemap.Alternate{Hreflang: l.Lang, Href: s.Config.BaseURL + l.Path}
	}
	return out
}

// alternatesOnce is alternates for the store's entries, whose Versions one
// translation group shares: each group's links are built once.
func (s *Server) alternatesOnce(def content.Lang) func([]content.Hreflang) []sitemap.Alternate {
	built := map[*content.Hreflang][]sitemap.Alternate{}
	return func(versions []content.Hreflang) []sitemap.Alternate {
		if len(versions) == 0 {
			return nil
		}
		alts, ok := built[&versions[0]]
		if !ok {
			alts = s.alternates(versions, def)
			built[&versions[0]] = alts
		}
		return alts
	}
}
