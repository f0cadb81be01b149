package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/views"
)

// cachedSettings are the settings as of a write generation, with what is
// made of them: every request needs the site's languages and its security
// policy, and reading them must cost no query.
type cachedSettings struct {
	gen  uint64
	set  content.Settings
	csp  []string   // the Content-Security-Policy header that lets the brand colour in
	logo views.Logo // the header's logo, resolved in the media library
}

// settings are the site's settings, read again after each write.
func (s *Server) settings(ctx context.Context) (content.Settings, error) {
	c, err := s.siteSettings(ctx)
	if err != nil {
		return content.Settings{}, err
	}
	return c.set, nil
}

// siteSettings are the settings and what is made of them, read again
// after each write.
func (s *Server) siteSettings(ctx context.Context) (*cachedSettings, error) {
	gen := s.Store.Generation()
	if c := s.set.Load(); c != nil && c.gen == gen {
		return c, nil
	}
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	c := &cachedSettings{gen: gen, set: set, csp: []string{contentSecurityPolicy(set.BrandColor.Style())}, logo: s.logo(ctx, set.Logo)}
	s.set.Store(c)
	return c, nil
}

// policy is the Content-Security-Policy header for the current settings.
func (s *Server) policy(ctx context.Context) []string {
	if c, err := s.siteSettings(ctx); err == nil {
		return c.csp
	}
	return []string{contentSecurityPolicy("")}
}

// settingsCache holds the last settings read.
type settingsCache = atomic.Pointer[cachedSettings]

const langKey = "lang"

// language is a step of the route table: a path under the prefix of one of
// the site's other languages ("/az/news") is served as that language's
// page ("/news" in az); the default language's prefix leads to the
// unprefixed page. Any other first segment is no language and is routed as
// it is, so an unknown prefix is a 404.
func (s *Server) language(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		set, err := s.settings(r.Context())
		if err != nil {
			return err
		}
		first, tail, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if l, ok := content.ParseLang(first); ok && string(l) == first && set.HasLang(l) {
			rest := "/" + tail
			if l == set.DefaultLang() {
				return redirectTo(c, rest)
			}
			// In place: echo routes the request it was given, as its own
			// rewrite middleware assumes. Only another language than the
			// default is noted, so that the default's pages (most of the
			// traffic) cost no allocation here.
			r.URL.Path, r.URL.RawPath = rest, ""
			c.Set(langKey, l)
		}
		return next(c)
	}
}

// redirectTo answers a GET with a permanent redirect to path, keeping the
// query; anything else is 404.
func redirectTo(c echo.Context, path string) error {
	r := c.Request()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return content.ErrNotFound
	}
	target := (&url.URL{Path: path}).EscapedPath()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	return c.Redirect(http.StatusMovedPermanently, target)
}

// langOf is the language of the page asked for: the one its prefix named,
// else the site's default.
func (s *Server) langOf(c echo.Context) content.Lang {
	if l, ok := c.Get(langKey).(content.Lang); ok {
		return l
	}
	if set := s.set.Load(); set != nil {
		return set.set.DefaultLang()
	}
	return content.DefaultLang
}

// pageLangs fills a page's language switcher and hreflang links from the
// unprefixed paths of the page in each language it exists in (nil: the
// switcher leads to each language's home). A site in one language has
// neither.
func pageLangs(site *views.Site, set content.Settings, paths map[content.Lang]string) {
	langs := set.Langs()
	if len(langs) < 2 {
		return
	}
	site.Langs, site.Alternates = nil, nil
	for _, l := range langs {
		link := views.LangLink{Lang: l, Name: l.Info().Name, Current: l == site.Lang}
		if p, ok := paths[l]; ok {
			link.Path = content.LangPath(l, set.DefaultLang(), p)
			site.Alternates = append(site.Alternates, views.Alternate{Lang: string(l), URL: site.Abs(link.Path)})
		} else {
			link.Path = content.LangPath(l, set.DefaultLang(), "/")
		}
		site.Langs = append(site.Langs, link)
	}
	if p, ok := paths[set.DefaultLang()]; ok {
		site.Alternates = append(site.Alternates, views.Alternate{Lang: "x-default", URL: site.Abs(p)})
	}
}

// everyLang is a page that exists in every language at the same path,
// such as a list.
func everyLang(set content.Settings, path string) map[content.Lang]string {
	out := map[content.Lang]string{}
	for _, l := range set.Langs() {
		out[l] = path
	}
	return out
}

// translationPaths are the paths of an item's published translations.
func (s *Server) translationPaths(ctx context.Context, k content.Kind, group int64, now time.Time) (map[content.Lang]string, error) {
	ts, err := s.Store.Translations(ctx, k, group, now)
	if err != nil {
		return nil, err
	}
	out := map[content.Lang]string{}
	for _, t := range ts {
		if t.Public {
			out[t.Lang] = content.Path(k, t.Slug)
		}
	}
	return out, nil
}
