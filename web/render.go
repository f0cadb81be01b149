package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
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
		etag := pagecache.ETag(body)
		if e := s.storeCached(c, contentType, body, etag); e != nil {
			return s.writeCached(c, e)
		}
		h.Set("ETag", etag)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", s.Config.PublicCacheControl())
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

// sendBuilt sends a body of any size, made in b, as send does; a large
// one (an XML sitemap part) is cached packed, never held plain.
func (s *Server) sendBuilt(c echo.Context, contentType string, b *pagecache.Builder) error {
	if !b.Packed() {
		return s.send(c, http.StatusOK, contentType, b.Bytes())
	}
	st, _ := c.Get("cache").(*cacheState)
	if st == nil {
		st = &cacheState{release: func() {}}
	}
	p, err := b.Page(st.gen, st.until, contentType, s.Config.PublicCacheControl())
	if err != nil {
		return err
	}
	if st.cache != nil {
		s.Metrics.Render(time.Since(st.start))
		st.cache.Put(st.key, p)
	}
	st.release()
	return s.writeCached(c, p)
}

// site loads what every page in lang needs: the settings in that
// language, the menu, the footer's funding block, and a language switcher
// leading to each language's home (pages that exist in other languages
// point it at their translations).
func (s *Server) site(ctx context.Context, lang content.Lang) (views.Site, error) {
	cached, err := s.siteSettings(ctx)
	if err != nil {
		return views.Site{}, err
	}
	all := cached.set
	set, now := all.In(lang), s.Now()
	site := views.Site{Name: set.SiteName(), Tagline: set.Tagline, Intro: set.Intro, BaseURL: s.Config.BaseURL,
		FooterText: set.FooterText, LegalPath: s.pageIn(ctx, all, lang, set.Legal(), now), Zone: set.Zone(), Now: now,
		Lang: lang, DefaultLang: all.DefaultLang(), L: s.texts.For(lang), ShareImage: set.ShareImage,
		Statements: content.EUStatement{Funded: all.Statement(lang, content.StatementFunded), CoFunded: all.Statement(lang, content.StatementCoFunded)}}
	for _, l := range set.Menu {
		site.Menu = append(site.Menu, views.MenuItem{Label: l.Label, Path: string(l.Path)})
	}
	if site.Funding, err = s.footerProject(ctx, all, lang, now); err != nil {
		return views.Site{}, err
	}
	site.Brand, site.Logo = all.BrandColor, cached.logo
	pageLangs(&site, all, nil)
	return site, nil
}

// logo is the header's logo: the smallest of the library image's sizes
// that is still sharp at twice the height drawn; none when the image is
// gone from the library.
func (s *Server) logo(ctx context.Context, src string) views.Logo {
	name, ok := strings.CutPrefix(src, "/media/")
	if !ok {
		return views.Logo{}
	}
	m, err := s.Store.MediaByName(ctx, name)
	if err != nil || m.Width <= 0 || m.Height <= 0 {
		return views.Logo{}
	}
	logo := views.Logo{Src: src, Width: m.Width, Height: m.Height}
	for _, v := range m.Variants {
		if v.Height >= 2*views.LogoHeight && v.Height < logo.Height {
			logo = views.Logo{Src: store.MediaURL(v.Name), Width: v.Width, Height: v.Height}
		}
	}
	return logo
}

// pageIn is the address in lang of the plain page at path in the default
// language (the legal notice): its translation's, or the default
// language's page itself when it has none.
func (s *Server) pageIn(ctx context.Context, set content.Settings, lang content.Lang, path string, now time.Time) string {
	if lang == set.DefaultLang() {
		return path
	}
	pg, err := s.Store.PublicPage(ctx, set.DefaultLang(), strings.TrimPrefix(path, "/"), now)
	if err != nil {
		return path
	}
	if paths, err := s.translationPaths(ctx, content.KindPage, pg.Group, now); err == nil && paths[lang] != "" {
		return content.LangPath(lang, set.DefaultLang(), paths[lang])
	}
	return path
}

// footerProject is the project whose funding block the footer shows, in
// lang when it is translated; nil for none.
func (s *Server) footerProject(ctx context.Context, set content.Settings, lang content.Lang, now time.Time) (*content.Project, error) {
	if set.FooterProject == "" {
		return nil, nil
	}
	p, err := s.Store.PublicProject(ctx, set.DefaultLang(), set.FooterProject, now)
	if err != nil {
		return nil, nil // not published (any more): no funding block
	}
	if lang == p.Lang {
		return &p, nil
	}
	ts, err := s.Store.Translations(ctx, content.KindProject, p.Group, now)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Lang == lang && t.Public {
			if tp, err := s.Store.PublicProject(ctx, lang, t.Slug, now); err == nil {
				return &tp, nil
			}
		}
	}
	return &p, nil
}

// pageBuilder is what a public handler hands to renderPage.
type pageBuilder func(site views.Site) (templ.Component, error)

// renderPage loads the site chrome in the page's language, builds the page
// and renders it. paths are the unprefixed paths of the page in each
// language it exists in, for the switcher and the hreflang links; nil for
// a page in one language.
func (s *Server) renderPage(c echo.Context, paths map[content.Lang]string, build pageBuilder) error {
	ctx := c.Request().Context()
	site, err := s.site(ctx, s.langOf(c))
	if err != nil {
		return err
	}
	if paths != nil {
		set, err := s.settings(ctx)
		if err != nil {
			return err
		}
		pageLangs(&site, set, paths)
	}
	comp, err := build(site)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, comp)
}
